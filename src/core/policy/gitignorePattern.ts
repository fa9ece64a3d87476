// Translates one gitignore pattern into regular expressions with exactly git's meaning
// (wildmatch with WM_PATHNAME, as `git check-ignore` decides), plus a literal key for indexing.

export interface IndexKey {
  /** 'name': a path component equals value; 'suffix'/'prefix': a component ends/starts with value. */
  readonly kind: 'name' | 'suffix' | 'prefix';
  /** Lower-cased, so one index serves exact and case-folded matching. */
  readonly value: string;
}

export interface CompiledPattern {
  readonly text: string;
  /** Only directories (and so everything below them) match. */
  readonly dirOnly: boolean;
  /** Matches from the root only (a slash at the start or in the middle). */
  readonly anchored: boolean;
  /** Matches a path that this pattern or one of its ancestor directories matches (file path). */
  readonly covers: RegExp;
  /** The same, case-insensitive. */
  readonly coversFolded: RegExp;
  /** For a directory path: matches the directory itself or an ancestor. */
  readonly coversDir: RegExp;
  readonly coversDirFolded: RegExp;
  /** Matches the path itself only, not through an ancestor directory (for diagnostics). */
  readonly self: RegExp;
  /** null: no literal to index on, test on every path. */
  readonly key: IndexKey | null;
}

export interface PatternProblem {
  /** 0-based offset into the pattern text where the problem starts. */
  readonly offset: number;
  readonly message: string;
}

export type PatternResult = { ok: true; pattern: CompiledPattern } | { ok: false; problem: PatternProblem };

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/**
 * Any one character, line terminators included. Not the `s` flag: V8 takes tens of milliseconds
 * to compile a few hundred case-insensitive expressions holding a dotAll `.` (or `[^]`), which
 * an org policy's hook call would pay on every run; this form compiles as fast as a plain `.`.
 */
const ANY = '(?:.|[\\n\\r\\u2028\\u2029])';

function escapeRegex(s: string): string {
  return s.replace(REGEX_SPECIAL, '\\$&');
}

const POSIX_CLASSES: Record<string, string> = {
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  blank: ' \\t',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '\\x21-\\x7e',
  lower: 'a-z',
  print: '\\x20-\\x7e',
  punct: '!-\\/:-@\\[-`{-~',
  space: ' \\t\\n\\r\\f\\v',
  upper: 'A-Z',
  xdigit: '0-9A-Fa-f',
};

function escapeClassChar(c: string): string {
  return /[\\\]^-]/.test(c) ? `\\${c}` : c;
}

/** Parses a bracket expression starting at `start` (the `[`); returns the JS class and the index after `]`. */
export function translateBracket(p: string, start: number): { regex: string; end: number } | null {
  let i = start + 1;
  let negate = false;
  if (p[i] === '!' || p[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  while (i < p.length) {
    const c = p[i];
    if (c === ']' && !first) {
      // A negated class never matches '/', as in wildmatch with WM_PATHNAME.
      return { regex: negate ? `[^/${body}]` : `[${body}]`, end: i + 1 };
    }
    first = false;
    if (c === '[' && p[i + 1] === ':') {
      const close = p.indexOf(':]', i + 2);
      if (close < 0) return null;
      const name = p.slice(i + 2, close);
      const cls = POSIX_CLASSES[name];
      if (cls === undefined) return null;
      body += cls;
      i = close + 2;
      continue;
    }
    let lo = c;
    if (c === '\\') {
      if (i + 1 >= p.length) return null;
      lo = p[i + 1];
      i++;
    }
    i++;
    if (p[i] === '-' && i + 1 < p.length && p[i + 1] !== ']') {
      let hi = p[i + 1];
      i += 2;
      if (hi === '\\') {
        if (i >= p.length) return null;
        hi = p[i];
        i++;
      }
      if (hi.charCodeAt(0) < lo.charCodeAt(0)) {
        // wildmatch treats a reversed range as matching nothing; keep it harmless.
        continue;
      }
      body += `${escapeClassChar(lo)}-${escapeClassChar(hi)}`;
    } else {
      body += escapeClassChar(lo);
    }
  }
  return null;
}

/** Strips unescaped trailing spaces, as git does. */
export function trimTrailingSpaces(p: string): string {
  let end = p.length;
  while (end > 0 && p[end - 1] === ' ') {
    let backslashes = 0;
    for (let j = end - 2; j >= 0 && p[j] === '\\'; j--) backslashes++;
    if (backslashes % 2 === 1) break;
    end--;
  }
  return p.slice(0, end);
}

function isLiteralSegment(seg: string): boolean {
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '*' || c === '?' || c === '[') return false;
  }
  return true;
}

