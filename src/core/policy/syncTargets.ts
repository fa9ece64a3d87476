// The assistants `airlock sync` can write native controls for: their ids are part of the policy
// file format ("sync": { "targets": [...] }), so they live here, below the native compilers.

export const SYNC_TARGET_IDS = [
  'claude-code',
  'copilot',
  'vscode',
  'codex',
  'opencode',
  'cursor',
  'gemini-code-assist',
  'jetbrains',
  'aider',
  'windsurf',
  'roo',
  'continue',
  'gemini-cli',
] as const;

export type SyncTargetId = (typeof SYNC_TARGET_IDS)[number];

/** "detected": the assistants the repository shows signs of using; "all": every target. */
export type SyncTargets = 'detected' | 'all' | readonly SyncTargetId[];
