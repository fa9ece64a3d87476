// The per-user index of protected files' fingerprints, kept outside the workspace (never their
// text) and refreshed from size and mtime, so only changed files are read again.
import { createHash, randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { writeAtomic } from '../util/atomicWrite';
import { decideWorkspacePath } from '../decide/decide';
import type { PolicyEngine } from '../policy/policyEngine';
import { walkWorkspace } from '../workspace/walkWorkspace';
import { fileFingerprints, SHINGLE } from './contentFingerprints';
import { FingerprintTable } from './fingerprintTable';
import type { ModelRules } from './modelRules';

const STORE_VERSION = 3;
const MAX_FILE_BYTES = 4 * 1024 * 1024;
/**
 * File times move in coarse ticks (a few ms): a file rewritten within the tick of its last stat,
 * at the same size, keeps its identity. A file or folder whose mtime is this close to the moment
 * it was looked at is therefore not trusted by its identity (git's "racy" rule): it is read again.
 */
const RACY_MS = 2000;

export interface ProtectedFile {
  readonly rel: string;
  readonly className: string;
}

interface StoredFile {
  size: number;
  mtimeMs: number;
  className: string;
  fingerprints: number[];
  /** Significant lines in the file (a file shorter than a shingle is matched as a whole). */
  lines: number;
}

interface Store {
  version: number;
  root: string;
  salt: number;
  files: Record<string, StoredFile>;
}

export interface IndexOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Folder holding the per-user stores; default `$XDG_CACHE_HOME/airlock/fingerprints`. */
  readonly storeDir?: string;
}

export function fingerprintStoreDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.AIRLOCK_CACHE_DIR || path.join(env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'airlock');
  return path.join(base, 'fingerprints');
}

export class FingerprintIndex {
  readonly salt: number;
  /** Changes whenever any protected file (or its class) changed: cached results are then stale. */
  readonly stamp: string;
  /** Window sizes (in significant lines) that can match: SHINGLE, and the lengths of short files. */
  readonly windows: readonly number[];
  private readonly byFingerprint: FingerprintTable;
  private readonly fileList: ProtectedFile[] = [];

  constructor(store: Store, stamp: string) {
    this.salt = store.salt;
    this.stamp = stamp;
    const files = Object.entries(store.files);
    this.byFingerprint = new FingerprintTable(files.reduce((n, [, f]) => n + f.fingerprints.length, 0));
    const windows = new Set<number>([SHINGLE]);
    for (const [, f] of files) if (f.lines > 0 && f.lines < SHINGLE) windows.add(f.lines);
    this.windows = [...windows].sort((a, b) => a - b);
    for (const [rel, f] of files) {
      const id = this.fileList.push({ rel, className: f.className }) - 1;
      for (const fp of f.fingerprints) this.byFingerprint.add(fp, id);
    }
  }

  get files(): readonly ProtectedFile[] {
    return this.fileList;
  }

  get size(): number {
    return this.byFingerprint.size;
  }

  lookup(fingerprint: number): ProtectedFile | undefined {
    const id = this.byFingerprint.get(fingerprint);
    return id === -1 ? undefined : this.fileList[id];
  }
}

function storeFile(dir: string, root: string): string {
  return path.join(dir, `${createHash('sha256').update(root).digest('hex').slice(0, 24)}.json`);
}

function readStore(file: string, root: string): Store | null {
  try {
    const s = JSON.parse(fs.readFileSync(file, 'utf8')) as Store;
    if (s.version === STORE_VERSION && s.root === root && typeof s.salt === 'number' && s.files && typeof s.files === 'object') return s;
  } catch {
    // Missing or unreadable: rebuilt from scratch.
  }
  return null;
}

function writeStore(file: string, store: Store): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeAtomic(file, JSON.stringify(store), { mode: 0o600 });
}

function readText(abs: string, size: number): string | null {
  if (size > MAX_FILE_BYTES) return null;
  let buf: Buffer;
  try {
    buf = fs.readFileSync(abs);
  } catch {
    return null;
  }
  if (buf.subarray(0, 8192).includes(0)) return null;
  return buf.toString('utf8');
}

function fingerprintFile(store: Store, root: string, rel: string, st: fs.Stats, className: string): StoredFile {
  const text = readText(path.join(root, rel), st.size);
  const fp = text === null ? { fingerprints: [], lines: 0 } : fileFingerprints(store.salt, text);
  return { size: st.size, mtimeMs: st.mtimeMs, className, ...fp };
}

function statOrNull(abs: string): fs.Stats | null {
  try {
    return fs.statSync(abs);
  } catch {
    return null;
  }
}

