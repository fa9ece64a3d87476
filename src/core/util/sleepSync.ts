// Blocks the thread for a few milliseconds without spinning: for synchronous retry loops (the
// audit lock, a verify racing a writer) that cannot await. The buffer is made on first use.
let sleeper: Int32Array | undefined;

export function sleepSync(ms: number): void {
  Atomics.wait((sleeper ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, ms);
}
