// Why Airlock's own files are guarded. The generated files are MANAGED_PATHS (src/core/native);
// these are the other files whose change would alter what runs or what Airlock does: git's
// configuration and hooks (code run on the next `git status`), the git directory that keeps the
// audit log, and editor tasks and launch configurations (commands run for the user).

export const GUARD_REASON = "Airlock's policy and the assistant controls generated from it are protected from AI edits";

/** Gitignore patterns (workspace-relative) guarded against AI edits in addition to MANAGED_PATHS. */
export const RUNTIME_GUARDED_PATHS: readonly string[] = [
  '/.git',
  // A nested repository's (`git init sub`): what the AI's own `git status` there, or a person's,
  // would run. Its objects, refs and index stay writable: git in it works as usual.
  '**/.git/config',
  '**/.git/config.worktree',
  '**/.git/commondir',
  '**/.git/hooks/',
  '/.vscode/tasks.json',
  '/.vscode/launch.json',
];

/**
 * Files outside the workspace, relative to the home directory, whose change would switch an
 * assistant's hooks off (`disableAllHooks`, `[features] hooks = false`), change what git runs, or
 * replace what Airlock executes. AI edits of them are denied whatever the `outside` verdict says.
 */
export const HOME_GUARDED_PATHS: readonly string[] = [
  '.claude/settings.json',
  '.claude/settings.local.json',
  '.claude.json',
  '.codex/',
  '.copilot/',
  '.config/opencode/',
  '.config/github-copilot/',
  '.gitconfig',
  '.config/git/',
  '.airlock/',
  '.cache/airlock/',
  '.local/share/airlock/',
];

/** The guarded home file that `absolute` is or lies in, if any. */
export function homeGuarded(absolute: string, home: string | null): string | null {
  if (home === null || home === '' || home === '/') return null;
  const base = home.endsWith('/') ? home : `${home}/`;
  if (!absolute.startsWith(base)) return null;
  const rel = absolute.slice(base.length);
  for (const g of HOME_GUARDED_PATHS) {
    if (g.endsWith('/') ? rel === g.slice(0, -1) || rel.startsWith(g) : rel === g) return `~/${g}`;
  }
  return null;
}
