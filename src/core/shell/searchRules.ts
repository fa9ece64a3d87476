// Rules for search and listing tools: grep and friends, ripgrep, ag/ack, find, fd.
import { hasOption, optionValues, parseArgs, type ParsedArgs } from './argParser';
import type { CommandContext, ResolvedWord } from './commandContext';
import { emitFileOptions, type Rule } from './ruleHelpers';
import type { ContentSearch } from '../search/contentSearch';
import { grepContentSearch, rgContentSearch } from './searchOptions';

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
  const parsed = parseArgs(ctx.args, {
    short: 'efmABCdDX',
    long: ['regexp', 'file', 'max-count', 'after-context', 'before-context', 'context', 'directories', 'devices', 'include', 'exclude', 'exclude-dir', 'exclude-from', 'label', 'binary-files', 'group-separator'],
  });
  emitFileOptions(ctx, parsed, { '-f': 'read', '--file': 'read', '--exclude-from': 'read' });
  const hasPattern = optionValues(parsed, '-e', '--regexp', '-f', '--file').length > 0;
  const files = hasPattern ? parsed.operands : parsed.operands.slice(1);
  const recurseDirs = optionValues(parsed, '-d', '--directories').some((w) => w.text === 'recurse');
  const recursive = recurseDirs || hasOption(parsed, '-r', '-R', '--recursive', '--dereference-recursive') || ctx.name === 'rgrep';
  const search = recursive ? grepContentSearch(ctx.name, parsed) : undefined;
  if (files.length === 0) {
    if (recursive) searchRoots(ctx, [ctx.literalWord('.')], 'search', search, namesOnly(parsed));
    return;
  }
  searchRoots(ctx, files, recursive ? 'search' : 'read', search, namesOnly(parsed));
};

/** ripgrep: recursive by default over `.`; `--files` lists instead of searching. */
export const rgRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, {
    short: 'efgtTmABCjMErd',
    long: ['regexp', 'file', 'glob', 'iglob', 'type', 'type-not', 'type-add', 'type-clear', 'max-count', 'after-context', 'before-context', 'context', 'threads', 'max-columns', 'encoding', 'max-depth', 'replace', 'ignore-file', 'pre', 'pre-glob', 'sort', 'sortr', 'max-filesize', 'path-separator', 'context-separator', 'field-match-separator', 'field-context-separator', 'colors', 'color', 'dfa-size-limit', 'regex-size-limit', 'engine', 'hostname-bin', 'hyperlink-format', 'generate'],
  });
  emitFileOptions(ctx, parsed, { '-f': 'read', '--file': 'read', '--ignore-file': 'read' });
  const listOnly = hasOption(parsed, '--files', '--type-list');
  const noPattern = listOnly || optionValues(parsed, '-e', '--regexp', '-f', '--file').length > 0;
  const roots = noPattern ? parsed.operands : parsed.operands.slice(1);
  searchRoots(ctx, roots.length > 0 ? roots : [ctx.literalWord('.')], 'search', listOnly ? undefined : rgContentSearch(parsed), namesOnly(parsed));
};

/** ag, ack, pt, ugrep -r style tools: pattern then directories, default `.`. */
export const agRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, { short: 'GgABCmpn', long: ['ignore', 'ignore-dir', 'depth', 'path-to-ignore', 'file-search-regex', 'max-count', 'after', 'before', 'context', 'type', 'match', 'output', 'workers', 'pager', 'ignore-file'] });
  emitFileOptions(ctx, parsed, { '-p': 'read', '--path-to-ignore': 'read' });
  const listOnly = hasOption(parsed, '-g', '-f', '--files', '-l') && parsed.options.some((o) => o.name === '-g' || o.name === '--files');
  const roots = listOnly ? parsed.operands : parsed.operands.slice(1);
  searchRoots(ctx, roots.length > 0 ? roots : [ctx.literalWord('.')], 'search');
};

