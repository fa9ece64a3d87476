// The export cursor: how many audit records (Merkle leaves, in log order) the OTLP endpoint has
// acknowledged. The audit log is the durable buffer; the cursor moves only after the endpoint
// answers success, so a crash or an offline period loses nothing (a crash between the answer and
// the cursor write resends one batch: receivers de-duplicate on airlock.record.seq).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeAtomic } from '../util/atomicWrite';

export const CURSOR_FILE = 'otlp-cursor.json';

export interface TelemetryCursor {
  readonly endpoint: string;
  readonly exported: number;
}

export function readCursor(dir: string, endpoint: string): number {
  try {
    const v = JSON.parse(fs.readFileSync(path.join(dir, CURSOR_FILE), 'utf8')) as Partial<TelemetryCursor>;
    // A new endpoint starts from the beginning: it has seen nothing.
    return v.endpoint === endpoint && typeof v.exported === 'number' && Number.isSafeInteger(v.exported) && v.exported >= 0 ? v.exported : 0;
  } catch {
    return 0;
  }
}

export function writeCursor(dir: string, cursor: TelemetryCursor): void {
  const file = path.join(dir, CURSOR_FILE);
  writeAtomic(file, `${JSON.stringify(cursor)}\n`);
}
