// The assistant clients whose hook systems Airlock answers.

/**
 * - `claude-code`: Claude Code hooks (snake_case, `hook_event_name`).
 * - `vscode`: VS Code agent hooks (`.github/hooks/*.json`), Claude-compatible shape.
 * - `copilot-cli`: the Copilot CLI's own camelCase format (`toolName`, `toolArgs`).
 * - `copilot-cli-vscode`: the Copilot CLI in its VS Code-compatible PascalCase format.
 * - `codex`: the OpenAI Codex CLI (Claude-compatible hooks).
 * - `opencode`: opencode, through Airlock's generated plugin (`tool.execute.before`).
 */
export type ClientId = 'claude-code' | 'vscode' | 'copilot-cli' | 'copilot-cli-vscode' | 'codex' | 'opencode';

export const CLIENT_IDS: readonly ClientId[] = ['claude-code', 'vscode', 'copilot-cli', 'copilot-cli-vscode', 'codex', 'opencode'];
