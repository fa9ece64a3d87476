// Every annotated file's AI lines from the work tree and the committed records alone (nothing
// from the local object store), so any clone computes the same answer. Records of a file that is
// gone follow it to where its lines are now (a `git mv`, a move into another file) when exactly
// one file holds most of them; otherwise they are reported as orphaned, as are lost lines.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileAnnotations } from './annotationTypes';
import { KeyCache } from './lineKeys';
import { locateRuns } from './locateRecord';
import { legacyRecords, listLegacy, readLegacy } from './legacyStore';
import { readAllRecords, type RecordProblem } from './recordStore';
import type { ProvenanceRecord } from './recordTypes';
import { resolveFile, type LostLine, type ResolveOptions } from './resolveFile';
import type { BlobReader } from './reanchor';
import { walkWorkspace } from '../workspace/walkWorkspace';
import { AIRLOCK_DIR } from '../words/airlockLayout';
import { runGit } from '../util/gitRun';

export interface WorkspaceProvenance {
  readonly files: readonly FileAnnotations[];
  /** AI lines recorded (not retired or replaced by the AI's own later edit) and how many are located now. */
  readonly recordedLines: number;
  readonly locatedLines: number;
  /** AI lines no longer found, where they were written. */
  readonly lost: readonly LostLine[];
  /** Annotated files that are gone, whose lines were found in no single other file. */
  readonly orphaned: ReadonlyArray<{ readonly file: string; readonly lines: number; readonly records: readonly string[] }>;
  /** Per file: AI records none of whose lines can be located (candidates for `prune`). */
  readonly whollyLost: ReadonlyMap<string, readonly string[]>;
  /** Annotated files that are gone and whose lines were followed to another file. */
  readonly moved: ReadonlyArray<{ readonly from: string; readonly to: string }>;
  readonly problems: readonly RecordProblem[];
}

export interface WorkspaceOptions extends ResolveOptions {
  /** Carries version-1 store files over (local only; see legacyStore.ts). */
  readonly readBlob?: BlobReader;
}

export function resolveWorkspace(root: string, options: WorkspaceOptions = {}): WorkspaceProvenance {
  const all = readAllRecords(root);
  const problems: RecordProblem[] = [...all.problems];
  const byFile = new Map<string, ProvenanceRecord[]>();
  for (const r of all.records) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  const texts = new Map<string, { source: string; cache: KeyCache }>();
  const textOf = (file: string): { source: string; cache: KeyCache } | undefined => {
    if (!texts.has(file)) {
      const source = readText(root, file);
      if (source !== undefined) texts.set(file, { source, cache: new KeyCache(source) });
    }
    return texts.get(file);
  };
  for (const file of listLegacy(root)) {
    const legacy = readLegacy(root, file, problems);
    const t = legacy ? textOf(file) : undefined;
    if (legacy && t) byFile.set(file, [...legacyRecords(legacy, t.source, t.cache, options.readBlob), ...(byFile.get(file) ?? [])]);
  }
  const targets = new Map<string, ProvenanceRecord[]>();
  const orphans: Array<[string, ProvenanceRecord[]]> = [];
  for (const [file, records] of byFile) {
    if (textOf(file)) targets.set(file, [...(targets.get(file) ?? []), ...records]);
    else orphans.push([file, records]);
  }
  const moved: Array<{ from: string; to: string }> = [];
  const orphaned: Array<{ file: string; lines: number; records: string[] }> = [];
  if (orphans.length > 0) {
    const candidates = candidateFiles(root);
    for (const [file, records] of orphans) {
      const to = followMove(records, candidates, textOf);
      if (to !== undefined) {
        moved.push({ from: file, to });
        targets.set(to, [...(targets.get(to) ?? []), ...records]);
      } else {
        const lines = activeAiLines(records);
        if (lines > 0) orphaned.push({ file, lines, records: liveRecordIds(records) });
      }
    }
  }
  const deleted = deletionTimes(root);
  const files: FileAnnotations[] = [];
  const lost: LostLine[] = [];
  const whollyLost = new Map<string, string[]>();
  let recordedLines = 0;
  let locatedLines = 0;
  for (const [file, records] of [...targets].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const t = textOf(file) as { source: string; cache: KeyCache };
    // A file deleted in a commit after a record was written and created again is a new file:
    // the old records do not describe it (a human re-creating it does not inherit AI tags).
    const gone = deleted.get(file);
    const live = gone === undefined ? records : records.filter((r) => r.file !== file || writtenAt(r) > gone + 999);
    const resolved = resolveFile(file, t.cache, t.source, live, options);
    if (resolved.whollyLost.length > 0) whollyLost.set(file, [...resolved.whollyLost]);
    recordedLines += resolved.recordedLines;
    locatedLines += resolved.locatedLines;
    lost.push(...resolved.lost);
    if (resolved.annotations.ranges.length > 0) files.push(resolved.annotations);
  }
  for (const o of orphaned) recordedLines += o.lines;
  return { files, recordedLines, locatedLines, lost, orphaned, moved, problems, whollyLost };
}

