// What the cross-client end-to-end test needs to know about one agent client: how it is
// installed, which wire its model API speaks, how it is started headless against the fake, and
// how each abstract action of the script becomes one of its own tool calls.
import type { WireAdapter } from './scriptedModel';

/** One thing the scripted model asks the agent to do. */
export type AgentAction =
  | { readonly kind: 'read'; readonly path: string }
  | { readonly kind: 'shell'; readonly command: string }
  | { readonly kind: 'edit'; readonly path: string; readonly oldText: string; readonly newText: string };

export interface ToolCallShape {
  readonly name: string;
  readonly input: Record<string, unknown>;
}

export interface AgentLaunch {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

export interface AgentRunContext {
  /** Absolute workspace root (the agent's cwd). */
  readonly root: string;
  /** Scratch HOME for the run; never the developer's own. */
  readonly homeDir: string;
  /** The fake model's base URL, without `/v1`. */
  readonly baseUrl: string;
  readonly prompt: string;
  /** The client's executable as installed (see `install`). */
  readonly executable: string;
}

export interface AgentClient {
  readonly id: 'claude' | 'copilot' | 'codex' | 'opencode';
  readonly label: string;
  /** The npm package and pinned version. */
  readonly npmPackage: string;
  readonly version: string;
  readonly wire: 'anthropic-messages' | 'openai-chat' | 'openai-responses';
  /** The `--client` name the hook records in the audit log for this client's events. */
  readonly auditClient: RegExp;
  /** Installs the pinned client (idempotent) and returns its executable. */
  install(): { executable: string; installed: boolean };
  adapter(): WireAdapter;
  /** Writes the client's user-level config under `homeDir` and says how to start it. */
  launch(ctx: AgentRunContext): AgentLaunch;
  /** The client's own tool call for an action. */
  toolCall(action: AgentAction): ToolCallShape;
  /** The session's final answer from the client's event output, to prove the run went the whole script. */
  finalAnswer(events: readonly Record<string, unknown>[], stdout: string): string | undefined;
}

/** A shell-quoted heredoc body delimiter that never occurs in the scripted text. */
export const HEREDOC_END = 'AIRLOCK_E2E_EOF';

/** The sandbox-free environment every client starts from: no developer variable leaks in. */
export function baseAgentEnv(homeDir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    NO_COLOR: '1',
    HOME: homeDir,
    USERPROFILE: homeDir,
    XDG_CONFIG_HOME: `${homeDir}/.config`,
    XDG_CACHE_HOME: `${homeDir}/.cache`,
    XDG_DATA_HOME: `${homeDir}/.local/share`,
    XDG_STATE_HOME: `${homeDir}/.local/state`,
    TMPDIR: `${homeDir}/tmp`,
    // A client that reaches for the npm registry (opencode installs plugin typings) must not:
    // the run is offline except for the fake on 127.0.0.1.
    npm_config_offline: 'true',
    // The workspace's git identity for commits a scripted command might make.
    GIT_AUTHOR_NAME: 'E2E', GIT_AUTHOR_EMAIL: 'e2e@example.com', GIT_COMMITTER_NAME: 'E2E', GIT_COMMITTER_EMAIL: 'e2e@example.com',
  };
}
