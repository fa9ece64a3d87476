// Which assistants `airlock sync` writes for: the policy's "sync": { "targets" } choice, or by
// default the assistants the repository shows signs of using (their own files, or a file an
// earlier sync wrote for them), so a repository nobody opens in Cursor gets no .cursorignore.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SYNC_TARGET_IDS, type SyncTargetId, type SyncTargets } from '../policy/syncTargets';

/** The native file each plan target writes, by assistant. */
export const TARGET_OF_PLAN: Readonly<Record<string, SyncTargetId>> = {
  'claude-settings': 'claude-code',
  'github-hooks': 'copilot',
  'vscode-settings': 'vscode',
  'codex-hooks': 'codex',
  'opencode-plugin': 'opencode',
  'opencode-config': 'opencode',
  cursorignore: 'cursor',
  aiexclude: 'gemini-code-assist',
  aiignore: 'jetbrains',
  aiderignore: 'aider',
  codeiumignore: 'windsurf',
  rooignore: 'roo',
  continueignore: 'continue',
  geminiignore: 'gemini-cli',
};

/** Files or folders whose presence says the repository uses an assistant. */
const SIGNS: Readonly<Record<SyncTargetId, readonly string[]>> = {
  'claude-code': ['.claude', 'CLAUDE.md', '.mcp.json'],
  copilot: ['.github/copilot-instructions.md', '.github/hooks/airlock.json', '.github/copilot', '.github/instructions', '.github/prompts', '.github/agents'],
  vscode: ['.vscode'],
  codex: ['.codex', 'AGENTS.md'],
  opencode: ['.opencode', 'opencode.json', 'opencode.jsonc'],
  cursor: ['.cursor', '.cursorrules', '.cursorignore'],
  'gemini-code-assist': ['.aiexclude'],
  jetbrains: ['.idea', '.aiignore', '.junie'],
  aider: ['.aider.conf.yml', '.aiderignore'],
  windsurf: ['.windsurf', '.windsurfrules', '.codeiumignore'],
  roo: ['.roo', '.roomodes', '.rooignore'],
  continue: ['.continue', '.continueignore'],
  'gemini-cli': ['.gemini', 'GEMINI.md', '.geminiignore'],
};

/** When nothing is detected: the two agent hook files most teams have a client for. */
export const FALLBACK_TARGETS: readonly SyncTargetId[] = ['claude-code', 'copilot'];

export interface ResolvedTargets {
  readonly targets: readonly SyncTargetId[];
  /** How they were chosen, for the summary line. */
  readonly how: 'policy' | 'all' | 'detected' | 'fallback';
}

export function detectSyncTargets(root: string): SyncTargetId[] {
  return SYNC_TARGET_IDS.filter((id) => SIGNS[id].some((rel) => existsSync(join(root, rel))));
}

export function resolveSyncTargets(choice: SyncTargets | undefined, root: string): ResolvedTargets {
  if (choice === 'all') return { targets: SYNC_TARGET_IDS, how: 'all' };
  if (Array.isArray(choice)) return { targets: choice, how: 'policy' };
  const found = detectSyncTargets(root);
  return found.length ? { targets: found, how: 'detected' } : { targets: FALLBACK_TARGETS, how: 'fallback' };
}
