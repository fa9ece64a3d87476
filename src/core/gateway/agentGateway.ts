// `airlock run --gateway`: the model gateway for one agent session. It runs in Airlock's process
// outside the sandbox, with the endpoint keys; the agent inside gets only the gateway's URL and
// token, and every variable holding an endpoint key is removed from its environment.
import { agentLaunch, gatewayClientOf, isGatewayClient } from './agentSession';
import { GATEWAY_CLIENTS, GatewaySetupError } from './gatewayClientSetup';
import { GatewayTokenError } from './gatewayToken';
import { GatewayStartError, startWorkspaceGateway, type WorkspaceGateway } from './workspaceGateway';
import { ModelRules } from '../models/modelRules';
import { loadPolicy } from '../policy/loadPolicy';
import { InputError } from '../words/inputError';

export interface AgentGatewayRequest {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  /** HOME as the clients see it (their settings name the token file under it). */
  readonly home: string | null;
  /** The agent's command line. */
  readonly command: readonly string[];
  /** `--gateway` given; otherwise the policy's `models.gateway.run` decides. */
  readonly asked: boolean;
  readonly client?: string;
  readonly endpoint?: string;
}

/** The agent's command and environment, pointed at the gateway; close() stops the gateway. */
export interface AgentGatewaySession {
  readonly command: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

async function listen(request: AgentGatewayRequest): Promise<{ gateway: WorkspaceGateway; note?: string }> {
  const { root, env, home, endpoint } = request;
  try {
    // The policy's fixed port and the per-user token first: settings `airlock sync` wrote name them.
    return { gateway: await startWorkspaceGateway(root, { env, defaultEndpoint: endpoint, ...(home ? { policyPortHome: home } : {}) }) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    const gateway = await startWorkspaceGateway(root, { env, defaultEndpoint: endpoint, port: 0 });
    return { gateway, note: `the policy's gateway port is in use (another \`airlock gateway\`?), so this session's gateway listens on ${gateway.url}; settings written by \`airlock sync\` still point at the other one` };
  }
}

async function started(request: AgentGatewayRequest): Promise<{ gateway: WorkspaceGateway; note?: string }> {
  try {
    return await listen(request);
  } catch (err) {
    if (err instanceof GatewayStartError || err instanceof GatewayTokenError) throw new InputError(`airlock run --gateway: ${err.message}; the agent was NOT started`);
    throw err;
  }
}

/**
 * The session's gateway when asked for (or the policy says so), and what to tell the user; no
 * session when the gateway is not wanted, or the policy wants it for an agent it cannot point.
 */
export async function startAgentGateway(request: AgentGatewayRequest): Promise<{ session: AgentGatewaySession | null; notes: string[] }> {
  const { asked, command, client: clientName, endpoint } = request;
  if (!asked && (clientName !== undefined || endpoint !== undefined)) throw new InputError('airlock run: --client and --endpoint go with --gateway');
  if (clientName !== undefined && !isGatewayClient(clientName)) throw new InputError(`airlock run: --client must be one of ${GATEWAY_CLIENTS.join(', ')}, not "${clientName}"`);
  const byPolicy = !asked && new ModelRules(loadPolicy(request.root, { env: request.env })).gateway.run;
  if (!asked && !byPolicy) return { session: null, notes: [] };
  const client = clientName ?? gatewayClientOf(command);
  if (client === null) {
    if (asked) throw new InputError(`airlock run --gateway: Airlock does not know how to point \`${command[0]}\` at the gateway; name its kind with --client (${GATEWAY_CLIENTS.join(', ')})`);
    return { session: null, notes: [`the policy sends agents through the gateway ("models.gateway.run"), but \`${command[0]}\` is not a client Airlock can point at it; its model traffic is NOT inspected`] };
  }
  const { gateway, note } = await started(request);
  try {
    const setup = gateway.clientSetup(client, endpoint);
    const launch = agentLaunch(command, request.env, setup, gateway.endpoints);
    const notes = [`${client} talks to the model only through the gateway at ${gateway.url} (inspected and audited)${launch.removed.length ? `; removed from its environment: ${launch.removed.join(', ')}` : ''}`, ...(note ? [note] : [])];
    return { session: { command: launch.command, env: launch.env, close: () => gateway.close() }, notes };
  } catch (err) {
    await gateway.close();
    if (err instanceof GatewaySetupError) throw new InputError(`airlock run --gateway: ${err.message}; the agent was NOT started`);
    throw err;
  }
}
