// What the hook does around a tool call for provenance: before an allowed edit it may snapshot
// files; after it, the AI edit is recorded in the audit log (and, where the client gives the
// facts, as line annotations).
import { join, relative, resolve } from 'node:path';
import { appendAuditEvents } from '../core/audit/auditAppend';
import type { HookEvent } from '../core/hook/hookEventTypes';
import { parsePostToolEdit } from '../core/hook/postToolEdit';
import type { CliContext } from './cliContext';

/** Records a finished AI edit; returns a note for stderr when something could not be recorded. */
export function runPostToolCapture(root: string, event: HookEvent, payload: unknown, _ctx: CliContext): string | undefined {
  if (event.event !== 'post-tool') return undefined;
  const facts = parsePostToolEdit(event, payload);
  if (!facts || !facts.success || facts.files.length === 0) return undefined;
  const paths = facts.files.map((f) => relative(root, resolve(event.cwd || root, f.path)).split('\\').join('/'));
  try {
    appendAuditEvents(join(root, '.airlock', 'audit'), [
      { kind: 'ai-edit', client: event.client, session: event.sessionId, tool: facts.tool, action: 'edit', paths, reason: `${facts.kind} by ${facts.tool}` },
    ]);
  } catch (err) {
    return `airlock: warning: could not record the AI edit in the audit log: ${(err as Error).message}`;
  }
  return undefined;
}

/** Called before an allowed tool runs, so the post hook can tell what the tool changed. */
export function runPreToolSnapshot(_root: string, _event: HookEvent, _ctx: CliContext): void {
  // Filled in by the provenance capture (before/after comparison for shell tools).
}
