// The raw facts each client gives after a tool changed files, for provenance capture.
// Nothing is computed here (no ranges, no diffing): the capture decides how to use each fact.
import type { ClientId } from '../words/clientTypes';
import type { HookEvent } from './hookEventTypes';
import type { PatchHunk, PostToolEditFacts, PostToolFileFacts, TextReplacement } from './postToolEditTypes';
import { isObject, objectField, stringField, type JsonObject } from './payloadFields';
import { parsePatchFiles } from '../shell/patchPaths';
import { toolEditKind } from './toolCatalog';
import { codexApplyPatch } from './codexApplyPatch';
import { resolve } from 'node:path';

function toolInputOf(client: ClientId, p: JsonObject): JsonObject {
  let raw: unknown;
  if (client === 'copilot-cli') raw = p['toolArgs'];
  else if (client === 'opencode') raw = objectField(p, 'input')?.['args'] ?? objectField(p, 'output')?.['args'];
  else raw = p['tool_input'];
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw) as unknown;
    } catch {
      return { input: raw };
    }
  }
  return isObject(raw) ? raw : {};
}

function hunksOf(value: unknown): PatchHunk[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const hunks: PatchHunk[] = [];
  for (const h of value) {
    if (!isObject(h)) continue;
    const { oldStart, oldLines, newStart, newLines, lines } = h;
    if (typeof oldStart === 'number' && typeof oldLines === 'number' && typeof newStart === 'number' && typeof newLines === 'number' && Array.isArray(lines)) {
      hunks.push({ oldStart, oldLines, newStart, newLines, lines: lines.filter((l): l is string => typeof l === 'string') });
    }
  }
  return hunks;
}

function replacementsOf(input: JsonObject): TextReplacement[] {
  const out: TextReplacement[] = [];
  const one = (o: JsonObject): void => {
    const oldText = stringField(o, 'old_string', 'oldString', 'old_str');
    const newText = stringField(o, 'new_string', 'newString', 'new_str');
    if (oldText !== undefined && newText !== undefined) {
      const replaceAll = o['replace_all'] ?? o['replaceAll'];
      out.push({ oldText, newText, ...(typeof replaceAll === 'boolean' ? { replaceAll } : {}) });
    }
  };
  one(input);
  for (const key of ['edits', 'replacements']) {
    const list = input[key];
    if (Array.isArray(list)) for (const e of list) if (isObject(e)) one(e);
  }
  return out;
}

function pathOf(o: JsonObject): string | undefined {
  return stringField(o, 'file_path', 'filePath', 'path', 'notebook_path', 'notebookPath');
}

/** Claude Code: the tool_response of Write/Edit/MultiEdit/NotebookEdit and Bash's bashEditDiff. */
function claudeResponseFiles(response: JsonObject, fallbackPath: string | undefined): PostToolFileFacts[] {
  const bashDiff = objectField(response, 'bashEditDiff');
  if (bashDiff) {
    const files: PostToolFileFacts[] = [];
    const listed = Array.isArray(bashDiff['files']) ? bashDiff['files'] : [];
    for (const f of listed) {
      if (!isObject(f) || typeof f['filePath'] !== 'string') continue;
      const hunks = hunksOf(f['hunks']);
      files.push({ path: f['filePath'], ...(f['created'] === true ? { created: true } : {}), ...(hunks ? { hunks } : {}) });
    }
    // changedFiles may list more than `files` carries hunks for (moreFiles > 0).
    const changed = Array.isArray(bashDiff['changedFiles']) ? bashDiff['changedFiles'] : [];
    for (const c of changed) if (typeof c === 'string' && !files.some((f) => f.path === c)) files.push({ path: c });
    return files;
  }
  const path = stringField(response, 'filePath', 'file_path') ?? fallbackPath;
  if (path === undefined) return [];
  const hunks = hunksOf(response['structuredPatch']);
  const original = response['originalFile'];
  const content = stringField(response, 'content');
  return [{
    path,
    ...(response['type'] === 'create' ? { created: true } : {}),
    ...(content !== undefined ? { content } : {}),
    ...(typeof original === 'string' || original === null ? { originalContent: original } : {}),
    ...(hunks && hunks.length > 0 ? { hunks } : {}),
  }];
}

