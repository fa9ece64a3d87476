// What the secret check concluded about a file, cached by the file's identity (device, inode,
// size, mtime and ctime in nanoseconds — ctime cannot be set back by the file's writer) so the
// hook stays within its time budget on repeated reads and searches. Kept in memory and, when a
// per-user directory is given, on disk outside the workspace: one pack per context (workspace,
// baseline, threshold), so a search over hundreds of files costs one read and one HMAC, not one
// per file. A pack is trusted only if its HMAC verifies under a per-user random key (0600) kept
// beside it: a pack forged or altered without the key is ignored and its files are scanned again.
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
/** Files one pack remembers; the oldest answers make room (a miss only costs a rescan). */
const PACK_LIMIT = 100_000;

export function fileIdentity(st: fs.BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}

interface Entry {
  readonly identity: string;
  readonly verdict: ScanVerdict;
}

type PackRow = [string, string, ScanVerdict];

export class SecretScanCache {
  private entries: Map<string, Entry> | undefined;
  private readonly dirty = new Map<string, Entry>();
  private key: Buffer | null | undefined;
  private readonly packName: string;

  /**
   * `dir`: per-user directory outside every workspace (null: memory only). `context`: everything
   * besides the file that changes the verdict (workspace, baseline, confidence threshold).
   */
  constructor(private readonly dir: string | null, context: string) {
    this.packName = createHash('sha256').update(`${SCANNER_VERSION}\0${context}`).digest('hex');
  }

  private packFile(): string | null {
    return this.dir === null ? null : path.join(this.dir, 'packs', this.packName);
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

  private mac(body: string): string | null {
    const key = this.hmacKey();
    return key ? createHmac('sha256', key).update(`${this.packName}\0${body}`).digest('hex') : null;
  }

  /** The verified pack on disk (empty when missing, unreadable or not signed with our key). */
  private readPack(): Map<string, Entry> {
    const out = new Map<string, Entry>();
    const file = this.packFile();
    if (file === null) return out;
    try {
      const raw = fs.readFileSync(file, 'utf8');
      const nl = raw.indexOf('\n');
      const mac = raw.slice(0, nl);
      const body = raw.slice(nl + 1);
      const expected = this.mac(body);
      if (!expected || mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) return out;
      for (const [abs, identity, verdict] of JSON.parse(body) as PackRow[]) out.set(abs, { identity, verdict });
    } catch {
      // No pack yet, or a damaged one: every file is scanned again.
    }
    return out;
  }

  private loaded(): Map<string, Entry> {
    return (this.entries ??= this.readPack());
  }

  get(abs: string, identity: string): ScanVerdict | undefined {
    const hit = this.loaded().get(abs);
    return hit !== undefined && hit.identity === identity ? hit.verdict : undefined;
  }

  /** Remembers a verdict; it reaches the disk on `flush()`. */
  set(abs: string, identity: string, verdict: ScanVerdict): void {
    const entry = { identity, verdict };
    const entries = this.loaded();
    entries.delete(abs);
    entries.set(abs, entry);
    if (entries.size > PACK_LIMIT) entries.delete(entries.keys().next().value as string);
    this.dirty.set(abs, entry);
  }

  /**
   * Writes the verdicts learnt since the last flush, merged into the pack as it is on disk now
   * (another hook may have added to it meanwhile). Never throws: a cache that cannot be written
   * only costs a rescan next time.
   */
  flush(): void {
    const file = this.packFile();
    if (this.dirty.size === 0 || file === null) return;
    try {
      const merged = this.readPack();
      for (const [abs, entry] of this.dirty) {
        merged.delete(abs);
        merged.set(abs, entry);
      }
      const rows: PackRow[] = [];
      let skip = merged.size - PACK_LIMIT;
      for (const [abs, e] of merged) if (skip-- <= 0) rows.push([abs, e.identity, e.verdict]);
      const body = JSON.stringify(rows);
      const mac = this.mac(body);
      if (!mac) return;
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      writeAtomic(file, `${mac}\n${body}`, { mode: 0o600 });
      this.dirty.clear();
    } catch {
      // Unwritable cache folder: the verdicts stay in memory for this process.
    }
  }
}

/** The per-user cache directory (XDG cache, LOCALAPPDATA on Windows), or null. */
export function userSecretCacheDir(env: NodeJS.ProcessEnv, home: string, platform: NodeJS.Platform): string | null {
  const base = env.XDG_CACHE_HOME || (platform === 'win32' ? env.LOCALAPPDATA : home ? path.join(home, '.cache') : undefined);
  return base ? path.join(base, 'airlock', 'secret-scan') : null;
}
