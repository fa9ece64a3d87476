// The record store: `.airlock/provenance/records/<annotated file path>/<record id>.json`, one file
// per record, written once under a name nobody else can pick (time + random), never rewritten.
// So git merges two developers' records as two added files, and concurrent hook processes
// cannot lose each other's writes. Unreadable records are reported on every read, never moved.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseRecord, serializeRecord } from './recordCodec';
import type { ProvenanceRecord } from './recordTypes';
import { ProvenanceError } from './provenanceError';
import { errorMessage } from '../util/errorMessage';
import { PROVENANCE_DIR, RECORDS_DIR } from '../words/airlockLayout';


/**
 * The annotated file a store path belongs to (a record, or a version-1 store file), or undefined.
 * `rel` is workspace-relative with `/`.
 */
export function annotatedFileOf(rel: string): string | undefined {
  if (!rel.startsWith(`${PROVENANCE_DIR}/`) || !rel.endsWith('.json')) return undefined;
  if (rel.startsWith(`${RECORDS_DIR}/`)) {
    const dir = rel.slice(RECORDS_DIR.length + 1).split('/').slice(0, -1).join('/');
    return dir === '' ? undefined : dir;
  }
  return rel.slice(PROVENANCE_DIR.length + 1, -'.json'.length);
}

export interface RecordProblem {
  /** Workspace-relative path of the record file. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface RecordSet {
  readonly records: readonly ProvenanceRecord[];
  readonly problems: readonly RecordProblem[];
}

/** A fresh record id: sortable by write time (to the microsecond), unique by 64 random bits. */
export function newRecordId(): string {
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  const iso = new Date(Math.floor(micros / 1000)).toISOString().replace(/[-:]/g, '').replace(/\.(\d+)Z$/, '$1');
  return `${iso}${String(micros % 1000).padStart(3, '0')}Z-${randomBytes(8).toString('hex')}`;
}

/** Store folder holding the records of a workspace-relative file. */
export function recordDirOf(root: string, file: string): string {
  return path.join(root, RECORDS_DIR, ...checkRelative(file).split('/'));
}

/** Write one record under its own new name; refuses to replace anything. */
export function appendRecord(root: string, record: ProvenanceRecord): string {
  if (!/^[0-9TZ]+-[0-9a-f]{16}$/.test(record.id)) throw new ProvenanceError(`not a record id: "${record.id}"`);
  const dir = recordDirOf(root, record.file);
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, `${record.id}.json`);
  const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    fs.writeFileSync(temp, serializeRecord(record), { encoding: 'utf8', flag: 'wx' });
    // link() fails if the name exists: a record is never replaced, even by an id collision.
    fs.linkSync(temp, target);
  } finally {
    fs.rmSync(temp, { force: true });
  }
  return target;
}

/** The records stored for one file path (not following renames; see resolveWorkspace.ts). */
export function readRecordsOf(root: string, file: string): RecordSet {
  return readDir(root, recordDirOf(root, file), false);
}

/** Every record in the workspace. */
export function readAllRecords(root: string): RecordSet {
  return readDir(root, path.join(root, RECORDS_DIR), true);
}

function readDir(root: string, dir: string, recursive: boolean): RecordSet {
  const records: ProvenanceRecord[] = [];
  const problems: RecordProblem[] = [];
  let names: string[];
  try {
    names = (fs.readdirSync(dir, { recursive }) as string[]).map((n) => n.split(path.sep).join('/'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return { records, problems };
    throw error;
  }
  for (const name of names.sort()) {
    if (!name.endsWith('.json') || /\.tmp-/.test(name)) continue;
    const absolute = path.join(dir, ...name.split('/'));
    const rel = path.relative(root, absolute).split(path.sep).join('/');
    let text: string;
    try {
      if (!fs.statSync(absolute).isFile()) continue;
      text = fs.readFileSync(absolute, 'utf8');
    } catch (error) {
      problems.push({ file: rel, line: 1, column: 1, message: `unreadable: ${errorMessage(error)}` });
      continue;
    }
    try {
      const record = parseRecord(text, rel);
      const expected = rel.slice(RECORDS_DIR.length + 1, -'.json'.length);
      if (`${record.file}/${record.id}` !== expected) {
        throw new ProvenanceError(`record "${record.id}" of "${record.file}" is stored under another name`, rel, 1, 1);
      }
      records.push(record);
    } catch (error) {
      if (!(error instanceof ProvenanceError)) throw error;
      problems.push({ file: rel, line: error.line ?? 1, column: error.column ?? 1, message: error.detail });
    }
  }
  return { records, problems };
}

function checkRelative(file: string): string {
  const normalized = file.replace(/\\/g, '/');
  if (normalized.length === 0 || normalized.startsWith('/') || /^[A-Za-z]:/.test(normalized) || normalized.split('/').some((part) => part === '..' || part === '.' || part === '')) {
    throw new ProvenanceError(`not a workspace-relative file path: "${file}"`);
  }
  return normalized;
}