function liveRecordIds(records: readonly ProvenanceRecord[]): string[] {
  const retired = new Set(records.flatMap((r) => (r.kind === 'retire' ? r.records : [])));
  return records.filter((r) => r.kind !== 'retire' && !retired.has(r.id)).map((r) => r.id);
}

/** When a record was written (ms since the epoch), from its id. */
function writtenAt(record: ProvenanceRecord): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})/.exec(record.id);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7])) : 0;
}

/** Path → time (ms) of the latest commit that deleted it, from one `git log`; empty outside git. */
function deletionTimes(root: string): Map<string, number> {
  const out = new Map<string, number>();
  let log: string;
  try {
    log = runGit(root, ['log', '--diff-filter=D', '--no-renames', '--name-only', '--format=%x01%ct']);
  } catch {
    return out;
  }
  for (const entry of log.split('\x01')) {
    const [time, ...names] = entry.split('\n');
    const ms = Number(time) * 1000;
    for (const name of names) if (name !== '' && !out.has(name)) out.set(name, ms);
  }
  return out;
}

/** AI lines of records not retired. */
function activeAiLines(records: readonly ProvenanceRecord[]): number {
  const retired = new Set(records.flatMap((r) => (r.kind === 'retire' ? r.records : [])));
  return records.filter((r) => r.kind === 'ai' && !retired.has(r.id)).reduce((n, r) => n + r.runs.reduce((m, run) => m + run.keys.length, 0), 0);
}

/** The one file holding most of the records' AI lines (at least half of them), if there is one. */
function followMove(records: readonly ProvenanceRecord[], candidates: readonly string[], textOf: (f: string) => { cache: KeyCache } | undefined): string | undefined {
  const ai = records.filter((r) => r.kind === 'ai');
  const total = activeAiLines(records);
  if (total === 0) return undefined;
  let best: string | undefined;
  let bestScore = 0;
  let tie = false;
  for (const file of candidates) {
    const t = textOf(file);
    if (!t) continue;
    const score = ai.reduce((n, r) => n + locateRuns(r.runs, t.cache.forSalt(r.salt)).located, 0);
    if (score > bestScore) {
      best = file;
      bestScore = score;
      tie = false;
    } else if (score === bestScore && score > 0) {
      tie = true;
    }
  }
  return !tie && bestScore * 2 >= total ? best : undefined;
}

/** Text files of the work tree a moved file may have gone to. */
function candidateFiles(root: string): string[] {
  const out: string[] = [];
  const skip = (rel: string, isDir: boolean): boolean => isDir && (rel === AIRLOCK_DIR || rel.endsWith('node_modules') || rel.split('/').pop()?.startsWith('.') === true);
  for (const e of walkWorkspace(root, { exclude: skip })) if (!e.isDir && !e.isSymlink) out.push(e.rel);
  return out.sort();
}

/** A text file's content; undefined when missing, not a file, or binary. */
export function readText(root: string, file: string): string | undefined {
  try {
    const absolute = path.join(root, ...file.split('/'));
    const stat = fs.statSync(absolute);
    if (!stat.isFile() || stat.size > 8 * 1024 * 1024) return undefined;
    const source = fs.readFileSync(absolute, 'utf8');
    return source.includes('\0') ? undefined : source;
  } catch {
    return undefined;
  }
}

