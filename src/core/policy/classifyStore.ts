// Which pattern of each layer wins for a path, remembered across hook calls: a search scope or the
// sandbox walk classifies hundreds or thousands of paths against an org policy, and the answer
// depends only on the path and the compiled policy. One pack per compiled-policy cache entry (its
// name and every layer's hash are in the MAC), beside it in the per-user policy cache and signed
// with the same key; a pack that does not verify is ignored. A call that classifies only a few
// paths (a Read) never loads or writes it.
import { readSignedPack, type SignedPackPlace, writeSignedPack } from '../util/signedPack';

/** Classifications computed directly before the pack is worth loading (and writing back). */
const LAZY_AFTER = 48;
/** Paths one pack keeps (the oldest make room). */
const PACK_LIMIT = 200_000;

export class ClassifyStore {
  private known: Map<string, readonly number[]> | undefined;
  private readonly learned = new Map<string, readonly number[]>();
  private asked = 0;

  private readonly place: SignedPackPlace;

  /** `file`: the pack; `key`: the cache's HMAC key; `context`: what the answers depend on (entry name, layer hashes). */
  constructor(file: string, key: Buffer, context: string) {
    this.place = { file, key, context };
  }

  /**
   * Another pack beside this one, signed the same way over the same policy (`kind` is part of its
   * name and context): for answers that depend on the compiled policy too (the sandbox's walk).
   */
  sidePack(kind: string): SignedPackPlace {
    return { file: this.place.file.replace(/\.classify$/, `.${kind}`), key: this.place.key, context: `${this.place.context}\0${kind}` };
  }

  private read(): Map<string, readonly number[]> {
    const out = new Map<string, readonly number[]>();
    const body = readSignedPack(this.place);
    if (body === null) return out;
    try {
      for (const [k, v] of Object.entries(JSON.parse(body) as Record<string, number[]>)) out.set(k, v);
    } catch {
      // A damaged pack: classify again.
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
      writeSignedPack(this.place, JSON.stringify(rows));
      this.learned.clear();
    } catch {
      // A cache that cannot be written only costs the classification next time.
    }
  }
}
