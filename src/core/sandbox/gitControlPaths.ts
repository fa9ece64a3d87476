// The parts of a git repository that make git run code or change what it does: its config
// (`core.fsmonitor`, `core.hooksPath`, aliases, filters) and its hooks, and those of every
// submodule's git dir under `.git/modules/` (a person's `git status` in the superproject runs git
// in each populated submodule). An AI that could write them would run code on the next
// `git status` outside any sandbox, so they are frozen inside it.
import { type Dirent, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { SandboxPath } from './sandboxTypes';

function existing(abs: string): { abs: string; isDir: boolean } | null {
  try {
    const r = realpathSync.native(abs);
    return { abs: r, isDir: statSync(r).isDirectory() };
  } catch {
    return null;
  }
}

/** existing() for a name in a folder whose path is already real: one lstat unless it is a link. */
function inRealDir(abs: string): { abs: string; isDir: boolean } | null {
  try {
    const st = lstatSync(abs);
    return st.isSymbolicLink() ? existing(abs) : { abs, isDir: st.isDirectory() };
  } catch {
    return null;
  }
}

/** The git directories governing `root` (walking up as git does), following a `.git` file (worktrees, submodules). */
function gitDirs(root: string): { dirs: string[]; linked: boolean } {
  let dir = root;
  for (;;) {
    const dotGit = existing(path.join(dir, '.git'));
    if (dotGit?.isDir) {
      // A commondir here was planted (git never writes one in a work tree's .git), but git follows
      // it: the config it names is frozen too until a person moves it aside.
      const planted = commonDirOf(dotGit.abs);
      return { dirs: planted === null ? [dotGit.abs] : [dotGit.abs, planted], linked: false };
    }
    if (dotGit) {
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit.abs, 'utf8'));
      if (!m) return { dirs: [], linked: false };
      const gitDir = existing(path.resolve(dir, m[1]))?.abs ?? path.resolve(dir, m[1]);
      const common = commonDirOf(gitDir);
      // Without one: not a linked worktree (a submodule's work tree, or `--separate-git-dir`).
      return common === null ? { dirs: [gitDir], linked: false } : { dirs: [gitDir, common], linked: true };
    }
    const parent = path.dirname(dir);
    if (parent === dir) return { dirs: [], linked: false };
    dir = parent;
  }
}

/** The repository a git dir's `commondir` names (git reads its config there), or null without one. */
function commonDirOf(gitDir: string): string | null {
  try {
    const common = path.resolve(gitDir, readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim());
    return existing(common)?.abs ?? common;
  } catch {
    return null;
  }
}

/**
 * Whether git reads `config.worktree` at all: only with `extensions.worktreeConfig` in the
 * (frozen) config. Otherwise the file is inert, and other sandboxes create it as a mount point
 * (Claude Code's does), which must not make it look like a guarded file left writable.
 */
function worktreeConfigOn(gitDirs: readonly string[]): boolean {
  for (const dir of gitDirs) {
    let text = '';
    try {
      text = readFileSync(path.join(dir, 'config'), 'utf8');
    } catch {
      continue;
    }
    let section = '';
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      const header = /^\[\s*([A-Za-z0-9.-]+)/.exec(line);
      if (header) section = (header[1] ?? '').toLowerCase();
      else if (section === 'extensions' && /^worktreeconfig\s*(=\s*(true|yes|on|1)\s*)?(?:[#;].*)?$/i.test(line)) return true;
    }
  }
  return false;
}

/** Folders under `modules/` read per sandbox start at most: the AI can create folders there, and must not make every start slow. */
const MODULE_DIRS = 2000;

/**
 * Every submodule git dir under `<gitDir>/modules/`: a submodule's name may hold slashes (its git
 * dir is then nested in plain folders), and a submodule's own submodules sit in its `modules/`.
 * Reads only folders, never a submodule's objects or refs.
 */
export function submoduleGitDirs(gitDir: string, residual: string[]): string[] {
  const out: string[] = [];
  const stack = [path.join(gitDir, 'modules')];
  let read = 0;
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // no submodules (the common case: one failed readdir)
    }
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      if (++read > MODULE_DIRS) {
        residual.push(`${path.join(gitDir, 'modules')} holds more than ${MODULE_DIRS} folders: the submodule git dirs beyond those are not frozen`);
        return out;
      }
      const abs = `${dir}/${e.name}`;
      // git's own test for a git dir is HEAD (with objects/ and refs/); a plain folder is part of a name.
      if (isFile(`${abs}/HEAD`)) {
        out.push(abs);
        stack.push(`${abs}/modules`);
      } else {
        stack.push(abs);
      }
    }
  }
  return out;
}

