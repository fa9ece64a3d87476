// Claude Code's `.claude/settings.json`: permission rules for Read and Edit, Airlock's hooks, and
// the sandbox switches that make Bash honour the Read denials.
//
// Path rules: in a project settings file `/x` is relative to the project root, `//x` is absolute
// and a bare `x` is relative to the current directory, so every rule is written root-anchored
// (`/**/.env` for a pattern that matches at any depth).
import type { TelemetrySettings, Verdict } from '../policy/policyTypes';
import { claudeTelemetryEdit } from './assistantTelemetry';
import { isStricter } from '../policy/verdictOrder';
import { posixFailClosed, posixHookLine, type HookCommand } from './hookCommand';
import { MANAGED_PATHS } from '../words/managedPaths';
import { type ClassifiedPattern, type ClassifiedPolicy, isProtected, parsePattern, rootedGlob } from './nativePatterns';
import type { JsonManagedEdit, NativeWarning } from './nativeTypes';

export const CLAUDE_SETTINGS_PATH = '.claude/settings.json';
const HOOK_TIMEOUT_SECONDS = 30;

/** Claude Code permission specifiers covering what a gitignore pattern covers (itself and below). */
export function claudePathSpecifiers(p: { anchored: boolean; dirOnly: boolean; body: string }): string[] {
  const g = rootedGlob(p);
  if (g === '**' || g.endsWith('/**')) return [`/${g}`];
  if (p.dirOnly) return [`/${g}/**`];
  return [`/${g}`, `/${g}/**`];
}

type Tool = 'Read' | 'Edit';

function weaker(a: Verdict, b: Verdict): boolean {
  return isStricter(b, a);
}

export interface ClaudeSettingsInput {
  readonly policy: ClassifiedPolicy;
  readonly hook: HookCommand;
  /** Turn Claude Code's Bash sandbox on (and refuse to run without it) when reads are denied. */
  readonly sandbox: boolean;
  /** The policy's telemetry settings: with `assistants`, Claude's exporter is pointed at `airlock telemetry serve`. */
  readonly telemetry?: TelemetrySettings | null;
}

export function planClaudeSettings(input: ClaudeSettingsInput): { edits: JsonManagedEdit[]; warnings: NativeWarning[] } {
  const { policy } = input;
  const warnings: NativeWarning[] = [];
  const deny = new Set<string>();
  const ask = new Set<string>();
  const add = (tool: Tool, v: Verdict, specs: readonly string[]): void => {
    const set = v === 'deny' ? deny : v === 'ask' ? ask : null;
    if (set) for (const s of specs) set.add(`${tool}(${s})`);
  };

  if (!policy.monitor) {
    if (policy.aiOff) {
      add('Read', 'deny', ['/**']);
      add('Edit', 'deny', ['/**']);
    } else {
      add('Read', policy.defaultRead, ['/**']);
      add('Edit', policy.defaultEdit, ['/**']);
      policy.patterns.forEach((p) => {
        const specs = claudePathSpecifiers(p);
        add('Read', p.read, specs);
        add('Edit', p.edit, specs);
      });
      warnCarveOuts(policy, warnings);
    }
    for (const m of MANAGED_PATHS) {
      const parsed = parsePattern(m);
      if (parsed) add('Edit', 'deny', claudePathSpecifiers(parsed));
    }
  }
  // Ask rules that a deny already covers exactly add nothing.
  const askOnly = [...ask].filter((r) => !deny.has(r));

  const { hook } = input;
  const edits: JsonManagedEdit[] = [
    { kind: 'array-members', path: ['permissions', 'deny'], values: [...deny] },
    { kind: 'array-members', path: ['permissions', 'ask'], values: askOnly },
    hookGroup('PreToolUse', '*', posixFailClosed(hook, 'claude-code')),
    hookGroup('UserPromptSubmit', undefined, posixFailClosed(hook, 'claude-code')),
    // After the fact nothing can be blocked; a failure is only reported.
    hookGroup('PostToolUse', '*', posixHookLine(hook, 'claude-code')),
    // A command that writes and then fails still wrote: provenance captures it from this event.
    hookGroup('PostToolUseFailure', '*', posixHookLine(hook, 'claude-code')),
    // At the end of a turn provenance settles models the post hook could not read yet.
    hookGroup('Stop', undefined, posixHookLine(hook, 'claude-code')),
  ];
  edits.push(claudeTelemetryEdit(input.telemetry));
  const readDenied = [...deny].some((r) => r.startsWith('Read('));
  if (input.sandbox && readDenied) {
    edits.push(
      { kind: 'set', path: ['sandbox', 'enabled'], value: true },
      // Refuse to run rather than fall back to unsandboxed commands where no sandbox can start.
      { kind: 'set', path: ['sandbox', 'failIfUnavailable'], value: true },
      // Ignore the model's dangerouslyDisableSandbox escape hatch.
      { kind: 'set', path: ['sandbox', 'allowUnsandboxedCommands'], value: false },
    );
  }
  return { edits, warnings };
}

function hookGroup(event: string, matcher: string | undefined, command: string): JsonManagedEdit {
  const group: Record<string, unknown> = {};
  if (matcher !== undefined) group['matcher'] = matcher;
  // Claude Code (2.1.295+) can block by itself when the hook cannot start, times out or exits
  // oddly; the shell wrapper covers older versions. Post-tool hooks block nothing anyway.
  const blocking = event === 'PreToolUse' || event === 'UserPromptSubmit';
  group['hooks'] = [{ type: 'command', command, timeout: HOOK_TIMEOUT_SECONDS, ...(blocking ? { onFailure: 'block' } : {}) }];
  return { kind: 'hook-group', path: ['hooks', event], group, commands: [command] };
}

/** Claude Code evaluates deny, then ask, then allow, whatever the order: a later, weaker rule cannot carve a path out. */
function warnCarveOuts(policy: ClassifiedPolicy, warnings: NativeWarning[]): void {
  const seen = new Set<string>();
  const tools: { tool: Tool; v: (p: { read: Verdict; edit: Verdict }) => Verdict }[] = [
    { tool: 'Read', v: (p) => p.read },
    { tool: 'Edit', v: (p) => p.edit },
  ];
  const pats = policy.patterns;
  pats.forEach((q, j) => {
    for (const { tool, v } of tools) {
      const defaultV = tool === 'Read' ? policy.defaultRead : policy.defaultEdit;
      let over: ClassifiedPattern | null = null;
      for (let i = j - 1; i >= 0 && !over; i--) if (isProtected(v(pats[i])) && weaker(v(q), v(pats[i])) && policy.overlap(i, j)) over = pats[i];
      const overDefault = !over && weaker(v(q), defaultV);
      if (!over && !overDefault) continue;
      const key = `${tool}\u0000${q.text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const what = over ? `${over.text} (class "${over.className}", ${tool.toLowerCase()} ${v(over)})` : `the default class "${policy.defaultClass}" (${tool.toLowerCase()} ${defaultV})`;
      warnings.push({
        file: CLAUDE_SETTINGS_PATH,
        message: `Claude Code permission rules cannot carve ${q.text} (class "${q.className}", ${tool.toLowerCase()} ${v(q)}) out of ${what}: its ${tool}(...) rule wins there (safer), so Claude Code's built-in tools are stricter than the policy for ${q.text}`,
        pattern: q.text,
        location: q.location,
      });
    }
  });
}
