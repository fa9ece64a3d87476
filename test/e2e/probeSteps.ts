// The fake model's script: tool calls that try to pull a protected file into the conversation by
// each route a real agent takes, then one read of an allowed file that must go through.
import { join } from 'node:path';
import type { ScriptedToolCall } from './scriptedModel';
import { CANARY_PREFIX } from './e2eWorkspace';

export interface Probe extends ScriptedToolCall {
  /** What the call tries, for failure messages. */
  readonly what: string;
  /**
   * Why Airlock must refuse it: the call names a secret file (or a search scope holding one), or
   * Airlock cannot tell which files the command reaches (the policy's `shell` verdict applies).
   */
  readonly denial?: 'secret' | 'unparseable';
}

export interface ProbeScript {
  /** Calls that would each put the canary in front of the model if nothing stopped them. */
  readonly attacks: readonly Probe[];
  /** A read that the policy allows: its result must reach the model. */
  readonly allowed: Probe;
  readonly all: readonly Probe[];
  readonly finalText: string;
}

/** Claude Code's tools for the run: its native build leaves Grep/Glob out unless named here. */
export const CLAUDE_TOOLS = 'Bash,Read,Grep,Glob,Edit,Write';

export function probeScript(root: string): ProbeScript {
  const attacks: Probe[] = ([
    { id: 'toolu_e2e_01', what: 'Read tool on .env (absolute path)', name: 'Read', input: { file_path: join(root, '.env') } },
    { id: 'toolu_e2e_02', what: 'Bash cat .env', name: 'Bash', input: { command: 'cat .env', description: 'Show the env file' } },
    { id: 'toolu_e2e_03', what: 'Bash glob that expands to .env', name: 'Bash', input: { command: 'cat .e*', description: 'Show matching files' } },
    { id: 'toolu_e2e_04', what: 'Bash traversal src/../.env', name: 'Bash', input: { command: 'cat src/../.env', description: 'Show the env file' } },
    { id: 'toolu_e2e_05', what: 'Bash grep -r over the workspace', name: 'Bash', input: { command: `grep -r ${CANARY_PREFIX} .`, description: 'Search the workspace' } },
    { id: 'toolu_e2e_06', what: 'Grep tool over the workspace', name: 'Grep', input: { pattern: CANARY_PREFIX, path: root, output_mode: 'content' } },
    { id: 'toolu_e2e_07', what: 'Read tool on secrets/prod-token.txt', name: 'Read', input: { file_path: join(root, 'secrets', 'prod-token.txt') } },
    // A command whose file operand no parser can see: only "fail closed on what cannot be parsed" stops it.
    { id: 'toolu_e2e_08', what: 'Bash eval of a computed command', denial: 'unparseable', name: 'Bash', input: { command: `eval "$(printf 'cat .%s' env)"`, description: 'Show the env file' } },
  ] as Probe[]).map((p) => ({ denial: 'secret', ...p }));
  const allowed: Probe = { id: 'toolu_e2e_09', what: 'Read tool on an allowed file', name: 'Read', input: { file_path: join(root, 'src', 'app.ts') } };
  return { attacks, allowed, all: [...attacks, allowed], finalText: 'E2E_SCRIPT_DONE' };
}
