// What the secret check concluded about a file, cached by the file's identity (device, inode,
// size, mtime and ctime in nanoseconds — ctime cannot be set back by the file's writer) so the
// hook stays within its time budget on repeated reads and searches. Kept in memory and, when a
// per-user directory is given, on disk outside the workspace. A disk entry is trusted only if its
// HMAC verifies under a per-user random key (0600) kept beside it: an entry forged without the key
// is ignored and the file is scanned again.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export type ScanVerdict =
  | { readonly kind: 'clean' }
  | { readonly kind: 'secret'; readonly rule: string; readonly line: number }
  | { readonly kind: 'unscanned'; readonly reason: string };

/** Bump when rules change what they find: older entries then miss. */
export const SCANNER_VERSION = 'scan-2';
const MEMORY_LIMIT = 50_000;

export function fileIdentity(st: fs.BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}

export class SecretScanCache {
  private readonly memory = new Map<string, ScanVerdict>();
  private key: Buffer | null | undefined;
  private readonly shards = new Set<string>();

  /**
   * `dir`: per-user directory outside every workspace (null: memory only). `context`: everything
   * besides the file that changes the verdict (baseline, confidence threshold).
   */
  constructor(private readonly dir: string | null, private readonly context: string) {}

  private entryName(abs: string, identity: string): string {
    return createHash('sha256').update(`${SCANNER_VERSION}\0${this.context}\0${abs}\0${identity}`).digest('hex');
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

  private mac(name: string, body: string): string | null {
    const key = this.hmacKey();
    return key ? createHmac('sha256', key).update(`${name}\0${body}`).digest('hex') : null;
  }

  get(abs: string, identity: string): ScanVerdict | undefined {
    const name = this.entryName(abs, identity);
    const hit = this.memory.get(name);
    if (hit || this.dir === null) return hit;
    try {
      const raw = fs.readFileSync(path.join(this.dir, name.slice(0, 2), name), 'utf8');
      const nl = raw.indexOf('\n');
      const mac = raw.slice(0, nl);
      const body = raw.slice(nl + 1);
      const expected = this.mac(name, body);
      if (!expected || mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) return undefined;
      const verdict = JSON.parse(body) as ScanVerdict;
      this.remember(name, verdict);
      return verdict;
    } catch {
      return undefined;
    }
  }

  set(abs: string, identity: string, verdict: ScanVerdict): void {
    const name = this.entryName(abs, identity);
    this.remember(name, verdict);
    if (this.dir === null) return;
    const body = JSON.stringify(verdict);
    const mac = this.mac(name, body);
    if (!mac) return;
    try {
      const sub = path.join(this.dir, name.slice(0, 2));
      if (!this.shards.has(sub)) {
        fs.mkdirSync(sub, { recursive: true, mode: 0o700 });
        this.shards.add(sub);
      }
      // No temporary file and rename: a torn entry fails its HMAC and is simply rescanned.
      fs.writeFileSync(path.join(sub, name), `${mac}\n${body}`, { mode: 0o600 });
    } catch {
      // A cache that cannot be written only costs a rescan next time.
    }
  }

  private remember(name: string, verdict: ScanVerdict): void {
    if (this.memory.size >= MEMORY_LIMIT) this.memory.delete(this.memory.keys().next().value as string);
    this.memory.set(name, verdict);
  }
}

/** The per-user cache directory (XDG cache, LOCALAPPDATA on Windows), or null. */
export function userSecretCacheDir(env: NodeJS.ProcessEnv, home: string, platform: NodeJS.Platform): string | null {
  const base = env.XDG_CACHE_HOME || (platform === 'win32' ? env.LOCALAPPDATA : home ? path.join(home, '.cache') : undefined);
  return base ? path.join(base, 'airlock', 'secret-scan') : null;
}
