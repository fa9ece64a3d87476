// A content search as Airlock can reproduce it: the tool's patterns and the options that decide
// which lines it prints. The matcher built here must find a match wherever the tool would (it may
// find more, which only refuses more): searchRelaxation.ts allows a search only when this matcher
// finds nothing in the protected files it reaches. What cannot be reproduced is `opaque`.
//
// Patterns run on RE2 (re2js), whose time is linear in the input: a pattern is the AI's to
// choose, and a backtracking engine would let it stall the hook past the client's timeout.
import { RE2JS } from 're2js';

/** grep's BRE (`-G`, the default), ERE (`-E`), fixed strings (`-F`), or ripgrep's Rust syntax. */
export type PatternSyntax = 'fixed' | 'basic' | 'extended' | 'rust';

export interface ContentSearch {
  /** Each pattern given (`-e` multiples); a line matching any is printed. */
  readonly patterns: readonly string[];
  readonly syntax: PatternSyntax;
  /** `-i`, `--smart-case` (read as always ignoring case), VS Code's case-insensitive search. */
  readonly ignoreCase: boolean;
  /** `-w`: the match must stand between non-word characters. */
  readonly word: boolean;
  /** `-x`: the match must be the whole line. */
  readonly wholeLine: boolean;
  /** A match may span lines (`rg -U`, Claude's `multiline`, `grep -z`). */
  readonly multiline: boolean;
  /**
   * Other syntaxes the tool may read the patterns in (`git grep`, whose `grep.patternType` setting
   * Airlock does not read): a line matching in any of them counts.
   */
  readonly alsoSyntaxes?: readonly PatternSyntax[];
  /** Why Airlock cannot reproduce what this search prints (`-v`, `-P`, `-f FILE`, `--pre`); set: no relaxation. */
  readonly opaque?: string;
}

/** A compiled search: `matches(text)` is true wherever the tool could match (or more). */
export type SearchMatcher = { readonly matches: (text: string) => boolean } | { readonly opaque: string };

export function opaqueSearch(why: string): ContentSearch {
  return { patterns: [], syntax: 'fixed', ignoreCase: true, word: false, wholeLine: false, multiline: false, opaque: why };
}

class Untranslatable extends Error {}

// Character sets written so that a positive use is a superset of both GNU grep's (UTF-8 locale)
// and ripgrep's (Unicode) meaning, and a negated use a subset of each: the matcher then never
// misses a match the tool would find.
const WORD_ITEMS = '\\p{L}\\p{M}\\p{N}\\p{Pc}\\p{So}\\x{200C}\\x{200D}_';
const WORD_ITEMS_ASCII = '0-9A-Za-z_';
const SPACE_ITEMS = '\\t\\n\\x{0B}\\f\\r \\x{85}\\p{Z}\\x{FEFF}';
const SPACE_ITEMS_ASCII = '\\t\\n\\x{0B}\\f\\r ';
const POSIX_CLASSES: Readonly<Record<string, { readonly wide: string; readonly narrow: string | null }>> = {
  alpha: { wide: '\\p{L}\\p{M}\\p{Nl}\\p{So}', narrow: 'A-Za-z' },
  digit: { wide: '\\p{Nd}', narrow: '0-9' },
  alnum: { wide: '\\p{L}\\p{M}\\p{N}\\p{So}', narrow: '0-9A-Za-z' },
  upper: { wide: '\\p{Lu}\\p{Lt}', narrow: 'A-Z' },
  lower: { wide: '\\p{Ll}', narrow: 'a-z' },
  space: { wide: SPACE_ITEMS, narrow: SPACE_ITEMS_ASCII },
  blank: { wide: '\\t\\p{Zs}', narrow: '\\t ' },
  punct: { wide: '\\p{P}\\p{S}', narrow: '!-/:-@\\[-`{-~' },
  xdigit: { wide: '0-9A-Fa-f', narrow: '0-9A-Fa-f' },
  cntrl: { wide: '\\p{Cc}', narrow: '\\x{0}-\\x{1F}\\x{7F}' },
  word: { wide: WORD_ITEMS, narrow: WORD_ITEMS_ASCII },
};

/** One character (code point) as an RE2 item that means only itself, in or out of a class. */
function lit(ch: string): string {
  return /^[0-9A-Za-z]$/.test(ch) ? ch : `\\x{${(ch.codePointAt(0) as number).toString(16)}}`;
}

function fail(why: string): never {
  throw new Untranslatable(why);
}

