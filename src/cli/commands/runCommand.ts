// `airlock run -- <agent> [args]`: a whole CLI agent in the workspace's sandbox, so every tool it
// has, every MCP server it spawns and every shell it runs sees the masked tree.
import type { CliContext } from '../cliContext';
import { prepareRunGateway, RUN_GATEWAY_OPTIONS } from '../runGateway';
import { sandboxCommand } from '../sandboxCli';

export const RUN_HELP = `Usage: airlock run [--root DIR] [--proc new|bind] [--gateway [--client NAME] [--endpoint NAME]] [--explain [--json]] -- <agent> [args...]

Starts a CLI agent (claude, copilot, codex, opencode, anything) inside Airlock's sandbox: every
tool, MCP server and shell it starts sees the paths the policy protects as unreadable, and
Airlock's own files as read-only. Its hooks then verify the sandbox from inside and let
repository-wide searches run (the sandbox confines them). The audit log is read-only inside:
the hooks append through a socket this process serves. Ctrl-C goes to the agent. During the
session (every few seconds and after each hook call) and when it exits, a .git/commondir
planted inside, in repositories made or re-pointed inside the config settings, hooks and
commondir not known to be inert, and new names the policy denies AI edits of are moved aside
(with a warning on stderr).

If the sandbox cannot be built or started, the agent is NOT started (exit 126).

Options:
  --root DIR      the workspace (default: nearest .airlock/policy.json above the current directory)
  --proc MODE     new (default): a private /proc; bind: the host's /proc, needed to nest Claude
                  Code's own sandbox (as root, the agent then runs as an ordinary account mapped
                  onto root), but it exposes the host's process list (see README)
  --explain       print what would be masked and frozen, run nothing (--json for JSON)
  --gateway       send the agent's model traffic through Airlock's gateway (on by default when
                  the policy sets "models": { "gateway": { "run": true } }): the gateway runs
                  outside the sandbox with the endpoint keys; the agent gets only its URL and token
  --client NAME   claude-code, copilot-cli, codex or opencode (default: from the agent's name)
  --endpoint NAME the policy endpoint to use (default: "models.gateway.endpoint", else the first
                  one the client can speak)
`;

export function runCommand(ctx: CliContext): Promise<number> {
  return sandboxCommand(ctx, {
    name: 'run', help: RUN_HELP, interactive: true, options: RUN_GATEWAY_OPTIONS,
    prepare: (root, command, values) => prepareRunGateway(ctx, root, command, values),
  });
}
