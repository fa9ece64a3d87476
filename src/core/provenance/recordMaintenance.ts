// Housekeeping a human runs (never the hook, never an AI: the hook denies these commands):
// retiring records whose file is gone or whose lines were all changed beyond recognition, and
// migrating version-1 store files into records.
import * as fs from 'node:fs';
import { newSalt, KeyCache } from './lineKeys';
import { legacyPath, legacyRecords, listLegacy, readLegacy } from './legacyStore';
import { recordBase } from './recordBuild';
import { appendRecord, type RecordProblem } from './recordStore';
import type { ProvenanceRecord } from './recordTypes';
import { readText, resolveWorkspace } from './resolveWorkspace';
import type { BlobReader } from './reanchor';
import { gitBlobReader } from './gitBlobs';

export interface PruneResult {
  /** Files whose records were retired, with how many records each. */
  readonly retired: ReadonlyArray<{ readonly file: string; readonly records: number; readonly why: 'gone' | 'lost' }>;
}

/**
 * Retire the records of files that are gone (orphaned) and AI records none of whose lines can be
 * located any more, with one `retire` record per file (the records themselves stay, for history).
 */
export function pruneRecords(root: string, now: Date): PruneResult {
  const current = resolveWorkspace(root);
  const retired: Array<{ file: string; records: number; why: 'gone' | 'lost' }> = [];
  const time = now.toISOString();
  for (const o of current.orphaned) {
    appendRecord(root, { ...recordBase(o.file, time, newSalt(), []), kind: 'retire', records: [...o.records] });
    retired.push({ file: o.file, records: o.records.length, why: 'gone' });
  }
  for (const [file, ids] of current.whollyLost) {
    appendRecord(root, { ...recordBase(file, time, newSalt(), []), kind: 'retire', records: [...ids] });
    retired.push({ file, records: ids.length, why: 'lost' });
  }
  return { retired };
}

export interface MigrateResult {
  readonly files: number;
  readonly records: number;
  readonly problems: readonly RecordProblem[];
}

/**
 * Version-1 store files → records (carried over to the current text first, which may need the
 * annotated blob from this machine's object store), then the old file is removed.
 */
export function migrateLegacy(root: string, readBlob: BlobReader | undefined = gitBlobReader(root)): MigrateResult {
  const problems: RecordProblem[] = [];
  let files = 0;
  let records = 0;
  for (const file of listLegacy(root)) {
    const legacy = readLegacy(root, file, problems);
    const text = readText(root, file);
    if (!legacy || text === undefined) continue; // unreadable or gone: left for a human to look at
    const converted: ProvenanceRecord[] = legacyRecords(legacy, text, new KeyCache(text), readBlob);
    for (const r of converted) {
      appendRecord(root, { ...r, id: recordBase(file, r.time, r.salt, r.runs).id });
      records++;
    }
    fs.rmSync(legacyPath(root, file));
    files++;
  }
  return { files, records, problems };
}
