// `airlock run --gateway`'s options and HOME; the session's gateway is core's (gateway/agentGateway).
import { startAgentGateway } from '../core/gateway/agentGateway';
import type { Parsed } from './cliArgs';
import type { CliContext } from './cliContext';
import { type SandboxSession, userHome } from './sandboxCli';

export const RUN_GATEWAY_OPTIONS = { gateway: { type: 'boolean' }, client: { type: 'string' }, endpoint: { type: 'string' } } as const;

/** HOME as the clients see it: their settings name the token file under `$HOME` (apiKeyHelper) or `~` (opencode). */
export function gatewayHome(env: NodeJS.ProcessEnv): string | null {
  return env.HOME || userHome();
}

export async function prepareRunGateway(ctx: CliContext, root: string, command: readonly string[], values: Parsed['values']): Promise<SandboxSession | null> {
  const client = typeof values.client === 'string' ? values.client : undefined;
  const endpoint = typeof values.endpoint === 'string' ? values.endpoint : undefined;
  const started = await startAgentGateway({ root, env: ctx.env, home: gatewayHome(ctx.env), command, asked: values.gateway === true, ...(client !== undefined ? { client } : {}), ...(endpoint !== undefined ? { endpoint } : {}) });
  for (const note of started.notes) ctx.stderr(`airlock run: ${note}\n`);
  return started.session;
}
