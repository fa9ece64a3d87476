// The sandbox walk of the work tree, remembered by directory identity: a folder whose device,
// inode, mtime and ctime (nanoseconds) are unchanged holds the same names, so its listing and the
// classification of each name (which depends only on the path and the compiled policy) are reused
// instead of read and matched again. File contents are not cached here: every file's secret check
// still runs, by the file's own identity (scanCache.ts). The pack is signed (signedPack.ts) beside
// the compiled policy it depends on; one that does not verify is ignored.
import { accessSync, type BigIntStats, constants } from 'node:fs';
import { dirname } from 'node:path';
import { readSignedPack, type SignedPackPlace, writeSignedPack } from '../util/signedPack';

/** One entry of a folder: its name, kind, why the sandbox masks it by class, and why it freezes it (Airlock's, or edit-protected); null: it does not. */
export type WalkEntry = readonly [name: string, kind: 'd' | 'l' | 'f' | 'o', why: string | null, editWhy: string | null];

/**
 * A listing is remembered only once its folder is this much older than the walk (git's "racy"
 * rule): file systems with coarse timestamps can change a folder twice within one tick, and the
 * second change would keep the identity the first listing was stored under.
 */
export const SETTLED_NS = 2_000_000_000n;

/** A file's or folder's identity: device, inode, mtime and ctime in nanoseconds. */
export function identity(st: BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.mtimeNs}:${st.ctimeNs}`;
}

export class SandboxWalkCache {
  private known: Map<string, { id: string; entries: readonly WalkEntry[] }> | undefined;
  private readonly seen = new Map<string, { id: string; entries: readonly WalkEntry[] }>();
  private changed = false;

  constructor(private readonly place: SignedPackPlace, private readonly nowNs: bigint = BigInt(Date.now()) * 1_000_000n) {}

  private load(): Map<string, { id: string; entries: readonly WalkEntry[] }> {
    if (this.known !== undefined) return this.known;
    this.known = new Map();
    const body = readSignedPack(this.place);
    if (body === null) return this.known;
    try {
      for (const [dir, [id, entries]] of Object.entries(JSON.parse(body) as Record<string, [string, WalkEntry[]]>)) this.known.set(dir, { id, entries });
    } catch {
      // A damaged pack: walk again.
    }
    return this.known;
  }

  /** The remembered entries of a folder with exactly this identity, if any. */
  get(absDir: string, st: BigIntStats): readonly WalkEntry[] | undefined {
    const hit = this.load().get(absDir);
    if (hit === undefined || hit.id !== identity(st)) return undefined;
    this.seen.set(absDir, hit);
    return hit.entries;
  }

  /** Keeps a folder's fresh listing (when the folder has settled) for the next walk. */
  set(absDir: string, st: BigIntStats, entries: readonly WalkEntry[]): void {
    this.changed = true;
    if (this.nowNs - st.mtimeNs < SETTLED_NS || this.nowNs - st.ctimeNs < SETTLED_NS) return;
    this.seen.set(absDir, { id: identity(st), entries });
  }

  /** Writes the folders of this walk (folders no longer walked are dropped). Never throws. */
  flush(): void {
    if (!this.changed && this.seen.size === this.known?.size) return;
    try {
      // Inside the sandbox (a hook under `airlock run`) the cache is read-only: skip the encoding.
      accessSync(dirname(this.place.file), constants.W_OK);
      const rows: Record<string, [string, readonly WalkEntry[]]> = {};
      for (const [dir, { id, entries }] of this.seen) rows[dir] = [id, entries];
      writeSignedPack(this.place, JSON.stringify(rows));
    } catch {
      // A cache that cannot be written (read-only inside the sandbox) only costs the walk next time.
    }
  }
}
