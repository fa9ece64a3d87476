// Runs the real Claude Code headless (`-p`) in a workspace against a fake model API, with an
// isolated HOME and config dir and every non-essential network feature off, under a hard timeout.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runAgentProcess, type AgentProcessResult } from './agentProcess';

export interface ClaudeRunOptions {
  readonly executable: string;
  readonly workspace: string;
  /** Scratch folder for HOME and the client's config; never the developer's own. */
  readonly homeDir: string;
  readonly baseUrl: string;
  readonly prompt: string;
  readonly timeoutMs: number;
  /** Extra client arguments, after the fixed headless ones. */
  readonly extraArgs?: readonly string[];
  /** Extra environment variables, over the isolated base environment. */
  readonly extraEnv?: Readonly<Record<string, string>>;
}

export type ClaudeRunResult = AgentProcessResult;

/** The environment Claude Code gets: built from scratch so no real credential or setting leaks in. */
export function claudeEnv(opts: Pick<ClaudeRunOptions, 'homeDir' | 'baseUrl'>): NodeJS.ProcessEnv {
  const configDir = join(opts.homeDir, '.claude');
  const tmp = join(opts.homeDir, 'tmp');
  mkdirSync(configDir, { recursive: true });
  mkdirSync(tmp, { recursive: true });
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    HOME: opts.homeDir,
    USERPROFILE: opts.homeDir,
    XDG_CONFIG_HOME: join(opts.homeDir, '.config'),
    XDG_CACHE_HOME: join(opts.homeDir, '.cache'),
    XDG_DATA_HOME: join(opts.homeDir, '.local', 'share'),
    XDG_STATE_HOME: join(opts.homeDir, '.local', 'state'),
    // The client keeps per-project scratch and sockets under TMPDIR: keep them in the run's folder.
    TMPDIR: tmp,
    CLAUDE_CONFIG_DIR: configDir,
    ANTHROPIC_BASE_URL: opts.baseUrl,
    ANTHROPIC_API_KEY: 'sk-ant-fake-e2e-key',
    // Nothing but the fake may be contacted: no updater, telemetry, error reports or feedback.
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    DISABLE_BUG_COMMAND: '1',
    DISABLE_COST_WARNINGS: '1',
    CLAUDE_CODE_DISABLE_TERMINAL_TITLE: '1',
    // bypassPermissions refuses to start as root unless told it is in a sandbox (CI runs as root).
    IS_SANDBOX: '1',
  };
}

/** The headless arguments every Claude Code run gets, before the caller's extra ones. */
export function claudeArgs(prompt: string, extraArgs: readonly string[] = []): string[] {
  return [
    '-p', prompt,
    '--output-format', 'stream-json',
    '--verbose',
    // Only Airlock's own gates (hooks, permissions.deny) may stop a call: with every permission
    // prompt bypassed, anything that gets blocked was blocked by them, not by a missing approver.
    '--permission-mode', 'bypassPermissions',
    '--no-session-persistence',
    '--strict-mcp-config',
    ...extraArgs,
  ];
}

/** Runs one headless Claude Code session to completion (or the timeout) and collects its output. */
export function runClaude(opts: ClaudeRunOptions): Promise<ClaudeRunResult> {
  return runAgentProcess({ command: opts.executable, args: claudeArgs(opts.prompt, opts.extraArgs), cwd: opts.workspace, env: { ...claudeEnv(opts), ...opts.extraEnv }, timeoutMs: opts.timeoutMs });
}
