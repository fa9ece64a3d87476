// Can two gitignore patterns cover a common path? Decided on the patterns themselves, not on the
// files that happen to exist: both are turned into segment sequences and intersected like two
// automata (a product walk), segment globs character by character. Answers err towards "yes"
// (a bracket pair is taken to share a character when unsure), with one deliberate exception: a
// pattern whose last name looks like a file ("package.json", "*.pem") is not taken to be a
// directory with contents, which would make every pair overlap through paths no one has.
import { translateBracket, trimTrailingSpaces } from './gitignorePattern';

type CharToken = { kind: 'star' } | { kind: 'any' } | { kind: 'char'; c: string } | { kind: 'class'; re: RegExp };

export interface PatternShape {
  readonly text: string;
  /** Root-relative segments; '**' is any number of segments (unanchored patterns start with it). */
  readonly segments: readonly string[];
  /** True when what the pattern matches may be a directory whose contents it covers too. */
  readonly coversContents: boolean;
  /** The first segment when it is a literal (anchored patterns), lower-cased, for indexing. */
  readonly head: string | null;
  /** Leading literal segments of an anchored pattern, lower-cased ([] when none), for indexing. */
  readonly literalPrefix: readonly string[];
  /** The segments with "and anything below" appended when the pattern covers contents. */
  readonly covered: readonly string[];
}