/** `[...]` starting at `src[i] === '['`: the RE2 class and the index after it. */
function bracket(src: readonly string[], start: number, syntax: 'basic' | 'extended' | 'rust', ignoreCase: boolean): { out: string; next: number } {
  let i = start + 1;
  const negate = src[i] === '^';
  if (negate) i++;
  const items: string[] = [];
  let first = true;
  const itemAt = (): string => {
    const c = src[i];
    if (c === '[' && src[i + 1] === ':') {
      const end = src.indexOf(':', i + 2);
      if (end < 0 || src[end + 1] !== ']') fail('an unterminated character class');
      const name = src.slice(i + 2, end).join('');
      const cls = POSIX_CLASSES[name];
      if (cls === undefined || (name === 'word' && syntax !== 'rust')) fail(`the class [:${name}:]`);
      if (negate && (cls.narrow === null || ignoreCase)) fail(`a negated [:${name}:] with case folding`);
      i = end + 2;
      // GNU grep -i reads [:upper:] and [:lower:] as any letter.
      if (ignoreCase && (name === 'upper' || name === 'lower')) return POSIX_CLASSES.alpha.wide;
      return negate ? (cls.narrow as string) : cls.wide;
    }
    if (c === '[' && (src[i + 1] === '=' || src[i + 1] === '.')) fail('an equivalence class or collating symbol');
    if (syntax === 'rust') {
      if (c === '[') fail('a nested character class');
      if ((c === '&' || c === '-' || c === '~') && src[i + 1] === c) fail('a character class set operation');
      if (c === '\\') {
        const d = src[i + 1];
        i += 2;
        if (d === undefined) fail('a pattern ending in a backslash');
        if (d === 'n') return '\\n';
        if (d === 't') return '\\t';
        if (d === 'r') return '\\r';
        if (d === 'd' && !negate) return '\\p{Nd}';
        if (d === 'w') return negate ? WORD_ITEMS_ASCII : WORD_ITEMS;
        if (d === 's') return negate ? SPACE_ITEMS_ASCII : SPACE_ITEMS;
        if (/^[!-/:-@[-`{-~]$/.test(d)) return lit(d);
        return fail(`the escape \\${d} in a character class`);
      }
    }
    i++;
    return lit(c);
  };
  for (;;) {
    if (i >= src.length) fail('an unterminated bracket expression');
    if (src[i] === ']' && !first) break;
    first = false;
    const startChar = src[i];
    const item = itemAt();
    // A range `a-z` (a `-` before `]` is literal).
    if (src[i] === '-' && src[i + 1] !== undefined && src[i + 1] !== ']' && item === lit(startChar) && startChar !== '\\') {
      const endChar = src[i + 1];
      if (endChar === '[' || endChar === '\\') fail('a range ending in a class or escape');
      if ((endChar.codePointAt(0) as number) < (startChar.codePointAt(0) as number)) fail('an inverted range');
      items.push(`${item}-${lit(endChar)}`);
      i += 2;
      continue;
    }
    items.push(item);
  }
  return { out: `[${negate ? '^' : ''}${items.join('')}]`, next: i + 1 };
}

/** An interval `{m}`, `{m,}`, `{m,n}`, `{,n}` starting after the opening brace; null when not one. */
function interval(src: readonly string[], i: number, close: string): { out: string; next: number } | null {
  const rest = src.slice(i, i + 16).join('');
  const m = new RegExp(`^(\\d*)(,(\\d*))?${close.replace(/[\\{}]/g, '\\$&')}`).exec(rest);
  if (m === null || (m[1] === '' && m[2] === undefined)) return null;
  const lo = m[1] === '' ? '0' : m[1];
  const out = m[2] === undefined ? `{${lo}}` : `{${lo},${m[3]}}`;
  return { out, next: i + [...m[0]].length };
}

/** One regex pattern of `syntax` as RE2 source with the same matches or more. Throws Untranslatable. */
function translate(pattern: string, syntax: 'basic' | 'extended' | 'rust', ignoreCase: boolean): string {
  const src = [...pattern];
  let out = '';
  let i = 0;
  /** At the start of an expression (pattern, group, alternative): where BRE takes `*` and `^` literally. */
  let exprStart = true;
  let depth = 0;
  const quantifier = (q: string): void => {
    if (exprStart) fail(`a pattern starting with ${q}`);
    out += q;
  };
  while (i < src.length) {
    const c = src[i];
    const wasStart: boolean = exprStart;
    exprStart = false;
    if (c === '\\') {
      const d = src[i + 1];
      i += 2;
      if (d === undefined) fail('a pattern ending in a backslash');
      if (syntax === 'basic' && d === '(') { out += '(?:'; depth++; exprStart = true; continue; }
      if (syntax === 'basic' && d === ')') { if (depth-- === 0) fail('an unmatched \\)'); out += ')'; continue; }
      if (syntax === 'basic' && d === '|') { out += '|'; exprStart = true; continue; }
      if (syntax === 'basic' && (d === '+' || d === '?')) { exprStart = wasStart; quantifier(d); continue; }
      if (syntax === 'basic' && d === '{') {
        const iv = interval(src, i, '\\}');
        if (iv === null) fail('a malformed \\{ interval');
        exprStart = wasStart;
        quantifier(iv.out);
        i = iv.next;
        continue;
      }
      // Zero-width assertions only narrow matches: leaving them out can only find more.
      if ('bB<>`\''.includes(d) || (syntax === 'rust' && 'Az'.includes(d))) {
        if (syntax === 'rust' && src[i] === '{') fail('a \\b{…} assertion');
        exprStart = wasStart;
        continue;
      }
      if (d === 'w') { out += `[${WORD_ITEMS}]`; continue; }
      if (d === 'W') { out += `[^${WORD_ITEMS_ASCII}]`; continue; }
      if (d === 's') { out += `[${SPACE_ITEMS}]`; continue; }
      if (d === 'S') { out += `[^${SPACE_ITEMS_ASCII}]`; continue; }
      if (syntax === 'rust') {
        if (d === 'd') { out += '\\p{Nd}'; continue; }
        if (d === 'D') { out += '[^0-9]'; continue; }
        if (d === 'n') { out += '\\n'; continue; }
        if (d === 't') { out += '\\t'; continue; }
        if (d === 'r') { out += '\\r'; continue; }
      }
      if (/^[1-9]$/.test(d)) fail('a back-reference');
      if (/^[!-/:-@[-`{-~]$/.test(d)) { out += lit(d); continue; }
      fail(`the escape \\${d}`);
    }
    i++;
    if (c === '[') {
      const b = bracket(src, i - 1, syntax, ignoreCase);
      out += b.out;
      i = b.next;
    } else if (c === '.') {
      out += '.';
    } else if (c === '^') {
      if (syntax === 'basic' && !wasStart) out += lit(c);
      else { out += '^'; exprStart = syntax === 'basic'; }
    } else if (c === '$') {
      const atEnd = i === src.length || (src[i] === '\\' && (src[i + 1] === ')' || src[i + 1] === '|'));
      out += syntax === 'basic' && !atEnd ? lit(c) : '$';
    } else if (c === '*') {
      if (syntax === 'basic' && wasStart) out += lit(c);
      else { exprStart = wasStart; quantifier('*'); }
    } else if ((c === '+' || c === '?') && syntax !== 'basic') {
      exprStart = wasStart;
      quantifier(c);
    } else if (c === '{' && syntax !== 'basic') {
      const iv = interval(src, i, '}');
      if (iv === null) fail('a { that does not start an interval');
      exprStart = wasStart;
      quantifier(iv.out);
      i = iv.next;
    } else if (c === '(' && syntax !== 'basic') {
      if (src[i] === '?') {
        const named = /^\?(P?<[A-Za-z_][A-Za-z0-9_]*>|:)/.exec(src.slice(i, i + 40).join(''));
        if (named === null) fail('an inline flag or group extension');
        i += named[0].length;
      }
      out += '(?:';
      depth++;
      exprStart = true;
    } else if (c === ')' && syntax !== 'basic') {
      if (depth-- === 0) fail('an unmatched )');
      out += ')';
    } else if (c === '|' && syntax !== 'basic') {
      out += '|';
      exprStart = true;
    } else {
      out += lit(c);
    }
  }
  if (depth !== 0) fail('an unclosed group');
  return out;
}

const NOT_WORD_CHAR = `[^${WORD_ITEMS_ASCII}]`;

/**
 * The search as one RE2 matcher over a whole file. Lines are matched together with `^`/`$` at
 * line boundaries: a match that would need to span lines is allowed to (more matches, never
 * fewer), which also covers multiline searches.
 */
export function compileContentSearch(search: ContentSearch): SearchMatcher {
  if (search.opaque !== undefined) return { opaque: search.opaque };
  if (search.patterns.length === 0) return { opaque: 'it names no pattern Airlock can see' };
  // grep and ripgrep read a pattern holding newlines as several patterns.
  const patterns = search.patterns.flatMap((p) => p.split('\n'));
  let sources: string[];
  try {
    sources = [search.syntax, ...(search.alsoSyntaxes ?? [])].flatMap((syntax) => patterns.map((p) => (syntax === 'fixed' ? [...p].map(lit).join('') : translate(p, syntax, search.ignoreCase))));
  } catch (err) {
    if (err instanceof Untranslatable) return { opaque: `its pattern uses ${err.message}, which Airlock cannot reproduce exactly` };
    throw err;
  }
  let flags = RE2JS.MULTILINE;
  if (search.ignoreCase) flags |= RE2JS.CASE_INSENSITIVE;
  if (search.multiline) flags |= RE2JS.DOTALL;
  const plain = sources.map((s) => `(?:${s})`).join('|');
  let re: RE2JS;
  try {
    re = RE2JS.compile(plain, flags);
    // grep's -w tries shorter and later matches in ways an empty match makes hard to follow:
    // for a pattern that can match nothing, -w is left out (more matches, never fewer).
    if (search.wholeLine) re = RE2JS.compile(`^(?:${plain})$`, flags);
    else if (search.word && !re.matcher('').find()) re = RE2JS.compile(`(?:^|${NOT_WORD_CHAR})(?:${plain})(?:$|${NOT_WORD_CHAR})`, flags);
  } catch (err) {
    return { opaque: `its pattern does not compile for Airlock's check (${(err as Error).message})` };
  }
  const compiled = re;
  return { matches: (text) => compiled.matcher(text).find() };
}
