// grep's and ripgrep's command lines as content searches (search/contentSearch.ts): the patterns
// and the options that decide which lines are printed. Every option must be known to leave the
// output within "lines (or names, counts) of matching files": anything else — `-v`, `-P`, `-f`,
// `--pre`, an abbreviated long option — makes the search opaque, and its verdict stays.
import { type ContentSearch, opaqueSearch, type PatternSyntax } from '../search/contentSearch';
import type { ParsedArgs } from './argParser';
import type { ResolvedWord } from './commandContext';

interface SearchFlags {
  readonly syntax: Readonly<Record<string, PatternSyntax>>;
  readonly ignoreCase: ReadonlySet<string>;
  readonly caseSensitive: ReadonlySet<string>;
  readonly word: ReadonlySet<string>;
  readonly wholeLine: ReadonlySet<string>;
  readonly multiline: ReadonlySet<string>;
  readonly patterns: ReadonlySet<string>;
  /** Options that change only which files are searched or how matches are shown. */
  readonly harmless: ReadonlySet<string>;
}

const GREP: SearchFlags = {
  syntax: { '-E': 'extended', '--extended-regexp': 'extended', '-F': 'fixed', '--fixed-strings': 'fixed', '-G': 'basic', '--basic-regexp': 'basic' },
  ignoreCase: new Set(['-i', '-y', '--ignore-case']),
  caseSensitive: new Set(['--no-ignore-case']),
  word: new Set(['-w', '--word-regexp']),
  wholeLine: new Set(['-x', '--line-regexp']),
  // NUL-separated records: a match may span newlines.
  multiline: new Set(['-z', '--null-data']),
  patterns: new Set(['-e', '--regexp']),
  harmless: new Set([
    '-r', '-R', '--recursive', '--dereference-recursive', '-n', '--line-number', '-H', '--with-filename', '-h', '--no-filename',
    '-l', '--files-with-matches', '-L', '--files-without-match', '-c', '--count', '-o', '--only-matching', '-q', '--quiet', '--silent',
    '-s', '--no-messages', '-b', '--byte-offset', '-a', '--text', '-I', '-U', '--binary', '-Z', '--null', '-T', '--initial-tab',
    '--line-buffered', '--color', '--colour', '-m', '--max-count', '-A', '--after-context', '-B', '--before-context', '-C', '--context',
    '-d', '--directories', '-D', '--devices', '--include', '--exclude', '--exclude-dir', '--label', '--binary-files', '--group-separator',
    '--no-group-separator', '-0', '-1', '-2', '-3', '-4', '-5', '-6', '-7', '-8', '-9',
  ]),
};

const RG: SearchFlags = {
  syntax: { '-F': 'fixed', '--fixed-strings': 'fixed', '--no-fixed-strings': 'rust' },
  // Smart case ignores case for lowercase patterns: reading it as always ignoring case finds more.
  ignoreCase: new Set(['-i', '--ignore-case', '-S', '--smart-case']),
  caseSensitive: new Set(['-s', '--case-sensitive']),
  word: new Set(['-w', '--word-regexp']),
  wholeLine: new Set(['-x', '--line-regexp']),
  multiline: new Set(['-U', '--multiline', '--multiline-dotall', '--null-data']),
  patterns: new Set(['-e', '--regexp']),
  harmless: new Set([
    '-n', '--line-number', '-N', '--no-line-number', '-H', '--with-filename', '-I', '--no-filename', '-l', '--files-with-matches',
    '--files-without-match', '-c', '--count', '--count-matches', '-o', '--only-matching', '-q', '--quiet', '-a', '--text', '--binary',
    '--no-binary', '-L', '--follow', '--hidden', '-.', '--no-ignore', '--no-ignore-vcs', '--no-ignore-dot', '--no-ignore-global',
    '--no-ignore-parent', '--no-ignore-exclude', '--no-ignore-files', '-u', '--unrestricted', '--heading', '--no-heading', '--column',
    '--no-column', '--vimgrep', '--json', '-0', '--null', '--color', '--colors', '-p', '--pretty', '--trim', '--stats', '--no-messages',
    '--no-config', '-r', '--replace', '-A', '--after-context', '-B', '--before-context', '-C', '--context', '-m', '--max-count',
    '-g', '--glob', '--iglob', '--glob-case-insensitive', '-t', '--type', '-T', '--type-not', '--type-add', '--type-clear', '-d',
    '--max-depth', '--max-filesize', '-j', '--threads', '--sort', '--sortr', '--sort-files', '-M', '--max-columns',
    '--max-columns-preview', '--pre-glob', '--ignore-file', '--ignore-file-case-insensitive', '--path-separator', '--context-separator',
    '--field-match-separator', '--field-context-separator', '--no-context-separator', '--hyperlink-format', '--one-file-system',
    '--line-buffered', '--block-buffered', '--no-unicode', '--mmap', '--no-mmap', '--debug', '--trace', '-b', '--byte-offset',
    '--include-zero', '--no-pcre2-unicode', '--unicode', '--ignore', '--no-follow', '--no-hidden', '--no-text', '--no-search-zip',
    '--no-invert-match', '--no-multiline', '--no-multiline-dotall', '--no-crlf', '--no-sort-files', '--no-ignore-case', '--no-smart-case',
  ]),
};