const GLOB = /[*?[\\]/;

/** A name with an inner dot ("a.json", "*.pem", ".env.local") is taken to be a file. */
function looksLikeFile(last: string): boolean {
  return last !== '**' && /^.+\.[^./*?[\]]+$/.test(last.replace(/\\(.)/g, '$1'));
}

export function patternShape(text: string): PatternShape {
  let p = trimTrailingSpaces(text);
  const dirOnly = p.endsWith('/') && !p.endsWith('\\/');
  if (dirOnly) p = p.replace(/\/+$/, '');
  const anchored = p.includes('/');
  const body = p.replace(/^\/+/, '');
  const raw = body.split('/').filter((s) => s !== '');
  const segments: string[] = anchored ? [] : ['**'];
  for (const s of raw) if (!(s === '**' && segments[segments.length - 1] === '**')) segments.push(s);
  const last = segments[segments.length - 1] ?? '**';
  const head = anchored && segments.length > 0 && !GLOB.test(segments[0]) && segments[0] !== '**' ? segments[0].toLowerCase() : null;
  const literalPrefix: string[] = [];
  if (head !== null) {
    for (const s of segments) {
      if (s === '**' || GLOB.test(s)) break;
      literalPrefix.push(s.toLowerCase());
    }
  }
  const coversContents = dirOnly || !looksLikeFile(last);
  return { text, segments, coversContents, head, literalPrefix, covered: [...segments, '**'] };
}

function charTokens(seg: string): CharToken[] {
  const out: CharToken[] = [];
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') {
      if (out[out.length - 1]?.kind !== 'star') out.push({ kind: 'star' });
    } else if (c === '?') out.push({ kind: 'any' });
    else if (c === '\\' && i + 1 < seg.length) out.push({ kind: 'char', c: seg[++i] });
    else if (c === '[') {
      const b = translateBracket(seg, i);
      if (!b) {
        out.push({ kind: 'char', c });
        continue;
      }
      out.push({ kind: 'class', re: new RegExp(`^${b.regex}$`) });
      i = b.end - 1;
    } else out.push({ kind: 'char', c });
  }
  return out;
}

/** Some character both single-character tokens accept (conservative for two brackets). */
function charsMeet(a: CharToken, b: CharToken): boolean {
  if (a.kind === 'char' && b.kind === 'char') return a.c === b.c;
  if (a.kind === 'any' || b.kind === 'any') return true;
  if (a.kind === 'char' && b.kind === 'class') return b.re.test(a.c);
  if (b.kind === 'char' && a.kind === 'class') return a.re.test(b.c);
  if (a.kind === 'class' && b.kind === 'class') {
    for (let code = 32; code < 256; code++) {
      const ch = String.fromCharCode(code);
      if (a.re.test(ch) && b.re.test(ch)) return true;
    }
    return true;
  }
  return true;
}

/**
 * Reachability over pairs of positions, as in the product of two automata: `star(x)` tokens may
 * be skipped or consume a unit while the other side consumes one; other tokens consume together.
 */
function intersects<T>(a: ArrayLike<T>, b: ArrayLike<T>, isStar: (t: T) => boolean, meet: (x: T, y: T) => boolean): boolean {
  const w = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * w);
  const stack: number[] = [0];
  seen[0] = 1;
  const push = (i: number, j: number): void => {
    const k = i * w + j;
    if (!seen[k]) {
      seen[k] = 1;
      stack.push(k);
    }
  };
  while (stack.length) {
    const k = stack.pop() as number;
    const i = Math.floor(k / w);
    const j = k % w;
    if (i === a.length && j === b.length) return true;
    const sa = i < a.length && isStar(a[i]);
    const sb = j < b.length && isStar(b[j]);
    if (sa) push(i + 1, j);
    if (sb) push(i, j + 1);
    if (i < a.length && j < b.length) {
      if (sa && !sb) push(i, j + 1);
      else if (sb && !sa) push(i + 1, j);
      else if (!sa && !sb && meet(a[i], b[j])) push(i + 1, j + 1);
    }
  }
  return false;
}

/** Segment id of "**" in every oracle. */
const GLOBSTAR = 0;

/**
 * Remembers segment-pair answers: large policies repeat the same names over and over. Segments
 * are numbered once, so a pair is looked up by number, not by building a string key.
 */
export class OverlapOracle {
  private readonly ids = new Map<string, number>([['**', GLOBSTAR]]);
  private readonly texts: string[] = ['**'];
  private readonly literal: boolean[] = [false];
  private readonly pairs = new Map<number, boolean>();
  private readonly prepared = new WeakMap<PatternShape, { segments: Int32Array; covered: Int32Array }>();

  private id(seg: string): number {
    let id = this.ids.get(seg);
    if (id === undefined) {
      id = this.texts.length;
      this.ids.set(seg, id);
      this.texts.push(seg);
      this.literal.push(!GLOB.test(seg));
    }
    return id;
  }

  segmentsMeet(a: string, b: string): boolean {
    return this.idsMeet(this.id(a), this.id(b));
  }

  private idsMeet(a: number, b: number): boolean {
    if (a === b) return true;
    if (this.literal[a] && this.literal[b]) return false;
    const key = a < b ? a * 0x200000 + b : b * 0x200000 + a;
    let v = this.pairs.get(key);
    if (v === undefined) {
      v = intersects(charTokens(this.texts[a]), charTokens(this.texts[b]), (t) => t.kind === 'star', charsMeet);
      this.pairs.set(key, v);
    }
    return v;
  }

  private prepare(s: PatternShape): { segments: Int32Array; covered: Int32Array } {
    let p = this.prepared.get(s);
    if (!p) {
      p = { segments: Int32Array.from(s.segments, (x) => this.id(x)), covered: Int32Array.from(s.covered, (x) => this.id(x)) };
      this.prepared.set(s, p);
    }
    return p;
  }

  /**
   * True when some path is covered by both (matched by it, or below a directory it matches).
   * `strict`: also through names that look like files, for callers whose output must be exact.
   */
  overlap(a: PatternShape, b: PatternShape, strict = false): boolean {
    const pa = this.prepare(a);
    const pb = this.prepare(b);
    const sa = strict || a.coversContents ? pa.covered : pa.segments;
    const sb = strict || b.coversContents ? pb.covered : pb.segments;
    return intersects(sa, sb, (s) => s === GLOBSTAR, (x, y) => this.idsMeet(x, y));
  }
}
