// The parts of a git repository that make git run code or change what it does: its config
// (`core.fsmonitor`, `core.hooksPath`, aliases, filters) and its hooks. An AI that could write them
// would run code on the next `git status` outside any sandbox, so they are frozen inside it.
import { readFileSync, realpathSync, statSync } from 'node:fs';
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

/** The git directory governing `root` (walking up as git does), following a `.git` file (worktrees, submodules). */
function gitDirs(root: string): string[] {
  let dir = root;
  for (;;) {
    const dotGit = existing(path.join(dir, '.git'));
    if (dotGit?.isDir) return [dotGit.abs];
    if (dotGit) {
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit.abs, 'utf8'));
      if (!m) return [];
      const gitDir = path.resolve(dir, m[1]);
      const out = [gitDir];
      try {
        out.push(path.resolve(gitDir, readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim()));
      } catch {
        // not a linked worktree
      }
      return out;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return [];
    dir = parent;
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

export function gitControlPaths(root: string): SandboxPath[] {
  const out: SandboxPath[] = [];
  let dirs: string[] = [];
  try {
    dirs = gitDirs(root);
  } catch {
    return out;
  }
  // A linked worktree's `commondir` names the repository whose config git reads: rewritten, it
  // would bring a writable config back. (A work tree's own `.git/` has none, and a file that does
  // not exist cannot be frozen: Airlock's git runs refuse one planted there, gitRepoLayout.ts.)
  const names = [...(worktreeConfigOn(dirs) ? ['config', 'config.worktree', 'hooks'] : ['config', 'hooks']), 'commondir'];
  for (const gitDir of dirs) {
    for (const name of names) {
      const e = existing(path.join(gitDir, name));
      if (e) out.push({ path: e.abs, kind: e.isDir ? 'dir' : 'file', why: `git ${name}: writing it would run code in the next git command` });
    }
  }
  return out;
}
