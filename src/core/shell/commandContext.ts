// What a per-command rule sees and can do: the words after the command name, already resolved, and
// callbacks into the analyzer to record operands, doubts, nested commands and directory changes.
import type { ContentSearch } from '../search/contentSearch';
import type { GitEffect, ShellAccess } from './shellTypes';

/** One possible value of a word (several when a variable was assigned more than one value). */
export interface WordValue {
  /** The value after quote removal. */
  readonly literal: string;
  /** The same value as a glob pattern: quoted glob and brace characters escaped with `\`. */
  readonly pattern: string;
}

/** A path that command input stands for (`find ROOT | xargs cmd`, `find ROOT -exec cmd {} \;`). */
export interface InputRoot {
  readonly word: ResolvedWord;
}

export interface ResolvedWord {
  readonly raw: string;
  /** The literal value with unknown parts left out; what option matching looks at. */
  readonly text: string;
  /** The possible values; empty when a part is unknown. */
  readonly values: readonly WordValue[];
  /** Why the value is not known (empty when it is). */
  readonly unknown: readonly string[];
  /** Visible literal fragments of an unknown word, reported as partial operands. */
  readonly hints: readonly string[];
  /** A process substitution: a pipe, not a file. */
  readonly process: boolean;
  /** Reasons to doubt a known value (`$(pwd)` assumed to be `.`, `$'\x2e'` escapes...). */
  readonly doubts: readonly string[];
  /** The text with each unknown part replaced by an unset variable, for re-parsing (`bash -c "$X"`). */
  readonly sketch: string;
  /** Set for words that stand for command input: where the items come from, or 'unknown'. */
  readonly input: readonly InputRoot[] | 'unknown' | null;
}

export type StdinSource =
  | { readonly kind: 'none' }
  | { readonly kind: 'pipe'; readonly from: string; readonly roots: readonly InputRoot[] | null }
  | { readonly kind: 'file' }
  /** A here-document or here-string; `text` is null when it holds unknown expansions. */
  | { readonly kind: 'text'; readonly text: string | null };

export interface CommandContext {
  /** The command's basename (`/usr/bin/cat` → `cat`). */
  readonly name: string;
  readonly args: readonly ResolvedWord[];
  readonly stdin: StdinSource;
  /** Record a word as a file operand; a content search (grep's pattern and options) goes with a `search`. */
  emit(word: ResolvedWord, access: ShellAccess, search?: ContentSearch): void;
  /**
   * Record a word whose metadata only is read (`stat`, `ls -d`, `du -s`). `listsEntries`: when it is
   * a directory, its entries are printed too (`ls dir`): decide() then judges a listing of it. The
   * mention pass of this command does not count the word as a read.
   */
  emitMetadata(word: ResolvedWord, listsEntries: boolean): void;
  /** Record a word as a shell script the command runs (read, and its text analyzed when it exists). */
  emitScript(word: ResolvedWord): void;
  /** Record a path computed by the rule (e.g. the `file` of `curl -d @file`). */
  emitPath(path: string, access: ShellAccess, partial?: boolean): void;
  /** Record what a git command would print or rewrite (the cwd is filled in by the analyzer). */
  gitEffect(effect: DistributiveOmit<GitEffect, 'cwd' | 'command'>): void;
  /** Refuse the command outright, whatever the policy says (Airlock's own controls, git identity). */
  deny(reason: string): void;
  /** Record a reason why the analysis cannot be confident. */
  uncertain(reason: string): void;
  /**
   * Record inline program code Airlock cannot follow (`node -e`, `python3 -c`): a doubt like any
   * other, but one whose file access only the kernel can confine (masked execution does).
   */
  inlineProgram(reason: string): void;
  /** Analyze `words` as a command of its own (after `sudo`, `env`, `xargs`...). */
  runCommand(words: readonly ResolvedWord[], stdin?: StdinSource): void;
  /** Analyze a string as a shell script run in a subshell (`bash -c`, `eval`). */
  runScript(source: string): void;
  /** `cd`/`pushd`/`popd`: change the directory later commands run in. */
  changeDirectory(word: ResolvedWord | null, kind: 'cd' | 'pushd' | 'popd'): void;
  /** Run `fn` with operands relative to `dir` (`git -C dir`, `tar -C dir`, `make -C dir`). */
  inDirectory(dir: ResolvedWord, fn: () => void): void;
  /** Declare that this command prints paths found under `roots` (for a later `| xargs`). */
  listsPathsUnder(roots: readonly ResolvedWord[]): void;
  /** Assign unknown values to shell variables (`read`, `mapfile`, `printf -v`). */
  assignUnknown(names: readonly string[]): void;
  /** Assign `NAME=value` words (`export`, `local`, `declare`). */
  assign(words: readonly ResolvedWord[]): void;
  /** `shopt -s NAME`: a shell option that changes how later words expand. */
  setShellOption(name: string, on: boolean): void;
  /** Make a word from a literal string (for values cut out of a larger word). */
  literalWord(text: string): ResolvedWord;
  /**
   * A word the rule knows is a search pattern, not a file (every option of the command was
   * understood): the mention pass does not read it as one (`grep -rn .env src` searches src).
   */
  patternWord(word: ResolvedWord): void;
  /** A word standing for command input items (xargs, find -exec `{}`). */
  inputWord(roots: readonly InputRoot[] | 'unknown'): ResolvedWord;
  /** The roots a preceding `find`/`fd`/`git ls-files` in the pipeline lists, if any. */
  readonly pipeRoots: readonly InputRoot[] | null;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
