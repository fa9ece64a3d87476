// `airlock mcp`: serves Airlock's governed tools over MCP (stdio) for any agent.
import { serveWorkspaceMcp } from '../../core/tools/mcpServer';
import { commandArgs, stringOption } from '../cliArgs';
import { airlockVersion, type CliContext, EXIT_OK } from '../cliContext';
import { resolveRoot } from '../workspaceOption';

export const MCP_HELP = `Usage: airlock mcp [--root DIR]

A Model Context Protocol server on stdin/stdout offering airlock_read, airlock_search,
airlock_list and airlock_edit: tools that apply the policy themselves (denied files are never
opened, secrets are masked, each call is audited). An "ask" verdict is refused: MCP cannot ask.
`;

export async function mcpCommand(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, MCP_HELP, 'mcp', ctx.argv, { root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd);
  await serveWorkspaceMcp(process.stdin, { root, env: ctx.env, version: airlockVersion(), write: (line) => ctx.stdout(line) });
  return EXIT_OK;
}
