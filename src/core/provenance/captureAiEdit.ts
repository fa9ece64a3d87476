// The hook entry point of provenance capture: post-tool events become annotations in the store,
// pre-tool events leave a snapshot for them, stop events settle models that were unknown.
import type { HookEvent } from '../hook/hookEventTypes';
import { UNKNOWN_MODEL, type AiOrigin, type LineRange } from './annotationTypes';
import { argumentsKey, appendPending, callKey, takeSnapshot } from './captureCache';
import { planEdits, type PlannedEdit } from './captureEdits';
import { gitDirtyPaths } from './captureGitState';
import { claudeModelFor } from './captureModel';
import { absoluteOf, readText } from './capturePaths';
import { workspaceRoot, type WorkspaceRoot } from '../paths/canonicalPath';
import { settleSessionModels } from './captureSettle';
import { snapshotBeforeTool } from './captureSnapshot';
import type { CaptureOptions, CaptureResult, CapturedFile } from './captureTypes';
import { recordAiLines, recordRangesIn } from './captureRecord';
import { hookRecordSink } from './recordRelay';
import { lineCount } from './lineRanges';
import { errorMessage } from '../util/errorMessage';

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** The model as the client recorded it; `unknown` (to settle at Stop) when it is not there yet. */
async function modelOf(event: HookEvent, options: CaptureOptions): Promise<string> {
  if (event.model !== undefined) return event.model;
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

/** The edit's record, and its lines in the file as it is on disk now. */
function applyEdit(roots: WorkspaceRoot, edit: PlannedEdit, origin: AiOrigin, options: CaptureOptions): LineRange[] {
  // No developer is stamped here (it would cost a git process per call): peer review takes the
  // author of the commit that adds the record (reviewJudge.ts).
  const written = recordAiLines(roots.root, { ...edit, origin }, options.appendRecord);
  if (!written) return [];
  const disk = readText(absoluteOf(roots, edit.file));
  // The usual case: the disk is what the tool wrote, so the record's own lines are the answer.
  if (disk === undefined || disk === edit.after) return written.lines;
  return recordRangesIn(written.record, disk);
}

async function capturePostTool(root: string, event: HookEvent, options: CaptureOptions): Promise<CaptureResult> {
  const facts = event.edit;
  if (facts === undefined) return { status: 'ignored', files: [], notes: [], problems: [] };
  const roots = workspaceRoot(root);
  const snapshot = takeSnapshot(roots.root, callKey(event));
  const gitAfter = facts.kind === 'shell' && snapshot?.gitDirty !== undefined ? gitDirtyPaths(roots.root) : undefined;
  const plan = planEdits(facts, roots, snapshot, gitAfter);
  const notes = [...plan.notes];
  if (plan.edits.length === 0) return { status: 'captured', files: [], notes, problems: [] };

  const time = (options.now?.() ?? new Date()).toISOString();
  const model = await modelOf(event, options);
  const origin: AiOrigin = { tool: event.client, model, session: event.sessionId || 'unknown', time };
  const files: CapturedFile[] = [];
  for (const edit of plan.edits) {
    if (edit.after.includes('\0')) {
      notes.push(`${edit.file}: binary content; not annotated`);
      continue;
    }
    try {
      const ranges = applyEdit(roots, edit, origin, options);
      if (ranges.length === 0) continue;
      files.push({ file: edit.file, ranges, lines: ranges.reduce((n, r) => n + lineCount(r), 0), model });
      if (model === UNKNOWN_MODEL) {
        appendPending(roots.root, {
          file: edit.file,
          tool: origin.tool,
          session: origin.session,
          time,
          ...(event.toolUseId !== undefined ? { toolUseId: event.toolUseId } : { argsKey: argumentsKey(event) }),
          ...(event.transcriptPath !== undefined ? { transcriptPath: event.transcriptPath } : {}),
        });
      }
    } catch (error) {
      notes.push(`${edit.file}: ${errorMessage(error)}`);
    }
  }
  return { status: 'captured', files, notes, problems: [] };
}

/**
 * THE provenance hook entry point, for every hook event `airlock hook` receives, as the event
 * core/hook normalized (the raw payload is never read again here):
 * - `pre-tool` → `snapshotBeforeTool` (call it only for calls that are let through),
 * - `post-tool` / `post-tool-failure` → the lines the tool wrote become annotations
 *   (tool = client id, model from the client or `unknown`, session, time),
 * - `stop` (Stop, agentStop, SessionEnd) → models unknown at post time are filled in from the
 *   transcript / events file when they are there now,
 * - anything else → `ignored`.
 * `root` is the workspace root (where `.airlock/` lives). Never throws: failures come back as
 * `status: 'error'` with a note (a post hook cannot undo a tool call; the caller logs it).
 */
export async function captureAiEdit(root: string, event: HookEvent, options: CaptureOptions = {}): Promise<CaptureResult> {
  try {
    switch (event.event) {
      case 'pre-tool':
        return snapshotBeforeTool(root, event, options);
      case 'post-tool':
      case 'post-tool-failure':
        return await recorded((o) => capturePostTool(root, event, o), options);
      case 'stop':
        return await recorded(async (o) => settleSessionModels(root, event, o), options);
      default:
        return { status: 'ignored', files: [], notes: [], problems: [] };
    }
  } catch (error) {
    return { status: 'error', files: [], notes: [`provenance capture failed: ${errorMessage(error)}`], problems: [] };
  }
}

/** Runs a capture with its records going where the environment says; records not stored make it an error. */
async function recorded(capture: (options: CaptureOptions) => Promise<CaptureResult>, options: CaptureOptions): Promise<CaptureResult> {
  if (options.appendRecord !== undefined || options.env === undefined) return capture(options);
  const sink = hookRecordSink(options.env);
  if (sink.append === undefined) return capture(options);
  const result = await capture({ ...options, appendRecord: sink.append });
  const lost = await sink.flush();
  return lost === undefined ? result : { status: 'error', files: [], notes: [...result.notes, lost], problems: result.problems };
}
