// New names the policy protects from AI edits, created inside the sandbox. The kernel stops writes
// to edit-protected files (read-only mounts) and creating files in frozen folders, but no mount
// can stop a new name in a folder that stays writable (`echo > certs/new.pem` where only `*.pem`
// is protected, a `.vscode/tasks.json` that did not exist, an `opencode.json`). Such an entry is
// found when the command ends (TreeCensus.changes) and moved aside by sandboxEndCheck.ts.
import * as path from 'node:path';
import { decideWorkspacePath } from '../decide/decide';
import type { PolicyEngine } from '../policy/policyEngine';
import type { CreatedEntry } from './treeCensus';

export interface ProtectedCreation {
  readonly path: string;
  readonly what: string;
  /** The verdict and its reason. */
  readonly protectedBy: string;
}

const KIND: Record<CreatedEntry['kind'], string> = { d: 'a new folder', f: 'a new file', l: 'a new symbolic link', o: 'a new entry' };

/**
 * The created entries whose edit verdict is deny — or ask too, where nothing could have asked
 * (`airlock exec`: one shell command; under `airlock run` the agent's file tools ask through its
 * hooks, and a file a person allowed that way must stay). A folder found counts for all it holds.
 */
export function protectedCreations(engine: PolicyEngine, root: string, created: readonly CreatedEntry[], askToo: boolean): ProtectedCreation[] {
  const out: ProtectedCreation[] = [];
  const foundDirs: string[] = [];
  for (const e of created) {
    if (foundDirs.some((d) => e.path.startsWith(d))) continue;
    const rel = path.relative(root, e.path).split(path.sep).join('/');
    const isDir = e.kind === 'd';
    if (engine.classify(rel, isDir).every((m) => m.dataClass.edit === 'allow')) continue;
    const d = decideWorkspacePath(engine, rel, isDir, 'edit');
    if (d.verdict === 'deny' || (askToo && d.verdict === 'ask')) {
      out.push({ path: e.path, what: KIND[e.kind], protectedBy: `edit ${d.verdict}: ${d.reason}` });
      if (isDir) foundDirs.push(`${e.path}/`);
    }
  }
  return out;
}
