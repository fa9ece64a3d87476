// Entry of dist/commands.js: every subcommand but `hook`.
import { finish, processContext } from './processContext';
import { runCli } from './runCli';
import { errorMessage } from '../core/util/errorMessage';

export function main(argv: readonly string[]): void {
  finish(runCli(processContext(argv)), (err) => {
    // An internal failure: say so plainly (exit 2), with the detail for a bug report.
    process.stderr.write(`airlock: internal error: ${errorMessage(err)}\n`);
    if (process.env.AIRLOCK_DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : ''}\n`);
    return 2;
  });
}
