// Hook-to-hook state for provenance capture under `.airlock/cache/provenance/` (git-ignored):
// snapshots a pre hook takes for its post hook, and models still to settle at `Stop`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { writeAtomic } from '../util/atomicWrite';
import type { HookEvent } from '../hook/hookEventTypes';
import { isObject, type JsonObject } from '../hook/payloadFields';
import { CAPTURE_CACHE_DIR } from '../words/airlockLayout';
import { ensureAirlockCache } from '../util/airlockCache';


/**
 * Which pre-tool calls may change files, and so get a snapshot: a shell command, or a call that
 * edits. A read gets none, and the hook then sets up none of the capture code.
 */
export function needsPreToolSnapshot(event: HookEvent): boolean {
  return event.event === 'pre-tool' && (event.command !== undefined || event.requests.some((r) => r.action === 'edit'));
}

/** Snapshots older than this are from calls whose post hook never came (denied, crashed). */
const STALE_SNAPSHOT_MS = 6 * 60 * 60 * 1000;

export function cacheDir(root: string): string {
  return path.join(root, CAPTURE_CACHE_DIR);
}

/** Creates the capture folder inside the git-ignored cache (ensureAirlockCache). */
export function ensureCacheDir(root: string): string {
  ensureAirlockCache(root);
  const dir = cacheDir(root);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** JSON with sorted keys: the same arguments give the same text whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32);
}

/** Hash of the tool arguments: joins a Copilot call (no call id) with its events-file entry. */
export function argumentsKey(event: HookEvent): string {
  return shortHash(stableJson(event.toolInput ?? null));
}

/**
 * One tool call's key, the same in its pre and its post hook: the client's call id, or (Copilot
 * gives none) the tool name and its exact arguments.
 */
export function callKey(event: HookEvent): string {
  const call = event.toolUseId ?? `${event.toolName}\0${stableJson(event.toolInput ?? null)}`;
  return shortHash(`${event.client}\0${event.sessionId}\0${call}`);
}

export interface SnapshotFile {
  readonly exists: boolean;
  /** Absent when the file was too large to keep: then it cannot be diffed (and is not attributed). */
  readonly content?: string;
}

export interface ToolSnapshot {
  readonly version: 1;
  readonly createdAt: string;
  /** Workspace-relative path → state before the tool ran. */
  readonly files: Readonly<Record<string, SnapshotFile>>;
  /** Shell tools in a git work tree: paths `git status` listed as changed or untracked before. */
  readonly gitDirty?: readonly string[];
}

function snapshotPath(root: string, key: string): string {
  return path.join(cacheDir(root), `snap-${key}.json`);
}

export function writeSnapshot(root: string, key: string, snapshot: ToolSnapshot): void {
  ensureCacheDir(root);
  writeAtomic(snapshotPath(root, key), JSON.stringify(snapshot));
}

/** Reads a snapshot and leaves it in place (for `airlock exec` to complete it). */
export function readSnapshot(root: string, key: string): ToolSnapshot | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(snapshotPath(root, key), 'utf8')) as unknown;
    return isObject(value) && value['version'] === 1 && isObject(value['files']) ? (value as unknown as ToolSnapshot) : undefined;
  } catch {
    return undefined;
  }
}

/** The key of a command `airlock exec` runs (its argument vector after `--`). */
export function execArgvKey(argv: readonly string[]): string {
  return shortHash(JSON.stringify(argv));
}

/** Marks a snapshot whose `git status` part the `airlock exec` of that command takes. */
export function markDeferred(root: string, argvKey: string, key: string): void {
  ensureCacheDir(root);
  fs.writeFileSync(path.join(cacheDir(root), `defer-${argvKey}-${key}`), '');
}

/** Whether any snapshot waits for this command's `airlock exec`. */
export function hasDeferred(root: string, argvKey: string): boolean {
  try {
    return fs.readdirSync(cacheDir(root)).some((name) => name.startsWith(`defer-${argvKey}-`));
  } catch {
    return false;
  }
}

/** The snapshots waiting for this command's `airlock exec`; their marks are removed. */
export function takeDeferred(root: string, argvKey: string): string[] {
  const prefix = `defer-${argvKey}-`;
  let names: string[];
  try {
    names = fs.readdirSync(cacheDir(root));
  } catch {
    return [];
  }
  const keys: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    try {
      fs.rmSync(path.join(cacheDir(root), name));
      keys.push(name.slice(prefix.length));
    } catch {
      // Another exec of the same command took it.
    }
  }
  return keys;
}

/** Reads and removes the snapshot (each is used by exactly one post hook). */
export function takeSnapshot(root: string, key: string): ToolSnapshot | undefined {
  const file = snapshotPath(root, key);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  fs.rmSync(file, { force: true });
  try {
    const value = JSON.parse(text) as unknown;
    return isObject(value) && value['version'] === 1 && isObject(value['files']) ? (value as unknown as ToolSnapshot) : undefined;
  } catch {
    return undefined;
  }
}

export function removeStaleSnapshots(root: string, now: Date): void {
  let names: string[];
  try {
    names = fs.readdirSync(cacheDir(root));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith('snap-') && !name.startsWith('defer-')) continue;
    const file = path.join(cacheDir(root), name);
    try {
      if (now.getTime() - fs.statSync(file).mtimeMs > STALE_SNAPSHOT_MS) fs.rmSync(file, { force: true });
    } catch {
      // Another hook removed it first.
    }
  }
}

/** A capture whose model was unknown at post time, to be filled in at `Stop`. */
export interface PendingModel {
  readonly file: string;
  readonly tool: string;
  readonly session: string;
  /** The annotation time of the capture: with session and tool it finds the ranges again. */
  readonly time: string;
  readonly toolUseId?: string;
  /** For clients without call ids: `argumentsKey()` of the call. */
  readonly argsKey?: string;
  readonly transcriptPath?: string;
}

function pendingPath(root: string, session: string): string {
  return path.join(cacheDir(root), `pending-${shortHash(session)}.jsonl`);
}

export function appendPending(root: string, entry: PendingModel): void {
  ensureCacheDir(root);
  fs.appendFileSync(pendingPath(root, entry.session), `${JSON.stringify(entry)}\n`, 'utf8');
}

export function readPending(root: string, session: string): PendingModel[] {
  let text: string;
  try {
    text = fs.readFileSync(pendingPath(root, session), 'utf8');
  } catch {
    return [];
  }
  const out: PendingModel[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as JsonObject;
      if (typeof value['file'] === 'string' && typeof value['time'] === 'string' && typeof value['tool'] === 'string') out.push(value as unknown as PendingModel);
    } catch {
      // A torn line from a crashed hook: nothing to settle from it.
    }
  }
  return out;
}

export function replacePending(root: string, session: string, entries: readonly PendingModel[]): void {
  const file = pendingPath(root, session);
  if (entries.length === 0) {
    fs.rmSync(file, { force: true });
    return;
  }
  writeAtomic(file, entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
}
