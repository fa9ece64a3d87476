// `airlock provenance install-git-hook`: a `prepare-commit-msg` hook that adds `Assisted-by:`
// trailers, so commits from the terminal and from the Source Control view behave the same.
// An existing hook is kept and run first (chained), never overwritten.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runGit } from '../util/gitRun';

export const GIT_HOOK_MARKER = '# airlock-managed: prepare-commit-msg';
/** Where a hook that was there before ours is kept (and run from ours). */
export const CHAINED_HOOK_SUFFIX = '.pre-airlock';

export interface GitHookInstallResult {
  readonly hookPath: string;
  /** The previous hook, moved aside and chained, when there was one. */
  readonly chained?: string;
  readonly updated: boolean;
}

function hooksDir(root: string): string {
  const dir = runGit(root, ['rev-parse', '--git-path', 'hooks'], { askingForHooksPath: true }).trim();
  return path.resolve(root, dir);
}

/** `command` runs the Airlock CLI (e.g. `npx --no-install airlock`); it is passed `provenance trailer <msgfile> <source>`. */
export function renderGitHook(command: string): string {
  if (/[\r\n]/.test(command)) throw new Error('the Airlock command must be one line');
  return `#!/bin/sh
${GIT_HOOK_MARKER}
# Adds "Assisted-by: <tool> (<model>)" when staged lines are annotated as AI-written.
# A hook that was here before Airlock runs first; its failure stops the commit as before.
chained="$0${CHAINED_HOOK_SUFFIX}"
if [ -x "$chained" ]; then
  "$chained" "$@" || exit $?
fi
# The trailer is advisory: a missing or failing Airlock must not block the commit.
${command} provenance trailer "$1" "$2" || echo "airlock: could not add the Assisted-by trailer" >&2
exit 0
`;
}

export function installGitHook(root: string, command: string): GitHookInstallResult {
  const dir = hooksDir(root);
  fs.mkdirSync(dir, { recursive: true });
  const hookPath = path.join(dir, 'prepare-commit-msg');
  const chainedPath = hookPath + CHAINED_HOOK_SUFFIX;
  let existing: string | undefined;
  try {
    existing = fs.readFileSync(hookPath, 'utf8');
  } catch {
    existing = undefined;
  }
  let chained: string | undefined = fs.existsSync(chainedPath) ? chainedPath : undefined;
  if (existing !== undefined && !existing.includes(GIT_HOOK_MARKER)) {
    if (fs.existsSync(chainedPath)) {
      throw new Error(`${hookPath} is not Airlock's and ${chainedPath} already exists; merge them by hand`);
    }
    fs.renameSync(hookPath, chainedPath);
    chained = chainedPath;
  }
  fs.writeFileSync(hookPath, renderGitHook(command), { mode: 0o755 });
  fs.chmodSync(hookPath, 0o755);
  return { hookPath, ...(chained ? { chained } : {}), updated: existing !== undefined && existing.includes(GIT_HOOK_MARKER) };
}
