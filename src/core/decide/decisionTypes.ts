// The request and answer of decide(): the one place a verdict is made.
import type { Verdict } from '../policy/policyTypes';
import type { ExceptionRef, RuleRef, SourceLocation } from '../policy/policyRefs';
import type { ContentSearch } from '../search/contentSearch';

/** What an actor wants to do. `search` and `execute` cover every path they could reach. */
export type Action = 'read' | 'edit' | 'search' | 'execute';

export interface DecisionRequest {
  readonly action: Action;
  /** Paths as the actor gave them: relative to cwd or the workspace root, absolute, with `..`, backslashes. */
  readonly paths: readonly string[];
  /** Who asks: an assistant name ('claude-code', 'copilot-cli', ...), 'editor', 'cli'. */
  readonly actor?: string;
  /** Directory the actor's relative paths are relative to; defaults to the workspace root. */
  readonly cwd?: string;
  /** For shell commands: the command line (never logged unmasked). */
  readonly command?: string;
  /**
   * For searches: the file-name glob that selects what is searched (a Glob tool's pattern, a Grep
   * tool's `glob` filter). Only files it could select count toward the scope's verdict.
   */
  readonly searchGlob?: string;
  /** The search lists names and reads no content (a Glob tool): secrets in its scope do not count. */
  readonly namesOnly?: boolean;
  /**
   * For content searches (a Grep tool): the pattern and the options that decide which lines it
   * prints. A scope search whose pattern matches nothing in the protected files it reaches is
   * allowed (searchRelaxation.ts).
   */
  readonly contentSearch?: ContentSearch;
}

/** A file of a search scope that decided, or could decide, the scope's verdict. */
export interface ScopeFile {
  /** Workspace-relative. */
  readonly rel: string;
  /** Where its content is read (symlinks resolved); null when it is not a regular file to read. */
  readonly abs: string | null;
  /** Protected by its class, holding a live secret, unjudged by the secret scanner, or a hard link (its name says nothing about its content). */
  readonly why: 'class' | 'secret' | 'unscanned' | 'linked';
  /** Its verdict for this access (a hard link of unknown content counts as `deny`). */
  readonly verdict: Verdict;
}

/**
 * Why a path decision has its verdict, as data: relaxations (a verified sandbox, a search whose
 * pattern matches no protected file) key on this, never on the wording of `reason`.
 */
export type DecisionCause =
  /** The path itself (its class, a live secret in it). */
  | { readonly kind: 'path' }
  /**
   * A file inside the folder decided: `access` is the request's action on the folder. `files`,
   * when the walk was asked to list them, holds every non-allowed file of the scope; `complete` is
   * false when that list is cut short.
   */
  | { readonly kind: 'scope'; readonly access: Action; readonly by: 'class' | 'secret' | 'too-many-files'; readonly files?: readonly ScopeFile[]; readonly complete?: boolean };

export interface PathDecision {
  /** The path as given. */
  readonly path: string;
  /** Workspace-relative, `/`-separated; null when outside the workspace. */
  readonly relative: string | null;
  readonly outside: boolean;
  readonly verdict: Verdict;
  readonly className: string;
  readonly rule: RuleRef | null;
  readonly exception: ExceptionRef | null;
  readonly reason: string;
  /** For a search scope: the protected path inside it that decided the verdict. */
  readonly reached?: string;
  /**
   * Under a confinement: a file of the search scope that is not allowed and that the sandbox does
   * NOT mask (a file the scanner cannot judge, a secret the sandbox's scan does not see). The
   * sandbox then cannot stand in for the verdict, so it is not relaxed.
   */
  readonly unmaskedReach?: string;
  /** Why, as data (absent on decisions that name no path: unparsed shell, policy errors). */
  readonly cause?: DecisionCause;
  /** The shell command whose operand this is (`grep`, `git`), for shell decisions. */
  readonly command?: string;
  /** The content search that reached this scope, when its pattern is known. */
  readonly contentSearch?: ContentSearch;
  /**
   * What checking the search's pattern against the scope's protected files found: `clear` (no
   * match: relaxed), `matched` (its pattern matches one: each such answer tells whether a pattern
   * occurs in a protected file, so the hook counts them per session), `unchecked` (opaque search,
   * or checks switched off).
   */
  readonly searchCheck?: 'clear' | 'matched' | 'unchecked';
}

export interface Decision {
  /** The verdict to apply (always `allow` in monitor mode). */
  readonly verdict: Verdict;
  /** What enforcement would have given; differs from `verdict` only in monitor mode. */
  readonly enforcedVerdict: Verdict;
  readonly action: Action;
  readonly monitor: boolean;
  readonly reason: string;
  readonly paths: readonly PathDecision[];
  /** Where the deciding fact stands (the rule, or the policy error that failed closed). */
  readonly location: SourceLocation | null;
}

