// Rules for search and listing tools: grep and friends, ripgrep, ag/ack, find, fd. Their option
// specs are in searchSpecs.ts.
import { hasOption, optionValues, parseArgs, type ParsedArgs } from './argParser';
import type { CommandContext, ResolvedWord } from './commandContext';
import { emitFileOptions, type Rule } from './ruleHelpers';
import type { ContentSearch } from '../search/contentSearch';
import { ackContentSearch, agContentSearch, grepContentSearch, rgContentSearch } from './searchOptions';
import { ACK_SPEC, AG_SPEC, FD_SPEC, FIND_READ, FIND_VALUE, FIND_WRITE, GREP_SPEC, LS_SPEC, RG_SPEC } from './searchSpecs';

/**
 * The words that are the search's patterns (the first operand, or `-e`/`--regexp`/`--match` values),
 * once every option is understood (a reproducible search): they are not files.
 */
function patternsAreNotFiles(ctx: CommandContext, parsed: ParsedArgs, search: ContentSearch | undefined, firstOperandIsPattern: boolean): void {
  if (search === undefined || search.opaque !== undefined) return;
  for (const w of optionValues(parsed, '-e', '--regexp', '--match')) ctx.patternWord(w);
  const first = parsed.operands[0];
  if (firstOperandIsPattern && first !== undefined) ctx.patternWord(first);
}

function searchRoots(ctx: CommandContext, roots: readonly ResolvedWord[], access: 'read' | 'search', search?: ContentSearch, printsNames = true): void {
  for (const r of roots) ctx.emit(r, access, search);
  // Only a list of names is a list of paths for a later `| xargs`: lines of content could name
  // any file (`grep -rh "" src | xargs cat` with a line ".env" in src).
  if (printsNames) ctx.listsPathsUnder(roots);
}

/** A content search that prints only file names (`-l`, `-L`, `--files`). */
function namesOnly(parsed: ParsedArgs): boolean {
  return hasOption(parsed, '-l', '-L', '--files-with-matches', '--files-without-match', '--files') && !hasOption(parsed, '-c', '--count', '--count-matches');
}

/** grep, egrep, fgrep, zgrep...: pattern then files; `-r` searches directories (default `.`). */
export const grepRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, GREP_SPEC);
  emitFileOptions(ctx, parsed, { '-f': 'read', '--file': 'read', '--exclude-from': 'read' });
  const hasPattern = optionValues(parsed, '-e', '--regexp', '-f', '--file').length > 0;
  const files = hasPattern ? parsed.operands : parsed.operands.slice(1);
  const recurseDirs = optionValues(parsed, '-d', '--directories').some((w) => w.text === 'recurse');
  const recursive = recurseDirs || hasOption(parsed, '-r', '-R', '--recursive', '--dereference-recursive') || ctx.name === 'rgrep';
  // The pattern also speaks for file names handed over by `find -exec`, `fd -x` or `xargs`: those
  // are searches of the folders they came from.
  const search = grepContentSearch(ctx.name, parsed);
  patternsAreNotFiles(ctx, parsed, search, !hasPattern);
  if (files.length === 0) {
    if (recursive) searchRoots(ctx, [ctx.literalWord('.')], 'search', search, namesOnly(parsed));
    return;
  }
  searchRoots(ctx, files, recursive ? 'search' : 'read', search, namesOnly(parsed));
};

/** A listing of names under `roots` (default `.`): no content is read, like `ls -R`. */
function listNames(ctx: CommandContext, roots: readonly ResolvedWord[]): void {
  searchRoots(ctx, roots.length > 0 ? roots : [ctx.literalWord('.')], 'read');
}

/** ripgrep: recursive by default over `.`; `--files` lists instead of searching. */
export const rgRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, RG_SPEC);
  emitFileOptions(ctx, parsed, { '-f': 'read', '--file': 'read', '--ignore-file': 'read' });
  if (hasOption(parsed, '--files', '--type-list')) {
    listNames(ctx, parsed.operands);
    return;
  }
  const noPattern = optionValues(parsed, '-e', '--regexp', '-f', '--file').length > 0;
  const roots = noPattern ? parsed.operands : parsed.operands.slice(1);
  const search = rgContentSearch(parsed);
  patternsAreNotFiles(ctx, parsed, search, !noPattern);
  searchRoots(ctx, roots.length > 0 ? roots : [ctx.literalWord('.')], 'search', search, namesOnly(parsed));
};