/** Same identity and the same fingerprints (a racy file read again that had not changed). */
function sameContent(a: StoredFile, b: StoredFile): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.lines === b.lines && a.fingerprints.length === b.fingerprints.length && a.fingerprints.every((x, i) => x === b.fingerprints[i]);
}

function indexOf(store: Store): FingerprintIndex {
  // The content counts too: a racy rewrite keeps size and mtime.
  const stamp = createHash('sha256').update(JSON.stringify(Object.entries(store.files).map(([rel, f]) => [rel, f.size, f.mtimeMs, f.className, f.lines, f.fingerprints.reduce((h, x) => (h * 31 + x) | 0, 0)]))).digest('hex');
  return new FingerprintIndex(store, stamp);
}

/**
 * Walks the workspace and brings the store up to date with the files whose class may not reach
 * every endpoint; files are read only when new or changed since the last build. Records every
 * folder's mtime, so a later refresh can tell whether any file was added, removed or renamed.
 */
function fullBuild(engine: PolicyEngine, rules: ModelRules, file: string): { store: Store; dirs: Map<string, number> } {
  const root = engine.root;
  const old = readStore(file, root);
  const store: Store = { version: STORE_VERSION, root, salt: old?.salt ?? randomInt(0, 2 ** 31), files: {} };
  const now = Date.now();
  // A folder that changed just now may change again within the same tick: NaN never matches, so
  // the next refresh walks again.
  const folderTime = (abs: string): number => {
    const t = statOrNull(abs)?.mtimeMs ?? 0;
    return t > now - RACY_MS ? Number.NaN : t;
  };
  const dirs = new Map<string, number>([['', folderTime(root)]]);
  let changed = old === null;
  // Git-ignored files too: a protected `.env` usually is one.
  for (const entry of walkWorkspace(root, { gitignore: false })) {
    if (entry.isSymlink) continue;
    if (entry.isDir) {
      dirs.set(entry.rel, folderTime(path.join(root, entry.rel)));
      continue;
    }
    const className = decideWorkspacePath(engine, entry.rel, false, 'read').className;
    if (rules.unrestricted(className)) continue;
    const st = statOrNull(path.join(root, entry.rel));
    if (!st) continue;
    const prev = old?.files[entry.rel];
    if (prev && prev.size === st.size && prev.mtimeMs === st.mtimeMs && prev.mtimeMs <= now - RACY_MS && prev.className === className) {
      store.files[entry.rel] = prev;
      continue;
    }
    changed = true;
    store.files[entry.rel] = fingerprintFile(store, root, entry.rel, st, className);
  }
  if (old && Object.keys(old.files).some((rel) => !(rel in store.files))) changed = true;
  if (changed) writeStore(file, store);
  return { store, dirs };
}

/**
 * Keeps an index fresh cheaply. A full walk happens only when the policy changed or a folder's
 * mtime moved (a file was added, removed or renamed: classes are per path); otherwise only the
 * protected files themselves are stat'ed, and re-read when they changed.
 */
export class FingerprintTracker {
  private last: { engine: PolicyEngine; dirs: Map<string, number>; store: Store; index: FingerprintIndex } | null = null;

  constructor(private readonly options: IndexOptions = {}) {}

  refresh(engine: PolicyEngine, rules: ModelRules): FingerprintIndex {
    const file = storeFile(this.options.storeDir ?? fingerprintStoreDir(this.options.env), engine.root);
    const last = this.last;
    if (last && last.engine === engine && this.foldersUnchanged(engine.root, last.dirs)) {
      let changed = false;
      const now = Date.now();
      const files: Record<string, StoredFile> = {};
      for (const [rel, f] of Object.entries(last.store.files)) {
        const st = statOrNull(path.join(engine.root, rel));
        if (!st) {
          changed = true;
          continue;
        }
        if (st.size === f.size && st.mtimeMs === f.mtimeMs && f.mtimeMs <= now - RACY_MS) files[rel] = f;
        else {
          files[rel] = fingerprintFile(last.store, engine.root, rel, st, f.className);
          if (!sameContent(files[rel], f)) changed = true;
        }
      }
      if (!changed) return last.index;
      const store = { ...last.store, files };
      writeStore(file, store);
      this.last = { ...last, store, index: indexOf(store) };
      return this.last.index;
    }
    const { store, dirs } = fullBuild(engine, rules, file);
    this.last = { engine, dirs, store, index: indexOf(store) };
    return this.last.index;
  }

  private foldersUnchanged(root: string, dirs: ReadonlyMap<string, number>): boolean {
    for (const [rel, mtime] of dirs) {
      if ((statOrNull(rel ? path.join(root, rel) : root)?.mtimeMs ?? -1) !== mtime) return false;
    }
    return true;
  }
}
