// Operations on one file's annotations: record an AI edit, normalize, mark reviewed.
import {
  ANNOTATION_FORMAT_VERSION,
  type AiOrigin,
  type AnnotatedRange,
  type FileAnnotations,
  type LineRange,
} from './annotationTypes';
import { fileHashOf, hashRange, splitLines } from './contentHash';
import { newRangeId } from './lineRanges';
import { ProvenanceError } from './provenanceError';

export function emptyAnnotations(file: string): FileAnnotations {
  return { version: ANNOTATION_FORMAT_VERSION, file, ranges: [] };
}

/** True when two ranges say the same thing about their lines (ids and positions aside). */
export function sameAttribution(a: AnnotatedRange, b: AnnotatedRange): boolean {
  return (
    a.tool === b.tool &&
    a.model === b.model &&
    a.session === b.session &&
    a.time === b.time &&
    a.state === b.state &&
    a.reviewedBy === b.reviewedBy &&
    a.reviewedAt === b.reviewedAt &&
    JSON.stringify(a.extra ?? null) === JSON.stringify(b.extra ?? null)
  );
}

/**
 * Sorted, non-overlapping ranges for `text`: where ranges overlap the one listed later wins the
 * shared lines (callers list newer attributions last); neighbours saying the same thing merge.
 * Ranges past the end of the text are cut to it.
 */
export function normalizeRanges(ranges: readonly AnnotatedRange[], text: string): AnnotatedRange[] {
  const lines = splitLines(text);
  const owner = new Int32Array(lines.length + 2).fill(-1);
  ranges.forEach((range, index) => {
    const end = Math.min(range.endLine, lines.length);
    for (let line = Math.max(1, range.startLine); line <= end; line++) {
      owner[line] = index;
    }
  });
  const out: AnnotatedRange[] = [];
  const usedIds = new Set<string>();
  let line = 1;
  while (line <= lines.length) {
    const index = owner[line];
    if (index < 0) {
      line++;
      continue;
    }
    let end = line;
    while (end + 1 <= lines.length && owner[end + 1] === index) {
      end++;
    }
    const from = ranges[index];
    const previous = out[out.length - 1];
    if (previous && previous.endLine + 1 === line && sameAttribution(previous, from)) {
      const merged = { startLine: previous.startLine, endLine: end };
      out[out.length - 1] = { ...previous, ...merged, contentHash: hashRange(lines, merged) };
    } else {
      const whole = from.startLine === line && from.endLine === end;
      const id = usedIds.has(from.id) ? newRangeId() : from.id;
      usedIds.add(id);
      out.push({ ...from, id, startLine: line, endLine: end, contentHash: whole ? from.contentHash : hashRange(lines, { startLine: line, endLine: end }) });
    }
    line = end + 1;
  }
  return out;
}

/**
 * Tag `ranges` of `text` as written by `origin`; they take over any lines already annotated.
 * The existing annotations must describe this same text (re-anchor them first).
 */
export function addAiRanges(annotations: FileAnnotations, text: string, ranges: readonly LineRange[], origin: AiOrigin): FileAnnotations {
  const fileHash = fileHashOf(text);
  assertCurrent(annotations, fileHash, 'add AI ranges');
  const lines = splitLines(text);
  const added: AnnotatedRange[] = [];
  for (const range of ranges) {
    if (range.startLine < 1 || range.endLine < range.startLine || range.endLine > lines.length) {
      throw new ProvenanceError(`line range ${range.startLine}-${range.endLine} is outside the file (${lines.length} lines)`, annotations.file);
    }
    added.push({
      id: newRangeId(),
      startLine: range.startLine,
      endLine: range.endLine,
      contentHash: hashRange(lines, range),
      tool: origin.tool,
      model: origin.model,
      session: origin.session,
      time: origin.time,
      state: 'ai',
    });
  }
  return { ...annotations, fileHash, ranges: normalizeRanges([...annotations.ranges, ...added], text) };
}

/**
 * Record that `reviewer` reviewed the AI lines in `lines` (or all of them). Ranges that straddle
 * the edge are split so no line outside is marked, which needs the file text for the new hashes.
 */
export function markReviewed(
  annotations: FileAnnotations,
  lines: LineRange | 'all',
  reviewer: string,
  time: string,
  text?: string,
): FileAnnotations {
  if (text !== undefined) {
    assertCurrent(annotations, fileHashOf(text), 'mark lines reviewed');
  }
  const fileLines = text === undefined ? undefined : splitLines(text);
  const out: AnnotatedRange[] = [];
  for (const range of annotations.ranges) {
    const from = lines === 'all' ? range.startLine : Math.max(range.startLine, lines.startLine);
    const to = lines === 'all' ? range.endLine : Math.min(range.endLine, lines.endLine);
    if (from > to) {
      out.push(range);
      continue;
    }
    const reviewed = { reviewedBy: reviewer, reviewedAt: time };
    if (from === range.startLine && to === range.endLine) {
      out.push({ ...range, ...reviewed });
      continue;
    }
    if (!fileLines) {
      throw new ProvenanceError(`marking lines ${from}-${to} reviewed splits a range; pass the file text`, annotations.file);
    }
    const part = (start: number, end: number, extra: object, id: string): AnnotatedRange => ({
      ...range,
      ...extra,
      id,
      startLine: start,
      endLine: end,
      contentHash: hashRange(fileLines, { startLine: start, endLine: end }),
    });
    let id = range.id;
    const nextId = (): string => {
      const current = id;
      id = newRangeId();
      return current;
    };
    if (range.startLine < from) {
      out.push(part(range.startLine, from - 1, {}, nextId()));
    }
    out.push(part(from, to, reviewed, nextId()));
    if (to < range.endLine) {
      out.push(part(to + 1, range.endLine, {}, nextId()));
    }
  }
  return { ...annotations, ranges: out };
}

function assertCurrent(annotations: FileAnnotations, fileHash: string, what: string): void {
  if (annotations.fileHash !== undefined && annotations.fileHash !== fileHash && annotations.ranges.length > 0) {
    throw new ProvenanceError(`cannot ${what}: the annotations describe another version of the file; re-anchor them first`, annotations.file);
  }
}