/** The silver searcher (and pt, sift, ug): pattern then directories, default `.`; `-g PATTERN` lists names. */
export const agRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, AG_SPEC);
  emitFileOptions(ctx, parsed, { '-p': 'read', '--path-to-ignore': 'read' });
  if (hasOption(parsed, '-g', '--filename-pattern')) {
    listNames(ctx, parsed.operands);
    return;
  }
  const roots = parsed.operands.slice(1);
  const search = ctx.name === 'ag' ? agContentSearch(parsed) : undefined;
  patternsAreNotFiles(ctx, parsed, search, true);
  searchRoots(ctx, roots.length > 0 ? roots : [ctx.literalWord('.')], 'search', search, namesOnly(parsed));
};

/** ack: pattern then directories, default `.`; `-f` and `-g REGEX` list names; `-x` takes the files from standard input. */
export const ackRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, ACK_SPEC);
  emitFileOptions(ctx, parsed, { '--files-from': 'read', '--ackrc': 'read' });
  if (hasOption(parsed, '--pager')) ctx.uncertain('ack --pager runs a command');
  if (hasOption(parsed, '-f', '-g')) {
    listNames(ctx, parsed.operands);
    return;
  }
  if (hasOption(parsed, '-x')) ctx.uncertain('ack -x takes the files to search from its input');
  const withMatch = optionValues(parsed, '--match').length > 0;
  const roots = withMatch ? parsed.operands : parsed.operands.slice(1);
  const search = ackContentSearch(parsed);
  patternsAreNotFiles(ctx, parsed, search, !withMatch);
  searchRoots(ctx, roots.length > 0 ? roots : [ctx.literalWord('.')], 'search', search, namesOnly(parsed));
};

const FIND_VALUE_WORDS = new Set(FIND_VALUE.map((w) => `-${w}`));
const FIND_READ_WORDS = new Set(FIND_READ.map((w) => `-${w}`));
const FIND_WRITE_WORDS = new Set(FIND_WRITE.map((w) => `-${w}`));

/**
 * find: starting points (default `.`) are listed; `-exec` commands get the found paths as their
 * input, so the command's own rule judges what it does with them (`-exec grep -n x {} +` is a
 * search of the starting points with grep's pattern, `-exec cat {} +` a read of everything).
 */
export const findRule: Rule = (ctx) => {
  const args = ctx.args;
  let i = 0;
  while (i < args.length && /^-[HLP]$|^-O\d$|^-D$/.test(args[i].text)) i += args[i].text === '-D' ? 2 : 1;
  const roots: ResolvedWord[] = [];
  while (i < args.length) {
    const t = args[i].text;
    if (args[i].unknown.length === 0 && (t.startsWith('-') || t === '(' || t === '!' || t === ')')) break;
    roots.push(args[i++]);
  }
  const starts = roots.length > 0 ? roots : [ctx.literalWord('.')];
  // find prints names and metadata, never content: a listing, unless it deletes the files or
  // holds words Airlock cannot read.
  const acts = args.slice(i).some((w) => w.unknown.length > 0 || /^-(delete|fprint|fprint0|fls|fprintf)$/.test(w.text));
  searchRoots(ctx, starts, acts ? 'search' : 'read');
  const input = ctx.inputWord(starts.map((word) => ({ word })));
  while (i < args.length) {
    const t = args[i].text;
    i++;
    if (t === '-exec' || t === '-execdir' || t === '-ok' || t === '-okdir') {
      const command: ResolvedWord[] = [];
      while (i < args.length && args[i].text !== ';' && args[i].text !== '+') {
        command.push(args[i].text.includes('{}') ? input : args[i]);
        i++;
      }
      i++;
      ctx.runCommand(command, { kind: 'none' });
    } else if (t === '-delete') {
      for (const r of starts) ctx.emit(r, 'write');
    } else if (FIND_WRITE_WORDS.has(t)) {
      if (args[i] !== undefined) ctx.emit(args[i], 'write');
      i += t === '-fprintf' ? 2 : 1;
    } else if (FIND_READ_WORDS.has(t)) {
      if (args[i] !== undefined) ctx.emit(args[i], 'read');
      i++;
    } else if (FIND_VALUE_WORDS.has(t) || /^-newer[acmtB]{2}$/.test(t)) {
      i++;
    }
  }
};

