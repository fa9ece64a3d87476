// The pre hook's part of capture: remember what the files a tool is about to change hold now, so
// the post hook can tell what the tool changed where the client does not say (shell commands,
// notebooks) and can place `old_str`/`new_str` edits when `new_str` occurs more than once.
import * as path from 'node:path';
import type { HookEvent } from '../hook/hookEventTypes';
import { analyzeShellCommand } from '../shell/analyzeShellCommand';
import { callKey, writeSnapshot, type SnapshotFile } from './captureCache';
import { gitDirtyPaths } from './captureGitState';
import { absoluteOf, readText, toWorkspaceRelative } from './capturePaths';
import { workspaceRoot, type WorkspaceRoot } from '../paths/canonicalPath';
import type { CaptureOptions, CaptureResult } from './captureTypes';
import { errorMessage } from '../util/errorMessage';
import { isAirlockPath } from '../words/airlockLayout';

/** Files above this are recorded as present but not kept (and so never diffed or attributed). */
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_TOTAL_BYTES = 16 * 1024 * 1024;

function paths(event: HookEvent, roots: WorkspaceRoot): string[] {
  const out = new Set<string>();
  for (const request of event.requests) {
    if (request.action !== 'edit') continue;
    for (const p of request.paths) {
      const rel = toWorkspaceRelative(roots, request.cwd, p);
      if (rel !== undefined) out.add(rel);
    }
  }
  if (event.command !== undefined) {
    // Files the command line names as written: the only way to see its changes outside git.
    for (const operand of analyzeShellCommand(event.command).operands) {
      if (operand.access !== 'write' || operand.glob || operand.partial) continue;
      const cwd = operand.cwd === null ? event.cwd : path.resolve(event.cwd, operand.cwd);
      const rel = toWorkspaceRelative(roots, cwd, operand.path);
      if (rel !== undefined) out.add(rel);
    }
  }
  return [...out];
}

/**
 * Record the state of the files a tool call is about to change (`.airlock/cache/provenance/`);
 * the post hook of the same call (`captureAiEdit`) uses and removes it. Call it for pre-tool events
 * that are let through (a denied call never gets a post hook). Cheap for edit tools (reads the
 * named files); for shell tools in a git work tree it also runs `git status` once.
 */
export function snapshotBeforeTool(root: string, event: HookEvent, options: CaptureOptions = {}): CaptureResult {
  const empty = { files: [], notes: [], problems: [] };
  if (event.event !== 'pre-tool') return { status: 'ignored', ...empty };
  try {
    const roots = workspaceRoot(root);
    const targets = paths(event, roots);
    const isShell = event.command !== undefined;
    if (targets.length === 0 && !isShell) return { status: 'ignored', ...empty };
    const gitDirty = isShell ? (options.gitStatus ? options.gitStatus.dirty : gitDirtyPaths(roots.root)) : undefined;
    const files: Record<string, SnapshotFile> = {};
    let total = 0;
    const keep = (rel: string): void => {
      if (rel in files || isAirlockPath(rel) || rel.startsWith('.git/')) return;
      const text = readText(absoluteOf(roots, rel));
      if (text === undefined) {
        files[rel] = { exists: false };
        return;
      }
      const bytes = Buffer.byteLength(text, 'utf8');
      // A protected file's content must not land in a cache an AI search can read.
      if (options.mayKeepContent && !options.mayKeepContent(rel)) {
        files[rel] = { exists: true };
        return;
      }
      if (bytes > MAX_FILE_BYTES || total + bytes > MAX_TOTAL_BYTES) {
        files[rel] = { exists: true };
        return;
      }
      total += bytes;
      files[rel] = { exists: true, content: text };
    };
    targets.forEach(keep);
    // Changed-but-uncommitted files: their pre-command content is nowhere else.
    gitDirty?.forEach(keep);
    writeSnapshot(roots.root, callKey(event), {
      version: 1,
      createdAt: (options.now?.() ?? new Date()).toISOString(),
      files,
      ...(gitDirty !== undefined ? { gitDirty } : {}),
    });
    return { status: 'snapshot', ...empty };
  } catch (error) {
    return { status: 'error', files: [], notes: [`snapshot failed: ${errorMessage(error)}`], problems: [] };
  }
}
