// Entry of dist/hook.js: the lean path that runs once per assistant tool call. It loads only what
// a hook decision needs, and blocks the call if anything at all goes wrong.
import { formatFailClosedAnswer } from '../core/hook/hookAnswer';
import type { ClientId } from '../core/words/clientTypes';
import { HOOK_DEADLINE_MS } from '../core/decide/decideBudget';
import { hookCommand } from './commands/hookCommand';
import { finish, processContext } from './processContext';
import { errorMessage } from '../core/util/errorMessage';
import { stdinReadPending } from './readStdin';

// The launcher's cache maker runs this before making the bundle's V8 code cache.
export { prime } from './hookPrime';

/**
 * A hard deadline: clients that time a hook out let the call through, so answer first. It fires
 * only while the process waits (stdin, I/O); synchronous decision work is bounded by its own
 * budget (decideBudget), which ends earlier.
 */
const asked = Number(process.env.AIRLOCK_HOOK_DEADLINE_MS);
const DEADLINE_MS = Number.isFinite(asked) && asked > 0 && asked < HOOK_DEADLINE_MS ? asked : HOOK_DEADLINE_MS;

export function main(argv: readonly string[]): void {
  const hintIndex = argv.indexOf('--client');
  const client = (hintIndex >= 0 ? argv[hintIndex + 1] : undefined) as ClientId | undefined;
  const failClosed = (message: string): number => {
    const out = formatFailClosedAnswer(client ?? 'claude-code', message);
    if (out.stdout) process.stdout.write(out.stdout);
    process.stderr.write(`${out.stderr}\n`);
    return out.exitCode;
  };
  const timer = setTimeout(() => {
    process.exitCode = failClosed(`Airlock did not answer within ${DEADLINE_MS} ms`);
    process.exit();
  }, DEADLINE_MS);
  timer.unref();
  const answered = hookCommand(processContext(argv)).finally(() => {
    // One answer per call: once it is out, the deadline must not write a second one.
    clearTimeout(timer);
    // A stdin read still waiting on the thread pool (the event never ended, and the hook already
    // answered that) would keep the process alive until the client kills it: leave once flushed.
    if (stdinReadPending()) process.stdout.write('', () => process.stderr.write('', () => process.exit()));
  });
  finish(answered, (err) => failClosed(`internal error: ${errorMessage(err)}`));
}
