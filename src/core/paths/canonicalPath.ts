// The canonical forms of a path an actor gave: the lexical one (what the text says, with `.` and
// `..` folded) and the real one (what the file system reaches, symlinks followed the way the OS
// follows them). decide() classifies both and keeps the stricter verdict, so no spelling of a
// protected path — case, `..`, absolute, backslashes, a symlink on the way — gets a weaker answer.
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

export interface WorkspaceRoot {
  /** The root as configured (absolute). */
  readonly root: string;
  /** The root with symlinks resolved. */
  readonly realRoot: string;
}

export interface CanonicalPath {
  readonly given: string;
  /** Workspace-relative ('/'-separated, '' for the root), or null when outside the workspace. */
  readonly lexical: string | null;
  /** The same for the symlink-resolved path. */
  readonly real: string | null;
  readonly absolute: string;
  readonly realAbsolute: string;
  /** True when the real path exists and is a directory (or the given text ends with a slash). */
  readonly isDir: boolean;
  readonly exists: boolean;
}

export function workspaceRoot(root: string): WorkspaceRoot {
  const abs = path.resolve(root);
  let realRoot = abs;
  try {
    realRoot = realpathSync.native(abs);
  } catch {
    // A root that does not exist yet keeps its lexical form.
  }
  return { root: abs, realRoot };
}

const MAX_LINKS = 40;

/**
 * Resolves symlinks component by component, as the OS does: `link/..` is the parent of the link's
 * target, not the directory holding the link. Missing tails are appended as written.
 */
export function resolveReal(absolute: string): { real: string; exists: boolean; isDir: boolean } {
  const parts = absolute.split('/').filter((p) => p !== '');
  let current = '/';
  let links = 0;
  let exists = true;
  let isDir = true;
  while (parts.length) {
    const part = parts.shift() as string;
    if (part === '.') continue;
    if (part === '..') {
      current = path.dirname(current);
      continue;
    }
    const next = current === '/' ? `/${part}` : `${current}/${part}`;
    if (!exists) {
      current = next;
      continue;
    }
    let st;
    try {
      st = lstatSync(next);
    } catch {
      exists = false;
      isDir = false;
      current = next;
      continue;
    }
    if (st.isSymbolicLink()) {
      if (++links > MAX_LINKS) return { real: next, exists: false, isDir: false };
      const target = readlinkSync(next);
      const targetParts = target.split('/').filter((p) => p !== '');
      if (target.startsWith('/')) current = '/';
      parts.unshift(...targetParts);
      continue;
    }
    isDir = st.isDirectory();
    current = next;
  }
  return { real: current, exists, isDir: exists && isDir };
}

function relativeTo(base: string, abs: string): string | null {
  if (abs === base) return '';
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return abs.startsWith(prefix) ? abs.slice(prefix.length) : null;
}

/** Turns what an actor wrote into an absolute, '/'-separated path (not yet symlink-resolved). */
export function toAbsolute(given: string, cwd: string): string {
  let p = given;
  if (/^file:\/\//i.test(p)) {
    try {
      p = fileURLToPath(p);
    } catch {
      // Not a usable file URI: keep the text and let the lexical rules judge it.
    }
  }
  // A backslash is a separator for any assistant running on Windows; treating it as one on every
  // OS means `secrets\key.pem` never slips past a `secrets/` rule.
  p = p.replace(/\\/g, '/');
  if (p.startsWith('~/') && process.env.HOME) p = path.posix.join(process.env.HOME, p.slice(2));
  const drive = /^([A-Za-z]):\//.exec(p);
  if (drive) return p;
  const base = cwd.replace(/\\/g, '/');
  // `/proc/self/root/x` is `/x`, `/proc/self/cwd/x` the caller's `x`: the same files under another
  // name. Another process's cwd is unknown; the caller's is the likely one (its own shell).
  const proc = /^\/+proc\/+(self|thread-self|\d+)(?:\/+task\/+\d+)?\/+(root|cwd)(?=\/|$)\/*(.*)$/.exec(p);
  if (proc) return proc[2] === 'root' ? `/${proc[3]}` : `${base.endsWith('/') ? base : `${base}/`}${proc[3]}`;
  return p.startsWith('/') ? p : `${base.endsWith('/') ? base : `${base}/`}${p}`;
}

export function canonicalizePath(given: string, ws: WorkspaceRoot, cwd: string = ws.root): CanonicalPath {
  const raw = toAbsolute(given.normalize('NFC'), cwd);
  const absolute = path.posix.normalize(raw).replace(/\/+$/, '') || '/';
  const lexical = relativeTo(ws.root, absolute) ?? relativeTo(ws.realRoot, absolute);
  const resolved = resolveReal(raw);
  const real = relativeTo(ws.realRoot, resolved.real) ?? relativeTo(ws.root, resolved.real);
  const trailingSlash = /[/\\]$/.test(given);
  return {
    given,
    lexical,
    real,
    absolute,
    realAbsolute: resolved.real,
    isDir: resolved.isDir || trailingSlash,
    exists: resolved.exists,
  };
}