/** fd: `fd [pattern] [path...]`, default `.`: a listing of names; `-x/-X` run a command per result. */
export const fdRule: Rule = (ctx) => {
  const args = ctx.args;
  const exec = fdExecStart(args);
  const execAt = exec?.at ?? -1;
  const own = execAt < 0 ? args : args.slice(0, execAt);
  const parsed = parseArgs(own, FD_SPEC);
  emitFileOptions(ctx, parsed, { '--ignore-file': 'read' });
  const searchPaths = optionValues(parsed, '--search-path');
  // The first operand is a pattern matched against names (`fd .env` lists where such files are), not a path.
  if (parsed.operands[0] !== undefined) ctx.patternWord(parsed.operands[0]);
  const roots = [...parsed.operands.slice(1), ...searchPaths];
  const starts = roots.length > 0 ? roots : [ctx.literalWord('.')];
  const run = (): void => {
    listNames(ctx, starts);
    if (execAt >= 0) {
      // The command gets the found paths as its input: its own rule judges what it reads.
      const input = ctx.inputWord(starts.map((word) => ({ word })));
      const command = [...(exec?.attached ? [ctx.literalWord(exec.attached)] : []), ...args.slice(execAt + 1)].filter((w) => w.text !== ';');
      const hasPlaceholder = command.some((w) => /\{[/.]*\/?\}|\{\}/.test(w.text));
      ctx.runCommand(hasPlaceholder ? command.map((w) => (/\{.*\}/.test(w.text) ? input : w)) : [...command, input], { kind: 'none' });
    }
  };
  const base = optionValues(parsed, '--base-directory');
  if (base.length > 0) ctx.inDirectory(base[0], run);
  else run();
};

/**
 * Where fd's command to run starts, in every spelling clap accepts: `-x cmd`, `--exec cmd`,
 * `--exec=cmd`, `-xcmd`, and a bundle of flags ending in it (`-HIx cmd`, `-HXcmd`). A computed
 * word counts as a possible start (its command is then unknown).
 */
function fdExecStart(args: readonly ResolvedWord[]): { at: number; attached: string | null } | null {
  const flags = new Set(FD_SPEC.flags ?? '');
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (w.unknown.length > 0) continue;
    const t = w.text;
    if (t === '--') return null;
    if (/^(-x|-X|--exec|--exec-batch)$/.test(t)) return { at: i, attached: null };
    const long = /^--exec(?:-batch)?=(.*)$/s.exec(t);
    if (long !== null) return { at: i, attached: long[1] };
    if (/^-[^-]/.test(t)) {
      for (let k = 1; k < t.length; k++) {
        if (t[k] === 'x' || t[k] === 'X') return { at: i, attached: k + 1 < t.length ? t.slice(k + 1) : null };
        if (!flags.has(t[k])) break;
      }
    }
  }
  return null;
}

/** ls, tree, du: list names (and sizes) of their operands. */
export const listRule: Rule = (ctx) => {
  const long = ['ignore', 'hide', 'format', 'time-style', 'block-size', 'tabsize', 'width', 'sort', 'time', 'quoting-style', 'indicator-style', 'max-depth', 'exclude', 'threshold', 'exclude-from', 'files0-from'];
  const parsed = parseArgs(ctx.args, ctx.name === 'tree' ? { short: 'LPIo', long } : ctx.name === 'du' ? { short: 'BdtX', long } : { ...LS_SPEC, long });
  emitFileOptions(ctx, parsed, { '-X': 'read', '--exclude-from': 'read', '--files0-from': 'read', '-o': 'write' });
  // Without operands the current folder is listed (`cd secrets && tree`).
  const roots = parsed.operands.length > 0 ? parsed.operands : [ctx.literalWord('.')];
  for (const w of roots) ctx.emit(w, 'read');
  ctx.listsPathsUnder(roots);
};
