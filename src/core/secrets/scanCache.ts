// What the secret check concluded about a file, cached by the file's identity (device, inode,
// size, mtime and ctime in nanoseconds — ctime cannot be set back by the file's writer) so the
// hook stays within its time budget on repeated reads and searches. Kept in memory and, when a
// per-user directory is given, on disk outside the workspace: one pack per context (workspace,
// baseline, threshold) in 64 shards by folder, so a search over hundreds of files costs a few
// reads and HMACs, not one per file, and a single read loads one small shard. A shard is trusted
// only if its HMAC verifies under a per-user random key (0600) kept beside it: a shard forged or
// altered without the key is ignored and its files are scanned again.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeAtomic } from '../util/atomicWrite';

export type ScanVerdict =
  | { readonly kind: 'clean' }
  | { readonly kind: 'secret'; readonly rule: string; readonly line: number }
  | { readonly kind: 'unscanned'; readonly reason: string };

/** Bump when rules change what they find: older packs then miss. */
export const SCANNER_VERSION = 'scan-2';
/** Shards one workspace's verdicts are spread over. */
const SHARDS = 64;
/** Files one shard remembers; the oldest answers make room (a miss only costs a rescan). */
const SHARD_LIMIT = 20_000;

export function fileIdentity(st: fs.BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}

interface Entry {
  readonly identity: string;
  readonly verdict: ScanVerdict;
}

type PackRow = [string, string, ScanVerdict];

export class SecretScanCache {
  /** Shard number → its entries (loaded on first use). */
  private readonly shards = new Map<number, Map<string, Entry>>();
  /** Shard number → verdicts learnt since the last flush. */
  private readonly dirty = new Map<number, Map<string, Entry>>();
  private key: Buffer | null | undefined;
  private readonly packName: string;

  /** Shard number → the read-only view's entries (loaded on first use). */
  private readonly viewShards = new Map<number, Map<string, Entry>>();

  /**
   * `dir`: per-user directory outside every workspace (null: memory only). `context`: everything
   * besides the file that changes the verdict (workspace, baseline, confidence threshold).
   * `view`: a folder of unsigned shards (`writeView`) that nothing able to write it could have
   * touched since — under `airlock run`, a folder `run` filled before the sandbox started and
   * that is read-only inside it (the caller checks the mount): answers the signed cache lacks.
   */
  constructor(
    private readonly dir: string | null,
    context: string,
    private readonly view: string | null = null,
  ) {
    this.packName = createHash('sha256').update(`${SCANNER_VERSION}\0${context}`).digest('hex');
  }

  /** Folder → its shard: `airlock exec` asks for every file of the tree, a hash per folder is enough. */
  private readonly shardByDir = new Map<string, number>();

  /** Files of one folder share a shard: a search reads a few shards, a single read one small one. */
  private shardOf(abs: string): number {
    const dir = path.dirname(abs);
    let shard = this.shardByDir.get(dir);
    if (shard === undefined) {
      shard = createHash('sha256').update(dir).digest()[0] % SHARDS;
      this.shardByDir.set(dir, shard);
    }
    return shard;
  }

  private shardFile(shard: number): string | null {
    return this.dir === null ? null : path.join(this.dir, 'packs', `${this.packName}-${shard}`);
  }

  private hmacKey(): Buffer | null {
    if (this.key !== undefined) return this.key;
    this.key = null;
    if (this.dir === null) return null;
    const file = path.join(this.dir, 'key');
    try {
      this.key = fs.readFileSync(file);
      if (this.key.length !== 32) this.key = null;
    } catch {
      try {
        fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
        const fresh = randomBytes(32);
        // `wx`: never overwrite a key another process just made; read theirs instead.
        fs.writeFileSync(file, fresh, { flag: 'wx', mode: 0o600 });
        this.key = fresh;
      } catch {
        try {
          const k = fs.readFileSync(file);
          this.key = k.length === 32 ? k : null;
        } catch {
          this.key = null;
        }
      }
    }
    return this.key;
  }

  private mac(shard: number, body: string): string | null {
    const key = this.hmacKey();
    return key ? createHmac('sha256', key).update(`${this.packName}-${shard}\0${body}`).digest('hex') : null;
  }

