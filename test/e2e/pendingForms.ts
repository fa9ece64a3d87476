// What the hook alone cannot stop yet, per client, measured with the real clients on the landed
// main (the shell parser is the only wall). Each entry is still a requirement: once masked
// execution (`airlock exec`/`airlock run`, branch h-sandbox) and the parser and git fixes (branch
// h-selfdisable) are merged, `sandboxLanded()` turns true and every form is asserted in full.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AgentClient } from './agentClient';
import { AIRLOCK_CLI } from './airlockSetup';
import type { ProbeForm } from './agentProbes';

/** Shell reads the parser lets through today (option specs, `strings`, dotglob). */
const PARSER_HOLES: readonly ProbeForm[] = ['cat -n .env', 'strings -a secrets/api.key', 'shopt -s dotglob; cat ?env'];

/** Git commands that print protected content from history without naming a protected path. */
const GIT_HISTORY: readonly ProbeForm[] = ['git log -p --text', 'git archive HEAD | tar -xO', 'git cat-file --batch-all-objects'];

const LEAKS_THROUGH_PARSER: readonly ProbeForm[] = [...PARSER_HOLES, ...GIT_HISTORY];

/** Ordinary operations the hook alone refuses today (a repository-wide search meets `.env`). */
const OVER_BLOCKED: readonly ProbeForm[] = ['grep -rn .'];

/** Guarded files a shell write still reaches today (`printf > .git/hooks/post-checkout`). */
const WRITABLE_GUARDED: readonly string[] = ['.git/hooks'];

export interface PendingForms {
  readonly leaks: readonly ProbeForm[];
  readonly overBlocked: readonly ProbeForm[];
  readonly changes: readonly string[];
}

export const PENDING_HOOK_ALONE: Readonly<Record<AgentClient['id'], PendingForms>> = {
  // Claude Code's own sandbox (which sync turns on) stops the shell reads, but not git history.
  claude: { leaks: GIT_HISTORY, overBlocked: OVER_BLOCKED, changes: [] },
  copilot: { leaks: LEAKS_THROUGH_PARSER, overBlocked: OVER_BLOCKED, changes: WRITABLE_GUARDED },
  codex: { leaks: LEAKS_THROUGH_PARSER, overBlocked: OVER_BLOCKED, changes: WRITABLE_GUARDED },
  opencode: { leaks: LEAKS_THROUGH_PARSER, overBlocked: OVER_BLOCKED, changes: WRITABLE_GUARDED },
};

/**
 * Under masked execution (the hook rewriting shell calls into `airlock exec`, or the whole client
 * under `airlock run`) no leak is ever excused: only ordinary work that still breaks, per client.
 */
export type SandboxPending = Omit<PendingForms, 'leaks'>;

const NOTHING_BROKEN: SandboxPending = { overBlocked: [], changes: [] };

export const PENDING_UNDER_SANDBOX: Readonly<Record<'rewrite' | 'run', Readonly<Record<AgentClient['id'], SandboxPending>>>> = {
  rewrite: { claude: NOTHING_BROKEN, copilot: NOTHING_BROKEN, codex: NOTHING_BROKEN, opencode: NOTHING_BROKEN },
  run: { claude: NOTHING_BROKEN, copilot: NOTHING_BROKEN, codex: NOTHING_BROKEN, opencode: NOTHING_BROKEN },
};

let landed: boolean | undefined;

/** Whether the built CLI has masked execution: `airlock exec -- true` runs and succeeds in a workspace with a policy. */
export function sandboxLanded(): boolean {
  if (landed !== undefined) return landed;
  const dir = mkdtempSync(join(tmpdir(), 'airlock-e2e-probe-'));
  try {
    mkdirSync(join(dir, '.airlock'));
    copyFileSync(resolve(__dirname, '..', 'fixtures', 'e2e-workspace', '.airlock', 'policy.json'), join(dir, '.airlock', 'policy.json'));
    landed = spawnSync(process.execPath, [AIRLOCK_CLI, 'exec', '--root', dir, '--', 'true'], { cwd: dir, stdio: 'ignore', timeout: 30_000 }).status === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return landed;
}
