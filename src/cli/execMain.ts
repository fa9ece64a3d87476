// Entry of dist/exec.js: `airlock exec`, which every rewritten shell call starts. Its own bundle
// holds only what building and starting the sandbox needs, so each shell call compiles a fraction
// of the commands bundle. `argv` still starts with "exec", as the launcher and cli.js pass it.
import { reportInternalError, runSubcommand } from './commandRun';
import { execCommand } from './commands/execCommand';
import { finish, processContext } from './processContext';

// The launcher's cache maker runs this before making the bundle's V8 code cache.
export { prime } from './execPrime';

export function main(argv: readonly string[]): void {
  finish(runSubcommand(execCommand, processContext(argv.slice(1))), reportInternalError);
}
