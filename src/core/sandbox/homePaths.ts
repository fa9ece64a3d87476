// Files in the user's home that matter to masked execution: credential stores (masked when the
// policy does not allow reads outside the workspace) and the start-up files of shells and git
// (frozen: a command that edits them would run code in the user's next, unsandboxed shell).
import { realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
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

export function homeStartupPaths(home: string): SandboxPath[] {
  const out: SandboxPath[] = [];
  for (const rel of HOME_STARTUP) {
    const e = existing(home, rel);
    if (e) out.push({ path: e.abs, kind: e.isDir ? 'dir' : 'file', why: `~/${rel} runs code in later shells or git commands` });
  }
  return out;
}
