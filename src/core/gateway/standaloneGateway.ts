// `airlock gateway`: the workspace's gateway run until interrupted, with the settings that point
// each client at each endpoint. A start failure (bad token file, port taken) is the caller's to fix.
import { GATEWAY_CLIENTS, type GatewayClient, type GatewayClientSetup } from './gatewayClientSetup';
import { GatewayTokenError } from './gatewayToken';
import { GatewayStartError, startWorkspaceGateway, type WorkspaceGateway, type WorkspaceGatewayOptions } from './workspaceGateway';
import { InputError } from '../words/inputError';

export async function startStandaloneGateway(root: string, options: WorkspaceGatewayOptions): Promise<WorkspaceGateway> {
  try {
    return await startWorkspaceGateway(root, options);
  } catch (err) {
    if (err instanceof GatewayStartError || err instanceof GatewayTokenError) throw new InputError(`airlock gateway: ${err.message}`);
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new InputError(`airlock gateway: port ${options.port ?? '(policy "models.gateway.port")'} on 127.0.0.1 is in use (another gateway?); stop it or pass --port`);
    throw err;
  }
}

/** Each client that can use `endpoint`, with what points it at the gateway. */
export function clientSetups(gateway: WorkspaceGateway, endpoint: string): Array<{ client: GatewayClient; setup: GatewayClientSetup }> {
  const out: Array<{ client: GatewayClient; setup: GatewayClientSetup }> = [];
  for (const client of GATEWAY_CLIENTS) {
    try {
      out.push({ client, setup: gateway.clientSetup(client, endpoint) });
    } catch {
      // This client cannot use an endpoint of this format.
    }
  }
  return out;
}
