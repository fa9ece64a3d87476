// `airlock sync` for the governed model path: the client settings that send model traffic to the
// gateway on the policy's fixed port ("models": { "gateway": { "port", "sync": true } }). Only
// what a client reads from a project file is written: Claude Code's `.claude/settings.json` and
// opencode's `opencode.json`. The Copilot CLI's provider variables are environment-only, and Codex
// ignores a provider set in a project's `.codex/config.toml`: both go through `airlock run --gateway`.
import { GATEWAY_TOKEN_REL } from '../words/airlockLayout';
import type { ModelEndpoint, ModelsSection } from '../policy/modelPolicyTypes';
import type { JsonManagedEdit, NativeWarning } from './nativeTypes';

export const OPENCODE_CONFIG_PATH = 'opencode.json';

export interface GatewaySyncPlan {
  /** Edits for .claude/settings.json; empty when the policy has no "gateway" (nothing to add or remove). */
  readonly claude: readonly JsonManagedEdit[];
  /** Edits for opencode.json; null when the policy has no "gateway". */
  readonly opencode: readonly JsonManagedEdit[] | null;
  /** Whether opencode.json should be created when missing. */
  readonly createOpencode: boolean;
  readonly warnings: readonly NativeWarning[];
}

function pick(models: ModelsSection, want: (e: ModelEndpoint) => boolean): ModelEndpoint | undefined {
  const named = models.gateway?.endpoint;
  const eps = [...models.endpoints.values()];
  return named ? eps.find((e) => e.name === named && want(e)) : eps.find(want);
}

export function planGatewaySettings(models: ModelsSection | undefined, claudePath: string): GatewaySyncPlan {
  const gateway = models?.gateway;
  if (!models || !gateway) return { claude: [], opencode: null, createOpencode: false, warnings: [] };
  const warnings: NativeWarning[] = [];
  const on = gateway.sync && gateway.port !== undefined;
  const base = (e: ModelEndpoint): string => `http://127.0.0.1:${gateway.port}/e/${e.name}`;

  // With "sync" off the entries are still planned, empty, so a re-sync removes what an earlier one wrote.
  const anthropic = on ? pick(models, (e) => e.api === 'anthropic') : undefined;
  if (on && !anthropic) warnings.push({ file: claudePath, message: `Claude Code is not pointed at the gateway: it speaks only the Anthropic API and ${gateway.endpoint ? `endpoint "${gateway.endpoint}" is not one` : 'no endpoint is "api": "anthropic"'}` });
  const claude: JsonManagedEdit[] = [
    { kind: 'object-entries', path: ['env'], entries: anthropic ? { ANTHROPIC_BASE_URL: base(anthropic) } : {} },
    // The token is per user and never committed: Claude Code asks this command for it.
    { kind: 'object-entries', path: [], entries: anthropic ? { apiKeyHelper: `cat "$HOME/${GATEWAY_TOKEN_REL}"` } : {} },
  ];

  const endpoint = on ? pick(models, () => true) : undefined;
  const model = endpoint?.models[0];
  const opencode: JsonManagedEdit[] = [];
  if (endpoint && !model) {
    warnings.push({ file: OPENCODE_CONFIG_PATH, message: `opencode is not pointed at the gateway: endpoint "${endpoint.name}" lists no "models", and opencode needs a model id to select` });
  }
  const apiKey = `{file:~/${GATEWAY_TOKEN_REL}}`;
  const provider = endpoint && model
    ? endpoint.api === 'anthropic'
      ? { anthropic: { options: { baseURL: `${base(endpoint)}/v1`, apiKey } } }
      : { airlock: { npm: '@ai-sdk/openai-compatible', name: 'Airlock gateway', options: { baseURL: `${base(endpoint)}/v1`, apiKey }, models: Object.fromEntries(endpoint.models.map((m) => [m, { name: m, tool_call: true }])) } }
    : {};
  opencode.push(
    { kind: 'object-entries', path: ['provider'], entries: provider },
    // small_model too: opencode's side calls (titles, summaries) would otherwise go to another provider.
    { kind: 'object-entries', path: [], entries: endpoint && model ? { model: `${endpoint.api === 'anthropic' ? 'anthropic' : 'airlock'}/${model}`, small_model: `${endpoint.api === 'anthropic' ? 'anthropic' : 'airlock'}/${model}` } : {} },
  );
  return { claude, opencode, createOpencode: Boolean(endpoint && model), warnings };
}
