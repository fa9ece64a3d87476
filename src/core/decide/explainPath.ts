// explainPath(): why a path gets its verdicts, the one answer behind `airlock explain`, the
// editor's Explain Path, its status bar and the risk view. The side that restricts explains the
// path: a file an AI may read but not edit is explained by its edit verdict.
import type { WorkspaceRoot } from '../paths/canonicalPath';
import type { PolicyEngine } from '../policy/policyEngine';
import type { Verdict } from '../policy/policyTypes';
import { decide, decideWorkspacePath } from './decide';
import type { PathDecision } from './decisionTypes';
import type { ExceptionRef, RuleRef } from '../policy/policyRefs';

export interface PathExplanation {
  /** The path as given. */
  readonly path: string;
  /** Workspace-relative, '/'-separated; null when outside the workspace. */
  readonly relative: string | null;
  readonly outside: boolean;
  readonly className: string;
  readonly read: Verdict;
  readonly edit: Verdict;
  /** The deciding rule and exception of the side that explains the path; sources are absolute. */
  readonly rule: RuleRef | null;
  readonly exception: ExceptionRef | null;
  /** Why, with the workspace root left out of every path it names. */
  readonly reason: string;
  readonly policyValid: boolean;
}

export interface ExplainOptions {
  /** Explain by this action's decision; default: whichever of read and edit restricts. */
  readonly action?: 'read' | 'edit';
  /** Directory a relative path is relative to (default: the workspace root). */
  readonly cwd?: string;
  /** Who asks, as in DecisionRequest: 'cli', 'editor'. */
  readonly actor: string;
  readonly workspace?: WorkspaceRoot;
}

/** `text` with every occurrence of `<root>/` removed: reasons read relative to the workspace. */
export function withoutRoot(text: string, root: string): string {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return text.split(prefix).join('');
}

/** Which of the two decisions explains a path. */
export function explainingSide(read: PathDecision, edit: PathDecision, action?: 'read' | 'edit'): PathDecision {
  if (action) return action === 'edit' ? edit : read;
  return read.verdict === 'allow' && edit.verdict !== 'allow' ? edit : read;
}

function explanation(engine: PolicyEngine, read: PathDecision, edit: PathDecision, action: 'read' | 'edit' | undefined): PathExplanation {
  const main = explainingSide(read, edit, action);
  return {
    path: read.path,
    relative: read.relative,
    outside: read.outside,
    className: main.className,
    read: read.verdict,
    edit: edit.verdict,
    rule: main.rule,
    exception: main.exception,
    reason: withoutRoot(main.reason, engine.root),
    policyValid: engine.valid,
  };
}

/** Explains a path as an actor gave it (relative, absolute, with `..`, through symlinks). */
export function explainPath(engine: PolicyEngine, path: string, options: ExplainOptions): PathExplanation {
  const request = { paths: [path], cwd: options.cwd, actor: options.actor };
  const decideOptions = { workspace: options.workspace };
  const read = decide(engine, { ...request, action: 'read' }, decideOptions).paths[0];
  const edit = decide(engine, { ...request, action: 'edit' }, decideOptions).paths[0];
  return explanation(engine, read, edit, options.action);
}

/** The same for a canonical workspace-relative path from a walk of the tree (no resolution). */
export function explainWorkspacePath(engine: PolicyEngine, rel: string): PathExplanation {
  return explanation(engine, decideWorkspacePath(engine, rel, false, 'read'), decideWorkspacePath(engine, rel, false, 'edit'), undefined);
}
