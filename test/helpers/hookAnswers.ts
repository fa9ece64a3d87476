// Reads a hook answer the way each client does, to get the shell command it will run:
// the shapes are in /work/shared/enforcement-facts.md and src/core/hook/CLIENTS.md.
import type { SpawnSyncReturns } from 'node:child_process';
import type { ClientId } from '../../src/core/words/clientTypes';

export type ShellVerdict = { kind: 'blocked'; reason: string } | { kind: 'allow' } | { kind: 'rewrite'; command: string; decision: string };

function json(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function obj(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** What the client will run: nothing (blocked), the original command (allow), or the rewrite. */
export function rewrittenCommand(client: ClientId, r: SpawnSyncReturns<string>): ShellVerdict {
  const out = json(r.stdout);
  if (client === 'opencode') {
    if (r.status !== 0 || out === null || out['airlock'] !== 1 || out['block'] !== false) return { kind: 'blocked', reason: String(out?.['reason'] ?? r.stderr) };
    const args = obj(out['updatedArgs']);
    return typeof args?.['command'] === 'string' ? { kind: 'rewrite', command: args['command'], decision: 'allow' } : { kind: 'allow' };
  }
  if (r.status === 2) return { kind: 'blocked', reason: r.stderr };
  if (r.status !== 0) return { kind: 'allow' }; // a failed hook lets the call run in these clients
  if (out === null) return { kind: 'allow' };
  const h = obj(out['hookSpecificOutput']);
  if (client === 'copilot-cli' || client === 'copilot-cli-vscode') {
    const decision = String(out['permissionDecision'] ?? 'none');
    if (decision === 'deny' || decision === 'ask') return { kind: 'blocked', reason: String(out['permissionDecisionReason']) };
    const args = obj(out['modifiedArgs']);
    return typeof args?.['command'] === 'string' ? { kind: 'rewrite', command: args['command'], decision } : { kind: 'allow' };
  }
  const decision = String(h?.['permissionDecision'] ?? 'none');
  if (decision === 'deny') return { kind: 'blocked', reason: String(h?.['permissionDecisionReason']) };
  const input = obj(h?.['updatedInput']);
  if (typeof input?.['command'] === 'string') return { kind: 'rewrite', command: input['command'], decision };
  if (decision === 'ask' && client === 'codex') return { kind: 'blocked', reason: 'codex rejects ask' };
  return decision === 'ask' ? { kind: 'blocked', reason: 'asks without a rewrite' } : { kind: 'allow' };
}

/** For any tool: does the call go ahead without a prompt or a refusal? */
export function outcome(client: ClientId, r: { status: number | null; stdout: string; stderr: string }): 'proceed' | 'ask' | 'deny' {
  const v = rewrittenCommand(client, r as SpawnSyncReturns<string>);
  if (v.kind === 'blocked') return /approval|asks|cannot ask|rejects ask/i.test(v.reason) || json(r.stdout)?.['permissionDecision'] === 'ask' || obj(json(r.stdout)?.['hookSpecificOutput'])?.['permissionDecision'] === 'ask' ? 'ask' : 'deny';
  if (v.kind === 'rewrite' && v.decision === 'ask') return 'ask';
  return 'proceed';
}
