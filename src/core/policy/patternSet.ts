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

/**
 * The literal index of a set as plain data: the compiled-policy cache stores it, so loading an
 * org policy needs no work per pattern (each pattern is built when a path first selects it).
 */
export interface PatternIndexData {
  readonly size: number;
  readonly byName: Readonly<Record<string, readonly number[]>>;
  readonly bySuffix: Readonly<Record<string, readonly number[]>>;
  readonly byPrefix: Readonly<Record<string, readonly number[]>>;
  readonly generic: readonly number[];
}

function indexOf(patterns: readonly CompiledPattern[]): PatternIndexData {
  const maps = { name: new Map<string, number[]>(), suffix: new Map<string, number[]>(), prefix: new Map<string, number[]>() };
  const generic: number[] = [];
  patterns.forEach((p, i) => {
    if (!p.key) {
      generic.push(i);
      return;
    }
    const map = maps[p.key.kind];
    const list = map.get(p.key.value);
    if (list) list.push(i);
    else map.set(p.key.value, [i]);
  });
  return { size: patterns.length, byName: Object.fromEntries(maps.name), bySuffix: Object.fromEntries(maps.suffix), byPrefix: Object.fromEntries(maps.prefix), generic };
}

// Maps, not the records themselves: a key such as "__proto__" or "constructor" must stay a key.
const toMap = (r: Readonly<Record<string, readonly number[]>>): Map<string, readonly number[]> => new Map(Object.entries(r));
const lengths = (m: Map<string, readonly number[]>): number[] => [...new Set([...m.keys()].map((k) => k.length))];

export class PatternSet {
  private readonly patterns: Array<CompiledPattern | undefined>;
  private readonly byName: Map<string, readonly number[]>;
  private readonly bySuffix: Map<string, readonly number[]>;
  private readonly byPrefix: Map<string, readonly number[]>;
  private readonly suffixLengths: number[];
  private readonly prefixLengths: number[];
  private readonly generic: readonly number[];
  private readonly seen: Uint32Array;
  private stamp = 0;
  private readonly candidates: number[] = [];
  private readonly load: (index: number) => CompiledPattern;

  /** From compiled patterns; or from a stored index plus a loader that builds pattern i on demand. */
  constructor(patterns: readonly CompiledPattern[]);
  constructor(index: PatternIndexData, load: (index: number) => CompiledPattern);
  constructor(source: readonly CompiledPattern[] | PatternIndexData, load?: (index: number) => CompiledPattern) {
    const given = Array.isArray(source) ? (source as readonly CompiledPattern[]) : null;
    const index = given ? indexOf(given) : (source as PatternIndexData);
    this.patterns = given ? [...given] : new Array<CompiledPattern | undefined>(index.size);
    this.load =
      load ??
      (() => {
        throw new Error('pattern index out of range');
      });
    this.byName = toMap(index.byName);
    this.bySuffix = toMap(index.bySuffix);
    this.byPrefix = toMap(index.byPrefix);
    this.generic = index.generic;
    this.suffixLengths = lengths(this.bySuffix);
    this.prefixLengths = lengths(this.byPrefix);
    this.seen = new Uint32Array(Math.max(1, index.size));
  }

  get size(): number {
    return this.patterns.length;
  }

  pattern(index: number): CompiledPattern {
    return (this.patterns[index] ??= this.load(index));
  }

  /** The index as plain data (for the compiled-policy cache). */
  indexData(): PatternIndexData {
    return indexOf(Array.from({ length: this.size }, (_, i) => this.pattern(i)));
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
      const p = this.pattern(candidates[k]);
      if ((isDir ? p.coversDirFolded : p.coversFolded).test(rel)) {
        folded = candidates[k];
        break;
      }
    }
    if (folded === NO_MATCH) return { exact: NO_MATCH, folded: NO_MATCH };
    // Exact matches are a subset of folded ones: continue from the folded winner.
    for (; k < candidates.length; k++) {
      const p = this.pattern(candidates[k]);
      if ((isDir ? p.coversDir : p.covers).test(rel)) return { exact: candidates[k], folded };
    }
    return { exact: NO_MATCH, folded };
  }

  /** Every pattern covering `rel` with exact case, highest first (for diagnostics, not hot paths). */
  matchAll(rel: string, isDir: boolean): number[] {
    return this.collect(rel).filter((i) => (isDir ? this.pattern(i).coversDir : this.pattern(i).covers).test(rel));
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

  private add(list: readonly number[] | undefined): void {
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
