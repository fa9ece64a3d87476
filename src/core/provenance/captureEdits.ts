// Which lines of which files a finished tool call wrote, from the facts its client reported
// (see test/fixtures/edit-sessions/README.md). Exact client diffs first; `old_str`/`new_str` by
// locating `new_str` (the disk may already hold later edits); a before/after comparison only
// where the client says nothing (shell commands, notebooks) and a pre-hook snapshot exists.
import { applyPatch, parsePatch } from 'diff';
import type { PostToolEditFacts, PostToolFileFacts } from '../hook/postToolEditTypes';
import { isObject, stringField } from '../hook/payloadFields';
import type { LineRange } from './annotationTypes';
import type { ToolSnapshot } from './captureCache';
import { gitIndexContents } from './captureGitState';
import { absoluteOf, readText, toWorkspaceRelative } from './capturePaths';
import { type WorkspaceRoot } from '../paths/canonicalPath';
import type { PatchHunk } from '../hook/postToolEditTypes';
import { locateReplacement, rangesFromEdit, rangesFromStructuredPatch } from './captureRanges';
import { isAirlockPath } from '../words/airlockLayout';

export interface PlannedEdit {
  readonly file: string;
  /** The file before the tool ran, when known (carries existing annotations over the edit). */
  readonly before?: string;
  /** The text `ranges` refer to (the tool's result; the disk may have moved on since). */
  readonly after: string;
  readonly ranges: readonly LineRange[];
}

export interface EditPlan {
  readonly edits: readonly PlannedEdit[];
  readonly notes: readonly string[];
}

interface PlanContext {
  readonly roots: WorkspaceRoot;
  readonly cwd: string;
  readonly snapshot: ToolSnapshot | undefined;
  readonly notes: string[];
}

function snapshotText(ctx: PlanContext, rel: string): string | undefined {
  const entry = ctx.snapshot?.files[rel];
  if (!entry) return undefined;
  return entry.exists ? entry.content : '';
}

/** Unified-diff hunks of a file's patch body, or undefined when the body is not a unified diff. */
function unifiedHunks(body: string): PatchHunk[] | undefined {
  if (!/^@@ -\d+(,\d+)? \+\d+(,\d+)? @@/m.test(body)) return undefined;
  try {
    const [parsed] = parsePatch(`--- a/f\n+++ b/f\n${body}`);
    return parsed?.hunks.map((h) => ({ oldStart: h.oldStart, oldLines: h.oldLines, newStart: h.newStart, newLines: h.newLines, lines: h.lines }));
  } catch {
    return undefined;
  }
}

/** `*** Begin Patch` chunks: each `@@` section's old side and new side, context included. */
function v4aChunks(body: string): Array<{ oldText: string; newText: string }> {
  const chunks: Array<{ old: string[]; new: string[] }> = [];
  let current: { old: string[]; new: string[] } | undefined;
  for (const line of body.split(/\r?\n/)) {
    if (line.startsWith('@@')) {
      current = undefined;
      continue;
    }
    const mark = line[0];
    if (mark !== ' ' && mark !== '+' && mark !== '-') continue;
    if (!current) {
      current = { old: [], new: [] };
      chunks.push(current);
    }
    if (mark !== '+') current.old.push(line.slice(1));
    if (mark !== '-') current.new.push(line.slice(1));
  }
  return chunks.map((c) => ({ oldText: c.old.join('\n'), newText: c.new.join('\n') }));
}

function locateAll(ctx: PlanContext, rel: string, disk: string, pairs: ReadonlyArray<{ oldText: string; newText: string }>): LineRange[] {
  const ranges: LineRange[] = [];
  const before = snapshotText(ctx, rel);
  for (const { oldText, newText } of pairs) {
    const where = locateReplacement(disk, oldText, newText, before);
    if (where.kind === 'found') ranges.push(...where.ranges);
    else if (where.kind === 'ambiguous') ctx.notes.push(`${rel}: the new text occurs ${where.candidates.length} times; not attributed (nothing tells which one the tool wrote)`);
    else if (where.kind === 'not-found') ctx.notes.push(`${rel}: the new text is no longer in the file; not attributed`);
  }
  return ranges;
}

