// Which lines an AI tool call wrote, from what each assistant reports (see
// test/fixtures/edit-sessions/README.md for the payloads these read).
import type { PatchHunk } from '../hook/postToolEditTypes';
import { diffArrays } from 'diff';
import type { LineRange } from './annotationTypes';
import { splitLines } from './contentHash';
import { linesToRanges } from './lineRanges';

/** Lines added or changed in `after` compared with `before` (a created file: all its lines). */
export function rangesFromEdit(before: string, after: string): LineRange[] {
  const changes = diffArrays(splitLines(before), splitLines(after));
  const added: number[] = [];
  let line = 1;
  for (const change of changes) {
    if (change.removed) {
      continue;
    }
    if (change.added) {
      for (let k = 0; k < change.count; k++) {
        added.push(line + k);
      }
    }
    line += change.count;
  }
  return linesToRanges(added);
}


/** The `+` lines of the hunks, as line ranges of the new file. */
export function rangesFromStructuredPatch(hunks: readonly PatchHunk[]): LineRange[] {
  const added: number[] = [];
  for (const hunk of hunks) {
    // A hunk that creates a file says newStart 1; one that empties it says 0.
    let line = hunk.newStart === 0 ? 1 : hunk.newStart;
    for (const text of hunk.lines) {
      const mark = text[0];
      if (mark === '+') {
        added.push(line++);
      } else if (mark === ' ' || text.length === 0) {
        line++;
      }
      // '-' lines are gone from the new file; '\' is "No newline at end of file".
    }
  }
  return linesToRanges([...new Set(added)].sort((a, b) => a - b));
}

export type ReplacementLocation =
  /** `span`: the lines `new_str` covers; `ranges`: those of them that differ from `old_str`. */
  | { readonly kind: 'found'; readonly span: LineRange; readonly ranges: readonly LineRange[] }
  /** `new_str` is in the file more than once and nothing tells which one the edit wrote. */
  | { readonly kind: 'ambiguous'; readonly candidates: readonly LineRange[] }
  | { readonly kind: 'not-found' }
  /** The edit only deleted text: no line to attribute. */
  | { readonly kind: 'empty' };

/**
 * The lines `newStr` occupies in `fileText`, for `old_str`/`new_str` edits (Copilot): the disk
 * may already hold later edits, so the edit is found by its own text, never by diffing the file.
 * When `newStr` occurs several times, `before` (the file at the pre hook) picks the occurrence
 * whose surrounding lines match those around `oldStr`; if that does not settle it the answer is
 * `ambiguous` and the caller must not guess.
 */
export function locateReplacement(fileText: string, oldStr: string, newStr: string, before?: string): ReplacementLocation {
  const text = fileText.replace(/\r\n/g, '\n');
  const needle = newStr.replace(/\r\n/g, '\n');
  if (needle.length === 0) {
    return { kind: 'empty' };
  }
  const offsets: number[] = [];
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    offsets.push(at);
  }
  if (offsets.length === 0) {
    return { kind: 'not-found' };
  }
  const candidates = offsets.map((at) => spanOf(text, at, needle.length));
  if (candidates.length === 1) {
    return found(candidates[0], oldStr, needle);
  }
  const context = before === undefined ? undefined : contextOf(before.replace(/\r\n/g, '\n'), oldStr.replace(/\r\n/g, '\n'));
  if (context) {
    const matching = offsets.filter((at) => {
      const around = surroundings(text, at, needle.length);
      return around.lead === context.lead && around.trail === context.trail;
    });
    if (matching.length === 1) {
      return found(spanOf(text, matching[0], needle.length), oldStr, needle);
    }
  }
  return { kind: 'ambiguous', candidates };
}

/** Lines spanned by text[at, at+length); a trailing newline does not reach into the next line. */
function spanOf(text: string, at: number, length: number): LineRange {
  const startLine = countBreaks(text, 0, at) + 1;
  const end = length > 1 && text[at + length - 1] === '\n' ? at + length - 1 : at + length;
  return { startLine, endLine: startLine + countBreaks(text, at, end) };
}

/** Lines of `new_str` the tool kept from `old_str` (shared leading/trailing lines) are not the AI's. */
function found(span: LineRange, oldStr: string, newStr: string): ReplacementLocation {
  const shift = span.startLine - 1;
  const ranges = rangesFromEdit(oldStr.replace(/\r\n/g, '\n'), newStr)
    .map((r) => ({ startLine: r.startLine + shift, endLine: Math.min(r.endLine + shift, span.endLine) }))
    .filter((r) => r.startLine <= r.endLine);
  return { kind: 'found', span, ranges };
}

function countBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) {
    n++;
  }
  return n;
}

/** The text on the match's lines before it and after it, plus one whole line either side. */
function surroundings(text: string, at: number, length: number): { lead: string; trail: string } {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const previousStart = lineStart === 0 ? 0 : text.lastIndexOf('\n', lineStart - 2) + 1;
  const end = at + length;
  const lineEnd = text.indexOf('\n', end);
  const nextEnd = lineEnd < 0 ? text.length : text.indexOf('\n', lineEnd + 1);
  return {
    lead: text.slice(previousStart, at),
    trail: text.slice(end, nextEnd < 0 ? text.length : nextEnd),
  };
}

function contextOf(before: string, oldStr: string): { lead: string; trail: string } | undefined {
  if (oldStr.length === 0) {
    return undefined;
  }
  const at = before.indexOf(oldStr);
  if (at < 0 || before.indexOf(oldStr, at + 1) >= 0) {
    return undefined;
  }
  return surroundings(before, at, oldStr.length);
}
