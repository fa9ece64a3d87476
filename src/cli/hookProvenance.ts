// What the hook does around a tool call for provenance: before an allowed call it snapshots the
// files the tool may change; after it, the AI-written lines become annotations and the edit an
// audit event. A post hook cannot block anything, so problems are reported, never thrown.
import { recordAuditEventsSync } from '../core/audit/auditRelay';
import { resolveAuditDir } from '../core/audit/auditLocation';
import type { HookEvent } from '../core/hook/hookEventTypes';
import { captureAiEdit } from '../core/provenance/captureAiEdit';
import { snapshotBeforeTool } from '../core/provenance/captureSnapshot';
import type { CliContext } from './cliContext';
import { errorMessage } from '../core/util/errorMessage';

/** Records a finished AI edit (or settles models at session end); returns a note for stderr. */
export async function runPostToolCapture(root: string, event: HookEvent, ctx: CliContext): Promise<string | undefined> {
  const result = await captureAiEdit(root, event, { now: ctx.now });
  if (result.status !== 'captured' || result.files.length === 0) {
    return result.status === 'error' ? `airlock: provenance not recorded: ${result.notes.join('; ')}` : undefined;
  }
  try {
    recordAuditEventsSync(resolveAuditDir(root).dir, [
      {
        kind: 'ai-edit',
        client: event.client,
        session: event.sessionId,
        tool: event.toolName,
        toolUseId: event.toolUseId ?? null,
        action: 'edit',
        paths: result.files.map((f) => f.file),
        model: result.files[0].model,
        ranges: result.files.flatMap((f) => f.ranges.map((r) => ({ path: f.file, start: r.startLine, end: r.endLine }))),
        reason: `${result.files.reduce((n, f) => n + f.lines, 0)} AI-written line(s) recorded`,
      },
    ], ctx.env);
  } catch (err) {
    return `airlock: warning: could not record the AI edit in the audit log: ${errorMessage(err)}`;
  }
  return result.notes.length ? `airlock: ${result.notes.join('; ')}` : undefined;
}

/** Called before an allowed tool runs, so the post hook can tell what the tool changed. */
export function runPreToolSnapshot(root: string, event: HookEvent, ctx: CliContext, mayKeepContent?: (rel: string) => boolean, gitStatus?: { readonly dirty: string[] | undefined }): void {
  const result = snapshotBeforeTool(root, event, { now: ctx.now, mayKeepContent, ...(gitStatus ? { gitStatus } : {}) });
  if (result.status === 'error') ctx.stderr(`airlock: provenance snapshot failed: ${result.notes.join('; ')}\n`);
}
