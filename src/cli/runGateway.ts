// `airlock run --gateway`: the model gateway for one agent session. It runs here, in Airlock's
// process outside the sandbox, with the endpoint keys; the agent inside gets only the gateway's
// URL and token, and every variable holding an endpoint key is removed from its environment.
import { agentLaunch, gatewayClientOf, isGatewayClient } from '../core/gateway/agentSession';
import { GATEWAY_CLIENTS, GatewaySetupError } from '../core/gateway/gatewayClientSetup';
import { GatewayTokenError } from '../core/gateway/gatewayToken';
import { GatewayStartError, startWorkspaceGateway, type WorkspaceGateway } from '../core/gateway/workspaceGateway';
import { ModelRules } from '../core/models/modelRules';
import { loadPolicy } from '../core/policy/loadPolicy';
import type { Parsed } from './cliArgs';
import { type CliContext, UsageError } from './cliContext';
import { type SandboxSession, userHome } from './sandboxCli';

export const RUN_GATEWAY_OPTIONS = { gateway: { type: 'boolean' }, client: { type: 'string' }, endpoint: { type: 'string' } } as const;

/** HOME as the clients see it: their settings name the token file under `$HOME` (apiKeyHelper) or `~` (opencode). */
export function gatewayHome(env: NodeJS.ProcessEnv): string | null {
  return env.HOME || userHome();
}

async function listen(root: string, env: NodeJS.ProcessEnv, endpoint: string | undefined): Promise<{ gateway: WorkspaceGateway; note?: string }> {
  const home = gatewayHome(env);
  try {
    // The policy's fixed port and the per-user token first: settings `airlock sync` wrote name them.
    return { gateway: await startWorkspaceGateway(root, { env, defaultEndpoint: endpoint, ...(home ? { policyPortHome: home } : {}) }) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    const gateway = await startWorkspaceGateway(root, { env, defaultEndpoint: endpoint, port: 0 });
    return { gateway, note: `the policy's gateway port is in use (another \`airlock gateway\`?), so this session's gateway listens on ${gateway.url}; settings written by \`airlock sync\` still point at the other one` };
  }
}

export async function prepareRunGateway(ctx: CliContext, root: string, command: readonly string[], values: Parsed['values']): Promise<SandboxSession | null> {
  const asked = values.gateway === true;
  const clientName = typeof values.client === 'string' ? values.client : undefined;
  const endpoint = typeof values.endpoint === 'string' ? values.endpoint : undefined;
  if (!asked && (clientName !== undefined || endpoint !== undefined)) throw new UsageError('airlock run: --client and --endpoint go with --gateway');
  if (clientName !== undefined && !isGatewayClient(clientName)) throw new UsageError(`airlock run: --client must be one of ${GATEWAY_CLIENTS.join(', ')}, not "${clientName}"`);
  const byPolicy = !asked && new ModelRules(loadPolicy(root, { env: ctx.env })).gateway.run;
  if (!asked && !byPolicy) return null;
  const client = clientName ?? gatewayClientOf(command);
  if (client === null) {
    if (asked) throw new UsageError(`airlock run --gateway: Airlock does not know how to point \`${command[0]}\` at the gateway; name its kind with --client (${GATEWAY_CLIENTS.join(', ')})`);
    ctx.stderr(`airlock run: the policy sends agents through the gateway ("models.gateway.run"), but \`${command[0]}\` is not a client Airlock can point at it; its model traffic is NOT inspected\n`);
    return null;
  }
  let started: { gateway: WorkspaceGateway; note?: string };
  try {
    started = await listen(root, ctx.env, endpoint);
  } catch (err) {
    if (err instanceof GatewayStartError || err instanceof GatewayTokenError) throw new UsageError(`airlock run --gateway: ${err.message}; the agent was NOT started`);
    throw err;
  }
  const { gateway } = started;
  try {
    const setup = gateway.clientSetup(client, endpoint);
    const launch = agentLaunch(command, ctx.env, setup, gateway.endpoints);
    ctx.stderr(`airlock run: ${client} talks to the model only through the gateway at ${gateway.url} (inspected and audited)${launch.removed.length ? `; removed from its environment: ${launch.removed.join(', ')}` : ''}\n`);
    if (started.note) ctx.stderr(`airlock run: ${started.note}\n`);
    return { command: launch.command, env: launch.env, close: () => gateway.close() };
  } catch (err) {
    await gateway.close();
    if (err instanceof GatewaySetupError) throw new UsageError(`airlock run --gateway: ${err.message}; the agent was NOT started`);
    throw err;
  }
}
