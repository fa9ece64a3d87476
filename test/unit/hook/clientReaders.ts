// How each client reads a hook command's result, as its docs and source describe (see
// src/core/hook/CLIENTS.md). Tests feed Airlock's answers through these to check the client obeys.
import type { ClientId } from '../../../src/core/words/clientTypes';
import type { HookOutput } from '../../../src/core/hook/hookAnswer';

/** 'none' means the client goes on as if the hook had no opinion (its own permission flow). */
export type ClientReading = 'none' | 'allow' | 'ask' | 'deny';

function parse(stdout: string): Record<string, unknown> | null {
  if (stdout.trim() === '') return null;
  try {
    const v = JSON.parse(stdout) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function nested(o: Record<string, unknown> | null): Record<string, unknown> | null {
  const h = o?.['hookSpecificOutput'];
  return typeof h === 'object' && h !== null ? (h as Record<string, unknown>) : null;
}

function decisionOf(v: unknown): ClientReading {
  return v === 'allow' || v === 'ask' || v === 'deny' ? v : 'none';
}

/** PreToolUse: what the client does with the tool call. */
export function readPreTool(client: ClientId, o: HookOutput): ClientReading {
  const json = parse(o.stdout);
  switch (client) {
    case 'claude-code': {
      if (o.exitCode === 2) return 'deny';
      if (o.exitCode !== 0) return 'none'; // non-blocking error
      const h = nested(json);
      return h && h['hookEventName'] === 'PreToolUse' ? decisionOf(h['permissionDecision']) : 'none';
    }
    case 'codex': {
      if (o.exitCode === 2) return o.stderr.trim() !== '' ? 'deny' : 'none';
      if (o.exitCode !== 0) return 'none';
      const h = nested(json);
      if (!h) return 'none';
      const d = h['permissionDecision'];
      const reason = typeof h['permissionDecisionReason'] === 'string' ? h['permissionDecisionReason'].trim() : '';
      if (d === 'deny') return reason !== '' ? 'deny' : 'none';
      if (d === 'allow') return h['updatedInput'] !== undefined ? 'allow' : 'none'; // bare allow is rejected
      return 'none'; // ask is rejected as unsupported: the call runs
    }
    case 'vscode': {
      if (o.exitCode === 2) return 'deny'; // blocking error: the request stops
      if (o.exitCode !== 0) return 'none'; // warning only
      const h = nested(json);
      if (!h || (typeof h['hookEventName'] === 'string' && h['hookEventName'] !== 'PreToolUse')) return 'none';
      return decisionOf(h['permissionDecision']);
    }
    case 'copilot-cli':
    case 'copilot-cli-vscode': {
      if (o.exitCode !== 0) return 'deny'; // current versions fail closed on exit 2 and crashes
      return decisionOf(json?.['permissionDecision']);
    }
    case 'opencode':
      return readOpencode(o) === 'block' ? 'deny' : 'none';
  }
}

/** The generated opencode plugin's rule: anything but a clean `{airlock:1, block:false}` blocks. */
export function readOpencode(o: HookOutput): 'block' | 'run' {
  if (o.exitCode !== 0) return 'block';
  const json = parse(o.stdout);
  if (!json || json['airlock'] !== 1 || typeof json['block'] !== 'boolean') return 'block';
  return json['block'] ? 'block' : 'run';
}

/** UserPromptSubmit: whether the prompt is stopped. */
export function readPrompt(client: ClientId, o: HookOutput): 'block' | 'submit' {
  const json = parse(o.stdout);
  switch (client) {
    case 'claude-code':
    case 'vscode':
      if (o.exitCode === 2) return 'block';
      return o.exitCode === 0 && json?.['decision'] === 'block' ? 'block' : 'submit';
    case 'codex':
      if (o.exitCode === 2) return o.stderr.trim() !== '' ? 'block' : 'submit';
      return o.exitCode === 0 && json?.['decision'] === 'block' && typeof json['reason'] === 'string' && json['reason'].trim() !== '' ? 'block' : 'submit';
    case 'copilot-cli':
    case 'copilot-cli-vscode':
      return 'submit'; // command hook output is dropped; exit 2 is a warning
    case 'opencode':
      return readOpencode(o) === 'block' ? 'block' : 'submit';
  }
}
