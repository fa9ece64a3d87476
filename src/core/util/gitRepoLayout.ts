// Where git would find the repository for a folder, read from the file system without running
// git (running it is what an AI-configured repository turns into code execution).
import { lstatSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** `<top level>/.git` (real path of the top level) for the nearest `.git` at or above `dir`; null when none. */
export function nearestDotGit(dir: string): string | null {
  let at = path.resolve(dir);
  for (;;) {
    const candidate = path.join(at, '.git');
    try {
      lstatSync(candidate);
      return path.join(realpathSync.native(at), '.git');
    } catch {
      // not here: keep walking up, as git does
    }
    const parent = path.dirname(at);
    if (parent === at) return null;
    at = parent;
  }
}

/**
 * Why git in `dir` would read a repository other than the `.git` folder it seems to use, or null.
 * A `commondir` file inside a `.git` folder makes git take its config from wherever it points; only
 * linked worktrees' own git dirs (under `<repo>/worktrees/`) have one, never a work tree's `.git`.
 * Inside the sandbox `.git/config` is frozen but `.git/` is writable, so the AI could plant it.
 */
export function redirectedRepository(dir: string): string | null {
  const dotGit = nearestDotGit(dir);
  if (dotGit === null) return null;
  try {
    if (!statSync(dotGit).isDirectory()) return null;
    lstatSync(path.join(dotGit, 'commondir'));
  } catch {
    return null;
  }
  return `${dotGit}/commondir redirects git to another repository's config (a work tree's .git never has one)`;
}

