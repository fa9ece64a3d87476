// Airlock's own files: an AI must never edit the policy or the controls generated from it,
// or it could switch off its own guardrails. These hold whatever the policy says.

export const GUARDED_PATTERNS: readonly string[] = [
  '/.airlock/',
  '/.claude/settings.json',
  '/.claude/settings.local.json',
  '/.github/hooks/',
  '/.vscode/settings.json',
  '/.codex/',
  '/.opencode/',
  '/opencode.json',
  '.cursorignore',
  '.aiexclude',
  '.aiignore',
  '.aiderignore',
  '.codeiumignore',
  '.rooignore',
  '.continueignore',
  '.geminiignore',
];

export const GUARD_REASON = "Airlock's policy and the assistant controls generated from it are protected from AI edits";
