// Hook files of the assistants that share Claude Code's hook protocol: VS Code agent hooks and the
// Copilot CLI (one `.github/hooks/airlock.json` serves both) and the Codex CLI (`.codex/hooks.json`).
import {
  type HookCommand,
  posixFailClosed,
  posixHookLine,
  powershellFailClosed,
  powershellHookLine,
  windowsEncodedPowerShell,
} from './hookCommand';
import type { JsonManagedEdit } from './nativeTypes';

export const GITHUB_HOOKS_PATH = '.github/hooks/airlock.json';
export const CODEX_HOOKS_PATH = '.codex/hooks.json';
const HOOK_TIMEOUT_SECONDS = 30;

interface EventCommands {
  readonly event: string;
  readonly failClosed: boolean;
}

const EVENTS: readonly EventCommands[] = [
  { event: 'PreToolUse', failClosed: true },
  { event: 'UserPromptSubmit', failClosed: true },
  // After the fact nothing can be blocked; a failure is only reported.
  { event: 'PostToolUse', failClosed: false },
  // At the end of a turn provenance settles models the post hook could not read yet.
  { event: 'Stop', failClosed: false },
];

/**
 * `.github/hooks/airlock.json`, whole file. PascalCase events select the VS Code-compatible format
 * in both clients. Each entry carries every command field either client reads: VS Code takes
 * `command` (or `windows` on Windows), the Copilot CLI `bash` or `powershell`.
 */
export function renderGithubHooks(hook: HookCommand): string {
  const hooks: Record<string, unknown[]> = {};
  for (const { event, failClosed } of EVENTS) {
    const posix = failClosed ? posixFailClosed(hook, 'vscode') : posixHookLine(hook, 'vscode');
    const ps = failClosed ? powershellFailClosed(hook, 'vscode') : `& ${powershellHookLine(hook, 'vscode')}`;
    hooks[event] = [
      {
        type: 'command',
        command: posix,
        bash: posix,
        powershell: ps,
        windows: windowsEncodedPowerShell(ps),
        timeout: HOOK_TIMEOUT_SECONDS,
      },
    ];
  }
  return `${JSON.stringify({ version: 1, hooks }, null, 2)}\n`;
}

/** `.codex/hooks.json` entries (Claude Code's shape); other hooks in the file are the user's. */
export function planCodexHooks(hook: HookCommand): JsonManagedEdit[] {
  return EVENTS.map(({ event, failClosed }) => {
    const command = failClosed ? posixFailClosed(hook, 'codex') : posixHookLine(hook, 'codex');
    // No matcher: the group applies to every tool.
    const group = { hooks: [{ type: 'command', command, timeout: HOOK_TIMEOUT_SECONDS }] };
    return { kind: 'hook-group' as const, path: ['hooks', event], group, commands: [command] };
  });
}