/** ripgrep options whose value decides whether they are harmless. */
const RG_VALUE_CHECKS: Readonly<Record<string, (value: string) => boolean>> = {
  '-E': (v) => /^(utf-?8|auto|none)$/i.test(v),
  '--encoding': (v) => /^(utf-?8|auto|none)$/i.test(v),
  '--engine': (v) => v === 'default',
};

function known(word: ResolvedWord): readonly string[] | null {
  return word.unknown.length > 0 || word.values.length === 0 ? null : word.values.map((v) => v.literal);
}

interface Defaults {
  readonly ignoreCase?: boolean;
  readonly multiline?: boolean;
}

function interpret(parsed: ParsedArgs, flags: SearchFlags, defaultSyntax: PatternSyntax, firstOperandIsPattern: boolean, checks: Readonly<Record<string, (value: string) => boolean>> = {}, defaults: Defaults = {}): ContentSearch {
  let syntax = defaultSyntax;
  let ignoreCase = defaults.ignoreCase === true;
  let word = false;
  let wholeLine = false;
  let multiline = defaults.multiline === true;
  const patterns: string[] = [];
  for (const o of parsed.options) {
    if (o.name in flags.syntax) syntax = flags.syntax[o.name];
    // Case is never taken back to sensitive (more matches, never fewer).
    else if (flags.ignoreCase.has(o.name)) ignoreCase = true;
    else if (flags.word.has(o.name)) word = true;
    else if (flags.wholeLine.has(o.name)) wholeLine = true;
    // Taking a flag back: the last word counts (more matches, never fewer).
    else if (o.name === '--no-word-regexp') word = false;
    else if (o.name === '--no-line-regexp') wholeLine = false;
    else if (flags.multiline.has(o.name)) multiline = true;
    else if (flags.patterns.has(o.name)) {
      const values = o.value === null ? null : known(o.value);
      if (values === null) return opaqueSearch(`its pattern (${o.name}) is not known before it runs`);
      patterns.push(...values);
    } else if (o.name in checks) {
      if (o.value === null || known(o.value)?.every(checks[o.name]) !== true) return opaqueSearch(`${o.name} ${o.value?.text ?? ''} changes what it matches`);
    } else if (!flags.harmless.has(o.name) && !flags.caseSensitive.has(o.name)) {
      return opaqueSearch(`${o.name} may change what it matches or prints`);
    }
  }
  if (patterns.length === 0 && firstOperandIsPattern) {
    const first = parsed.operands[0];
    const values = first === undefined ? null : known(first);
    if (values === null) return opaqueSearch('its pattern is not known before it runs');
    patterns.push(...values);
  }
  // With both -w and -x, tools differ on which wins; -w alone accepts whatever either would.
  return { patterns, syntax, ignoreCase, word, wholeLine: wholeLine && !word, multiline };
}

