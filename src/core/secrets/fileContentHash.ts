// The SHA-256 of a file's bytes, read in chunks so a file far over the scanner's cap costs no
// more memory than a small one. Used only for files the scanner cannot judge (unscannedAcceptance).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

const CHUNK = 1024 * 1024;

/** Lower-case hex SHA-256 of the file's content, or null when it cannot be read. */
export function sha256OfFile(abs: string): string | null {
  let fd: number | undefined;
  try {
    // O_NONBLOCK: a FIFO planted under the name must not hang the hook.
    fd = fs.openSync(abs, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    if (!fs.fstatSync(fd).isFile()) return null;
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(CHUNK);
    for (let n = fs.readSync(fd, buf, 0, CHUNK, null); n > 0; n = fs.readSync(fd, buf, 0, CHUNK, null)) hash.update(buf.subarray(0, n));
    return hash.digest('hex');
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
