// Standard input for `airlock hook`, read without Node's stream classes where that is safe: a
// file or a pipe is read with plain reads (~0.5 ms, against ~3 ms to set up `process.stdin` and
// the `net` module behind it). A pipe is reopened non-blocking, so a writer that is slow, or never
// closes, leaves the event loop free (the deadline timer still fires) and `EAGAIN` only means
// "wait". A socket (Node-based clients spawn hooks over a socketpair) or a terminal cannot be made
// non-blocking without Node's stream code, and a blocking read could outlast every deadline, so
// those keep `process.stdin`.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** How long the hook waits for its event on stdin before blocking the call. */
export const STDIN_TIMEOUT_MS = 6_000;

const CHUNK = 64 * 1024;
/** Waits between reads of an empty pipe grow to this (ms): prompt, without spinning. */
const MAX_POLL_MS = 16;

function viaStream(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

function readToEnd(fd: number): string {
  const chunks: Buffer[] = [];
  const buf = Buffer.allocUnsafe(CHUNK);
  for (let n; (n = readSync(fd, buf, 0, CHUNK, null)) > 0; ) chunks.push(Buffer.from(buf.subarray(0, n)));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a non-blocking descriptor to its end, waiting (not blocking) whenever it has no data yet. */
export function drainNonBlocking(fd: number, timeoutMs: number = STDIN_TIMEOUT_MS): Promise<string> {
  const started = Date.now();
  const chunks: Buffer[] = [];
  const buf = Buffer.allocUnsafe(CHUNK);
  let wait = 0;
  return new Promise((resolve, reject) => {
    const done = (err: Error | null): void => {
      closeSync(fd);
      if (err) reject(err);
      else resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const step = (): void => {
      for (;;) {
        let n: number;
        try {
          n = readSync(fd, buf, 0, CHUNK, null);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') return done(err as Error);
          if (Date.now() - started >= timeoutMs) return done(new Error(`no end of input after ${timeoutMs} ms`));
          wait = Math.min(MAX_POLL_MS, wait + 1);
          setTimeout(step, wait);
          return;
        }
        if (n === 0) return done(null);
        chunks.push(Buffer.from(buf.subarray(0, n)));
        wait = 0;
      }
    };
    step();
  });
}

export function readStdin(): Promise<string> {
  try {
    const st = fstatSync(0);
    if (st.isFile()) return Promise.resolve(readToEnd(0));
    // A new open of the same pipe: non-blocking for this process only (the writer's flags are untouched).
    if (st.isFIFO() && process.platform === 'linux') return drainNonBlocking(openSync('/proc/self/fd/0', constants.O_RDONLY | constants.O_NONBLOCK));
  } catch (err) {
    // A read that failed part-way must not be retried from the middle: report it.
    if ((err as NodeJS.ErrnoException).syscall === 'read') return Promise.reject(err as Error);
    // No stat or no /proc: Node's own reader.
  }
  return viaStream();
}