function planFile(ctx: PlanContext, facts: PostToolEditFacts, f: PostToolFileFacts): PlannedEdit | undefined {
  const rel = toWorkspaceRelative(ctx.roots, ctx.cwd, f.movedTo ?? f.path);
  if (rel === undefined || f.deleted) return undefined;
  const disk = readText(absoluteOf(ctx.roots, rel));
  if (disk === undefined) {
    ctx.notes.push(`${rel}: not on disk after the tool ran; nothing to annotate`);
    return undefined;
  }
  const snap = snapshotText(ctx, rel);
  // Claude Code Edit/Write: the original and the exact hunks give the result without the disk.
  if (f.hunks && f.originalContent !== undefined) {
    const before = f.originalContent ?? '';
    const after = applyPatch(before, { oldFileName: rel, newFileName: rel, oldHeader: '', newHeader: '', hunks: f.hunks.map((h) => ({ ...h, lines: [...h.lines] })) });
    return { file: rel, before, after: after === false ? disk : after, ranges: rangesFromStructuredPatch(f.hunks) };
  }
  if (f.content !== undefined) {
    const before = f.originalContent ?? snap ?? (f.created ? '' : undefined);
    return { file: rel, ...(before !== undefined ? { before } : {}), after: f.content, ranges: rangesFromEdit(before ?? '', f.content) };
  }
  // Claude Code bashEditDiff: exact hunks of the file right after the command.
  if (f.hunks && f.hunks.length > 0) {
    const before = snap ?? (f.created ? '' : undefined);
    return { file: rel, ...(before !== undefined ? { before } : {}), after: disk, ranges: rangesFromStructuredPatch(f.hunks) };
  }
  if (f.replacements && f.replacements.length > 0) {
    return { file: rel, ...(snap !== undefined ? { before: snap } : {}), after: disk, ranges: locateAll(ctx, rel, disk, f.replacements.map((r) => ({ oldText: r.oldText, newText: r.newText }))) };
  }
  if (f.patchBody !== undefined) {
    if (f.created) {
      const content = f.patchBody.split(/\r?\n/).filter((l) => l.startsWith('+')).map((l) => l.slice(1)).join('\n') + '\n';
      return { file: rel, before: '', after: disk, ranges: locateAll(ctx, rel, disk, [{ oldText: '', newText: content.replace(/\n$/, '') }]) };
    }
    const hunks = unifiedHunks(f.patchBody);
    if (hunks) return { file: rel, ...(snap !== undefined ? { before: snap } : {}), after: disk, ranges: rangesFromStructuredPatch(hunks) };
    return { file: rel, ...(snap !== undefined ? { before: snap } : {}), after: disk, ranges: locateAll(ctx, rel, disk, v4aChunks(f.patchBody)) };
  }
  // opencode's edit tool reports a unified diff in its metadata.
  if (isObject(facts.metadata)) {
    const diffText = stringField(facts.metadata, 'diff');
    const parsed = diffText === undefined ? undefined : parsePatch(diffText)[0];
    if (parsed && parsed.hunks.length > 0) {
      return { file: rel, ...(snap !== undefined ? { before: snap } : {}), after: disk, ranges: rangesFromStructuredPatch(parsed.hunks) };
    }
  }
  if (snap !== undefined) {
    return snap === disk ? undefined : { file: rel, before: snap, after: disk, ranges: rangesFromEdit(snap, disk) };
  }
  ctx.notes.push(`${rel}: the client reported no diff and no pre-hook snapshot exists; not attributed`);
  return undefined;
}

/**
 * Files a shell command changed, by comparing the work tree with the pre-hook snapshot: files it
 * names, files git now lists as changed (a clean file's "before" is its index content).
 */
function planShellBySnapshot(ctx: PlanContext, gitDirtyAfter: readonly string[] | undefined, skip: ReadonlySet<string>): PlannedEdit[] {
  const snapshot = ctx.snapshot;
  if (!snapshot) return [];
  const candidates = new Set<string>(Object.keys(snapshot.files));
  const dirtyBefore = new Set(snapshot.gitDirty ?? []);
  for (const p of gitDirtyAfter ?? []) candidates.add(p);
  const unknownBefore = [...candidates].filter((p) => !(p in snapshot.files) && !dirtyBefore.has(p));
  const index = snapshot.gitDirty !== undefined && unknownBefore.length > 0 ? gitIndexContents(ctx.roots.root, unknownBefore) : new Map<string, string>();
  const out: PlannedEdit[] = [];
  for (const rel of [...candidates].sort()) {
    if (skip.has(rel) || isAirlockPath(rel) || rel.startsWith('.git/')) continue;
    const disk = readText(absoluteOf(ctx.roots, rel));
    if (disk === undefined) continue;
    let before: string | undefined;
    const recorded = snapshot.files[rel];
    if (recorded) {
      before = recorded.exists ? recorded.content : '';
      if (before === undefined) {
        ctx.notes.push(`${rel}: too large to snapshot; the shell command's changes are not attributed`);
        continue;
      }
    } else if (dirtyBefore.has(rel)) {
      continue; // changed before the command and not kept (over the size cap): unknown
    } else {
      // Clean before the command: it held the index content, or did not exist (untracked now).
      before = index.get(rel) ?? '';
    }
    if (before === disk) continue;
    const ranges = rangesFromEdit(before, disk);
    if (ranges.length > 0) out.push({ file: rel, before, after: disk, ranges });
  }
  return out;
}

/** The plan for one post-tool event's facts; `gitDirtyAfter` is `git status` now (shell tools in git). */
export function planEdits(facts: PostToolEditFacts, roots: WorkspaceRoot, snapshot: ToolSnapshot | undefined, gitDirtyAfter?: readonly string[]): EditPlan {
  const ctx: PlanContext = { roots, cwd: facts.cwd, snapshot, notes: [] };
  const shellFailed = facts.kind === 'shell' && (!facts.success || (facts.shellExitCode ?? 0) !== 0);
  if (!facts.success && facts.kind !== 'shell') {
    return { edits: [], notes: [`${facts.tool} failed${facts.error ? ` (${facts.error})` : ''}: nothing attributed`] };
  }
  const edits: PlannedEdit[] = [];
  // A failed shell command's own diff report is absent or unreliable; what it did write is still
  // the AI's, so it is found through the snapshot below.
  if (!shellFailed) {
    for (const f of facts.files) {
      if (facts.kind === 'shell' && !f.hunks) continue; // listed without hunks: the snapshot decides
      const edit = planFile(ctx, facts, f);
      if (edit && edit.ranges.length > 0) edits.push(edit);
    }
  }
  if (facts.kind === 'shell' || facts.kind === 'notebook') {
    const done = new Set(edits.map((e) => e.file));
    if (!snapshot && done.size === 0) {
      ctx.notes.push(`${facts.tool}: no pre-hook snapshot for this call; changes it made are not attributed`);
    }
    edits.push(...planShellBySnapshot(ctx, gitDirtyAfter, done));
  }
  return { edits, notes: ctx.notes };
}