const GREP_SYNTAX: Readonly<Record<string, PatternSyntax>> = { grep: 'basic', ggrep: 'basic', rgrep: 'basic', egrep: 'extended', fgrep: 'fixed' };

/** What `grep …` prints, as a content search; compressed-file and PCRE greps are opaque. */
export function grepContentSearch(name: string, parsed: ParsedArgs): ContentSearch {
  const syntax = GREP_SYNTAX[name];
  if (syntax === undefined) return opaqueSearch(`${name} matches in a way Airlock does not reproduce`);
  return interpret(parsed, GREP, syntax, true);
}

/** What `rg …` prints, as a content search. */
export function rgContentSearch(parsed: ParsedArgs): ContentSearch {
  return interpret(parsed, RG, 'rust', true, RG_VALUE_CHECKS);
}

/** The silver searcher: PCRE, smart case and multiline by default; `-Q`/`-F` literal. */
const AG: SearchFlags = {
  syntax: { '-Q': 'fixed', '--literal': 'fixed', '-F': 'fixed', '--fixed-strings': 'fixed' },
  ignoreCase: new Set(['-i', '--ignore-case', '-S', '--smart-case']),
  caseSensitive: new Set(['-s', '--case-sensitive']),
  word: new Set(['-w', '--word-regexp']),
  wholeLine: new Set(),
  multiline: new Set(['--multiline']),
  patterns: new Set(),
  harmless: new Set([
    '-c', '--count', '-H', '--heading', '--noheading', '-l', '--files-with-matches', '-L', '--files-without-matches', '-o', '--only-matching',
    '-0', '--null', '--print0', '-a', '--all-types', '-f', '--follow', '-g', '--filename-pattern', '-G', '--file-search-regex', '-m', '--max-count',
    '-p', '--path-to-ignore', '-t', '--all-text', '-u', '--unrestricted', '-U', '--skip-vcs-ignores', '-W', '--width', '-A', '--after', '-B', '--before',
    '-C', '--context', '-r', '-R', '--recurse', '-n', '--norecurse', '--ackmate', '--break', '--nobreak', '--color', '--nocolor', '--color-line-number',
    '--color-match', '--color-path', '--column', '--filename', '--nofilename', '--group', '--nogroup', '--print-all-files', '--numbers', '--nonumbers',
    '--print-long-lines', '--silent', '--stats', '--stats-only', '--vimgrep', '--depth', '--hidden', '--ignore', '--ignore-dir', '--one-device',
    '--search-binary', '--workers', '--nomultiline', '--ignore-case', '--case-sensitive',
  ]),
};

/** ack 3: Perl regexes; `-Q` literal; `-x`, `-f`, `-g` do not search contents. */
const ACK: SearchFlags = {
  syntax: { '-Q': 'fixed', '--literal': 'fixed' },
  ignoreCase: new Set(['-i', '--ignore-case', '-S', '--smart-case']),
  caseSensitive: new Set(['-I', '--no-ignore-case', '--nosmart-case', '--no-smart-case']),
  word: new Set(['-w', '--word-regexp']),
  wholeLine: new Set(),
  multiline: new Set(),
  patterns: new Set(['--match']),
  harmless: new Set([
    '--noenv', '-l', '--files-with-matches', '-L', '--files-without-matches', '-c', '--count', '-o', '-m', '--max-count', '-1', '-H', '--with-filename',
    '-h', '--no-filename', '-A', '--after-context', '-B', '--before-context', '-C', '--context', '-s', '-p', '--proximate', '-P', '-r', '-R', '--recurse',
    '-n', '--no-recurse', '-t', '--type', '-T', '-k', '--known-types', '--ignore-dir', '--noignore-dir', '--ignore-file', '--type-set', '--type-add',
    '--type-del', '--ignore-ack-defaults', '--follow', '--nofollow', '--sort-files', '--color', '--nocolor', '--color-filename', '--color-match',
    '--color-colno', '--color-lineno', '--heading', '--noheading', '--break', '--nobreak', '--group', '--nogroup', '--column', '--nocolumn',
    '--range-start', '--range-end', '--flush', '--print0', '--nopager', '--filter', '--nofilter', '--smart-case',
  ]),
};

