// At Stop / session end, fill in models the post hook could not read yet: Claude Code's transcript
// line was not written, the Copilot CLI writes its events file lazily. Only exact joins count.
import type { HookEvent } from '../hook/hookEventTypes';
import { AnnotationStore } from './annotationStore';
import { normalizeRanges } from './annotationOps';
import { UNKNOWN_MODEL } from './annotationTypes';
import { readPending, removeStaleSnapshots, replacePending, type PendingModel } from './captureCache';
import { claudeModels, copilotModelsByArguments } from './captureModel';
import { fileHashOf } from './contentHash';
import { absoluteOf, readText, workspaceRoots } from './capturePaths';
import type { CaptureOptions, CaptureResult } from './captureTypes';

function resolver(event: HookEvent): (entry: PendingModel) => string | undefined {
  const byPath = new Map<string, { claude?: Map<string, string>; copilot?: Map<string, string> }>();
  const load = (p: string): { claude?: Map<string, string>; copilot?: Map<string, string> } => {
    let maps = byPath.get(p);
    if (!maps) {
      maps = {};
      byPath.set(p, maps);
    }
    return maps;
  };
  return (entry) => {
    const transcript = entry.transcriptPath ?? event.transcriptPath;
    if (transcript === undefined) return undefined;
    const maps = load(transcript);
    if (entry.toolUseId !== undefined) {
      maps.claude ??= claudeModels(transcript);
      return maps.claude.get(entry.toolUseId);
    }
    if (entry.argsKey !== undefined) {
      maps.copilot ??= copilotModelsByArguments(event.transcriptPath ?? transcript);
      return maps.copilot.get(entry.argsKey);
    }
    return undefined;
  };
}

export function settleSessionModels(root: string, event: HookEvent, options: CaptureOptions = {}): CaptureResult {
  const roots = workspaceRoots(root);
  removeStaleSnapshots(roots.root, options.now?.() ?? new Date());
  const session = event.sessionId || 'unknown';
  const pending = readPending(roots.root, session);
  if (pending.length === 0) return { status: 'settled', files: [], notes: [], problems: [], settledRanges: 0 };
  const modelFor = resolver(event);
  const store = new AnnotationStore(roots.root);
  const left: PendingModel[] = [];
  const notes: string[] = [];
  let settled = 0;
  const byFile = new Map<string, Array<{ entry: PendingModel; model: string }>>();
  for (const entry of pending) {
    const model = modelFor(entry);
    if (model === undefined) {
      left.push(entry);
      continue;
    }
    const list = byFile.get(entry.file) ?? [];
    list.push({ entry, model });
    byFile.set(entry.file, list);
  }
  for (const [file, found] of byFile) {
    const annotations = store.load(file);
    if (!annotations) continue;
    const ranges = annotations.ranges.map((r) => {
      const hit = r.model === UNKNOWN_MODEL ? found.find(({ entry }) => entry.time === r.time && entry.session === r.session && entry.tool === r.tool) : undefined;
      if (!hit) return r;
      settled++;
      return { ...r, model: hit.model };
    });
    const text = readText(absoluteOf(roots, file));
    // Neighbours that now say the same thing merge (only when the store describes this text).
    const current = text !== undefined && annotations.fileHash === fileHashOf(text);
    try {
      store.save({ ...annotations, ranges: current ? normalizeRanges(ranges, text) : ranges });
    } catch (error) {
      notes.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  replacePending(roots.root, session, left);
  if (left.length > 0) notes.push(`${left.length} capture(s) still without a model (the transcript does not name it yet)`);
  return { status: 'settled', files: [], notes, problems: store.problems, settledRanges: settled };
}
