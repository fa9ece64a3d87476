// File layout of an audit directory and small helpers to read it:
//   audit.jsonl                         the active file, appended to
//   audit-<time>-<lastSeq>.jsonl        rotated files, ordered by the last seq they hold
//   head.json                           the last seq/hash written (detects a deleted tail)
//   audit.lock                          the cross-process writer lock
//   .gitignore                          `*`: the log is local evidence, not repository content
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AuditHead } from './auditTypes';

export const ACTIVE_FILE = 'audit.jsonl';
export const HEAD_FILE = 'head.json';
export const LOCK_FILE = 'audit.lock';

const ROTATED = /^audit-(\d{8}T\d{9}Z)-(\d{12})\.jsonl$/;

/** `audit-20260131T235959123Z-000000004242.jsonl` for a file whose last event has seq 4242. */
export function rotatedFileName(time: Date, lastSeq: number): string {
  const stamp = time.toISOString().replace(/[-:.]/g, '');
  return `audit-${stamp}-${String(lastSeq).padStart(12, '0')}.jsonl`;
}

export interface AuditFileEntry {
  readonly path: string;
  /** The last seq the file name promises (null for the active file). */
  readonly lastSeq: number | null;
}

/** The log files in chain order: rotated files by last seq, then the active file if present. */
export function listAuditFiles(dir: string): AuditFileEntry[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const rotated: AuditFileEntry[] = [];
  let active = false;
  for (const name of names) {
    if (name === ACTIVE_FILE) active = true;
    const m = ROTATED.exec(name);
    if (m) rotated.push({ path: path.join(dir, name), lastSeq: Number(m[2]) });
  }
  rotated.sort((a, b) => (a.lastSeq ?? 0) - (b.lastSeq ?? 0) || a.path.localeCompare(b.path));
  if (active) rotated.push({ path: path.join(dir, ACTIVE_FILE), lastSeq: null });
  return rotated;
}

/** The head record, or null when absent or unreadable (callers decide what that means). */
export function readAuditHead(dir: string): AuditHead | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, HEAD_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const v = JSON.parse(text) as Partial<AuditHead>;
    if (typeof v.seq === 'number' && Number.isSafeInteger(v.seq) && typeof v.hash === 'string' && /^[0-9a-f]{64}$/.test(v.hash)) {
      return { seq: v.seq, hash: v.hash, time: typeof v.time === 'string' ? v.time : '' };
    }
  } catch {
    // fall through: a corrupt head is treated like a missing one
  }
  return null;
}

/** head.json is always exactly this long, so an in-place write fully replaces it. */
const HEAD_BYTES = 192;

/**
 * Overwrites head.json in place with one fixed-length write at offset 0. Not temp-file + rename:
 * on ext4 a rename over an existing file forces the new file's data to disk (auto_da_alloc),
 * which measured ~0.7 ms, more than the whole rest of an append. A sub-sector write either lands
 * or does not; a torn head after a power cut reads as unreadable, which verify reports.
 */
export function writeAuditHead(dir: string, head: AuditHead): void {
  const json = JSON.stringify(head);
  if (json.length >= HEAD_BYTES) throw new Error('head record too long');
  const fd = fs.openSync(path.join(dir, HEAD_FILE), fs.constants.O_WRONLY | fs.constants.O_CREAT, 0o644);
  try {
    // Trailing spaces are JSON whitespace: the file parses as the record alone.
    fs.writeSync(fd, Buffer.from(json.padEnd(HEAD_BYTES - 1, ' ') + '\n', 'utf8'), 0, HEAD_BYTES, 0);
    // Drop anything beyond the record left by a longer, hand-edited file (after the write: never empty).
    fs.ftruncateSync(fd, HEAD_BYTES);
  } finally {
    fs.closeSync(fd);
  }
}
