// Why Airlock's own files are guarded. The generated files are MANAGED_PATHS (src/core/native);
// these are the other files whose change would alter what runs or what Airlock does: git's
// configuration and hooks (code run on the next `git status`), the git directory that keeps the
// audit log, and editor tasks and launch configurations (commands run for the user).

export const GUARD_REASON = "Airlock's policy and the assistant controls generated from it are protected from AI edits";

/** Gitignore patterns (workspace-relative) guarded against AI edits in addition to MANAGED_PATHS. */
export const RUNTIME_GUARDED_PATHS: readonly string[] = [
  '/.git',
  '/.vscode/tasks.json',
  '/.vscode/launch.json',
];
