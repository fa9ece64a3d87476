// The ONE walk of a workspace, for `airlock check`, the risk view and the secrets scan: skips
// `.git`, and what git ignores (.gitignore files at every level, .git/info/exclude) unless the
// caller keeps it (a policy rule names it: an ignored `.env` is still shown, `node_modules` is
// not). Callers add their own exclusions (the editor's `files.exclude`). Ascending order,
// depth-first; symlinks are reported, never followed.
import { type Dirent, readdirSync } from 'node:fs';
import { GitignoreStack } from './gitignoreStack';

export interface WalkEntry {
  readonly rel: string;
  readonly isDir: boolean;
  readonly isSymlink: boolean;
  /** Git ignores it; shown because the caller kept it (see WalkOptions.keepIgnored). */
  readonly ignored: boolean;
}

export interface WalkOptions {
  /** Skip what git ignores (default true). */
  readonly gitignore?: boolean;
  /** Keep an ignored path anyway (e.g. a policy rule names it); directories kept are entered. */
  readonly keepIgnored?: (rel: string, isDir: boolean) => boolean;
  /** Further exclusions (the editor's `files.exclude`); nothing overrides them. */
  readonly exclude?: (rel: string, isDir: boolean) => boolean;
  /** Directory names never entered wherever they are (besides `.git`). */
  readonly skipDirNames?: ReadonlySet<string>;
  /** Walk only below this workspace-relative directory ('' for the whole workspace). */
  readonly under?: string;
}

interface Frame {
  readonly rel: string;
  readonly entries: Dirent[];
  next: number;
  readonly rules: GitignoreStack | null;
}

function list(abs: string): Dirent[] {
  try {
    const entries = readdirSync(abs, { withFileTypes: true });
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

/** The gitignore rules in force in `relDir`: every .gitignore from the root down to it. */
function rulesFor(root: string, relDir: string, rootRules: GitignoreStack): GitignoreStack {
  let rules = rootRules;
  if (relDir === '') return rules;
  const parts = relDir.split('/');
  for (let i = 1; i <= parts.length; i++) rules = rules.enter(root, parts.slice(0, i).join('/'));
  return rules;
}

export function* walkWorkspace(root: string, options: WalkOptions = {}): Generator<WalkEntry> {
  const under = options.under ?? '';
  const rootRules = options.gitignore === false ? null : GitignoreStack.forRoot(root);
  const open = (rel: string, parentRules: GitignoreStack | null): Frame => {
    const entries = list(rel === '' ? root : `${root}/${rel}`);
    // The root's own .gitignore is in the root rules; below it, read one only where the listing has one.
    const own = parentRules !== null && rel !== '' && entries.some((e) => e.name === '.gitignore' && e.isFile());
    return { rel, entries, next: 0, rules: own && parentRules ? parentRules.enter(root, rel) : parentRules };
  };
  const start = rootRules && under !== '' ? rulesFor(root, under.split('/').slice(0, -1).join('/'), rootRules) : rootRules;
  const stack: Frame[] = [open(under, start)];
  while (stack.length) {
    const frame = stack[stack.length - 1];
    if (frame.next >= frame.entries.length) {
      stack.pop();
      continue;
    }
    const e = frame.entries[frame.next++];
    const rel = frame.rel === '' ? e.name : `${frame.rel}/${e.name}`;
    const isDir = e.isDirectory();
    if (isDir && (e.name === '.git' || options.skipDirNames?.has(e.name))) continue;
    if (options.exclude?.(rel, isDir)) continue;
    const ignored = frame.rules?.isIgnored(rel, isDir) ?? false;
    if (ignored && !options.keepIgnored?.(rel, isDir)) continue;
    yield { rel, isDir, isSymlink: e.isSymbolicLink(), ignored };
    if (isDir) stack.push(open(rel, frame.rules));
  }
}

/** Would the walk reach `rel`? For paths that appear later (file events), judged like the walk. */
export function walkAdmits(root: string, rel: string, isDir: boolean, options: WalkOptions = {}): boolean {
  const parts = rel.split('/');
  let rules = options.gitignore === false ? null : GitignoreStack.forRoot(root);
  for (let i = 1; i <= parts.length; i++) {
    const sub = parts.slice(0, i).join('/');
    const dir = i < parts.length || isDir;
    if (dir && (parts[i - 1] === '.git' || options.skipDirNames?.has(parts[i - 1]))) return false;
    if (options.exclude?.(sub, dir)) return false;
    if (rules?.isIgnored(sub, dir) && !options.keepIgnored?.(sub, dir)) return false;
    if (rules && i < parts.length) rules = rules.enter(root, sub);
  }
  return true;
}
