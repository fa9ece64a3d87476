// `airlock run --gateway`: which client an agent command is, and the command and environment that
// send its model traffic through the session's gateway. The gateway runs in Airlock's own process,
// outside the sandbox; the agent inside reaches it on 127.0.0.1 and never holds an endpoint key.
import * as path from 'node:path';
import type { ModelEndpoint } from '../policy/modelPolicyTypes';
import { GATEWAY_CLIENTS, type GatewayClient, type GatewayClientSetup } from './gatewayClientSetup';

/** Executable names of each client (also as installed by npm: `claude`, `copilot`, `codex`, `opencode`). */
const EXECUTABLES: Readonly<Record<string, GatewayClient>> = {
  claude: 'claude-code',
  copilot: 'copilot-cli',
  codex: 'codex',
  opencode: 'opencode',
};

export function isGatewayClient(name: string): name is GatewayClient {
  return (GATEWAY_CLIENTS as readonly string[]).includes(name);
}

const bareName = (file: string): string => path.basename(file).replace(/\.(exe|cmd|js|mjs|cjs)$/i, '');

/** Where the client's own arguments start: after `node <script>` when a client is started through Node. */
function clientIndex(command: readonly string[]): number {
  return command.length > 1 && bareName(command[0]) === 'node' && /\.(c|m)?js$/i.test(command[1]) ? 1 : 0;
}

/** The client a command starts, from its executable's (or Node script's) name; null when it is not one Airlock knows. */
export function gatewayClientOf(command: readonly string[]): GatewayClient | null {
  const exe = command[clientIndex(command)];
  if (!exe) return null;
  return EXECUTABLES[bareName(exe)] ?? null;
}

export interface AgentLaunch {
  readonly command: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** Variables removed because they hold (or name) an endpoint key. */
  readonly removed: readonly string[];
}

/**
 * The agent's command and environment: the client's gateway settings added, and every variable
 * that holds an endpoint's key removed — by the name the policy gives (`keyEnv`) and by value, so
 * a copy under another name (OPENAI_API_KEY set to the same key) does not slip in either.
 */
export function agentLaunch(command: readonly string[], env: NodeJS.ProcessEnv, setup: GatewayClientSetup, endpoints: readonly ModelEndpoint[]): AgentLaunch {
  const keyNames = new Set(endpoints.map((e) => e.keyEnv).filter((k): k is string => k !== undefined));
  // Values too short to be keys would match ordinary variables.
  const keyValues = new Set([...keyNames].map((k) => env[k]).filter((v): v is string => typeof v === 'string' && v.length >= 8));
  const out: NodeJS.ProcessEnv = {};
  const removed: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (keyNames.has(name) || [...keyValues].some((k) => value.includes(k))) removed.push(name);
    else out[name] = value;
  }
  Object.assign(out, setup.env);
  const at = clientIndex(command) + 1;
  return { command: [...command.slice(0, at), ...setup.args, ...command.slice(at)], env: out, removed };
}
