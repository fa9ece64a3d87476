// Which pattern of each layer wins for a path, remembered across hook calls: a search scope or the
// sandbox walk classifies hundreds or thousands of paths against an org policy, and the answer
// depends only on the path and the compiled policy. One pack per compiled-policy cache entry (its
// name and every layer's hash are in the MAC), beside it in the per-user policy cache and signed
// with the same key; a pack that does not verify is ignored. A call that classifies only a few
// paths (a Read) never loads or writes it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeAtomic } from '../util/atomicWrite';

/** Classifications computed directly before the pack is worth loading (and writing back). */
const LAZY_AFTER = 48;
/** Paths one pack keeps (the oldest make room). */
const PACK_LIMIT = 200_000;

export class ClassifyStore {
  private known: Map<string, readonly number[]> | undefined;
  private readonly learned = new Map<string, readonly number[]>();
  private asked = 0;

  /** `file`: the pack; `key`: the cache's HMAC key; `context`: what the answers depend on (entry name, layer hashes). */
  constructor(private readonly file: string, private readonly key: Buffer, private readonly context: string) {}

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(`${this.context}\0${body}`).digest('hex');
  }

  private read(): Map<string, readonly number[]> {
    const out = new Map<string, readonly number[]>();
    try {
      const raw = readFileSync(this.file, 'utf8');
      const nl = raw.indexOf('\n');
      const body = raw.slice(nl + 1);
      const mac = Buffer.from(raw.slice(0, nl));
      const expected = Buffer.from(this.mac(body));
      if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return out;
      for (const [k, v] of Object.entries(JSON.parse(body) as Record<string, number[]>)) out.set(k, v);
    } catch {
      // No pack yet, or a damaged one: classify again.
    }
    return out;
  }

  /** The stored winners for a path key, once enough paths were asked for the pack to pay. */
  get(pathKey: string): readonly number[] | undefined {
    if (this.known === undefined) {
      if (++this.asked <= LAZY_AFTER) return undefined;
      this.known = this.read();
    }
    return this.known.get(pathKey);
  }

  set(pathKey: string, winners: readonly number[]): void {
    this.learned.set(pathKey, winners);
  }

  /** Adds what this process learnt to the pack (merged with the pack as it is now). Never throws. */
  flush(): void {
    if (this.learned.size < LAZY_AFTER && this.known === undefined) return;
    if (this.learned.size === 0) return;
    try {
      const merged = this.read();
      for (const [k, v] of this.learned) {
        merged.delete(k);
        merged.set(k, v);
      }
      const rows: Record<string, readonly number[]> = {};
      let skip = merged.size - PACK_LIMIT;
      for (const [k, v] of merged) if (skip-- <= 0) rows[k] = v;
      const body = JSON.stringify(rows);
      writeAtomic(this.file, `${this.mac(body)}\n${body}`, { mode: 0o600 });
      this.learned.clear();
    } catch {
      // A cache that cannot be written only costs the classification next time.
    }
  }
}
