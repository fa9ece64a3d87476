// Standard input for `airlock hook`, read without Node's stream classes where that is safe: a
// file or a pipe is read with plain reads (~0.5 ms, against ~4-6 ms to set up `process.stdin` and
// the `net` module behind it). A pipe is reopened non-blocking, so a writer that is slow, or never
// closes, leaves the event loop free (the deadline timer still fires) and `EAGAIN` only means
// "wait". A socket (Node-based clients, Claude Code and the Copilot CLI, spawn hooks over a
// socketpair) cannot be reopened: its first read runs on libuv's thread pool (readSocket). A
// terminal keeps `process.stdin`.
import { closeSync, constants, fstatSync, openSync, read, readSync } from 'node:fs';

/** How long the hook waits for its event on stdin before blocking the call. */
export const STDIN_TIMEOUT_MS = 6_000;

const CHUNK = 64 * 1024;
/** Waits between reads of an empty pipe grow to this (ms): prompt, without spinning. */
const MAX_POLL_MS = 16;

function viaStream(chunks: Buffer[] = []): Promise<string> {
  reading = true;
  return new Promise((resolve, reject) => {
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => {
      reading = false;
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    process.stdin.on('error', (err) => {
      reading = false;
      reject(err);
    });
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

let reading = false;

/** Whether stdin is still being read after the hook answered (an event that never ended): it keeps the process alive. */
export function stdinReadPending(): boolean {
  return reading;
}

/** True when the bytes are one whole JSON value ending in `}`: the event is complete even if the writer keeps stdin open. */
function wholeJson(bytes: Buffer): boolean {
  let end = bytes.length - 1;
  while (end >= 0 && (bytes[end] === 0x20 || bytes[end] === 0x0a || bytes[end] === 0x0d || bytes[end] === 0x09)) end--;
  if (end < 0 || bytes[end] !== 0x7d) return false;
  try {
    JSON.parse(bytes.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

/**
 * A socket: the first read runs on libuv's thread pool (~1 ms, no stream set-up), and returns as
 * soon as the client has written anything. A whole event ends the read there; otherwise (a large
 * event, a writer that pauses) Node's stream reads the rest, so no thread-pool read is left
 * waiting on a writer that stalls (a process cannot exit while one is). Not covered: a client that
 * opens the socket and never writes at all keeps that first read waiting; the hook then answers
 * at its deadline, but exits only when the client closes stdin or ends it.
 */
function readSocket(): Promise<string> {
  reading = true;
  return new Promise((resolve, reject) => {
    read(0, Buffer.allocUnsafe(CHUNK), 0, CHUNK, null, (err, n, buf) => {
      if (err) {
        // EAGAIN (someone made the socket non-blocking) and the like: the stream reads it all.
        viaStream([]).then(resolve, reject);
        return;
      }
      const first = Buffer.from(buf.subarray(0, n));
      if (n === 0 || wholeJson(first)) {
        reading = false;
        resolve(first.toString('utf8'));
        return;
      }
      viaStream([first]).then(resolve, reject);
    });
  });
}

export function readStdin(): Promise<string> {
  try {
    const st = fstatSync(0);
    if (st.isFile()) return Promise.resolve(readToEnd(0));
    if (st.isSocket() && process.platform !== 'win32') return readSocket();
    // A new open of the same pipe: non-blocking for this process only (the writer's flags are untouched).
    if (st.isFIFO() && process.platform === 'linux') return drainNonBlocking(openSync('/proc/self/fd/0', constants.O_RDONLY | constants.O_NONBLOCK));
  } catch (err) {
    // A read that failed part-way must not be retried from the middle: report it.
    if ((err as NodeJS.ErrnoException).syscall === 'read') return Promise.reject(err as Error);
    // No stat or no /proc: Node's own reader.
  }
  return viaStream();
}
