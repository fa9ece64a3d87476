// Walks every file of a workspace (only `.git` is skipped: the policy, not .gitignore, decides
// what matters), yielding workspace-relative paths. Symlinks are reported, not followed.
import { type Dirent, readdirSync } from 'node:fs';

export interface WalkEntry {
  readonly rel: string;
  readonly isDir: boolean;
  readonly isSymlink: boolean;
}

export function* walkWorkspace(root: string, skip: (rel: string, isDir: boolean) => boolean = () => false): Generator<WalkEntry> {
  const stack: string[] = [''];
  while (stack.length) {
    const rel = stack.pop() as string;
    let entries: Dirent[];
    try {
      entries = readdirSync(rel === '' ? root : `${root}/${rel}`, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    for (const e of entries) {
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
      const isDir = e.isDirectory();
      if (isDir && e.name === '.git') continue;
      if (skip(childRel, isDir)) continue;
      yield { rel: childRel, isDir, isSymlink: e.isSymbolicLink() };
      if (isDir) stack.push(childRel);
    }
  }
}