/** git grep over the work tree (`--untracked`, `--no-index`): grep's syntaxes; `-p`/`-W` print lines that do not match. */
const GIT_GREP: SearchFlags = {
  syntax: { '-E': 'extended', '--extended-regexp': 'extended', '-F': 'fixed', '--fixed-strings': 'fixed', '-G': 'basic', '--basic-regexp': 'basic', '-P': 'rust', '--perl-regexp': 'rust' },
  ignoreCase: new Set(['-i', '-y', '--ignore-case']),
  caseSensitive: new Set(['--no-ignore-case']),
  word: new Set(['-w', '--word-regexp']),
  wholeLine: new Set(),
  multiline: new Set(),
  patterns: new Set(['-e', '--regexp']),
  harmless: new Set([
    '--untracked', '--no-index', '--exclude-standard', '--no-exclude-standard', '--recurse-submodules', '-n', '--line-number', '-h', '-H', '--full-name',
    '-l', '--files-with-matches', '--name-only', '-L', '--files-without-match', '-z', '--null', '-o', '--only-matching', '-c', '--count', '-q', '--quiet',
    '--heading', '--break', '--column', '--color', '--no-color', '-a', '--text', '-I', '-r', '--recursive', '--no-recursive', '--max-depth', '--threads',
    '-A', '--after-context', '-B', '--before-context', '-C', '--context', '-m', '--max-count', '--no-textconv', '--and', '--or', '--all-match',
    '-0', '-1', '-2', '-3', '-4', '-5', '-6', '-7', '-8', '-9',
  ]),
};

/**
 * Perl and PCRE read a few escapes as plain text where grep and ripgrep read an assertion or a
 * repetition (`\<`, `\>`, `{,n}`): such a pattern is not reproduced.
 */
function perlReadable(search: ContentSearch): ContentSearch {
  if (search.opaque !== undefined || search.syntax === 'fixed') return search;
  const odd = search.patterns.find((p) => /\\[<>`']|\{,/.test(p));
  return odd === undefined ? search : opaqueSearch("its pattern uses an escape or interval that Perl reads differently from grep");
}

/** What `ag …` prints: PCRE read as ripgrep's syntax (what differs is refused), smart case and multiline by default. */
export function agContentSearch(parsed: ParsedArgs): ContentSearch {
  return perlReadable(interpret(parsed, AG, 'rust', true, {}, { ignoreCase: true, multiline: true }));
}

/** What `ack …` prints; ack also takes options from `.ackrc` files and `ACK_OPTIONS`, which only `--noenv` shuts out. */
export function ackContentSearch(parsed: ParsedArgs): ContentSearch {
  if (!parsed.options.some((o) => o.name === '--noenv')) return opaqueSearch('ack takes options from .ackrc files and ACK_OPTIONS (unless --noenv), which Airlock does not read');
  return perlReadable(interpret(parsed, ACK, 'rust', !parsed.options.some((o) => o.name === '--match')));
}

/** What `git grep --untracked|--no-index …` prints from the work tree; its syntax may come from `grep.patternType`. */
export function gitGrepContentSearch(parsed: ParsedArgs): ContentSearch {
  if (parsed.operands.some((w) => w.text === '(' || w.text === ')')) return opaqueSearch('its patterns are grouped with ( and )');
  const search = perlReadable(interpret(parsed, GIT_GREP, 'basic', true));
  if (search.opaque !== undefined) return search;
  const explicit = parsed.options.some((o) => o.name in GIT_GREP.syntax);
  return explicit ? search : { ...search, alsoSyntaxes: ['extended', 'fixed', 'rust'] };
}
