// Option specs of the search and listing tools, letter by letter: which short options take a
// value, which take none. The rules parse with them, and the mention pass (shellWalker) trusts a
// bundle such as `-rn` to carry no file name only because every letter is listed here. Checked
// against grep 3.8, ripgrep 13/14, ag 2.2, ack 3.6, fd 8.6, GNU find 4.9, git 2.39 and GNU ls.
import type { OptionSpec } from './argParser';

const DIGITS = '0123456789';

export const GREP_SPEC: OptionSpec = {
  short: 'efmABCdDX',
  flags: `EFGPiyvwxcLloqsbHhnTZarRUzV${DIGITS}`,
  long: ['regexp', 'file', 'max-count', 'after-context', 'before-context', 'context', 'directories', 'devices', 'include', 'exclude', 'exclude-dir', 'exclude-from', 'label', 'binary-files', 'group-separator'],
};

export const RG_SPEC: OptionSpec = {
  short: 'efgtTmABCjMErd',
  flags: 'bsclFLhivnxUINopqzSaVHwPu0.',
  long: ['regexp', 'file', 'glob', 'iglob', 'type', 'type-not', 'type-add', 'type-clear', 'max-count', 'after-context', 'before-context', 'context', 'threads', 'max-columns', 'encoding', 'max-depth', 'replace', 'ignore-file', 'pre', 'pre-glob', 'sort', 'sortr', 'max-filesize', 'path-separator', 'context-separator', 'field-match-separator', 'field-context-separator', 'colors', 'color', 'dfa-size-limit', 'regex-size-limit', 'engine', 'hostname-bin', 'hyperlink-format', 'generate'],
};

/** The silver searcher: `-A/-B/-C` take an optional number; `-n` is "no recursion", not a value. */
export const AG_SPEC: OptionSpec = {
  short: 'gGmpW',
  optionalNumber: 'ABC',
  flags: 'cHloL0afDFiQsStuUvwzrRnVh',
  long: ['ignore', 'ignore-dir', 'depth', 'path-to-ignore', 'file-search-regex', 'filename-pattern', 'max-count', 'after', 'before', 'context', 'width', 'pager', 'workers', 'color-line-number', 'color-match', 'color-path'],
};

/** ack 3: `-f` lists files, `-g REGEX` lists matching names, `-x` reads the file list from stdin, `-n` is "no recursion". */
export const ACK_SPEC: OptionSpec = {
  short: 'mABtTg',
  optionalNumber: 'Cp',
  flags: `lLciSIvwQoHhsPrRnkfx${DIGITS}`,
  long: ['max-count', 'after-context', 'before-context', 'context', 'type', 'match', 'output', 'pager', 'ackrc', 'files-from', 'ignore-dir', 'noignore-dir', 'ignore-file', 'type-set', 'type-add', 'type-del', 'range-start', 'range-end', 'proximate', 'color-filename', 'color-match', 'color-colno', 'color-lineno'],
};

/** fd: `-g` is "glob", a flag; `-x/-X` start the command to run, handled by the rule. */
export const FD_SPEC: OptionSpec = {
  short: 'dEteSoxXcj',
  flags: 'HIusigFalLp0qhV1',
  long: ['extension', 'type', 'exclude', 'max-depth', 'min-depth', 'exact-depth', 'size', 'threads', 'color', 'changed-within', 'changed-before', 'owner', 'max-results', 'ignore-file', 'base-directory', 'search-path', 'path-separator', 'format', 'and', 'batch-size', 'exec', 'exec-batch'],
};

/** Values that are names, numbers or formats, or files find only stats (`-newer f` compares times, `-samefile f` inodes): never content. */
export const FIND_VALUE = ['name', 'iname', 'path', 'ipath', 'wholename', 'iwholename', 'regex', 'iregex', 'regextype', 'type', 'xtype', 'size', 'perm', 'user', 'group', 'uid', 'gid', 'mtime', 'atime', 'ctime', 'mmin', 'amin', 'cmin', 'maxdepth', 'mindepth', 'links', 'inum', 'printf', 'fstype', 'used', 'context', 'lname', 'ilname', 'newermt', 'newerat', 'newerct', 'D', 'O', 'newer', 'anewer', 'cnewer', 'samefile', 'newermm', 'newerma', 'newermc', 'neweraa', 'newerac', 'newercc', 'newercm', 'neweram', 'newerca'];
/** `-files0-from f` takes the starting points from f's content, which find then prints. */
export const FIND_READ = ['files0-from'];
export const FIND_WRITE = ['fprint', 'fprint0', 'fls', 'fprintf'];
const FIND_FLAGS = ['print', 'print0', 'ls', 'delete', 'exec', 'execdir', 'ok', 'okdir', 'prune', 'quit', 'true', 'false', 'empty', 'readable', 'writable', 'executable', 'nouser', 'nogroup', 'depth', 'mount', 'xdev', 'noleaf', 'follow', 'daystart', 'ignore_readdir_race', 'noignore_readdir_race', 'warn', 'nowarn', 'a', 'and', 'o', 'or', 'not', 'help', 'version', 'H', 'L', 'P'];

/** find's words are single-dash names (`-name`), never bundles. */
export const FIND_SPEC: OptionSpec = { dashLong: [...FIND_VALUE, ...FIND_READ, ...FIND_WRITE], dashFlags: FIND_FLAGS, patternValues: FIND_VALUE };

export const GIT_GREP_SPEC: OptionSpec = {
  short: 'efABCmO',
  flags: `viwaIrEGFPnhHlLzocqpW${DIGITS}`,
  long: ['regexp', 'file', 'after-context', 'before-context', 'context', 'max-count', 'max-depth', 'threads', 'open-files-in-pager'],
};

export const LS_SPEC: OptionSpec = {
  short: 'ITw',
  flags: 'aAbBcCdDfFgGhHiklLmnNopqQrRsStuUvxXZ1',
  long: ['ignore', 'hide', 'format', 'time-style', 'block-size', 'tabsize', 'width', 'sort', 'time', 'quoting-style', 'indicator-style'],
};

const BY_NAME: Readonly<Record<string, OptionSpec>> = {
  grep: GREP_SPEC, egrep: GREP_SPEC, fgrep: GREP_SPEC, rgrep: GREP_SPEC, ggrep: GREP_SPEC,
  rg: RG_SPEC, ripgrep: RG_SPEC,
  ag: AG_SPEC, ack: ACK_SPEC, 'ack-grep': ACK_SPEC,
  fd: FD_SPEC, fdfind: FD_SPEC,
  find: FIND_SPEC, gfind: FIND_SPEC,
  ls: LS_SPEC, dir: LS_SPEC, vdir: LS_SPEC,
};

/** The spec a command's words are read with, where Airlock knows every letter; undefined otherwise. */
export function searchSpecFor(name: string, subcommand: string | undefined): OptionSpec | undefined {
  if (name === 'git') return subcommand === 'grep' ? GIT_GREP_SPEC : undefined;
  return BY_NAME[name];
}
