// The files `airlock sync` writes, and the files an assistant reads its hooks or permissions from:
// an AI that could edit them could switch its own guardrails off, so every edit to them is refused.

/** Gitignore patterns (workspace-relative) to protect from AI edits. */
export const MANAGED_PATHS: readonly string[] = [
  '/.airlock/',
  '/.claude/settings.json',
  '/.claude/settings.local.json',
  '/.github/hooks/',
  // The Copilot CLI also reads inline hooks from these.
  '/.github/copilot/settings.json',
  '/.github/copilot/settings.local.json',
  '/.vscode/settings.json',
  // A VS Code workspace file's "settings" apply once it is opened: chat.useHooks, hook locations.
  '*.code-workspace',
  '/.codex/',
  '/.opencode/',
  '/opencode.json',
  // Unanchored: a nested copy could re-include what the root one excludes.
  '.cursorignore',
  '.aiexclude',
  '.aiignore',
  '.aiderignore',
  '.codeiumignore',
  '.rooignore',
  '.continueignore',
  '.geminiignore',
];
