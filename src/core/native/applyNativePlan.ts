// `airlock sync`, second half: merge the plan with what is on disk and write it (or, with check,
// only report drift). Hand-written content outside Airlock's block or keys is kept, line endings are
// kept, and a file Airlock cannot parse is reported and left untouched.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeAtomic } from '../util/atomicWrite';
import { mergeJsonManaged } from './jsonManagedEdits';
import { createTwoFilesPatch } from 'diff';
import { blockIsCurrent, detectEol, upsertManagedBlock } from './managedBlock';
import type { NativeFilePlan, NativeFileResult, NativePlan } from './nativeTypes';
import { EMPTY_SYNC_STATE, type ManagedJsonState, parseSyncState, type RecordedHook, renderSyncState, type SyncState } from './syncState';
import { errorMessage } from '../util/errorMessage';
import { SYNC_STATE_PATH } from '../words/airlockLayout';

export interface ApplyOptions {
  /** Write nothing; report files that differ from the plan as 'drift'. */
  readonly check: boolean;
  /** How the hooks start Airlock, remembered for the next sync and for `check`. */
  readonly hook?: RecordedHook;
}

type ReadResult = { ok: true; text: string | null; mode?: number } | { ok: false; message: string };

function readExisting(abs: string): ReadResult {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, text: null };
    return { ok: false, message: `cannot read: ${errorMessage(e)}` };
  }
  // Writing through a link would change a file elsewhere; replacing it would change the user's setup.
  if (st.isSymbolicLink()) return { ok: false, message: 'is a symbolic link; Airlock does not write through or replace links, so it was left untouched' };
  if (!st.isFile()) return { ok: false, message: 'is not a regular file; left untouched' };
  try {
    return { ok: true, text: fs.readFileSync(abs, 'utf8'), mode: st.mode & 0o777 };
  } catch (e) {
    return { ok: false, message: `cannot read: ${errorMessage(e)}` };
  }
}

type Next = { ok: true; text: string | null; state?: ManagedJsonState } | { ok: false; message: string; line?: number; column?: number };

function nextContent(file: NativeFilePlan, existing: string | null, previous: ManagedJsonState | undefined): Next {
  const spec = file.spec;
  switch (spec.kind) {
    case 'text-block': {
      if (existing !== null && blockIsCurrent(existing, spec.lines)) return { ok: true, text: existing };
      const r = upsertManagedBlock(existing, spec.lines, spec.createIfMissing);
      return r.ok ? { ok: true, text: r.text } : { ok: false, message: r.message, line: r.line, column: 1 };
    }
    case 'whole-file':
      return { ok: true, text: existing !== null && detectEol(existing) === '\r\n' ? spec.content.replace(/\r?\n/g, '\r\n') : spec.content };
    case 'json-managed': {
      if (existing === null && spec.createIfMissing === false) return { ok: true, text: null };
      const r = mergeJsonManaged(existing, spec.edits, previous);
      return r.ok ? { ok: true, text: r.text, state: r.state } : { ok: false, message: r.message, line: r.line, column: r.column };
    }
  }
}

function settle(rel: string, abs: string, existing: string | null, mode: number | undefined, next: string | null, check: boolean): NativeFileResult {
  if (next === null || next === existing) return { path: rel, status: 'unchanged' };
  if (check) {
    // Without diff's leading "=====" rule: the output reads like `git diff`.
    const diff = createTwoFilesPatch(existing === null ? '/dev/null' : `a/${rel}`, `b/${rel}`, existing ?? '', next, undefined, undefined, { context: 3 }).replace(/^=+\n/, '');
    return { path: rel, status: 'drift', message: existing === null ? `${rel} is missing` : `${rel} differs from what the policy compiles to; run \`airlock sync\``, diff };
  }
  try {
    writeAtomic(abs, next, { mode });
  } catch (e) {
    return { path: rel, status: 'error', message: `${rel}: cannot write: ${errorMessage(e)}` };
  }
  return { path: rel, status: existing === null ? 'created' : 'updated' };
}

/** The hook choice the last sync recorded, if the state file says one (unreadable: none). */
export function recordedHook(root: string): RecordedHook | undefined {
  const read = readExisting(path.join(root, SYNC_STATE_PATH));
  if (!read.ok || read.text === null) return undefined;
  const parsed = parseSyncState(read.text);
  return 'error' in parsed ? undefined : parsed.hook;
}

export function applyNativePlan(plan: NativePlan, root: string, options: ApplyOptions): NativeFileResult[] {
  const results: NativeFileResult[] = [];
  const stateAbs = path.join(root, SYNC_STATE_PATH);
  const stateRead = readExisting(stateAbs);
  let previous: SyncState = EMPTY_SYNC_STATE;
  let stateProblem: string | null = stateRead.ok ? null : stateRead.message;
  if (stateRead.ok && stateRead.text !== null) {
    const parsed = parseSyncState(stateRead.text);
    if ('error' in parsed) stateProblem = parsed.error;
    else previous = parsed;
  }
  const nextState: Record<string, ManagedJsonState> = { ...previous.files };

  for (const file of plan.files) {
    const abs = path.join(root, ...file.path.split('/'));
    const read = readExisting(abs);
    if (!read.ok) {
      results.push({ path: file.path, status: 'error', message: `${file.path}: ${read.message}` });
      continue;
    }
    const next = nextContent(file, read.text, previous.files[file.path]);
    if (!next.ok) {
      const where = next.line !== undefined ? `${file.path}:${next.line}:${next.column ?? 1}` : file.path;
      results.push({ path: file.path, status: 'error', message: `${where}: ${next.message}; the file was not changed`, line: next.line, column: next.column });
      continue;
    }
    const result = settle(file.path, abs, read.text, read.mode, next.text, options.check);
    results.push(result);
    if (next.state && result.status !== 'error') nextState[file.path] = next.state;
  }

  if (stateProblem !== null) {
    // Guessing ownership could delete hand-written entries; keep the file for a person to fix.
    results.push({ path: SYNC_STATE_PATH, status: 'error', message: `${SYNC_STATE_PATH}: ${stateProblem}; it was not changed, so stale Airlock entries in shared JSON files are not removed until it is fixed or deleted` });
  } else if (stateRead.ok) {
    const hook = options.hook ?? previous.hook;
    const text = renderSyncState(hook ? { version: 1, files: nextState, hook } : { version: 1, files: nextState });
    results.push(settle(SYNC_STATE_PATH, stateAbs, stateRead.text, stateRead.mode, text, options.check));
  }
  return results;
}
