// Paths from hook payloads (absolute, relative to the event cwd, `file://`) as workspace-relative
// store keys; files outside the workspace, in `.git/` or in `.airlock/` are never annotated.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkspaceRoot } from '../paths/canonicalPath';
import { isAirlockPath } from '../words/airlockLayout';

/** Workspace-relative `/` path, or undefined when the path is outside or not annotatable. */
export function toWorkspaceRelative(roots: WorkspaceRoot, cwd: string, given: string): string | undefined {
  let p = given;
  if (p.startsWith('file://')) {
    try {
      p = fileURLToPath(p);
    } catch {
      return undefined;
    }
  }
  const absolute = path.resolve(cwd === '' ? roots.root : cwd, p);
  for (const base of [roots.root, roots.realRoot]) {
    const rel = path.relative(base, absolute);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) continue;
    const slashed = rel.split(path.sep).join('/');
    if (slashed === '.git' || slashed.startsWith('.git/') || isAirlockPath(slashed)) return undefined;
    return slashed;
  }
  return undefined;
}

export function absoluteOf(roots: WorkspaceRoot, rel: string): string {
  return path.join(roots.root, ...rel.split('/'));
}

/** The file's text, or undefined when it does not exist or is not a regular file. */
export function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
