// Expands a glob operand the way bash (with globstar) would, against the real filesystem, bounded.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Minimatch } from 'minimatch';
import { expandBraces, hasGlob, unescapePattern } from './wordValues';

export interface GlobExpansion {
  /** Absolute paths of existing files and directories that match, sorted. */
  readonly matches: string[];
  /** True when a bound stopped the expansion: there may be more matches than listed. */
  readonly truncated: boolean;
}

const MAX_VISITED = 50_000;

/** bash `shopt` settings that change what a glob matches. */
export interface GlobFlags {
  /** `shopt -s dotglob` (or a set GLOBIGNORE): wildcards match a leading dot. */
  readonly dot?: boolean;
  /** `shopt -s nocaseglob`. */
  readonly nocase?: boolean;
  /** `shopt -s extglob`: `@(...)`, `!(...)` and friends. */
  readonly extglob?: boolean;
}

/**
 * Bash semantics: `*`, `?` and `[...]` match within one path segment and never match a leading
 * dot unless the pattern segment starts with one; `**` alone in a segment matches any number of
 * directories (not hidden ones, and without following symlinks, like bash's globstar); braces
 * expand first. `**` walks only inside `root` (and the directories leading to it), since the
 * policy only classifies paths there. Paths outside `root` are still listed for plain globs.
 */
export function expandGlob(pattern: string, cwdAbs: string, root: string, maxMatches = 1000, flags: GlobFlags = {}): GlobExpansion {
  const state: WalkState = { visited: 0, truncated: false, matches: new Set<string>(), flags };
  const rootAbs = path.resolve(root);
  const patterns = expandBraces(pattern);
  if (patterns === null) return { matches: [], truncated: true };
  for (const p of patterns) {
    const start = p.startsWith('/') ? '/' : path.resolve(cwdAbs);
    const segments = p.split('/').filter((s) => s !== '');
    walkSegments(start, segments, 0, rootAbs, state, maxMatches);
    if (state.truncated) break;
  }
  return { matches: [...state.matches].sort(), truncated: state.truncated };
}

/** The matching absolute paths (see `expandGlob`; this form drops the truncation flag). */
export function expandGlobOperand(pattern: string, cwdAbs: string, root: string, maxMatches = 1000): string[] {
  return expandGlob(pattern, cwdAbs, root, maxMatches).matches;
}

interface WalkState {
  visited: number;
  truncated: boolean;
  readonly matches: Set<string>;
  readonly flags: GlobFlags;
}

function walkSegments(dir: string, segments: readonly string[], index: number, root: string, state: WalkState, max: number): void {
  if (state.truncated) return;
  if (index === segments.length) {
    if (exists(dir)) add(dir, state, max);
    return;
  }
  const seg = segments[index];
  const last = index === segments.length - 1;
  if (seg === '**') {
    // Zero directories, then every non-hidden directory below (bash globstar does not follow links).
    if (!(last && index === 0)) walkSegments(dir, segments, index + 1, root, state, max);
    for (const sub of subdirectories(dir, root, state)) walkSegments(sub, segments, index, root, state, max);
    if (last) for (const name of entries(dir, state)) if (state.flags.dot === true || !name.name.startsWith('.')) add(path.join(dir, name.name), state, max);
    return;
  }
  if (!hasGlob(seg)) {
    walkSegments(path.join(dir, unescapePattern(seg)), segments, index + 1, root, state, max);
    return;
  }
  const matcher = new Minimatch(seg, { dot: state.flags.dot === true, nocase: state.flags.nocase === true, noext: state.flags.extglob !== true, nonegate: true, nocomment: true });
  for (const entry of entries(dir, state)) {
    if (!matcher.match(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (last) add(full, state, max);
    else if (isDirectory(full, entry)) walkSegments(full, segments, index + 1, root, state, max);
  }
}

function entries(dir: string, state: WalkState): fs.Dirent[] {
  try {
    const list = fs.readdirSync(dir, { withFileTypes: true });
    state.visited += list.length;
    if (state.visited > MAX_VISITED) state.truncated = true;
    return list;
  } catch {
    return [];
  }
}

/** Non-hidden real directories below `dir` that `**` may enter: inside root or leading to it. */
function subdirectories(dir: string, root: string, state: WalkState): string[] {
  const inside = isWithin(dir, root);
  const out: string[] = [];
  for (const e of entries(dir, state)) {
    if (!e.isDirectory() || (e.name.startsWith('.') && state.flags.dot !== true)) continue;
    const full = path.join(dir, e.name);
    if (inside || isWithin(root, full)) out.push(full);
  }
  return out;
}

function isWithin(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function isDirectory(full: string, entry: fs.Dirent): boolean {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return fs.statSync(full).isDirectory();
  } catch {
    return false;
  }
}

function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function add(p: string, state: WalkState, max: number): void {
  if (state.matches.size >= max) { state.truncated = true; return; }
  state.matches.add(p);
}
