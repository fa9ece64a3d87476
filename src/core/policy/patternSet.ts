// An ordered set of gitignore patterns answering "which is the LAST pattern that covers this path?"
// fast: patterns are indexed by a literal path component they require, so a path is tested only
// against the few patterns that could match it (plus the rare ones with no literal at all).
import type { CompiledPattern } from './gitignorePattern';

export interface PatternMatch {
  /** Index into the set, in insertion order; higher wins. */
  readonly exact: number;
  /** The winner when letter case is ignored (never lower than exact's restrictiveness is for the caller to weigh). */
  readonly folded: number;
}

export const NO_MATCH = -1;

export class PatternSet {
  private readonly patterns: CompiledPattern[] = [];
  private readonly byName = new Map<string, number[]>();
  private readonly bySuffix = new Map<string, number[]>();
  private readonly byPrefix = new Map<string, number[]>();
  private suffixLengths: number[] = [];
  private prefixLengths: number[] = [];
  private readonly generic: number[] = [];
  private readonly seen: Uint32Array;
  private stamp = 0;
  private readonly candidates: number[] = [];

  constructor(patterns: readonly CompiledPattern[]) {
    this.patterns = [...patterns];
    this.seen = new Uint32Array(Math.max(1, patterns.length));
    const suffixLens = new Set<number>();
    const prefixLens = new Set<number>();
    this.patterns.forEach((p, i) => {
      const key = p.key;
      if (!key) {
        this.generic.push(i);
        return;
      }
      const map = key.kind === 'name' ? this.byName : key.kind === 'suffix' ? this.bySuffix : this.byPrefix;
      const list = map.get(key.value);
      if (list) list.push(i);
      else map.set(key.value, [i]);
      if (key.kind === 'suffix') suffixLens.add(key.value.length);
      if (key.kind === 'prefix') prefixLens.add(key.value.length);
    });
    this.suffixLengths = [...suffixLens];
    this.prefixLengths = [...prefixLens];
  }

  get size(): number {
    return this.patterns.length;
  }

  pattern(index: number): CompiledPattern {
    return this.patterns[index];
  }

  /**
   * Finds the last pattern covering `rel` (workspace-relative, '/'-separated, no leading slash),
   * both with exact case (gitignore's meaning) and ignoring case (what a case-insensitive disk sees).
   */
  match(rel: string, isDir: boolean): PatternMatch {
    const candidates = this.collect(rel);
    let folded = NO_MATCH;
    let k = 0;
    for (; k < candidates.length; k++) {
      const p = this.patterns[candidates[k]];
      if ((isDir ? p.coversDirFolded : p.coversFolded).test(rel)) {
        folded = candidates[k];
        break;
      }
    }
    if (folded === NO_MATCH) return { exact: NO_MATCH, folded: NO_MATCH };
    // Exact matches are a subset of folded ones: continue from the folded winner.
    for (; k < candidates.length; k++) {
      const p = this.patterns[candidates[k]];
      if ((isDir ? p.coversDir : p.covers).test(rel)) return { exact: candidates[k], folded };
    }
    return { exact: NO_MATCH, folded };
  }

  /** Every pattern covering `rel` with exact case, highest first (for diagnostics, not hot paths). */
  matchAll(rel: string, isDir: boolean): number[] {
    return this.collect(rel).filter((i) => (isDir ? this.patterns[i].coversDir : this.patterns[i].covers).test(rel));
  }

  /** Candidate pattern indexes for a path, highest first. */
  private collect(rel: string): number[] {
    const out = this.candidates;
    out.length = 0;
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const lower = rel.toLowerCase();
    let start = 0;
    while (start <= lower.length) {
      let end = lower.indexOf('/', start);
      if (end < 0) end = lower.length;
      const comp = lower.slice(start, end);
      this.add(this.byName.get(comp));
      for (const len of this.suffixLengths) {
        if (comp.length >= len) this.add(this.bySuffix.get(comp.slice(comp.length - len)));
      }
      for (const len of this.prefixLengths) {
        if (comp.length >= len) this.add(this.byPrefix.get(comp.slice(0, len)));
      }
      start = end + 1;
    }
    for (const g of this.generic) this.add1(g);
    if (out.length > 1) out.sort((a, b) => b - a);
    return out;
  }

  private add(list: number[] | undefined): void {
    if (!list) return;
    for (const i of list) this.add1(i);
  }

  private add1(i: number): void {
    if (this.seen[i] !== this.stamp) {
      this.seen[i] = this.stamp;
      this.candidates.push(i);
    }
  }
}
