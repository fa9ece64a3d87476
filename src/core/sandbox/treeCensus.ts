// What the sandbox walk saw of the work tree's folders, kept in memory for the end of the command:
// the names each folder held. What the command made where no mount could stop it — a repository
// (`git init sub`, its config not frozen), a new name the policy protects — is found by walking
// again (sandboxEndCheck.ts). Folders whose identity is unchanged since the walk are not read
// again: one lstat each.
import { type BigIntStats, lstatSync, readdirSync, type Stats } from 'node:fs';
import { identity, SETTLED_NS, type WalkEntry } from './sandboxWalkCache';

/** A `.git` entry in the work tree (not the root's own). */
export interface GitEntry {
  readonly path: string;
  readonly kind: 'dir' | 'file' | 'link';
  /** False for a `.git` file or link that was there, unchanged, when the sandbox was built (folders: always true, their frozen files are skipped instead). */
  readonly changed: boolean;
}

/** An entry that was not there when the sandbox was built (its folder's listing then did not hold the name). */
export interface CreatedEntry {
  readonly path: string;
  readonly kind: WalkEntry[1];
}

export interface TreeChanges {
  readonly gitEntries: GitEntry[];
  /** In walk order: a folder before what it holds. */
  readonly created: CreatedEntry[];
  readonly truncated: boolean;
}

/** Folders read per search at most: a command can create millions, and must not make the end of every command slow. */
export const CENSUS_FOLDERS = 200_000;

/**
 * Compared in milliseconds, field by field (this runs once per folder at the end of every command):
 * only settled listings are kept, so any change since moves a time by seconds, not by a rounding.
 */
function sameIdentity(a: FolderId, b: Stats): boolean {
  return a.ino === b.ino && Math.abs(a.mtimeMs - b.mtimeMs) < 1 && Math.abs(a.ctimeMs - b.ctimeMs) < 1;
}

/** Listings of folders changed less than this before the walk are not trusted at the end (coarse file-system clocks). */
const SETTLED_MS = Number(SETTLED_NS / 1_000_000n);

/** What identifies a folder's listing (a few numbers, not the whole stats: thousands are kept). */
interface FolderId {
  readonly ino: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
}

interface Folder {
  /** The folder's identity when listed; null: read it again (listed now, or changed too recently to trust). */
  readonly id: FolderId | null;
  /** The walk's own entries (kept by reference: no copy per folder). */
  readonly entries: readonly WalkEntry[];
}

export class TreeCensus {
  constructor(private readonly nowMs: number = Date.now()) {}

  private readonly folders = new Map<string, Folder>();
  /** Identity of each `.git` file or link when the walk saw it. */
  private readonly gitIds = new Map<string, string>();

  /** Called by the sandbox walk for each folder it lists: cheap, it runs for every folder of every command. */
  folder(abs: string, st: BigIntStats, entries: readonly WalkEntry[]): void {
    // git's "racy" rule (as sandboxWalkCache.ts): a folder changed within a clock tick of the walk
    // could change again without a new mtime, so its listing is read again at the end.
    const mtimeMs = Number(st.mtimeNs) / 1e6;
    const ctimeMs = Number(st.ctimeNs) / 1e6;
    this.folders.set(abs, { id: this.settled(mtimeMs, ctimeMs) ? { ino: Number(st.ino), mtimeMs, ctimeMs } : null, entries });
    for (const [name, kind] of entries) {
      if (name !== '.git' || (kind !== 'f' && kind !== 'l')) continue;
      try {
        const gst = lstatSync(`${abs}/.git`, { bigint: true });
        // An unsettled one is not remembered: it counts as changed at the end, and is checked.
        if (this.settled(Number(gst.mtimeNs) / 1e6, Number(gst.ctimeNs) / 1e6)) this.gitIds.set(`${abs}/.git`, identity(gst));
      } catch {
        // gone already: found again as new
      }
    }
  }

  private settled(mtimeMs: number, ctimeMs: number): boolean {
    return this.nowMs - mtimeMs >= SETTLED_MS && this.nowMs - ctimeMs >= SETTLED_MS;
  }

  /**
   * What the work tree holds now that the walk did not see: every `.git` entry below `root` (not
   * `root/.git`, not inside any `.git`) and every other entry created since (in a folder that
   * changed, or in a new one). Skips folders `skip` says nothing could have been created in.
   * `truncated` when the folder limit was reached.
   */
  changes(root: string, skip: (abs: string) => boolean): TreeChanges {
    const gitEntries: GitEntry[] = [];
    const created: CreatedEntry[] = [];
    const stack = [root];
    let read = 0;
    while (stack.length > 0) {
      const dir = stack.pop() as string;
      if (dir !== root && skip(dir)) continue;
      if (++read > CENSUS_FOLDERS) return { gitEntries, created, truncated: true };
      const now = this.listing(dir);
      if (now === null) continue;
      const then = now.fresh ? this.folders.get(dir)?.entries : undefined;
      const before = now.fresh && then !== undefined ? new Set(then.map((e) => e[0])) : null;
      let git: WalkEntry[1] | null = null;
      for (const [name, kind] of now.entries) {
        if (name === '.git') git = kind;
        else {
          if (kind === 'd') stack.push(`${dir}/${name}`);
          if (now.fresh && (before === null || !before.has(name))) created.push({ path: `${dir}/${name}`, kind });
        }
      }
      if (git === null || git === 'o' || dir === root) continue;
      const abs = `${dir}/.git`;
      const kind = git === 'd' ? 'dir' : git === 'l' ? 'link' : 'file';
      gitEntries.push({ path: abs, kind, changed: kind === 'dir' || this.gitEntryChanged(abs) });
    }
    return { gitEntries, created, truncated: false };
  }

  /** A folder's entries now; `fresh` when read now (changed since the walk, or not trusted), not remembered. */
  private listing(dir: string): { entries: readonly WalkEntry[]; fresh: boolean } | null {
    let st: Stats;
    try {
      st = lstatSync(dir);
    } catch {
      return null;
    }
    if (!st.isDirectory()) return null;
    const known = this.folders.get(dir);
    if (known?.id && sameIdentity(known.id, st)) return { entries: known.entries, fresh: false };
    try {
      return { entries: readdirSync(dir, { withFileTypes: true }).map((e): WalkEntry => [e.name, e.isDirectory() ? 'd' : e.isSymbolicLink() ? 'l' : e.isFile() ? 'f' : 'o', null, null]), fresh: true };
    } catch {
      return null;
    }
  }

  private gitEntryChanged(abs: string): boolean {
    const then = this.gitIds.get(abs);
    if (then === undefined) return true;
    try {
      return identity(lstatSync(abs, { bigint: true })) !== then;
    } catch {
      return true;
    }
  }
}
