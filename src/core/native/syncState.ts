// What `airlock sync` last wrote into JSON files it shares with people. Without this memory a
// re-sync could not tell its own stale entries from hand-written ones; it keeps only entries it
// added itself, so a rule someone wrote by hand is never removed.
import type { HookLauncher } from './hookCommand';
import type { JsonPath } from './nativeTypes';
import { errorMessage } from '../util/errorMessage';


export interface ManagedJsonState {
  readonly arrays: readonly { readonly path: JsonPath; readonly values: readonly string[] }[];
  readonly objects: readonly { readonly path: JsonPath; readonly keys: readonly string[] }[];
  readonly hookCommands: readonly string[];
}

/**
 * How the generated hooks start Airlock, as chosen at the last sync: a re-sync or `check` on
 * another machine (CI, a teammate) compiles the same commands instead of guessing anew.
 */
export type RecordedHook = { readonly launcher: HookLauncher } | { readonly command: string };

export interface SyncState {
  readonly version: 1;
  readonly files: Readonly<Record<string, ManagedJsonState>>;
  readonly hook?: RecordedHook;
}

export const EMPTY_SYNC_STATE: SyncState = { version: 1, files: {} };

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function isPath(v: unknown): v is JsonPath {
  return Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number');
}

function readFileState(v: unknown): ManagedJsonState | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const arrays = Array.isArray(o['arrays']) ? o['arrays'] : [];
  const objects = Array.isArray(o['objects']) ? o['objects'] : [];
  const out: ManagedJsonState = {
    arrays: arrays.filter((a): a is { path: JsonPath; values: string[] } => typeof a === 'object' && a !== null && isPath(a.path) && isStringArray(a.values)),
    objects: objects.filter((a): a is { path: JsonPath; keys: string[] } => typeof a === 'object' && a !== null && isPath(a.path) && isStringArray(a.keys)),
    hookCommands: isStringArray(o['hookCommands']) ? o['hookCommands'] : [],
  };
  return out;
}

function readHook(v: unknown): RecordedHook | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (o['launcher'] === 'npx' || o['launcher'] === 'global' || o['launcher'] === 'launcher') return { launcher: o['launcher'] };
  if (typeof o['command'] === 'string' && o['command'].trim() !== '' && !/[\r\n]/.test(o['command'])) return { command: o['command'] };
  return undefined;
}

/** Parses the state file; an unreadable one is an error (the caller must not guess ownership). */
export function parseSyncState(text: string): SyncState | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { error: `not valid JSON (${errorMessage(e)})` };
  }
  if (typeof raw !== 'object' || raw === null || (raw as Record<string, unknown>)['version'] !== 1) return { error: 'not a version 1 sync state' };
  const files: Record<string, ManagedJsonState> = {};
  const rawFiles = (raw as Record<string, unknown>)['files'];
  if (typeof rawFiles === 'object' && rawFiles !== null) {
    for (const [k, v] of Object.entries(rawFiles)) {
      const s = readFileState(v);
      if (s) files[k] = s;
    }
  }
  const hook = readHook((raw as Record<string, unknown>)['hook']);
  return hook ? { version: 1, files, hook } : { version: 1, files };
}

export function renderSyncState(state: SyncState): string {
  const files: Record<string, ManagedJsonState> = {};
  for (const k of Object.keys(state.files).sort()) files[k] = state.files[k];
  const doc = {
    version: 1,
    note: 'Written by `airlock sync`: the entries it owns in shared JSON files, so that a re-sync replaces exactly its own. Do not edit.',
    ...(state.hook ? { hook: state.hook } : {}),
    files,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
