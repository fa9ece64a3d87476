// `airlock sync [--check] [--json]`: writes every assistant's own controls from the one policy,
// inside managed blocks/keys so hand-written content survives; --check reports drift for CI.
import { appendAuditEvents } from '../../core/audit/auditAppend';
import { resolveAuditDir } from '../../core/audit/auditLocation';
import { applyNativePlan, recordedHook } from '../../core/native/applyNativePlan';
import { renderCoverageTable } from '../../core/native/coverage';
import type { CoverageEntry, NativeFileResult, NativeWarning } from '../../core/native/nativeTypes';
import { planNativeFiles } from '../../core/native/planNativeFiles';
import { formatProblem } from '../../core/policy/policyError';
import { loadPolicy } from '../../core/policy/loadPolicy';
import { parseCommandArgs, stringOption } from '../cliArgs';
import { type CliContext, EXIT_OK, EXIT_USAGE, EXIT_VIOLATION } from '../cliContext';
import { displayPath } from '../displayPath';
import { chooseHookCommand, hookChoiceWarnings, nativePolicyDocument } from '../nativePolicy';
import { resolveRoot } from '../workspaceOption';

export const SYNC_HELP = `Usage: airlock sync [--check] [--json] [--launcher npx|global|launcher] [--hook-command CMD] [--root DIR]

Writes each AI assistant's own controls from .airlock/policy.json: Claude Code settings
(permission rules, hooks, sandbox), VS Code and Copilot CLI hooks (.github/hooks/airlock.json),
Codex hooks, the opencode plugin, VS Code settings, and the ignore files of Cursor, Gemini,
JetBrains, Aider, Windsurf, Roo, Continue and Gemini CLI. Airlock's lines live in marked blocks
or managed keys; everything hand-written survives, and re-running changes nothing.

Options:
  --check             write nothing; exit 1 and list every file that differs (for CI)
  --json              machine-readable result, with the coverage table
  --launcher KIND     how hooks start Airlock: launcher (~/.airlock/bin/airlock, installed by the
                      VS Code extension or \`airlock launcher install\`), npx (the repository's
                      @airlock-dev/airlock devDependency) or global (airlock on PATH). Default:
                      what the last sync recorded; else launcher when installed, else npx when
                      package.json lists @airlock-dev/airlock, else global
  --hook-command CMD  a custom command line that runs \`airlock hook\` (recorded like --launcher)
  --root DIR          the workspace root
`;

export interface SyncOutcome {
  readonly results: readonly NativeFileResult[];
  readonly warnings: readonly NativeWarning[];
  readonly coverage: readonly CoverageEntry[];
}

/** Plans and applies (or checks) the native files; shared with `airlock check`. */
export function runSync(root: string, ctx: CliContext, check: boolean, launcher?: string, hookCommand?: string): SyncOutcome | { error: string } {
  const engine = loadPolicy(root, { env: ctx.env, now: ctx.now() });
  if (engine.error) return { error: engine.error.problems.map((p) => formatProblem({ ...p, file: displayPath(p.file, root) })).join('\n') };
  const hook = chooseHookCommand(root, ctx.env, launcher, hookCommand, recordedHook(root));
  const plan = planNativeFiles(nativePolicyDocument(engine), { root, hookCommand: hook.command, now: ctx.now() });
  const results = applyNativePlan(plan, root, { check, hook: hook.recorded });
  const warnings = [...hookChoiceWarnings(root, hook), ...plan.warnings, ...plan.files.flatMap((f) => f.warnings)];
  const seen = new Set<string>();
  const coverage = plan.files.flatMap((f) => f.coverage).filter((c) => !seen.has(c.assistant) && seen.add(c.assistant) !== undefined);
  return { results, warnings, coverage };
}

export async function syncCommand(ctx: CliContext): Promise<number> {
  const args = parseCommandArgs('sync', ctx.argv, {
    check: { type: 'boolean' },
    json: { type: 'boolean' },
    launcher: { type: 'string' },
    'hook-command': { type: 'string' },
    root: { type: 'string' },
  });
  if (args.values.help) {
    ctx.stdout(SYNC_HELP);
    return EXIT_OK;
  }
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd);
  const check = args.values.check === true;
  const outcome = runSync(root, ctx, check, stringOption(args, 'launcher'), stringOption(args, 'hook-command'));
  if ('error' in outcome) {
    ctx.stderr(`The policy is invalid; nothing was written:\n${outcome.error}\n`);
    return EXIT_USAGE;
  }
  const { results, warnings, coverage } = outcome;
  const drift = results.filter((r) => r.status === 'drift');
  const errors = results.filter((r) => r.status === 'error');
  if (!check && results.some((r) => r.status === 'created' || r.status === 'updated')) {
    try {
      appendAuditEvents(resolveAuditDir(root).dir, [
        { kind: 'sync', client: 'cli', paths: results.filter((r) => r.status === 'created' || r.status === 'updated').map((r) => r.path), reason: 'native controls regenerated from the policy' },
      ]);
    } catch (err) {
      ctx.stderr(`airlock: warning: could not write the audit log: ${(err as Error).message}\n`);
    }
  }
  if (args.values.json) {
    ctx.stdout(`${JSON.stringify({ ok: drift.length === 0 && errors.length === 0, check, files: results, warnings, coverage }, null, 2)}\n`);
  } else {
    for (const r of results) {
      const where = r.line ? `:${r.line}:${r.column ?? 1}` : '';
      ctx.stdout(`  ${r.status.padEnd(9)} ${r.path}${where}${r.message ? `  — ${r.message}` : ''}\n`);
    }
    if (warnings.length) {
      ctx.stdout(`\nWhere a target cannot express the policy exactly (the safer side was chosen):\n`);
      for (const w of warnings) ctx.stdout(`  warning: ${w.file ? `${w.file}: ` : ''}${w.message}\n`);
    }
    ctx.stdout(`\nCoverage — how far each assistant is really kept out:\n${renderCoverageTable(coverage)}\n`);
    if (check) ctx.stdout(drift.length ? `\n${drift.length} file(s) differ from the policy: run \`airlock sync\`.\n` : '\nAll native controls match the policy.\n');
  }
  if (errors.length) return EXIT_VIOLATION;
  return check && drift.length ? EXIT_VIOLATION : EXIT_OK;
}