function isFile(abs: string): boolean {
  try {
    return lstatSync(abs).isFile();
  } catch {
    return false;
  }
}

/** Linked worktrees' git dirs read per sandbox start at most (each costs a mount or two). */
const WORKTREE_DIRS = 200;

/** The git dirs of a repository's linked worktrees: `<common>/worktrees/<name>/` holding a `commondir`. */
function linkedWorktreeGitDirs(common: string, residual: string[]): string[] {
  let names: string[];
  try {
    names = readdirSync(path.join(common, 'worktrees'));
  } catch {
    return []; // none (the common case: one failed readdir)
  }
  if (names.length > WORKTREE_DIRS) residual.push(`${path.join(common, 'worktrees')} holds more than ${WORKTREE_DIRS} linked worktrees: the git dirs beyond those are not frozen`);
  return names.slice(0, WORKTREE_DIRS).map((n) => path.join(common, 'worktrees', n)).filter((d) => isFile(path.join(d, 'commondir')));
}

/** Whether something is at `abs`; null when that cannot be told (not a planted file, nor one to watch). */
function present(abs: string): boolean | null {
  try {
    lstatSync(abs);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? false : null;
  }
}

export interface GitControl {
  /** Frozen inside: configs and hooks of the governing repository and its submodules, a linked worktree's `commondir`. */
  readonly frozen: SandboxPath[];
  /**
   * `commondir` paths absent when the sandbox was built in git dirs that are not linked worktrees'
   * (a file that does not exist cannot be frozen): one that appears there was planted.
   */
  readonly mustStayAbsent: SandboxPath[];
  /** `commondir` files found in such git dirs when the sandbox was built: planted earlier, and followed by git. */
  readonly planted: string[];
  readonly residual: string[];
}

export function gitControl(root: string): GitControl {
  const out: GitControl = { frozen: [], mustStayAbsent: [], planted: [], residual: [] };
  let governing: { dirs: string[]; linked: boolean };
  try {
    governing = gitDirs(root);
  } catch {
    return out;
  }
  const add = (dirs: readonly string[], withCommondir: boolean): void => {
    // A linked worktree's `commondir` names the repository whose config git reads: rewritten, it
    // would bring a writable config back.
    const names = [...(worktreeConfigOn(dirs) ? ['config', 'config.worktree', 'hooks'] : ['config', 'hooks']), ...(withCommondir ? ['commondir'] : [])];
    for (const gitDir of dirs) {
      for (const name of names) {
        const e = inRealDir(path.join(gitDir, name));
        if (e) out.frozen.push({ path: e.abs, kind: e.isDir ? 'dir' : 'file', why: `git ${name}: writing it would run code in the next git command` });
      }
    }
  };
  // Two dirs: the first has a commondir (a linked worktree's, or a planted one), which is frozen too.
  add(governing.dirs, governing.dirs.length > 1);
  // The repository's other linked worktrees (their work trees elsewhere, their git dirs under
  // `<common>/worktrees/`): a rewritten `commondir` there would point a person's git in that
  // worktree at another repository's config. Frozen with `config.worktree` where git reads it.
  const common = governing.linked ? governing.dirs[1] : governing.dirs[0];
  if (common !== undefined) {
    // With the common dir: its config says whether git reads `config.worktree` (already frozen, deduplicated later).
    for (const other of linkedWorktreeGitDirs(common, out.residual)) if (!governing.dirs.includes(other)) add([other, common], true);
  }
  // Git dirs that must have no commondir: a linked worktree's common dir, else the git dir itself.
  const unlinked = governing.linked ? governing.dirs.slice(1) : governing.dirs.slice(0, 1);
  // A linked worktree's submodules live in its own git dir, the main work tree's in the common one.
  for (const gitDir of governing.dirs) {
    for (const sub of submoduleGitDirs(gitDir, out.residual)) {
      // Not the submodule's `.git` file in the work tree: a rewritten one is no worse than a nested
      // repository the AI adds to the index itself (README), and freezing it costs mounts.
      add([sub], false);
      unlinked.push(sub);
    }
  }
  for (const gitDir of unlinked) {
    const file = path.join(gitDir, 'commondir');
    const there = present(file);
    if (there === true) out.planted.push(file);
    else if (there === false) out.mustStayAbsent.push({ path: file, kind: 'file', why: 'git never writes a commondir here (only in a linked worktree\'s git dir): one that appears redirects git to another repository\'s config' });
  }
  return out;
}

/** The paths gitControl() freezes. */
export function gitControlPaths(root: string): SandboxPath[] {
  return gitControl(root).frozen;
}
