// `airlock explain [--json] [--action read|edit] <path>...`: each path's class, verdicts, the
// deciding rule (file:line) and why.
import { explainPaths } from '../../core/explain/explainPaths';
import { formatProblem } from '../../core/policy/policyError';
import { commandArgs, stringOption } from '../cliArgs';
import { type CliContext, EXIT_OK, EXIT_USAGE, UsageError } from '../cliContext';
import { resolveRoot } from '../workspaceOption';

export const EXPLAIN_HELP = `Usage: airlock explain [--json] [--action read|edit] [--root DIR] <path>...

For each path: its class, the read and edit verdicts an AI assistant gets, the rule that
decided (file:line) and the reason. Paths may be relative to the current directory or absolute.

Options:
  --action read|edit   show only that action's verdict
  --json               print a JSON array, one object per path in the order given
  --root DIR           the workspace root (default: nearest folder with .airlock/policy.json)
`;

export async function explainCommand(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, EXPLAIN_HELP, 'explain', ctx.argv, { json: { type: 'boolean' }, action: { type: 'string' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const action = stringOption(args, 'action');
  if (action !== undefined && action !== 'read' && action !== 'edit') throw new UsageError(`airlock explain: --action must be "read" or "edit", not "${action}"`);
  if (args.positionals.length === 0) throw new UsageError('airlock explain: name at least one path. See `airlock explain --help`.');
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd);
  const { entries, invalid } = explainPaths(root, { paths: args.positionals, ...(action !== undefined ? { action } : {}), cwd: ctx.cwd, env: ctx.env, now: ctx.now() });

  if (args.values.json) {
    ctx.stdout(`${JSON.stringify(entries, null, 2)}\n`);
  } else {
    if (invalid) {
      ctx.stderr('The policy is invalid, so every AI verdict is deny until it is fixed:\n');
      for (const p of invalid) ctx.stderr(`  ${formatProblem(p)}\n`);
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
  return invalid ? EXIT_USAGE : EXIT_OK;
}