function unescapeLiteral(seg: string): string {
  return seg.replace(/\\(.)/g, '$1');
}

/** The literal text before the first and after the last wildcard of a segment. */
function literalEnds(seg: string): { prefix: string; suffix: string } {
  let firstWild = -1;
  let lastWildEnd = 0;
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '\\') {
      i++;
      continue;
    }
    let end = -1;
    if (c === '*' || c === '?') end = i + 1;
    else if (c === '[') end = translateBracket(seg, i)?.end ?? seg.length;
    if (end < 0) continue;
    if (firstWild < 0) firstWild = i;
    lastWildEnd = end;
    i = end - 1;
  }
  if (firstWild < 0) return { prefix: unescapeLiteral(seg), suffix: unescapeLiteral(seg) };
  return { prefix: unescapeLiteral(seg.slice(0, firstWild)), suffix: unescapeLiteral(seg.slice(lastWildEnd)) };
}

/** Longer literals, and literals with digits, are rarer in real paths: better index keys. */
function keyScore(value: string, kind: IndexKey['kind']): number {
  return value.length + (/\d/.test(value) ? 4 : 0) + (kind === 'name' ? 2 : 0);
}

export const MAX_AFFIX_KEY = 8;

function chooseKey(body: string): IndexKey | null {
  const segments = body.split('/').filter((s) => s !== '' && s !== '**');
  let best: IndexKey | null = null;
  let bestScore = -1;
  const consider = (kind: IndexKey['kind'], raw: string): void => {
    if (raw.length < (kind === 'name' ? 1 : 2)) return;
    const value = (kind === 'prefix' ? raw.slice(0, MAX_AFFIX_KEY) : kind === 'suffix' ? raw.slice(-MAX_AFFIX_KEY) : raw).toLowerCase();
    const score = keyScore(raw, kind);
    if (score > bestScore) {
      best = { kind, value };
      bestScore = score;
    }
  };
  for (const seg of segments) {
    if (isLiteralSegment(seg)) consider('name', unescapeLiteral(seg));
    else {
      const { prefix, suffix } = literalEnds(seg);
      consider('prefix', prefix);
      consider('suffix', suffix);
    }
  }
  return best;
}

/** Translates the pattern body (leading/trailing slash already removed) to a regex source. */
function translateBody(body: string): { source: string } | { problem: PatternProblem } {
  let out = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === '*') {
      let j = i;
      while (body[j] === '*') j++;
      const atSegStart = i === 0 || body[i - 1] === '/';
      const atSegEnd = j === body.length || body[j] === '/';
      if (j - i >= 2 && atSegStart && atSegEnd) {
        if (j === body.length) {
          // trailing "/**" (or the whole pattern "**"): everything below
          out += `${ANY}*`;
          i = j;
        } else {
          // "**/" at the start or "/**/" in the middle: zero or more directories
          out += `(?:${ANY}*/)?`;
          i = j + 1;
        }
      } else {
        out += '[^/]*';
        i = j;
      }
      continue;
    }
    if (c === '?') {
      out += '[^/]';
      i++;
      continue;
    }
    if (c === '[') {
      const bracket = translateBracket(body, i);
      if (!bracket) return { problem: { offset: i, message: 'unclosed or invalid character class "[...]"' } };
      out += bracket.regex;
      i = bracket.end;
      continue;
    }
    if (c === '\\') {
      if (i + 1 >= body.length) return { problem: { offset: i, message: 'a pattern cannot end with a lone backslash' } };
      out += escapeRegex(body[i + 1]);
      i += 2;
      continue;
    }
    out += escapeRegex(c);
    i++;
  }
  return { source: out };
}

