// The `explain` feature: for each path, its class, the read and edit verdicts an AI assistant
// gets, the deciding rule (workspace-relative file:line), why, and which model endpoints may
// receive its content. Plain result; the shell prints it.
import type { PathDecision } from '../decide/decisionTypes';
import { explainPath } from '../decide/explainPath';
import { ModelRules } from '../models/modelRules';
import { workspaceRoot } from '../paths/canonicalPath';
import { displayPath } from '../paths/displayPath';
import { loadPolicy } from '../policy/loadPolicy';
import type { PolicyProblem } from '../policy/policyError';
import type { RuleRef } from '../policy/policyRefs';

export interface ExplainEntry {
  readonly path: string;
  readonly relative: string | null;
  readonly class: string;
  readonly read: PathDecision['verdict'];
  readonly edit: PathDecision['verdict'];
  readonly rule: RuleRef | null;
  readonly exception: PathDecision['exception'];
  readonly reason: string;
  readonly outside: boolean;
  /** Model endpoints that may receive this path's content; null when the policy has no `models` section. */
  readonly models: readonly string[] | null;
}

export interface ExplainRequest {
  readonly paths: readonly string[];
  readonly action?: 'read' | 'edit';
  /** Where relative paths are read from (the user's shell). */
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly now: Date;
}

export interface Explained {
  readonly entries: readonly ExplainEntry[];
  /** The policy's problems (file names workspace-relative) when it is invalid: every verdict is then deny. */
  readonly invalid: readonly PolicyProblem[] | null;
}

export function explainPaths(root: string, request: ExplainRequest): Explained {
  const engine = loadPolicy(root, { env: request.env, now: request.now });
  const workspace = workspaceRoot(root);
  const modelRules = new ModelRules(engine);
  const rel = (r: RuleRef | null): RuleRef | null => (r ? { source: displayPath(r.source, root), line: r.line } : null);
  const entries = request.paths.map((path): ExplainEntry => {
    const e = explainPath(engine, path, { action: request.action, cwd: request.cwd, actor: 'cli', workspace });
    return {
      path,
      relative: e.relative,
      class: e.className,
      read: e.read,
      edit: e.edit,
      rule: rel(e.rule),
      exception: e.exception ? { ...e.exception, source: displayPath(e.exception.source, root) } : null,
      reason: e.reason,
      outside: e.outside,
      models: modelRules.configured ? [...modelRules.forClass(e.className).endpoints] : null,
    };
  });
  const invalid = engine.error ? engine.error.problems.map((p) => ({ ...p, file: displayPath(p.file, root) })) : null;
  return { entries, invalid };
}
