// The hook entry point of provenance capture: post-tool events become annotations in the store,
// pre-tool events leave a snapshot for them, stop events settle models that were unknown.
import type { HookEvent } from '../hook/hookEventTypes';
import { parsePostToolEdit } from '../hook/postToolEdit';
import { AnnotationStore } from './annotationStore';
import { emptyAnnotations, recordAiEdit } from './annotationOps';
import { UNKNOWN_MODEL, type AiOrigin, type FileAnnotations, type LineRange } from './annotationTypes';
import { argumentsKey, appendPending, callKey, takeSnapshot } from './captureCache';
import { planEdits, type PlannedEdit } from './captureEdits';
import { gitDirtyPaths } from './captureGitState';
import { claudeModelFor, payloadModel } from './captureModel';
import { absoluteOf, readText, workspaceRoots, type WorkspaceRoots } from './capturePaths';
import { settleSessionModels } from './captureSettle';
import { snapshotBeforeTool } from './captureSnapshot';
import type { CaptureOptions, CaptureResult, CapturedFile } from './captureTypes';
import { fileHashOf } from './contentHash';
import { gitBlobReader } from './gitBlobs';
import { lineCount } from './lineRanges';
import { reanchor } from './reanchor';

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** The model as the client recorded it; `unknown` (to settle at Stop) when it is not there yet. */
async function modelOf(event: HookEvent, payload: unknown, options: CaptureOptions): Promise<string> {
  const given = payloadModel(payload);
  if (given !== undefined) return given;
  if (event.transcriptPath && event.toolUseId && (event.client === 'claude-code' || event.client === 'vscode')) {
    const retries = options.transcriptRetries ?? 3;
    for (let attempt = 0; ; attempt++) {
      const found = claudeModelFor(event.transcriptPath, event.toolUseId);
      if (found !== undefined) return found;
      if (attempt >= retries) break;
      await sleep(options.transcriptRetryDelayMs ?? 40);
    }
  }
  return UNKNOWN_MODEL;
}

/** Carry the stored annotations over the edit, tag its lines, and follow the disk if it moved on. */
function applyEdit(store: AnnotationStore, roots: WorkspaceRoots, edit: PlannedEdit, origin: AiOrigin): FileAnnotations {
  const readBlob = gitBlobReader(roots.root);
  let existing = store.load(edit.file) ?? emptyAnnotations(edit.file);
  // Copilot's parallel edits: the first post hook already recorded the final text.
  const alreadyAfter = existing.fileHash === fileHashOf(edit.after);
  if (!alreadyAfter && edit.before !== undefined && existing.ranges.length > 0 && existing.fileHash !== fileHashOf(edit.before)) {
    // The store describes an older version (edits nobody captured): bring it to `before` first.
    existing = reanchor(existing, edit.before, { readBlob }).annotations;
  }
  const before = alreadyAfter ? undefined : edit.before;
  let updated = recordAiEdit(existing, { ...(before !== undefined ? { before } : {}), after: edit.after, ranges: edit.ranges, origin }, readBlob);
  const disk = readText(absoluteOf(roots, edit.file));
  if (disk !== undefined && disk !== edit.after) {
    updated = reanchor(updated, disk, { oldText: edit.after }).annotations;
  }
  store.save(updated);
  return updated;
}

async function capturePostTool(root: string, event: HookEvent, payload: unknown, options: CaptureOptions): Promise<CaptureResult> {
  const facts = parsePostToolEdit(event, payload);
  if (facts === null) return { status: 'ignored', files: [], notes: [], problems: [] };
  const roots = workspaceRoots(root);
  const snapshot = takeSnapshot(roots.root, callKey(event, payload));
  const gitAfter = facts.kind === 'shell' && snapshot?.gitDirty !== undefined ? gitDirtyPaths(roots.root) : undefined;
  const plan = planEdits(facts, roots, snapshot, gitAfter);
  const notes = [...plan.notes];
  if (plan.edits.length === 0) return { status: 'captured', files: [], notes, problems: [] };

  const time = (options.now?.() ?? new Date()).toISOString();
  const model = await modelOf(event, payload, options);
  const origin: AiOrigin = { tool: event.client, model, session: event.sessionId || 'unknown', time };
  const store = new AnnotationStore(roots.root);
  const files: CapturedFile[] = [];
  for (const edit of plan.edits) {
    try {
      const saved = applyEdit(store, roots, edit, origin);
      // This capture's lines: what the edit tagged, as saved. (Matching on the origin alone would
      // also pick up an earlier capture of the same session stamped in the same millisecond.)
      const mine = saved.ranges.filter((r) => r.time === time && r.session === origin.session && r.tool === origin.tool);
      const ranges: LineRange[] = [];
      for (const e of edit.ranges) {
        for (const r of mine) {
          const startLine = Math.max(e.startLine, r.startLine);
          const endLine = Math.min(e.endLine, r.endLine);
          if (startLine <= endLine) ranges.push({ startLine, endLine });
        }
      }
      files.push({ file: edit.file, ranges, lines: ranges.reduce((n, r) => n + lineCount(r), 0), model });
      if (model === UNKNOWN_MODEL) {
        appendPending(roots.root, {
          file: edit.file,
          tool: origin.tool,
          session: origin.session,
          time,
          ...(event.toolUseId !== undefined ? { toolUseId: event.toolUseId } : { argsKey: argumentsKey(event, payload) }),
          ...(event.transcriptPath !== undefined ? { transcriptPath: event.transcriptPath } : {}),
        });
      }
    } catch (error) {
      notes.push(`${edit.file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { status: 'captured', files, notes, problems: store.problems };
}

/**
 * THE provenance hook entry point, for every hook event `airlock hook` receives:
 * - `pre-tool` → `snapshotBeforeTool` (call it only for calls that are let through),
 * - `post-tool` / `post-tool-failure` → the lines the tool wrote become annotations
 *   (tool = client id, model from the client or `unknown`, session, time),
 * - `stop` (Stop, agentStop, SessionEnd) → models unknown at post time are filled in from the
 *   transcript / events file when they are there now,
 * - anything else → `ignored`.
 * `root` is the workspace root (where `.airlock/` lives). Never throws: failures come back as
 * `status: 'error'` with a note (a post hook cannot undo a tool call; the caller logs it).
 */
export async function captureAiEdit(root: string, event: HookEvent, payload: unknown, options: CaptureOptions = {}): Promise<CaptureResult> {
  try {
    switch (event.event) {
      case 'pre-tool':
        return snapshotBeforeTool(root, event, payload, options);
      case 'post-tool':
      case 'post-tool-failure':
        return await capturePostTool(root, event, payload, options);
      case 'stop':
        return settleSessionModels(root, event, options);
      default:
        return { status: 'ignored', files: [], notes: [], problems: [] };
    }
  } catch (error) {
    return { status: 'error', files: [], notes: [`provenance capture failed: ${error instanceof Error ? error.message : String(error)}`], problems: [] };
  }
}
