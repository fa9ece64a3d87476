// Where a workspace's audit log lives. In a git repository it is kept in the git directory
// (`.git/airlock/audit/`), where `git stash -a`, `git stash drop` and `git clean -fdx` cannot
// reach it; outside git, in `.airlock/audit/`. A log left at the old location is moved once,
// whole, and never merged into an existing one (both are then reported).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LEGACY_AUDIT_DIR } from '../words/airlockLayout';


/** The git directory of the repository whose top level is `top` (`.git`, or a worktree's gitdir). */
function gitDirOf(top: string): string | null {
  const dotGit = path.join(top, '.git');
  let st: fs.Stats;
  try {
    st = fs.statSync(dotGit);
  } catch {
    return null;
  }
  if (st.isDirectory()) return dotGit;
  try {
    const m = /^gitdir:\s*(.+?)\s*$/m.exec(fs.readFileSync(dotGit, 'utf8'));
    return m ? path.resolve(top, m[1]) : null;
  } catch {
    return null;
  }
}

function gitTop(root: string): string | null {
  let dir = path.resolve(root);
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** The audit directory for a workspace root (no side effects). */
export function auditDirFor(root: string): string {
  const top = gitTop(root);
  const gitDir = top === null ? null : gitDirOf(top);
  if (top === null || gitDir === null) return path.join(root, LEGACY_AUDIT_DIR);
  const rel = path.relative(top, path.resolve(root));
  // A workspace below the top level of its repository gets its own log beside the others.
  return path.join(gitDir, 'airlock', rel === '' ? 'audit' : `audit-${rel.split(path.sep).join('%2F')}`);
}

export interface AuditLocation {
  readonly dir: string;
  /** Set when a log at the old location was moved here. */
  readonly migratedFrom?: string;
  /** Set when both locations hold a log: nothing is moved, and verify reports the other one. */
  readonly strayLegacy?: string;
}

/** The audit directory, after moving a legacy log there when the new place has none. */
export function resolveAuditDir(root: string): AuditLocation {
  const dir = auditDirFor(root);
  const legacy = path.join(root, LEGACY_AUDIT_DIR);
  if (dir === legacy || !hasLogFiles(legacy)) return { dir };
  if (hasLogFiles(dir)) return { dir, strayLegacy: legacy };
  try {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.renameSync(legacy, dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A read-only old place (inside Airlock's own sandbox) or another file system: never lose the
    // old log. Copy it when possible, leave it where it is otherwise, and let verify name it.
    if (code !== 'EXDEV' && code !== 'ENOTEMPTY' && code !== 'EEXIST') return { dir, strayLegacy: legacy };
    try {
      fs.mkdirSync(dir, { recursive: true });
      for (const name of fs.readdirSync(legacy)) fs.copyFileSync(path.join(legacy, name), path.join(dir, name));
      fs.rmSync(legacy, { recursive: true, force: true });
    } catch {
      return { dir, strayLegacy: legacy };
    }
  }
  return { dir, migratedFrom: legacy };
}

function hasLogFiles(dir: string): boolean {
  try {
    return fs.readdirSync(dir).some((n) => n.endsWith('.jsonl') || n === 'head.json');
  } catch {
    return false;
  }
}
