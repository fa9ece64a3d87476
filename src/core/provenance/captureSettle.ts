// At Stop / session end, fill in models the post hook could not read yet: Claude Code's transcript
// line was not written, the Copilot CLI writes its events file lazily. Only exact joins count.
import type { HookEvent } from '../hook/hookEventTypes';
import { UNKNOWN_MODEL } from './annotationTypes';
import { readPending, removeStaleSnapshots, replacePending, type PendingModel } from './captureCache';
import { claudeModels, copilotModelsByArguments } from './captureModel';
import { workspaceRoot } from '../paths/canonicalPath';
import { newSalt } from './lineKeys';
import { recordBase } from './recordBuild';
import { appendRecord, readRecordsOf, type RecordProblem } from './recordStore';
import type { CaptureOptions, CaptureResult } from './captureTypes';
import { errorMessage } from '../util/errorMessage';

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
  const roots = workspaceRoot(root);
  removeStaleSnapshots(roots.root, options.now?.() ?? new Date());
  const session = event.sessionId || 'unknown';
  const pending = readPending(roots.root, session);
  if (pending.length === 0) return { status: 'settled', files: [], notes: [], problems: [], settledRanges: 0 };
  const modelFor = resolver(event);
  const left: PendingModel[] = [];
  const notes: string[] = [];
  const problems: RecordProblem[] = [];
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
  const time = (options.now?.() ?? new Date()).toISOString();
  for (const [file, found] of byFile) {
    const set = readRecordsOf(roots.root, file);
    problems.push(...set.problems);
    const settledModels = new Set(set.records.flatMap((r) => (r.kind === 'model' ? r.records : [])));
    const byModel = new Map<string, string[]>();
    for (const r of set.records) {
      if (r.kind !== 'ai' || r.model !== UNKNOWN_MODEL || settledModels.has(r.id)) continue;
      const hit = found.find(({ entry }) => entry.time === r.time && entry.session === r.session && entry.tool === r.tool);
      if (hit) byModel.set(hit.model, [...(byModel.get(hit.model) ?? []), r.id]);
    }
    for (const [model, records] of byModel) {
      try {
        (options.appendRecord ?? appendRecord)(roots.root, { ...recordBase(file, time, newSalt(), []), kind: 'model', model, records });
        settled += records.length;
      } catch (error) {
        notes.push(`${file}: ${errorMessage(error)}`);
      }
    }
  }
  replacePending(roots.root, session, left);
  if (left.length > 0) notes.push(`${left.length} capture(s) still without a model (the transcript does not name it yet)`);
  return { status: 'settled', files: [], notes, problems, settledRanges: settled };
}
