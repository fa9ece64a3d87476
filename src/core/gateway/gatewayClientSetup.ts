// What each CLI agent needs to send its model traffic through the gateway, for `airlock run
// --gateway` and `airlock gateway --print-env`. The returned environment and arguments replace the
// client's own provider settings; the gateway then holds the real endpoint key.
import type { ModelEndpoint } from '../policy/modelPolicyTypes';

export type GatewayClient = 'claude-code' | 'copilot-cli' | 'codex' | 'opencode';

export const GATEWAY_CLIENTS: readonly GatewayClient[] = ['claude-code', 'copilot-cli', 'codex', 'opencode'];

export interface GatewayClientSetup {
  /** Environment variables to set for the client process. */
  readonly env: Readonly<Record<string, string>>;
  /** Arguments to put before the client's own (Codex takes its provider as `-c` overrides). */
  readonly args: readonly string[];
  /** What was not verified end to end for this client, or what the user must know. */
  readonly notes: readonly string[];
}

export interface GatewaySetupInput {
  /** The gateway's base URL, `http://127.0.0.1:<port>`. */
  readonly gatewayUrl: string;
  readonly endpoint: Pick<ModelEndpoint, 'name' | 'api' | 'models'>;
  /** The gateway's token (the API key clients present); a placeholder when the gateway has none. */
  readonly token?: string;
}

export class GatewaySetupError extends Error {}

/** The client's settings that point it at `<gatewayUrl>/e/<endpoint>`. */
export function gatewayClientSetup(client: GatewayClient, input: GatewaySetupInput): GatewayClientSetup {
  const { endpoint } = input;
  const base = `${input.gatewayUrl.replace(/\/+$/, '')}/e/${endpoint.name}`;
  const key = input.token ?? 'airlock-gateway';
  const model = endpoint.models[0];
  switch (client) {
    case 'claude-code':
      if (endpoint.api !== 'anthropic') throw new GatewaySetupError(`Claude Code speaks only the Anthropic API; endpoint "${endpoint.name}" is ${endpoint.api}`);
      return {
        env: { ANTHROPIC_BASE_URL: base, ANTHROPIC_API_KEY: key, ...(model ? { ANTHROPIC_MODEL: model } : {}) },
        args: [],
        notes: [],
      };
    case 'copilot-cli':
      return {
        env: {
          COPILOT_PROVIDER_BASE_URL: endpoint.api === 'anthropic' ? base : `${base}/v1`,
          COPILOT_PROVIDER_TYPE: endpoint.api,
          COPILOT_PROVIDER_API_KEY: key,
          ...(endpoint.api === 'openai' ? { COPILOT_PROVIDER_WIRE_API: 'completions' } : {}),
          ...(model ? { COPILOT_MODEL: model } : {}),
        },
        args: [],
        // The BYOK variables are environment-only: `airlock sync` cannot write them.
        notes: [],
      };
    case 'codex':
      if (endpoint.api !== 'openai') throw new GatewaySetupError(`Codex needs an OpenAI-compatible endpoint; endpoint "${endpoint.name}" is ${endpoint.api}`);
      return {
        env: { AIRLOCK_GATEWAY_KEY: key },
        args: [
          '-c', 'model_provider="airlock"',
          '-c', `model_providers.airlock={ name = "Airlock gateway", base_url = "${base}/v1", env_key = "AIRLOCK_GATEWAY_KEY", wire_api = "responses" }`,
          // As a config override, not `-m`: `-c` reaches every subcommand (`codex exec` too).
          ...(model ? ['-c', `model="${model}"`] : []),
        ],
        notes: ['Codex speaks the Responses API: the endpoint must serve /responses as well as /chat/completions.'],
      };
    case 'opencode': {
      // small_model too: opencode's side calls (titles, summaries) would otherwise pick a model of another provider.
      const chosen = (id: string): Record<string, string> => (model ? { model: `${id}/${model}`, small_model: `${id}/${model}` } : {});
      const config = endpoint.api === 'anthropic'
        ? { provider: { anthropic: { options: { baseURL: `${base}/v1`, apiKey: key } } }, ...chosen('anthropic') }
        : {
          provider: { airlock: { npm: '@ai-sdk/openai-compatible', name: 'Airlock gateway', options: { baseURL: `${base}/v1`, apiKey: key }, models: Object.fromEntries((model ? [model] : []).map((m) => [m, { name: m, tool_call: true }])) } },
          ...chosen('airlock'),
        };
      return { env: { OPENCODE_CONFIG_CONTENT: JSON.stringify(config) }, args: [], notes: [] };
    }
  }
}