export function compileGitignorePattern(text: string): PatternResult {
  if (text.length === 0) return { ok: false, problem: { offset: 0, message: 'empty pattern' } };
  if (text.startsWith('#')) {
    return { ok: false, problem: { offset: 0, message: 'a pattern starting with "#" is a comment in gitignore syntax; write "\\#" to match a literal "#"' } };
  }
  if (text.startsWith('!')) {
    return {
      ok: false,
      problem: { offset: 0, message: 'negation ("!") has no place in a class rule: add a later rule that assigns another class (the last matching rule wins); write "\\!" to match a literal "!"' },
    };
  }
  let p = trimTrailingSpaces(text);
  if (p.length === 0) return { ok: false, problem: { offset: 0, message: 'pattern is only spaces' } };
  let dirOnly = false;
  if (p.endsWith('/') && !p.endsWith('\\/')) {
    dirOnly = true;
    p = p.replace(/\/+$/, '');
    if (p.length === 0) return { ok: false, problem: { offset: 0, message: 'pattern "/" matches nothing; use "**" to match everything' } };
  }
  const anchored = p.includes('/');
  const leadingSlash = p.startsWith('/');
  const body = leadingSlash ? p.replace(/^\/+/, '') : p;
  if (body.length === 0) return { ok: false, problem: { offset: 0, message: 'pattern has no name after "/"' } };
  const translated = translateBody(body);
  if ('problem' in translated) {
    return { ok: false, problem: { offset: translated.problem.offset + (p.length - body.length), message: translated.problem.message } };
  }
  const prefix = anchored ? '^' : `^(?:${ANY}*/)?`;
  const core = `${prefix}(?:${translated.source})`;
  return { ok: true, pattern: new LazyPattern(text, dirOnly, anchored, core, chooseKey(body)) };
}

/**
 * Regular expressions are built on first use: a policy compiles in a few milliseconds even with
 * hundreds of rules, and most patterns are never tested against a directory or for diagnostics.
 */
class LazyPattern implements CompiledPattern {
  private re: Array<RegExp | undefined> = [];

  constructor(
    readonly text: string,
    readonly dirOnly: boolean,
    readonly anchored: boolean,
    /** The pattern's own expression; the three below add what it covers. */
    private readonly core: string,
    readonly key: IndexKey | null,
  ) {}

  // A file path is covered when the pattern matches the file itself (unless dir-only)
  // or any ancestor directory; a directory path also when it matches itself.
  private get fileSource(): string {
    return this.dirOnly ? `${this.core}/${ANY}*$` : `${this.core}(?:/${ANY}*)?$`;
  }
  private get dirSource(): string {
    return `${this.core}(?:/${ANY}*)?$`;
  }
  private get selfSource(): string {
    return this.dirOnly ? '(?!)' : `${this.core}$`;
  }

  parts(): PatternParts {
    return { text: this.text, dirOnly: this.dirOnly, anchored: this.anchored, core: this.core, key: this.key };
  }

  private get(i: number, source: string, flags: string): RegExp {
    return (this.re[i] ??= new RegExp(source, flags));
  }
  get covers(): RegExp {
    return this.get(0, this.fileSource, '');
  }
  get coversFolded(): RegExp {
    return this.get(1, this.fileSource, 'i');
  }
  get coversDir(): RegExp {
    return this.get(2, this.dirSource, '');
  }
  get coversDirFolded(): RegExp {
    return this.get(3, this.dirSource, 'i');
  }
  get self(): RegExp {
    return this.get(4, this.selfSource, '');
  }
}

/** What a compiled pattern is made of: enough to rebuild it without translating the text again. */
export interface PatternParts {
  readonly text: string;
  readonly dirOnly: boolean;
  readonly anchored: boolean;
  readonly core: string;
  readonly key: IndexKey | null;
}

export function patternParts(p: CompiledPattern): PatternParts | null {
  return p instanceof LazyPattern ? p.parts() : null;
}

export function patternFromParts(x: PatternParts): CompiledPattern {
  return new LazyPattern(x.text, x.dirOnly, x.anchored, x.core, x.key);
}
