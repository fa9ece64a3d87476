// Entry of dist/commands.js: every subcommand but `hook` (and `exec`, which has its own bundle too).
import { reportInternalError } from './commandRun';
import { finish, processContext } from './processContext';
import { runCli } from './runCli';

export function main(argv: readonly string[]): void {
  finish(runCli(processContext(argv)), reportInternalError);
}