const FIND_VALUE = new Set(['-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-regextype', '-type', '-xtype', '-size', '-perm', '-user', '-group', '-uid', '-gid', '-mtime', '-atime', '-ctime', '-mmin', '-amin', '-cmin', '-maxdepth', '-mindepth', '-links', '-inum', '-printf', '-fstype', '-used', '-context', '-lname', '-ilname', '-newermt', '-newerat', '-newerct', '-D', '-O']);
const FIND_READ = new Set(['-newer', '-anewer', '-cnewer', '-samefile', '-files0-from', '-newermm', '-newerma', '-newermc', '-neweraa', '-newerac', '-newercc']);
const FIND_WRITE = new Set(['-fprint', '-fprint0', '-fls', '-fprintf']);

/** find: starting points (default `.`) are searched; `-exec` commands get the found paths. */
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
  // find prints names and metadata, never content: a listing, unless it hands the files to a
  // command (which then gets them as input) or deletes them.
  const acts = args.slice(i).some((w) => w.unknown.length > 0 || /^-(exec|execdir|ok|okdir|delete|fprint|fprint0|fls|fprintf)$/.test(w.text));
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
    } else if (FIND_WRITE.has(t)) {
      if (args[i] !== undefined) ctx.emit(args[i], 'write');
      i += t === '-fprintf' ? 2 : 1;
    } else if (FIND_READ.has(t)) {
      if (args[i] !== undefined) ctx.emit(args[i], 'read');
      i++;
    } else if (FIND_VALUE.has(t) || /^-newer[acmtB]{2}$/.test(t)) {
      i++;
    }
  }
};

/** fd: `fd [pattern] [path...]`, default `.`; `-x/-X` run a command per result. */
export const fdRule: Rule = (ctx) => {
  const args = ctx.args;
  const execAt = args.findIndex((w) => /^(-x|-X|--exec|--exec-batch)$/.test(w.text));
  const own = execAt < 0 ? args : args.slice(0, execAt);
  const parsed = parseArgs(own, { short: 'etEdSjcg', long: ['extension', 'type', 'exclude', 'max-depth', 'min-depth', 'exact-depth', 'size', 'threads', 'color', 'changed-within', 'changed-before', 'owner', 'max-results', 'ignore-file', 'base-directory', 'search-path', 'path-separator', 'format', 'and', 'batch-size'] });
  emitFileOptions(ctx, parsed, { '--ignore-file': 'read' });
  const searchPaths = optionValues(parsed, '--search-path');
  const roots = [...parsed.operands.slice(1), ...searchPaths];
  const starts = roots.length > 0 ? roots : [ctx.literalWord('.')];
  const run = (): void => {
    searchRoots(ctx, starts, 'search');
    if (execAt >= 0) {
      const input = ctx.inputWord(starts.map((word) => ({ word })));
      const command = args.slice(execAt + 1).filter((w) => w.text !== ';');
      const hasPlaceholder = command.some((w) => /\{[/.]*\/?\}|\{\}/.test(w.text));
      ctx.runCommand(hasPlaceholder ? command.map((w) => (/\{.*\}/.test(w.text) ? input : w)) : [...command, input], { kind: 'none' });
    }
  };
  const base = optionValues(parsed, '--base-directory');
  if (base.length > 0) ctx.inDirectory(base[0], run);
  else run();
};

/** ls, tree, du: list names (and sizes) of their operands. */
export const listRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, { short: ctx.name === 'tree' ? 'LPIo' : ctx.name === 'du' ? 'BdtX' : 'ITw', long: ['ignore', 'hide', 'format', 'time-style', 'block-size', 'tabsize', 'width', 'sort', 'time', 'quoting-style', 'indicator-style', 'max-depth', 'exclude', 'threshold', 'exclude-from', 'files0-from'] });
  emitFileOptions(ctx, parsed, { '-X': 'read', '--exclude-from': 'read', '--files0-from': 'read', '-o': 'write' });
  for (const w of parsed.operands) ctx.emit(w, 'read');
  ctx.listsPathsUnder(parsed.operands.length > 0 ? parsed.operands : [ctx.literalWord('.')]);
};
