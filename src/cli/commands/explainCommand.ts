// `airlock explain [--json] [--action read|edit] <path>...`: each path's class, verdicts, the
// deciding rule (file:line) and why.
import type { PathDecision } from '../../core/decide/decisionTypes';
import type { RuleRef } from '../../core/policy/policyRefs';
import { explainPath } from '../../core/decide/explainPath';
import { workspaceRoot } from '../../core/paths/canonicalPath';
import { formatProblem } from '../../core/policy/policyError';
import { loadPolicy } from '../../core/policy/loadPolicy';
import { ModelRules } from '../../core/models/modelRules';
import { commandArgs, stringOption } from '../cliArgs';
import { type CliContext, EXIT_OK, EXIT_USAGE, UsageError } from '../cliContext';
import { displayPath } from '../../core/paths/displayPath';
import { resolveRoot } from '../workspaceOption';

export const EXPLAIN_HELP = `Usage: airlock explain [--json] [--action read|edit] [--root DIR] <path>...

For each path: its class, the read and edit verdicts an AI assistant gets, the rule that
decided (file:line) and the reason. Paths may be relative to the current directory or absolute.

Options:
  --action read|edit   show only that action's verdict
  --json               print a JSON array, one object per path in the order given
  --root DIR           the workspace root (default: nearest folder with .airlock/policy.json)
`;

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

export async function explainCommand(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, EXPLAIN_HELP, 'explain', ctx.argv, { json: { type: 'boolean' }, action: { type: 'string' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const action = stringOption(args, 'action');
  if (action !== undefined && action !== 'read' && action !== 'edit') throw new UsageError(`airlock explain: --action must be "read" or "edit", not "${action}"`);
  if (args.positionals.length === 0) throw new UsageError('airlock explain: name at least one path. See `airlock explain --help`.');
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd);
  const engine = loadPolicy(root, { env: ctx.env, now: ctx.now() });
  const workspace = workspaceRoot(root);
  const modelRules = new ModelRules(engine);
  const rel = (r: RuleRef | null): RuleRef | null => (r ? { source: displayPath(r.source, root), line: r.line } : null);

  const entries: ExplainEntry[] = args.positionals.map((path) => {
    const e = explainPath(engine, path, { action, cwd: ctx.cwd, actor: 'cli', workspace });
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

  if (args.values.json) {
    ctx.stdout(`${JSON.stringify(entries, null, 2)}\n`);
  } else {
    if (engine.error) {
      ctx.stderr('The policy is invalid, so every AI verdict is deny until it is fixed:\n');
      for (const p of engine.error.problems) ctx.stderr(`  ${formatProblem({ ...p, file: displayPath(p.file, root) })}\n`);
    }
    for (const e of entries) {
      ctx.stdout(`${e.path}${e.relative !== null && e.relative !== e.path ? `  (${e.relative || '.'})` : ''}\n`);
      ctx.stdout(`  class   ${e.class}\n`);
      if (action !== 'edit') ctx.stdout(`  read    ${e.read}\n`);
      if (action !== 'read') ctx.stdout(`  edit    ${e.edit}\n`);
      const ruleText = e.rule ? `${e.rule.source}:${e.rule.line}` : e.outside ? '(outside the workspace)' : e.class === 'airlock-managed' ? "(Airlock's built-in guard)" : '(default class)';
      ctx.stdout(`  rule    ${ruleText}\n`);
      ctx.stdout(`  why     ${e.reason}\n`);
      if (e.models) ctx.stdout(`  models  ${e.models.length ? e.models.join(', ') : '(no endpoint may receive its content)'}\n`);
    }
  }
  return engine.error ? EXIT_USAGE : EXIT_OK;
}
