// Small helpers over 1-based inclusive line ranges.
import { randomUUID } from 'node:crypto';
import type { LineRange } from './annotationTypes';

/** Group sorted, distinct 1-based line numbers into maximal consecutive ranges. */
export function linesToRanges(lines: readonly number[]): LineRange[] {
  const out: LineRange[] = [];
  let start = -1;
  let end = -1;
  for (const line of lines) {
    if (start >= 0 && line === end + 1) {
      end = line;
      continue;
    }
    if (start >= 0) {
      out.push({ startLine: start, endLine: end });
    }
    start = line;
    end = line;
  }
  if (start >= 0) {
    out.push({ startLine: start, endLine: end });
  }
  return out;
}

export function lineCount(range: LineRange): number {
  return range.endLine - range.startLine + 1;
}

export function overlaps(a: LineRange, b: LineRange): boolean {
  return a.startLine <= b.endLine && b.startLine <= a.endLine;
}

/** A short random id for a range (12 hex digits: unique enough within one file's annotations). */
export function newRangeId(): string {
  return randomUUID().replace(/-/g, '').slice(0, 12);
}
