// Where a record's lines are in a file now, line by line. A line is placed only where the
// evidence is unique: a key found once in the file (and once in the record), a neighbour of a
// placed line of the same run that still sits next to it, or a run (with its context) found at
// exactly one place. Lines that say the same thing as many others (`}`, `return;`) are never
// placed by a tie-break: when nothing singles one place out they stay unlocated and are reported.
import type { KeyedText } from './lineKeys';
import type { LineRun } from './recordTypes';

export interface RecordLocation {
  /** For each of the record's lines (runs flattened in order): its line number now, or 0. */
  readonly lines: Int32Array;
  readonly located: number;
}

interface Flat {
  readonly key: string;
  readonly run: number;
}

export function locateRuns(runs: readonly LineRun[], text: KeyedText): RecordLocation {
  const flat: Flat[] = [];
  const runStart: number[] = [];
  runs.forEach((run, r) => {
    runStart.push(flat.length);
    for (const key of run.keys) flat.push({ key, run: r });
  });
  const nb = text.nonBlank;
  const keyAt = (q: number): string | undefined => (q >= 0 && q < nb.length ? text.keys[nb[q] - 1] : undefined);
  const { where } = text;
  const inRecord = new Map<string, number>();
  for (const f of flat) inRecord.set(f.key, (inRecord.get(f.key) ?? 0) + 1);

  // Positions in the non-blank sequence (q), -1 when unplaced; `used` keeps placements one-to-one.
  const at = new Int32Array(flat.length).fill(-1);
  const used = new Set<number>();
  const put = (i: number, q: number): void => {
    at[i] = q;
    used.add(q);
  };

  // 1. Unique keys anchor.
  flat.forEach((f, i) => {
    const spots = where.get(f.key);
    if (spots?.length === 1 && inRecord.get(f.key) === 1 && !used.has(spots[0])) put(i, spots[0]);
  });
  const extend = (): void => {
    for (let changed = true; changed; ) {
      changed = false;
      for (let i = 0; i < flat.length; i++) {
        if (at[i] < 0) continue;
        for (const step of [1, -1]) {
          const j = i + step;
          const q = at[i] + step;
          if (j >= 0 && j < flat.length && flat[j].run === flat[i].run && at[j] < 0 && !used.has(q) && keyAt(q) === flat[j].key) {
            put(j, q);
            changed = true;
          }
        }
      }
    }
  };
  extend();

  // 2. Runs still unplaced: the whole run at one place, singled out by its context if need be.
  runs.forEach((run, r) => {
    const first = runStart[r];
    const len = run.keys.length;
    if (run.keys.some((_, k) => at[first + k] >= 0)) return;
    const candidates = (where.get(run.keys[0]) ?? []).filter((q) => run.keys.every((key, k) => keyAt(q + k) === key && !used.has(q + k)));
    // One neighbour is evidence only when it is itself unique in the file: otherwise the real
    // place, its neighbours edited, could lose to a look-alike that kept one of them.
    const unique = (key: string | undefined): boolean => key !== undefined && where.get(key)?.length === 1;
    // A lone line (`}`) needs both neighbours: with one, its real place (both neighbours edited)
    // could lose to a look-alike that happens to sit next to a copy of one of them.
    const oneSided = len < 2 ? [] : candidates.filter((q) => (unique(run.before) && keyAt(q - 1) === run.before) || (unique(run.after) && keyAt(q + len) === run.after));
    const pick = single(candidates) ?? single(candidates.filter((q) => contextScore(run, q, len, keyAt) === 2)) ?? single(oneSided);
    if (pick !== undefined) run.keys.forEach((_, k) => put(first + k, pick + k));
  });
  extend();

  // 3. Runs of several lines changed inside: their first / last line by the unique context just
  // outside the run (never for a lone line, see above).
  runs.forEach((run, r) => {
    const first = runStart[r];
    const last = first + run.keys.length - 1;
    if (run.keys.length < 2 || run.keys.some((_, k) => at[first + k] >= 0)) return;
    const unique = (key: string | undefined): key is string => key !== undefined && where.get(key)?.length === 1;
    if (unique(run.before)) {
      const q = single((where.get(run.keys[0]) ?? []).filter((p) => !used.has(p) && keyAt(p - 1) === run.before));
      if (q !== undefined) put(first, q);
    }
    if (unique(run.after) && at[last] < 0) {
      const q = single((where.get(run.keys[run.keys.length - 1]) ?? []).filter((p) => !used.has(p) && keyAt(p + 1) === run.after));
      if (q !== undefined) put(last, q);
    }
  });
  extend();

  const lines = new Int32Array(flat.length);
  let located = 0;
  at.forEach((q, i) => {
    if (q >= 0) {
      lines[i] = nb[q];
      located++;
    }
  });
  return { lines, located };
}

/** How many of the run's two neighbours match at `q`; a missing one (start / end of file) matches only itself. */
function contextScore(run: LineRun, q: number, len: number, keyAt: (q: number) => string | undefined): number {
  return (keyAt(q - 1) === run.before ? 1 : 0) + (keyAt(q + len) === run.after ? 1 : 0);
}

function single(list: readonly number[]): number | undefined {
  return list.length === 1 ? list[0] : undefined;
}
