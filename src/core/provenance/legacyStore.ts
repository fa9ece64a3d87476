// The version-1 store (`.airlock/provenance/<file>.json`, one mutable file per annotated file),
// read so nothing written before records existed is lost: each file's ranges, carried to the
// current text, become in-memory records. `airlock provenance migrate` writes them as records.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { parseAnnotations } from './annotationCodec';
import type { FileAnnotations } from './annotationTypes';
import type { KeyCache } from './lineKeys';
import { ProvenanceError } from './provenanceError';
import { reanchor, type BlobReader } from './reanchor';
import { runsFor } from './recordBuild';
import type { RecordProblem } from './recordStore';
import { RECORD_FORMAT, type ProvenanceRecord } from './recordTypes';
import { errorMessage } from '../util/errorMessage';
import { PROVENANCE_DIR, RECORDS_DIR } from '../words/airlockLayout';
import { dirEntries } from '../util/dirEntries';

export function legacyPath(root: string, file: string): string {
  return path.join(root, PROVENANCE_DIR, ...file.split('/')) + '.json';
}

/** Annotated files that have a version-1 store file. */
export function listLegacy(root: string): string[] {
  const out: string[] = [];
  const records = path.join(root, RECORDS_DIR);
  const walk = (dir: string, prefix: string): void => {
    for (const e of dirEntries(dir) ?? []) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (full !== records) walk(full, `${prefix}${e.name}/`);
      } else if (e.isFile() && e.name.endsWith('.json') && !/\.(tmp-|corrupt-)/.test(e.name)) {
        out.push(`${prefix}${e.name.slice(0, -'.json'.length)}`);
      }
    }
  };
  walk(path.join(root, PROVENANCE_DIR), '');
  return out.sort();
}

/** A version-1 store file, or undefined when there is none; unreadable ones go to `problems`. */
export function readLegacy(root: string, file: string, problems: RecordProblem[]): FileAnnotations | undefined {
  const target = legacyPath(root, file);
  const rel = path.relative(root, target).split(path.sep).join('/');
  let text: string;
  try {
    text = fs.readFileSync(target, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    problems.push({ file: rel, line: 1, column: 1, message: `unreadable: ${errorMessage(error)}` });
    return undefined;
  }
  try {
    const annotations = parseAnnotations(text, rel);
    if (annotations.file !== file) throw new ProvenanceError(`annotates "${annotations.file}", expected "${file}"`, rel, 1, 1);
    return annotations;
  } catch (error) {
    if (!(error instanceof ProvenanceError)) throw error;
    problems.push({ file: rel, line: error.line ?? 1, column: error.column ?? 1, message: error.detail });
    return undefined;
  }
}

/**
 * Version-1 annotations as records over `text`: carried over by the old re-anchoring (which may
 * need the annotated blob from the local object store: migrate where the annotations were written).
 * Ids sort before every real record, so anything recorded since wins.
 */
export function legacyRecords(legacy: FileAnnotations, text: string, cache: KeyCache, readBlob?: BlobReader): ProvenanceRecord[] {
  const carried = reanchor(legacy, text, readBlob ? { readBlob } : {}).annotations;
  const salt = createHash('sha256').update(`legacy\0${legacy.file}`).digest('hex').slice(0, 16);
  const out: ProvenanceRecord[] = [];
  carried.ranges.forEach((range, n) => {
    const runs = runsFor(cache, salt, [range]);
    if (runs.length === 0) return;
    const suffix = createHash('sha256').update(`${range.id}\0${n}`).digest('hex').slice(0, 16);
    const base = { format: RECORD_FORMAT, file: legacy.file, salt, runs } as const;
    out.push({ ...base, id: `00000000T000000000Z-${suffix}`, time: range.time, kind: 'ai', tool: range.tool, model: range.model, session: range.session, state: range.state });
    if (range.reviewedBy !== undefined) {
      out.push({ ...base, id: `00000000T000000001Z-${suffix}`, time: range.reviewedAt ?? range.time, kind: 'review', reviewer: range.reviewedBy });
    }
  });
  return out;
}