  /** A verified shard on disk (empty when missing, unreadable or not signed with our key). */
  private readShard(shard: number): Map<string, Entry> {
    const out = new Map<string, Entry>();
    const file = this.shardFile(shard);
    if (file === null) return out;
    try {
      const raw = fs.readFileSync(file, 'utf8');
      const nl = raw.indexOf('\n');
      const mac = raw.slice(0, nl);
      const body = raw.slice(nl + 1);
      const expected = this.mac(shard, body);
      if (!expected || mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) return out;
      for (const [abs, identity, verdict] of JSON.parse(body) as PackRow[]) out.set(abs, { identity, verdict });
    } catch {
      // No shard yet, or a damaged one: its files are scanned again.
    }
    return out;
  }

  private loaded(shard: number): Map<string, Entry> {
    let entries = this.shards.get(shard);
    if (entries === undefined) {
      entries = this.readShard(shard);
      this.shards.set(shard, entries);
    }
    return entries;
  }

  get(abs: string, identity: string): ScanVerdict | undefined {
    const shard = this.shardOf(abs);
    // With a view (inside `airlock run`, where the signed shards are masked) the view answers first.
    const seen = this.view === null ? undefined : this.viewLoaded(shard).get(abs);
    if (seen !== undefined && seen.identity === identity) return seen.verdict;
    const hit = this.loaded(shard).get(abs);
    return hit !== undefined && hit.identity === identity ? hit.verdict : undefined;
  }

  private viewFile(dir: string, shard: number): string {
    return path.join(dir, `secrets-${this.packName}-${shard}`);
  }

  private viewLoaded(shard: number): Map<string, Entry> {
    let entries = this.viewShards.get(shard);
    if (entries === undefined) {
      entries = new Map();
      try {
        for (const [abs, identity, verdict] of JSON.parse(fs.readFileSync(this.viewFile(this.view ?? '', shard), 'utf8')) as PackRow[]) entries.set(abs, { identity, verdict });
      } catch {
        // No view for this shard: its files are scanned.
      }
      this.viewShards.set(shard, entries);
    }
    return entries;
  }

  /**
   * Writes every verdict this cache holds in memory (the signed shards read so far and what was
   * learnt) into `dir`, unsigned, for readers that trust `dir` by where it is (see `view`).
   */
  writeView(dir: string): void {
    for (const [shard, entries] of this.shards) {
      if (entries.size === 0) continue;
      const rows: PackRow[] = [];
      for (const [abs, e] of entries) rows.push([abs, e.identity, e.verdict]);
      writeAtomic(this.viewFile(dir, shard), JSON.stringify(rows), { mode: 0o600 });
    }
  }

  /** Remembers a verdict; it reaches the disk on `flush()`. */
  set(abs: string, identity: string, verdict: ScanVerdict): void {
    const entry = { identity, verdict };
    const shard = this.shardOf(abs);
    const entries = this.loaded(shard);
    entries.delete(abs);
    entries.set(abs, entry);
    let d = this.dirty.get(shard);
    if (d === undefined) this.dirty.set(shard, (d = new Map()));
    d.set(abs, entry);
  }

  /**
   * Writes the verdicts learnt since the last flush, each shard merged with its file as it is on
   * disk now (another hook may have added to it meanwhile). Never throws: a cache that cannot be
   * written only costs a rescan next time.
   */
  flush(): void {
    for (const [shard, learnt] of this.dirty) {
      const file = this.shardFile(shard);
      if (file === null) break;
      try {
        const merged = this.readShard(shard);
        for (const [abs, entry] of learnt) {
          merged.delete(abs);
          merged.set(abs, entry);
        }
        const rows: PackRow[] = [];
        let skip = merged.size - SHARD_LIMIT;
        for (const [abs, e] of merged) if (skip-- <= 0) rows.push([abs, e.identity, e.verdict]);
        const body = JSON.stringify(rows);
        const mac = this.mac(shard, body);
        if (!mac) return;
        fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        writeAtomic(file, `${mac}\n${body}`, { mode: 0o600 });
      } catch {
        // Unwritable cache folder: the verdicts stay in memory for this process.
        return;
      }
    }
    this.dirty.clear();
  }
}

/** The per-user cache directory (XDG cache, LOCALAPPDATA on Windows), or null. */
export function userSecretCacheDir(env: NodeJS.ProcessEnv, home: string, platform: NodeJS.Platform): string | null {
  const base = env.XDG_CACHE_HOME || (platform === 'win32' ? env.LOCALAPPDATA : home ? path.join(home, '.cache') : undefined);
  return base ? path.join(base, 'airlock', 'secret-scan') : null;
}
