// New records from a text and the lines they are about: the lines' keys in runs with context.
import type { LineRange } from './annotationTypes';
import { KeyCache } from './lineKeys';
import { newRecordId } from './recordStore';
import { RECORD_FORMAT, type LineRun } from './recordTypes';

/** Runs of the chosen (non-blank) lines; blank lines neither count nor break a run. */
export function runsFor(cache: KeyCache, salt: string, ranges: readonly LineRange[]): LineRun[] {
  const keyed = cache.forSalt(salt);
  const chosen = new Set<number>();
  for (const r of ranges) for (let line = r.startLine; line <= r.endLine; line++) chosen.add(line);
  const runs: LineRun[] = [];
  let current: { line: number; keys: string[]; before?: string } | undefined;
  keyed.nonBlank.forEach((line, q) => {
    const key = keyed.keys[line - 1] as string;
    if (chosen.has(line)) {
      if (!current) {
        const before = q > 0 ? keyed.keys[keyed.nonBlank[q - 1] - 1] : undefined;
        current = { line, keys: [], ...(before !== undefined ? { before } : {}) };
      }
      current.keys.push(key);
      return;
    }
    if (current) {
      runs.push({ ...current, after: key });
      current = undefined;
    }
  });
  if (current) runs.push(current);
  return runs;
}

/**
 * The fields every new record starts with. `time` is the fact's time (an injected clock in tests);
 * the id takes the real clock, since it orders records by when they were written.
 */
export function recordBase(file: string, time: string, salt: string, runs: readonly LineRun[]): { format: typeof RECORD_FORMAT; id: string; file: string; time: string; salt: string; runs: readonly LineRun[] } {
  return { format: RECORD_FORMAT, id: newRecordId(), file, time, salt, runs };
}
