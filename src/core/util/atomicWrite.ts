// The one atomic write: a temp file beside the target, then rename, so a reader (another hook,
// the editor, CI) never sees half a file and a crash leaves the old content in place.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface AtomicWriteOptions {
  /** Exact permission bits of the new file (not masked by the umask). */
  readonly mode?: number;
  /** Flush to disk before the rename: for records that must survive a power cut. */
  readonly fsync?: boolean;
}

/** Temp names need no randomness (`wx` refuses an existing file): pid, time and a counter. */
let serial = 0;

/** Creates a temp file of our own beside `file`; a name taken (a stale temp of a reused pid) moves on to the next. */
function openTemp(file: string, mode: number): { temp: string; fd: number } {
  for (let attempt = 0; ; attempt++) {
    const temp = `${file}.airlock-${process.pid}-${Date.now().toString(36)}-${serial++}.tmp`;
    try {
      return { temp, fd: fs.openSync(temp, 'wx', mode) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw error;
    }
  }
}

export function writeAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const { temp, fd } = openTemp(file, options.mode ?? 0o666);
  try {
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
