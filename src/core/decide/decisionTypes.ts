// The request and answer of decide(): the one place a verdict is made.
import type { Verdict } from '../policy/policyTypes';
import type { ExceptionRef, RuleRef, SourceLocation } from '../policy/policyRefs';

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
}

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