function patchTextOf(input: JsonObject): string | undefined {
  for (const key of ['command', 'input', 'patch', 'patchText', 'patch_text']) {
    const v = input[key];
    if (typeof v === 'string' && /^(\*\*\* |--- |diff --git )/m.test(v)) return v;
  }
  return undefined;
}

/**
 * File-change facts from a post-tool payload, or null when the event is not after a tool or the
 * tool cannot change files (reads, searches, web). Shell tools always return facts (their `files`
 * may be empty: the capture then compares the working tree).
 */
export function parsePostToolEdit(event: HookEvent, payload: unknown): PostToolEditFacts | null {
  if ((event.event !== 'post-tool' && event.event !== 'post-tool-failure') || !isObject(payload)) return null;
  // Codex applies an `apply_patch` heredoc itself (no shell runs): the patch says what it wrote,
  // so only its lines are the AI's, not everything else that changed in the tree meanwhile.
  const codexPatch = event.client === 'codex' && event.command !== undefined ? codexApplyPatch(event.command) : null;
  const kind = codexPatch !== null ? 'patch' : toolEditKind(event.toolName);
  if (kind === null) return null;
  const p = payload;
  const input = toolInputOf(event.client, p);
  const path = pathOf(input);

  let success = event.event === 'post-tool';
  let error: string | undefined;
  let shellExitCode: number | undefined;
  let files: PostToolFileFacts[] = [];
  let metadata: unknown;

  // Result fields differ per client; the facts are taken as given.
  const copilotResult = objectField(p, 'toolResult', 'tool_result');
  if (copilotResult) {
    const type = stringField(copilotResult, 'resultType', 'result_type');
    if (type !== undefined && type !== 'success') success = false;
    const text = stringField(copilotResult, 'textResultForLlm', 'text_result_for_llm') ?? '';
    const exit = /completed with exit code (\d+)/.exec(text);
    if (exit) shellExitCode = Number(exit[1]);
  }
  if (typeof p['error'] === 'string') {
    success = false;
    error = p['error'];
  } else if (isObject(p['error'])) {
    success = false;
    error = stringField(p['error'], 'message');
  }
  const claudeResponse = objectField(p, 'tool_response');
  if (claudeResponse) files = claudeResponseFiles(claudeResponse, kind === 'shell' ? undefined : path);
  if (event.client === 'opencode') {
    metadata = objectField(p, 'output')?.['metadata'];
    if (isObject(metadata) && metadata['error'] !== undefined) success = false;
  }

  const patchText = kind === 'patch' || kind === 'edit' || kind === 'shell' ? patchTextOf(input) : undefined;
  if (files.length === 0 && patchText !== undefined) {
    files = parsePatchFiles(patchText).map((f) => ({
      path: f.path,
      ...(f.operation === 'add' ? { created: true } : {}),
      ...(f.operation === 'delete' ? { deleted: true } : {}),
      ...(f.movedTo ? { movedTo: f.movedTo } : {}),
      patchBody: f.body,
    }));
  }
  if (files.length === 0 && kind !== 'shell' && kind !== 'patch' && path !== undefined) {
    const content = stringField(input, 'content', 'file_text', 'fileText');
    files = [{ path, ...(content !== undefined ? { content } : {}) }];
  }
  // Replacements come from the tool input for every client (Copilot gives nothing else).
  const replacements = kind === 'edit' ? replacementsOf(input) : [];
  if (replacements.length > 0 && files.length === 1 && files[0] !== undefined && files[0].replacements === undefined) {
    files = [{ ...files[0], replacements }];
  }

  return {
    client: event.client,
    tool: event.toolName,
    kind,
    ...(event.toolUseId !== undefined ? { toolUseId: event.toolUseId } : {}),
    sessionId: event.sessionId,
    // The patch's relative paths are relative to its `cd` target.
    cwd: codexPatch?.dir !== undefined ? resolve(event.cwd, codexPatch.dir) : event.cwd,
    success,
    ...(error !== undefined ? { error } : {}),
    files,
    ...(event.command !== undefined ? { command: event.command } : {}),
    ...(shellExitCode !== undefined ? { shellExitCode } : {}),
    ...(patchText !== undefined ? { patchText } : {}),
    ...(metadata !== undefined ? { metadata } : {}),
  };
}
