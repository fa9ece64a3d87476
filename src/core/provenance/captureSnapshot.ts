// The pre hook's part of capture: remember what the files a tool is about to change hold now, so
// the post hook can tell what the tool changed where the client does not say (shell commands,
// notebooks) and can place `old_str`/`new_str` edits when `new_str` occurs more than once.
import * as path from 'node:path';
import type { HookEvent } from '../hook/hookEventTypes';
import { analyzeShellCommand } from '../shell/analyzeShellCommand';
import { callKey, markDeferred, needsPreToolSnapshot, readSnapshot, takeDeferred, writeSnapshot, type SnapshotFile } from './captureCache';
import { gitDirtyPaths } from './captureGitState';
import { awaitsNoPostTool, keepUnanswered } from './captureUnanswered';
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

/** Adds a file's current state to `files`, within the size caps; content only where allowed. */
function keeper(roots: WorkspaceRoot, files: Record<string, SnapshotFile>, mayKeepContent: ((rel: string) => boolean) | undefined): (rel: string) => void {
  let total = Object.values(files).reduce((n, f) => n + (f.content === undefined ? 0 : Buffer.byteLength(f.content, 'utf8')), 0);
  return (rel) => {
    if (rel in files || isAirlockPath(rel) || rel.startsWith('.git/')) return;
    const text = readText(absoluteOf(roots, rel));
    if (text === undefined) {
      files[rel] = { exists: false };
      return;
    }
    const bytes = Buffer.byteLength(text, 'utf8');
    // A protected file's content must not land in a cache an AI search can read.
    if (mayKeepContent && !mayKeepContent(rel)) {
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
}

/**
 * Record the state of the files a tool call is about to change (`.airlock/cache/provenance/`);
 * the post hook of the same call (`captureAiEdit`) uses and removes it. Call it for pre-tool events
 * that are let through (a denied call never gets a post hook). Cheap for edit tools (reads the
 * named files); for shell tools in a git work tree it also runs `git status` once, unless the
 * command runs under `airlock exec`, which then does (`deferGitTo`).
 */
export function snapshotBeforeTool(root: string, event: HookEvent, options: CaptureOptions = {}): CaptureResult {
  const empty = { files: [], notes: [], problems: [] };
  if (!needsPreToolSnapshot(event)) return { status: 'ignored', ...empty };
  try {
    const roots = workspaceRoot(root);
    const targets = paths(event, roots);
    const isShell = event.command !== undefined;
    if (targets.length === 0 && !isShell) return { status: 'ignored', ...empty };
    const defer = isShell ? options.deferGitTo : undefined;
    const gitDirty = isShell && defer === undefined ? (options.gitStatus ? options.gitStatus.dirty : gitDirtyPaths(roots.root)) : undefined;
    const files: Record<string, SnapshotFile> = {};
    const keep = keeper(roots, files, options.mayKeepContent);
    targets.forEach(keep);
    // Changed-but-uncommitted files: their pre-command content is nowhere else.
    gitDirty?.forEach(keep);
    const key = callKey(event);
    writeSnapshot(roots.root, key, {
      version: 1,
      createdAt: (options.now?.() ?? new Date()).toISOString(),
      files,
      ...(gitDirty !== undefined ? { gitDirty } : {}),
    });
    if (defer !== undefined) markDeferred(roots.root, defer, key);
    if (awaitsNoPostTool(event)) keepUnanswered(roots.root, event);
    return { status: 'snapshot', ...empty };
  } catch (error) {
    return { status: 'error', files: [], notes: [`snapshot failed: ${errorMessage(error)}`], problems: [] };
  }
}

/**
 * `airlock exec` of a rewritten shell call, just before the command starts: completes the
 * snapshots its hook left for it (`deferGitTo`) with `git status` and the content of the files
 * already changed, as the hook would have. `gitDirty` undefined: not a git work tree.
 */
export function completeDeferredSnapshots(root: string, argvKey: string, gitDirty: readonly string[] | undefined, mayKeepContent?: (rel: string) => boolean): number {
  const roots = workspaceRoot(root);
  let done = 0;
  for (const key of takeDeferred(roots.root, argvKey)) {
    const snapshot = readSnapshot(roots.root, key);
    if (snapshot === undefined || gitDirty === undefined) continue;
    const files = { ...snapshot.files };
    gitDirty.forEach(keeper(roots, files, mayKeepContent));
    writeSnapshot(roots.root, key, { ...snapshot, files, gitDirty: [...gitDirty] });
    done++;
  }
  return done;
}
