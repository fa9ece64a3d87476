// The `sync` feature: plan every assistant's native files from the policy and apply them (or,
// with `check`, compare them), recording what was rewritten in the audit log. Shared with `check`.
import { appendAuditEvents } from '../audit/auditAppend';
import { resolveAuditDir } from '../audit/auditLocation';
import { applyNativePlan, recordedHook } from '../native/applyNativePlan';
import type { CoverageEntry, NativeFileResult, NativeWarning } from '../native/nativeTypes';
import { planNativeFiles } from '../native/planNativeFiles';
import { resolveSyncTargets, type ResolvedTargets } from '../native/syncTargetFiles';
import { loadPolicy } from '../policy/loadPolicy';
import { formatProblem } from '../policy/policyError';
import { displayPath } from '../paths/displayPath';
import { errorMessage } from '../util/errorMessage';
import { chooseHookCommand, hookChoiceWarnings, nativePolicyDocument } from './nativePolicy';

export interface SyncOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly now: Date;
  /** Write nothing; report drift. */
  readonly check: boolean;
  /** How hooks start Airlock (`npx`, `global`, `launcher`), or a custom command line. */
  readonly launcher?: string;
  readonly hookCommand?: string;
}

export interface SyncOutcome {
  readonly results: readonly NativeFileResult[];
  readonly warnings: readonly NativeWarning[];
  readonly coverage: readonly CoverageEntry[];
  readonly targets: ResolvedTargets;
  /** The audit log could not be written (the files were). */
  readonly auditWarning?: string;
}

/** Plans and applies (or checks) the native files; `{ error }` (the problems) when the policy is invalid. */
export function runSync(root: string, options: SyncOptions): SyncOutcome | { error: string } {
  const engine = loadPolicy(root, { env: options.env, now: options.now });
  if (engine.error) return { error: engine.error.problems.map((p) => formatProblem({ ...p, file: displayPath(p.file, root) })).join('\n') };
  const doc = nativePolicyDocument(engine);
  const targets = resolveSyncTargets(doc.syncTargets, root);
  const hook = chooseHookCommand(root, options.env, options.launcher, options.hookCommand, recordedHook(root));
  const plan = planNativeFiles(doc, { root, hookCommand: hook.command, now: options.now, targets: targets.targets });
  const results = applyNativePlan(plan, root, { check: options.check, hook: hook.recorded });
  const warnings = [...hookChoiceWarnings(root, hook), ...plan.warnings, ...plan.files.flatMap((f) => f.warnings)];
  const seen = new Set<string>();
  const coverage = plan.files.flatMap((f) => f.coverage).filter((c) => !seen.has(c.assistant) && seen.add(c.assistant) !== undefined);
  const auditWarning = options.check ? undefined : auditRewrites(root, results);
  return { results, warnings, coverage, targets, ...(auditWarning ? { auditWarning } : {}) };
}

function auditRewrites(root: string, results: readonly NativeFileResult[]): string | undefined {
  const written = results.filter((r) => r.status === 'created' || r.status === 'updated').map((r) => r.path);
  if (written.length === 0) return undefined;
  try {
    appendAuditEvents(resolveAuditDir(root).dir, [{ kind: 'sync', client: 'cli', paths: written, reason: 'native controls regenerated from the policy' }]);
    return undefined;
  } catch (err) {
    return `could not write the audit log: ${errorMessage(err)}`;
  }
}
