// `airlock exec -- <command...>`: one command in the workspace's sandbox (the hook rewrites shell
// tool calls into this).
import type { CliContext } from '../cliContext';
import { sandboxCommand } from '../sandboxCli';

export const EXEC_HELP = `Usage: airlock exec [--root DIR] [--proc new|bind] [--explain [--json]] -- <command> [args...]

Runs one command inside Airlock's sandbox: the paths the policy protects for reads are masked
(files unreadable, folders empty), Airlock's own files, the generated hook configs, .git/config,
.git/hooks, submodules' config and hooks (.git/modules/) and Airlock's code and caches are
read-only; a .git/commondir the command plants, in repositories it makes or re-points the
config settings, hooks and commondir not known to be inert, and new names the policy protects
from AI edits (edit deny or ask) are moved aside when it ends (with a warning).
The generated hooks rewrite assistants' shell tool calls into this. Linux: bubblewrap; macOS:
sandbox-exec (untested); Windows: not available.

If the sandbox cannot be built or started, the command is NOT run (exit 126) and the reason is printed.
Otherwise the exit status is the command's.

Options:
  --root DIR      the workspace (default: nearest .airlock/policy.json above the current directory)
  --proc MODE     new (default): a private /proc; bind: the host's /proc (weaker, see README)
  --explain       print what would be masked and frozen, run nothing (--json for JSON)
`;

export function execCommand(ctx: CliContext): Promise<number> {
  return sandboxCommand(ctx, { name: 'exec', help: EXEC_HELP, interactive: false });
}
