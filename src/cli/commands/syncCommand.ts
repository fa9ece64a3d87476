// `airlock sync [--check] [--json]`: writes every assistant's own controls from the one policy,
// inside managed blocks/keys so hand-written content survives; --check reports drift for CI.
import { appendAuditEvents } from '../../core/audit/auditAppend';
import { resolveAuditDir } from '../../core/audit/auditLocation';
import { applyNativePlan, recordedHook } from '../../core/native/applyNativePlan';
import type { CoverageEntry, NativeFileResult, NativeWarning } from '../../core/native/nativeTypes';
import { planNativeFiles } from '../../core/native/planNativeFiles';
import { formatProblem } from '../../core/policy/policyError';
import { loadPolicy } from '../../core/policy/loadPolicy';
import { commandArgs, stringOption } from '../cliArgs';
import { type CliContext, EXIT_OK, EXIT_USAGE, EXIT_VIOLATION } from '../cliContext';
import { displayPath } from '../../core/paths/displayPath';
import { chooseHookCommand, hookChoiceWarnings, nativePolicyDocument } from '../nativePolicy';
import { resolveRoot } from '../workspaceOption';
import { resolveSyncTargets, type ResolvedTargets } from '../../core/native/syncTargetFiles';
import { renderSyncReport } from '../../core/native/syncReport';
import { errorMessage } from '../../core/util/errorMessage';

export const SYNC_HELP = `Usage: airlock sync [--check] [--verbose] [--json] [--launcher npx|global|launcher] [--hook-command CMD] [--root DIR]

Writes each AI assistant's own controls from .airlock/policy.json: Claude Code settings
(permission rules, hooks, sandbox), VS Code and Copilot CLI hooks (.github/hooks/airlock.json),
Codex hooks, the opencode plugin, VS Code settings, and the ignore files of Cursor, Gemini,
JetBrains, Aider, Windsurf, Roo, Continue and Gemini CLI. Airlock's lines live in marked blocks
or managed keys; everything hand-written survives, and re-running changes nothing.

Only for the assistants the repository uses: by default those detected from their files
(.claude/, .github/copilot-instructions.md, .cursor/, AGENTS.md...); choose them in the policy
with "sync": { "targets": ["claude-code", "copilot", ...] } or "all".

Options:
  --check             write nothing; exit 1 and print a unified diff of every file that differs
                      (lines people add outside Airlock's blocks are theirs and are not compared)
  --verbose           every file's status, the warnings and the coverage table
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
  readonly targets: ResolvedTargets;
}

/** Plans and applies (or checks) the native files; shared with `airlock check`. */
export function runSync(root: string, ctx: CliContext, check: boolean, launcher?: string, hookCommand?: string): SyncOutcome | { error: string } {
  const engine = loadPolicy(root, { env: ctx.env, now: ctx.now() });
  if (engine.error) return { error: engine.error.problems.map((p) => formatProblem({ ...p, file: displayPath(p.file, root) })).join('\n') };
  const doc = nativePolicyDocument(engine);
  const targets = resolveSyncTargets(doc.syncTargets, root);
  const hook = chooseHookCommand(root, ctx.env, launcher, hookCommand, recordedHook(root));
  const plan = planNativeFiles(doc, { root, hookCommand: hook.command, now: ctx.now(), targets: targets.targets });
  const results = applyNativePlan(plan, root, { check, hook: hook.recorded });
  const warnings = [...hookChoiceWarnings(root, hook), ...plan.warnings, ...plan.files.flatMap((f) => f.warnings)];
  const seen = new Set<string>();
  const coverage = plan.files.flatMap((f) => f.coverage).filter((c) => !seen.has(c.assistant) && seen.add(c.assistant) !== undefined);
  return { results, warnings, coverage, targets };
}

export async function syncCommand(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, SYNC_HELP, 'sync', ctx.argv, {
    check: { type: 'boolean' },
    verbose: { type: 'boolean' },
    json: { type: 'boolean' },
    launcher: { type: 'string' },
    'hook-command': { type: 'string' },
    root: { type: 'string' },
  });
  if (typeof args === 'number') return args;
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd);
  const check = args.values.check === true;
  const outcome = runSync(root, ctx, check, stringOption(args, 'launcher'), stringOption(args, 'hook-command'));
  if ('error' in outcome) {
    ctx.stderr(`The policy is invalid; nothing was written:\n${outcome.error}\n`);
    return EXIT_USAGE;
  }
  const { results, warnings, coverage, targets } = outcome;
  const drift = results.filter((r) => r.status === 'drift');
  const errors = results.filter((r) => r.status === 'error');
  if (!check && results.some((r) => r.status === 'created' || r.status === 'updated')) {
    try {
      appendAuditEvents(resolveAuditDir(root).dir, [
        { kind: 'sync', client: 'cli', paths: results.filter((r) => r.status === 'created' || r.status === 'updated').map((r) => r.path), reason: 'native controls regenerated from the policy' },
      ]);
    } catch (err) {
      ctx.stderr(`airlock: warning: could not write the audit log: ${errorMessage(err)}\n`);
    }
  }
  if (args.values.json) {
    ctx.stdout(`${JSON.stringify({ ok: drift.length === 0 && errors.length === 0, check, targets: targets.targets, targetsChosenBy: targets.how, files: results, warnings, coverage }, null, 2)}\n`);
  } else {
    ctx.stdout(renderSyncReport({ results, warnings, coverage, targets }, { check, verbose: args.values.verbose === true }));
  }
  if (errors.length) return EXIT_VIOLATION;
  return check && drift.length ? EXIT_VIOLATION : EXIT_OK;
}
