// The one atomic write: a temp file beside the target, then rename, so a reader (another hook,
// the editor, CI) never sees half a file and a crash leaves the old content in place.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface AtomicWriteOptions {
  /** Exact permission bits of the new file (not masked by the umask). */
  readonly mode?: number;
  /** Flush to disk before the rename: for records that must survive a power cut. */
  readonly fsync?: boolean;
}

export function writeAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.airlock-${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = fs.openSync(temp, 'wx', options.mode ?? 0o666);
    try {
      fs.writeFileSync(fd, data);
      if (options.mode !== undefined) fs.fchmodSync(fd, options.mode);
      if (options.fsync) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
