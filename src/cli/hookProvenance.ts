// What the hook does around a tool call for provenance: before an allowed call it snapshots the
// files the tool may change; after it, the AI-written lines become annotations and the edit an
// audit event. A post hook cannot block anything, so problems are reported, never thrown.
import { recordAuditEvents } from '../core/audit/auditRelay';
import { resolveAuditDir } from '../core/audit/auditLocation';
import type { HookEvent } from '../core/hook/hookEventTypes';
import { captureAiEdit } from '../core/provenance/captureAiEdit';
import { execArgvKey, hasDeferred } from '../core/provenance/captureCache';
import { startGitDirtyPaths } from '../core/provenance/captureGitState';
import { completeDeferredSnapshots, snapshotBeforeTool } from '../core/provenance/captureSnapshot';
import type { CliContext } from './cliContext';
import { errorMessage } from '../core/util/errorMessage';

/** Records a finished AI edit (or settles models at session end); returns a note for stderr. */
export async function runPostToolCapture(root: string, event: HookEvent, ctx: CliContext): Promise<string | undefined> {
  const auditDir = resolveAuditDir(root).dir;
  // Inside `airlock run` the records folder is read-only: `run` stores what this hook writes.
  const result = await captureAiEdit(root, event, { now: ctx.now, env: ctx.env });
  if (result.status !== 'captured' || result.files.length === 0) {
    if (result.status === 'error') return `airlock: provenance not recorded: ${result.notes.join('; ')}`;
    // A capture that recorded nothing may still say why a file was not attributed: never drop it.
    return result.notes.length ? `airlock: ${result.notes.join('; ')}` : undefined;
  }
  try {
    // Not awaited inside `airlock run` (no process spawned to wait for the relay): the tool call is
    // over, so nothing waits on this record; a loss is reported either way.
    recordAuditEvents(auditDir, [
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
    ], ctx.env, (err) => ctx.stderr(`airlock: warning: could not record the AI edit in the audit log: ${err.message}\n`));
  } catch (err) {
    return `airlock: warning: could not record the AI edit in the audit log: ${errorMessage(err)}`;
  }
  return result.notes.length ? `airlock: ${result.notes.join('; ')}` : undefined;
}

/**
 * Called before an allowed tool runs, so the post hook can tell what the tool changed. With
 * `deferGitTo` the `airlock exec` that runs the call adds `git status` (completeExecSnapshots).
 */
export function runPreToolSnapshot(root: string, event: HookEvent, ctx: CliContext, mayKeepContent?: (rel: string) => boolean, gitStatus?: { readonly dirty: string[] | undefined }, deferGitTo?: string): void {
  const result = snapshotBeforeTool(root, event, { now: ctx.now, mayKeepContent, ...(gitStatus ? { gitStatus } : {}), ...(deferGitTo !== undefined ? { deferGitTo } : {}) });
  if (result.status === 'error') ctx.stderr(`airlock: provenance snapshot failed: ${result.notes.join('; ')}\n`);
}

/**
 * `airlock exec`'s part of a rewritten call's snapshot: when its hook left one for this command,
 * `git status` starts now (while the sandbox is built) and `complete` adds it before the command
 * runs. Null when no hook is waiting.
 */
export function startExecSnapshots(root: string, argv: readonly string[], ctx: CliContext): { complete(mayKeepContent: (rel: string) => boolean): Promise<void> } | null {
  const key = execArgvKey(argv);
  if (!hasDeferred(root, key)) return null;
  const git = startGitDirtyPaths(root);
  return {
    async complete(mayKeepContent) {
      try {
        const { dirty } = await git.result;
        completeDeferredSnapshots(root, key, dirty, mayKeepContent);
      } catch (err) {
        ctx.stderr(`airlock: provenance snapshot failed: ${errorMessage(err)}\n`);
      }
    },
  };
}
