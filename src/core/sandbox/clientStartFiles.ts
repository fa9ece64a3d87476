// Files an agent writes at start-up inside a folder the sandbox freezes. Under `airlock run` the
// agent starts inside, finds the folder read-only and dies (opencode 1.18: "FileSystem.writeFile
// .opencode/.gitignore"). Created outside, before the sandbox starts, with the content the agent
// itself writes, so its start finds them and the folder stays frozen (it holds the plugin that
// runs the hook).
import { existsSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

interface StartFile {
  /** Workspace-relative; written only when its folder exists (the agent is set up there). */
  readonly file: string;
  readonly content: string;
}

const START_FILES: readonly StartFile[] = [
  // opencode writes this when missing; measured on 1.18.33 (nothing else in `.opencode/` at start).
  { file: '.opencode/.gitignore', content: 'node_modules\npackage.json\npackage-lock.json\nbun.lock\n.gitignore' },
];

function isDirectory(abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false;
  }
}

/** Writes the missing start-up files; returns the workspace-relative paths it wrote. */
export function prepareClientStartFiles(root: string): string[] {
  const written: string[] = [];
  for (const f of START_FILES) {
    const abs = path.join(root, f.file);
    if (!isDirectory(path.dirname(abs)) || existsSync(abs)) continue;
    // `wx`: never replaces a file that appeared meanwhile (a symlink planted there is not followed).
    try {
      writeFileSync(abs, f.content, { flag: 'wx' });
      written.push(f.file);
    } catch {
      // Read-only checkout or a race: the agent reports its own error, nothing runs unsandboxed.
    }
  }
  return written;
}
