// One AI edit of one file becomes one AI record: the lines the tool wrote, minus lines it only
// reformatted (same text once whitespace and quotes are ignored: a formatter run by the AI does
// not make a human's lines AI-written), plus which earlier AI lines the edit replaced.
import { diffArrays } from 'diff';
import type { AiOrigin, LineRange } from './annotationTypes';
import { splitLines } from './contentHash';
import { KeyCache, newSalt, normalizeLine } from './lineKeys';
import { linesToRanges } from './lineRanges';
import { locateRuns } from './locateRecord';
import { recordBase, runsFor } from './recordBuild';
import { appendRecord, readRecordsOf } from './recordStore';
import type { AiLinesRecord, ProvenanceRecord } from './recordTypes';
import { byWriteOrder, resolveFile } from './resolveFile';

export interface AiEditFacts {
  readonly file: string;
  readonly before?: string;
  readonly after: string;
  readonly ranges: readonly LineRange[];
  readonly origin: AiOrigin;
  readonly developer?: string;
}

interface LineDiff {
  readonly removed: readonly number[];
  readonly added: readonly number[];
}

function lineDiff(before: readonly string[], after: readonly string[]): LineDiff {
  const removed: number[] = [];
  const added: number[] = [];
  let o = 1;
  let n = 1;
  for (const change of diffArrays(before as string[], after as string[])) {
    for (let k = 0; k < change.count; k++) {
      if (change.removed) removed.push(o++);
      else if (change.added) added.push(n++);
      else {
        o++;
        n++;
      }
    }
  }
  return { removed, added };
}

/** The ranges without lines that only re-spell a line the edit removed (whitespace, quotes). */
export function withoutReformatted(before: string | undefined, after: string, ranges: readonly LineRange[]): LineRange[] {
  if (before === undefined) return [...ranges];
  const oldLines = splitLines(before);
  const newLines = splitLines(after);
  const { removed } = lineDiff(oldLines, newLines);
  const pool = new Map<string, number>();
  for (const line of removed) {
    const key = normalizeLine(oldLines[line - 1]);
    if (key !== '') pool.set(key, (pool.get(key) ?? 0) + 1);
  }
  const kept: number[] = [];
  for (const r of ranges) {
    for (let line = r.startLine; line <= r.endLine; line++) {
      const key = normalizeLine(newLines[line - 1] ?? '');
      const left = pool.get(key) ?? 0;
      if (key !== '' && left > 0) {
        pool.set(key, left - 1);
        continue;
      }
      kept.push(line);
    }
  }
  return linesToRanges(kept);
}

/** Lines of earlier AI records the edit removed from `before`. */
function replacedLines(file: string, before: string, after: string, existing: readonly ProvenanceRecord[]): AiLinesRecord['replaces'] {
  if (!existing.some((r) => r.kind === 'ai')) return undefined;
  const cache = new KeyCache(before);
  const gone = new Set(lineDiff(cache.lines, splitLines(after)).removed);
  // Only records holding the key of a removed line can have lost one: locate just those.
  const goneKeys = new Set<string>();
  for (const salt of new Set(existing.map((r) => r.salt))) {
    const keyed = cache.forSalt(salt);
    for (const line of gone) {
      const key = keyed.keys[line - 1];
      if (key !== undefined) goneKeys.add(`${salt}\0${key}`);
    }
  }
  const touched = new Set(existing.filter((r) => r.kind === 'ai' && r.runs.some((run) => run.keys.some((k) => goneKeys.has(`${r.salt}\0${k}`)))).map((r) => r.id));
  if (touched.size === 0) return undefined;
  // Later records still decide who owns a line, so they stay in the resolution.
  const relevant = existing.filter((r) => r.kind !== 'ai' || touched.has(r.id));
  const out: Array<{ record: string; lines: number[] }> = [];
  for (const [record, lines] of resolveFile(file, cache, before, relevant).placements) {
    const hit = [...lines.keys()].filter((i) => lines[i] > 0 && gone.has(lines[i]));
    if (hit.length > 0) out.push({ record, lines: hit });
  }
  return out.length > 0 ? out : undefined;
}

/**
 * Append the edit's record; returns it with the lines it tags in `edit.after` (undefined when no
 * line is left to tag).
 */
export function recordAiLines(root: string, edit: AiEditFacts, append: (root: string, record: ProvenanceRecord) => void = appendRecord): { record: AiLinesRecord; lines: LineRange[] } | undefined {
  const existing = readRecordsOf(root, edit.file).records;
  const salt = [...existing].sort(byWriteOrder).pop()?.salt ?? newSalt();
  const cache = new KeyCache(edit.after);
  const chosen = withoutReformatted(edit.before, edit.after, edit.ranges);
  const runs = runsFor(cache, salt, chosen);
  if (runs.length === 0) return undefined;
  const keyed = cache.forSalt(salt);
  const lines = linesToRanges(chosen.flatMap((r) => Array.from({ length: r.endLine - r.startLine + 1 }, (_, k) => r.startLine + k)).filter((l) => keyed.keys[l - 1] !== undefined));
  const replaces = edit.before === undefined ? undefined : replacedLines(edit.file, edit.before, edit.after, existing);
  const { origin } = edit;
  const record: AiLinesRecord = {
    ...recordBase(edit.file, origin.time, salt, runs),
    kind: 'ai',
    tool: origin.tool,
    model: origin.model,
    session: origin.session,
    state: 'ai',
    ...(edit.developer !== undefined ? { developer: edit.developer } : {}),
    ...(replaces ? { replaces } : {}),
  };
  append(root, record);
  return { record, lines };
}

/** Where a record's lines are in `text` (the file on disk now), as ranges. */
export function recordRangesIn(record: AiLinesRecord, text: string): LineRange[] {
  const { lines } = locateRuns(record.runs, new KeyCache(text).forSalt(record.salt));
  return linesToRanges([...lines].filter((l) => l > 0).sort((a, b) => a - b));
}
