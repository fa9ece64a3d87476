// Turns Airlock on in an e2e workspace the way a team lead does: `airlock sync` with a hook
// command, using the freshly built CLI from dist/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const AIRLOCK_CLI = resolve(__dirname, '..', '..', 'dist', 'cli.js');

/** Single-quotes a word for a POSIX shell. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The hook command for this checkout: this Node running dist/cli.js (no PATH or npx lookup). */
export function builtHookCommand(): string {
  return `${shellQuote(process.execPath)} ${shellQuote(AIRLOCK_CLI)} hook`;
}

export function assertCliBuilt(): void {
  if (!existsSync(AIRLOCK_CLI)) throw new Error(`${AIRLOCK_CLI} is missing: build first (node esbuild.config.mjs)`);
}

/** Runs `airlock sync --hook-command <cmd>` in the workspace; returns its output. */
export function airlockSync(root: string, hookCommand: string): string {
  return execFileSync(process.execPath, [AIRLOCK_CLI, 'sync', '--root', root, '--hook-command', hookCommand], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Hand-written settings with only a PreToolUse hook, for the controls that bypass `sync`. */
export function writeBareHookSettings(root: string, command: string): void {
  mkdirSync(join(root, '.claude'), { recursive: true });
  const settings = { hooks: { PreToolUse: [{ matcher: '*', hooks: [{ type: 'command', command, timeout: 30 }] }] } };
  writeFileSync(join(root, '.claude', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

/**
 * Rewrites the `.claude/settings.json` that `sync` wrote, to take one layer out and test the
 * others alone (for example the PreToolUse hook without the permission rules that pre-empt it).
 */
export function editClaudeSettings(root: string, edit: (settings: ClaudeSettings) => void): void {
  const file = join(root, '.claude', 'settings.json');
  const settings = JSON.parse(readFileSync(file, 'utf8')) as ClaudeSettings;
  edit(settings);
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
}

export interface ClaudeSettings {
  permissions?: { deny?: string[]; ask?: string[] };
  hooks?: Record<string, unknown[]>;
  sandbox?: Record<string, unknown>;
  [key: string]: unknown;
}
