// How a record becomes one line and how a line's hash is checked.
// The hash covers the exact bytes written (not a re-serialisation), so verification does not
// depend on key order or number formatting, and any byte changed in a line is caught.
import { createHash } from 'node:crypto';
import type { AuditRecord } from './auditTypes';

const HASH_SUFFIX = /,"hash":"([0-9a-f]{64})"\}$/;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Serialises a record (without `hash`) into its line, without the trailing newline. */
export function serializeAuditRecord(record: Omit<AuditRecord, 'hash'>): { line: string; hash: string } {
  const body = JSON.stringify(record);
  const hash = sha256Hex(body);
  return { line: `${body.slice(0, -1)},"hash":"${hash}"}`, hash };
}

export interface ParsedAuditLine {
  readonly record: AuditRecord;
  /** True when the stored hash matches the line's bytes. */
  readonly hashOk: boolean;
}

/** Parses one line; null when it is not a JSON object carrying `seq`, `prev` and a trailing `hash`. */
export function parseAuditLine(line: string): ParsedAuditLine | null {
  const m = HASH_SUFFIX.exec(line);
  if (!m) return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const rec = value as Partial<AuditRecord>;
  if (typeof rec.seq !== 'number' || !Number.isSafeInteger(rec.seq) || typeof rec.prev !== 'string' || rec.hash !== m[1]) {
    return null;
  }
  const body = `${line.slice(0, m.index)}}`;
  return { record: rec as AuditRecord, hashOk: sha256Hex(body) === m[1] };
}
