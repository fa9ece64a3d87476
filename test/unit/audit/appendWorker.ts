// A separate process appending audit events, for the concurrency test and the bench (not a test).
// Usage: node -r tsx/cjs appendWorker.ts <dir> <workerId> <count> <startAtMs> <maxFileBytes>
// Prints the slowest append in ms (lock wait included) on stdout when done.
import { appendAuditEvents } from '../../../src/core/audit/auditAppend';

const [dir, id, countText, startAtText, maxText] = process.argv.slice(2);
const count = Number(countText);
// Start together so the writers really contend for the lock.
const wait = Number(startAtText) - Date.now();
if (wait > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
let slowest = 0;
for (let i = 0; i < count; i++) {
  const t0 = Date.now();
  appendAuditEvents(
    dir,
    [{ kind: 'decision', client: 'worker', session: `w${id}`, tool: 'Read', action: 'read', paths: [`w${id}/${i}.txt`], verdict: 'allow', reason: `worker ${id} event ${i}` }],
    // A long lock timeout: this checks the chain's integrity under contention on a possibly
    // overloaded CI box, not lock latency (the bench reports the slowest append).
    { maxFileBytes: Number(maxText), lockTimeoutMs: 60_000 },
  );
  slowest = Math.max(slowest, Date.now() - t0);
}
process.stdout.write(String(slowest));
