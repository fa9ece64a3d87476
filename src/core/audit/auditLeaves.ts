// The Merkle leaves of an audit log: every stored record line, in log order across rotated files,
// as its exact bytes. Lines written by the older hash-chained format are leaves as they stand, so
// an existing log enters the tree unchanged (nothing rewritten, nothing lost).
import * as fs from 'node:fs';
import { listAuditFiles } from './auditFiles';
import { leafHash, type Hash } from './merkleTree';

/** A stored record line, judged by shape only: its bytes are the leaf whatever they say. */
const RECORD_LINE = /^\{.*,"hash":"[0-9a-f]{64}"\}$/;

export interface AuditLeaves {
  readonly records: readonly string[];
  readonly hashes: readonly Hash[];
}

export function readAuditLeaves(dir: string): AuditLeaves {
  const records: string[] = [];
  for (const file of listAuditFiles(dir)) {
    const text = fs.readFileSync(file.path, 'utf8');
    // A torn last line (no newline yet) is not a record until its writer finishes it.
    const lines = text.split('\n').slice(0, -1);
    for (const line of lines) if (RECORD_LINE.test(line)) records.push(line);
  }
  return { records, hashes: records.map((r) => leafHash(Buffer.from(r, 'utf8'))) };
}
