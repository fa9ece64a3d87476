// Files in the user's home that matter to masked execution: credential stores (masked when the
// policy does not allow reads outside the workspace) and the start-up files of shells and git
// (frozen: a command that edits them would run code in the user's next, unsandboxed shell).
import { realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { HOME_GUARDED_PATHS } from '../policy/guardPaths';
import type { SandboxPath } from './sandboxTypes';

/** Well-known credential stores, relative to HOME. */
export const HOME_CREDENTIALS: readonly string[] = [
  '.aws', '.ssh', '.gnupg', '.azure', '.kube', '.config/gcloud', '.config/gh', '.docker/config.json',
  '.netrc', '.git-credentials', '.npmrc', '.pypirc', '.pgpass',
];

/** Files whose change runs code outside the sandbox later, relative to HOME. */
export const HOME_STARTUP: readonly string[] = [
  '.gitconfig', '.config/git', '.bashrc', '.bash_profile', '.bash_login', '.profile', '.bash_logout', '.zshrc', '.zshenv', '.zprofile', '.zlogin',
  '.config/fish',
];

function existing(home: string, rel: string): { abs: string; isDir: boolean } | null {
  try {
    const abs = realpathSync.native(path.join(home, rel));
    return { abs, isDir: statSync(abs).isDirectory() };
  } catch {
    return null;
  }
}

export function homeCredentialPaths(home: string): SandboxPath[] {
  const out: SandboxPath[] = [];
  for (const rel of HOME_CREDENTIALS) {
    const e = existing(home, rel);
    if (e) out.push({ path: e.abs, kind: e.isDir ? 'dir' : 'file', why: `~/${rel} holds credentials` });
  }
  return out;
}

/**
 * Start-up files that do not exist: a command inside can create them (nothing to freeze), and a
 * shell or git that a client starts OUTSIDE the sandbox later runs them. Creating them (even
 * empty) gets them frozen.
 */
export function missingHomeStartup(home: string): string[] {
  return HOME_STARTUP.filter((rel) => existing(home, rel) === null);
}

/** Guarded assistant settings the agents write themselves while they run (session state, trust lists). */
const AGENT_WRITTEN: readonly string[] = ['.claude.json', '.codex/', '.copilot/', '.config/github-copilot/'];
/** Inside those, the files that configure hooks: frozen even with the agent inside. */
const AGENT_HOOK_SETTINGS: readonly string[] = ['.codex/config.toml', '.codex/hooks.json'];

/**
 * The home's guarded files (HOME_GUARDED_PATHS: assistant settings whose change switches hooks off,
 * git's, Airlock's): all frozen when no agent runs inside (`airlock exec`); with one inside
 * (`airlock run`) the ones it writes itself stay writable except its hook settings, and are named.
 */
export function homeGuardedPaths(home: string, agentInside: boolean): { frozen: SandboxPath[]; writable: string[] } {
  const frozen: SandboxPath[] = [];
  const writable: string[] = [];
  const freeze = (rel: string): void => {
    const e = existing(home, rel);
    if (e) frozen.push({ path: e.abs, kind: e.isDir ? 'dir' : 'file', why: `~/${rel.replace(/\/$/, '')} is guarded: its change could switch an assistant's hooks off` });
  };
  for (const rel of HOME_GUARDED_PATHS) {
    if (!agentInside || !AGENT_WRITTEN.includes(rel)) freeze(rel);
    else if (existing(home, rel) !== null) writable.push(`~/${rel}`);
  }
  if (agentInside) for (const rel of AGENT_HOOK_SETTINGS) freeze(rel);
  return { frozen, writable };
}

export function homeStartupPaths(home: string): SandboxPath[] {
  const out: SandboxPath[] = [];
  for (const rel of HOME_STARTUP) {
    const e = existing(home, rel);
    if (e) out.push({ path: e.abs, kind: e.isDir ? 'dir' : 'file', why: `~/${rel} runs code in later shells or git commands` });
  }
  return out;
}
