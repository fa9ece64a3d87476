// What the shell analyzer reports about one command line.
import type { ContentSearch } from '../search/contentSearch';

/**
 * How a command touches a path.
 * - `read`: its content is read (or executed, or listed when it is a directory).
 * - `write`: it is created, changed, moved or deleted. A write of a directory (`rm -r dir`,
 *   `mv dir x`, `tar -x` into a dir) can change everything below it.
 * - `search`: the path and, when it is a directory, everything below it may be read
 *   (`grep -r`, `rg`, `find`, `tar -c dir`, `cp -r dir`).
 * - `metadata`: only what `stat` tells is read (existence, type, size, mode, owner, times, a
 *   link's target name): `stat`, `ls -d`, `du -s`, `touch -r`. With `listsEntries`, a directory's
 *   entries are printed too (`ls dir`, `du dir`): that is a listing, a `read` of the folder.
 */
export type ShellAccess = 'read' | 'write' | 'search' | 'metadata';

export interface ShellOperand {
  /**
   * The path as the command would see it, after quote removal and brace expansion. When `glob`
   * is true it is a bash glob pattern (quoted glob characters escaped with `\`) to be expanded
   * with `expandGlobOperand()`. `~` is already replaced by the home directory when it is known.
   */
  readonly path: string;
  readonly access: ShellAccess;
  /** True when `path` holds unquoted glob characters (`*`, `?`, `[...]`). */
  readonly glob: boolean;
  /**
   * The effective directory from `cd`/`pushd`/`git -C`/`tar -C` etc., relative (to the directory the
   * command starts in) or absolute, as written; null means the starting directory.
   */
  readonly cwd: string | null;
  /** The command (basename) or redirection operator that touches the path, for explanations. */
  readonly command: string;
  /**
   * True when the word had parts whose value is unknown (variables, command output): `path` is then
   * only the visible literal part (for `"$DIR/.env"`, `.env`), a hint rather than the real path.
   */
  readonly partial: boolean;
  /** True when the file is run as a shell script (`bash x.sh`, `source x`, `./x.sh`): its text is code. */
  readonly script?: boolean;
  /** For a `search`: the content search that reads it (grep's, rg's pattern and options), when known. */
  readonly contentSearch?: ContentSearch;
  /** For a `metadata` operand: when it is a directory, its entries are printed (`ls` without `-d`, `du` without `-s`). */
  readonly listsEntries?: boolean;
  /** For globs: `shopt` settings in force where the word stands (dotglob, nocaseglob, extglob). */
  readonly globFlags?: { readonly dot?: boolean; readonly nocase?: boolean; readonly extglob?: boolean };
}

/**
 * What a git command does beyond naming files: prints history (whose content may hold protected
 * files no longer in the tree) or rewrites the work tree with content Airlock cannot see in the
 * command line. decide() judges these by asking the repository what they would touch.
 */
export type GitEffect =
  | { readonly kind: 'history'; readonly command: string; readonly pathspecs: readonly string[]; readonly cwd: string | null; readonly trackedOnly?: boolean; readonly changedOnly?: boolean; readonly objects?: readonly string[]; readonly allObjects?: boolean }
  | { readonly kind: 'rewrite'; readonly command: string; readonly pathspecs: readonly string[]; readonly cwd: string | null; readonly source: GitRewriteSource };

/** Where a work-tree rewrite takes its content from. */
export type GitRewriteSource =
  /** The difference between `from` and `to` (a checkout/switch/reset/merge target, a cherry-picked commit). */
  | { readonly type: 'diff'; readonly from: string; readonly to: string }
  /** Changed (and with the flags, untracked / ignored) files of the work tree (stash, clean, reset --hard). */
  | { readonly type: 'dirty'; readonly untracked: boolean; readonly ignored: boolean; readonly onlyIgnored?: boolean }
  /** Every tracked file (`switch --orphan`, `read-tree -u`). */
  | { readonly type: 'all' }
  /** Patch files (`git apply`, `git am`); null when the patch comes from standard input or is computed. */
  | { readonly type: 'patch'; readonly files: readonly string[] | null }
  /** Content Airlock cannot know before it arrives (`git pull`, a resumed `am`). */
  | { readonly type: 'unknown'; readonly why: string };

/** Something the command does that is refused outright (Airlock's own controls, git identity). */
export interface ShellDenial {
  readonly command: string;
  readonly reason: string;
}

export interface ShellAnalysis {
  /** Bounds on the analysis that were hit (operand count): the rest is unchecked, so deny. */
  readonly limits: readonly string[];
  readonly gitEffects: readonly GitEffect[];
  readonly denials: readonly ShellDenial[];
  /** Every file operand found, deduplicated (a command's redirections come before its arguments). */
  readonly operands: readonly ShellOperand[];
  /**
   * Words that could name a file although the command's rule does not take them as one (an option
   * value, `-f.env`, `--x=.env`, `file://…`, a word of a command without file operands): each
   * counts as a read, so an option spec that swallows a path cannot hide it. Operands already
   * read or searched are not repeated here.
   */
  readonly mentions: readonly ShellOperand[];
  /** False when something could hide a file name; see `uncertain`. */
  readonly confident: boolean;
  /** Human reasons why the analysis is not confident (empty when it is). */
  readonly uncertain: readonly string[];
  /**
   * The reasons in `uncertain` that are inline program code (`node -e`, `python3 -c`, a here-
   * document program): what it does with files is for the kernel to confine, not the parser.
   */
  readonly inlinePrograms?: readonly string[];
  /** The command names that would run (basenames), in order of appearance, deduplicated. */
  readonly commands: readonly string[];
  /** The command defines a shell function: a later command name may run it instead of the program. */
  readonly definesFunctions?: boolean;
}

export interface ShellAnalysisOptions {
  /**
   * The home directory for `~` and `$HOME`. Defaults to `os.homedir()`; pass null to leave `~`
   * unresolved (then operands under `~` are reported as written and the analysis is not confident).
   */
  readonly home?: string | null;
}
