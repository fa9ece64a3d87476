// What one text change does to whole lines: the shared rule used by the editor range tracker
// (and by the reference model in tests and the naive baseline in the bench).

/**
 * A text change in VS Code's content-change shape: 0-based positions in the document *before*
 * the change; `text` replaces the range. The two optional hints say whether a position is at the
 * end of its line (the adapter can tell from the document); without them the rule stays on the
 * safe side: a line that may hold AI text is marked modified, never counted as untouched, and a
 * line that may be wholly human is never tagged.
 */
export interface TextChange {
  readonly startLine: number;
  readonly startCharacter: number;
  readonly endLine: number;
  readonly endCharacter: number;
  readonly text: string;
  /** `startCharacter` is at the end of `startLine` (nothing of that line is replaced after it). */
  readonly startAtLineEnd?: boolean;
  /** `endCharacter` is at the end of `endLine` (nothing of that line survives after the change). */
  readonly endAtLineEnd?: boolean;
}

/** What a new line is made of. Codes are small ints: the tracker runs this per keystroke. */
export const NEW_LINE_HUMAN = 0;
/** The old first line, unchanged. */
export const NEW_LINE_KEEPS_FIRST = 1;
/** The old last line, unchanged. */
export const NEW_LINE_KEEPS_LAST = 2;
/** Holds part of the old first line plus new text (flag; may combine with HAS_LAST). */
export const NEW_LINE_HAS_FIRST = 4;
/** Holds part of the old last line plus new text (flag). */
export const NEW_LINE_HAS_LAST = 8;

/**
 * The change in lines: old lines `first..last` (1-based) are replaced by `newCount` lines starting
 * at `first`; only the first (`head`) and last (`tail`) new lines can hold old text. When
 * `newCount` is 1, `head` describes the single line and `tail` equals it.
 */
export interface LineEdit {
  readonly first: number;
  readonly last: number;
  readonly newCount: number;
  readonly head: number;
  readonly tail: number;
  /** How many lines the edit adds (negative when it removes lines). */
  readonly delta: number;
}

/** The line-level effect of a change, or undefined when it changes nothing. */
export function toLineEdit(change: TextChange): LineEdit | undefined {
  const { startLine, startCharacter, endLine, endCharacter, text } = change;
  if (text.length === 0 && startLine === endLine && startCharacter === endCharacter) {
    return undefined;
  }
  const firstBreak = text.indexOf('\n');
  const lastBreak = firstBreak < 0 ? -1 : text.lastIndexOf('\n');
  let breaks = 0;
  for (let at = firstBreak; at >= 0; at = text.indexOf('\n', at + 1)) {
    breaks++;
  }
  const prefixEmpty = startCharacter === 0;
  const prefixWhole = change.startAtLineEnd === true;
  const suffixWhole = endCharacter === 0;
  // Unknown suffix counts as empty: a line that may be wholly new is never tagged.
  const suffixHasText = change.endAtLineEnd === false || (suffixWhole && change.endAtLineEnd !== true);
  const suffixEmpty = change.endAtLineEnd === true;
  const first = startLine + 1;
  const last = endLine + 1;
  let head: number;
  let tail: number;
  if (breaks === 0) {
    if (text.length === 0 && prefixEmpty && suffixWhole && first < last) {
      head = NEW_LINE_KEEPS_LAST;
    } else if (text.length === 0 && prefixWhole && suffixEmpty) {
      head = NEW_LINE_KEEPS_FIRST;
    } else {
      head = (prefixEmpty ? 0 : NEW_LINE_HAS_FIRST) | (suffixHasText ? NEW_LINE_HAS_LAST : 0);
    }
    tail = head;
  } else {
    head = prefixWhole && firstBreak === 0 ? NEW_LINE_KEEPS_FIRST : prefixEmpty ? NEW_LINE_HUMAN : NEW_LINE_HAS_FIRST;
    const lastSegmentEmpty = lastBreak === text.length - 1;
    tail = suffixWhole && lastSegmentEmpty ? NEW_LINE_KEEPS_LAST : suffixHasText ? NEW_LINE_HAS_LAST : NEW_LINE_HUMAN;
  }
  return { first, last, newCount: breaks + 1, head, tail, delta: breaks - (last - first) };
}
