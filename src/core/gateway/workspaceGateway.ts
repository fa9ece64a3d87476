// One call to run the gateway for a workspace and get each client's settings: what `airlock
// gateway` runs, and what `airlock run --gateway` starts in-process before launching the agent.
import { randomBytes } from 'node:crypto';
import { livePolicy } from '../models/livePolicy';
import type { ModelEndpoint, ModelGatewaySettings } from '../policy/modelPolicyTypes';
import { OutboundInspector } from '../models/outboundInspector';
import { type GatewayClient, type GatewayClientSetup, gatewayClientSetup, GatewaySetupError } from './gatewayClientSetup';
import { gatewayTokenFile, loadGatewayToken } from './gatewayToken';
import { type Gateway, startGateway } from './gatewayServer';

export interface WorkspaceGatewayOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly port?: number;
  /**
   * With no `port`: listen on the policy's `models.gateway.port` (if it sets one) and, unless a
   * token is given, use the per-user token file under this HOME, which synced client settings name.
   */
  readonly policyPortHome?: string;
  /** The token clients must present; default a fresh random one; null for none. */
  readonly token?: string | null;
  /** Endpoint for requests whose path names none. */
  readonly defaultEndpoint?: string;
  readonly onRequest?: (line: string) => void;
}

export interface WorkspaceGateway extends Gateway {
  readonly token: string | undefined;
  readonly endpoints: readonly ModelEndpoint[];
  /** The policy's `models.gateway` settings (over every layer). */
  readonly settings: Omit<ModelGatewaySettings, 'location'>;
  /**
   * The environment and arguments that point `client` at this gateway, for `endpoint` (default:
   * the first endpoint the client can speak to). Throws GatewaySetupError when none fits.
   */
  clientSetup(client: GatewayClient, endpoint?: string): GatewayClientSetup;
}

export class GatewayStartError extends Error {}

export async function startWorkspaceGateway(root: string, options: WorkspaceGatewayOptions): Promise<WorkspaceGateway> {
  const inspector = new OutboundInspector({ engine: livePolicy(root, options.env), env: options.env });
  const { engine, rules } = inspector.state();
  if (engine.error) throw new GatewayStartError(`the policy is invalid; fix it first: ${engine.error.message}`);
  if (!rules.configured) throw new GatewayStartError('the policy has no "models" section naming an endpoint');
  if (options.defaultEndpoint !== undefined && !rules.endpoints.has(options.defaultEndpoint)) {
    throw new GatewayStartError(`no endpoint "${options.defaultEndpoint}" in the policy (defined: ${[...rules.endpoints.keys()].join(', ')})`);
  }
  const policyPort = options.port === undefined && options.policyPortHome !== undefined ? rules.gateway.port : undefined;
  const fixedToken = () => (policyPort !== undefined && options.policyPortHome !== undefined ? loadGatewayToken(gatewayTokenFile(options.policyPortHome)) : randomBytes(24).toString('base64url'));
  const token = options.token === null ? undefined : options.token ?? fixedToken();
  const defaultEndpoint = options.defaultEndpoint ?? rules.gateway.endpoint;
  const gateway = await startGateway({ inspector, defaultEndpoint, env: options.env, token, port: options.port ?? policyPort, onRequest: options.onRequest });
  const endpoints = [...rules.endpoints.values()];
  return {
    ...gateway,
    token,
    endpoints,
    settings: rules.gateway,
    clientSetup(client, endpointName = rules.gateway.endpoint) {
      const candidates = endpointName ? endpoints.filter((e) => e.name === endpointName) : endpoints;
      if (candidates.length === 0) throw new GatewaySetupError(`no endpoint "${endpointName}" in the policy`);
      let last: unknown;
      for (const endpoint of candidates) {
        try {
          return gatewayClientSetup(client, { gatewayUrl: gateway.url, endpoint, token });
        } catch (err) {
          last = err;
        }
      }
      throw last;
    },
  };
}
