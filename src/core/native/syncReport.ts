// What `airlock sync` prints: by default one line (what changed, for which assistants, how many
// warnings); problems always; with --check the unified diff of each drifting file; with
// --verbose every file's status, each warning with the pattern it is about, and the coverage table.
import { renderCoverageTable } from './coverage';
import type { CoverageEntry, NativeFileResult, NativeWarning } from './nativeTypes';
import type { ResolvedTargets } from './syncTargetFiles';

export interface SyncReportInput {
  readonly results: readonly NativeFileResult[];
  readonly warnings: readonly NativeWarning[];
  readonly coverage: readonly CoverageEntry[];
  readonly targets: ResolvedTargets;
}

const CHOSEN: Record<ResolvedTargets['how'], string> = {
  policy: 'chosen in the policy',
  all: 'all targets',
  detected: 'detected; choose with "sync": { "targets": [...] } in the policy',
  fallback: 'none detected, so the default; choose with "sync": { "targets": [...] } in the policy',
};

function count(results: readonly NativeFileResult[], status: NativeFileResult['status']): number {
  return results.filter((r) => r.status === status).length;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(input: SyncReportInput, check: boolean, verbose = false): string {
  const { results, warnings, targets } = input;
  const verboseHint = verbose ? '' : ' (all with --verbose)';
  const who = `${targets.targets.join(', ')} (${CHOSEN[targets.how]})`;
  const errors = count(results, 'error');
  const tail = `${errors ? `, ${plural(errors, 'error')}` : ''}${warnings.length ? `; ${plural(warnings.length, 'warning')}${verboseHint}` : ''}`;
  if (check) {
    const drift = count(results, 'drift');
    return drift ? `airlock sync --check: ${plural(drift, 'file')} differ from the policy for ${who}: run \`airlock sync\`${tail}` : `airlock sync --check: native controls match the policy for ${who}${tail}`;
  }
  const changed = count(results, 'created') + count(results, 'updated');
  return `airlock sync: ${changed ? `${plural(changed, 'file')} written` : 'nothing to change'}, ${count(results, 'unchanged')} up to date, for ${who}${tail}`;
}

function warningLine(w: NativeWarning): string {
  const at = w.location ? ` (policy line ${w.location.line})` : '';
  return `  warning: ${w.file ? `${w.file}: ` : ''}${w.message}${w.pattern && !w.message.includes(w.pattern) ? ` [pattern ${w.pattern}]` : ''}${at}\n`;
}

/**
 * Warnings about the setup (the hook launcher, package.json, monitor mode, exceptions) are always
 * shown; those about what one generated file cannot express wait for --verbose.
 */
function aboutSetup(w: NativeWarning, written: ReadonlySet<string>): boolean {
  return !w.pattern && !written.has(w.file);
}

export function renderSyncReport(input: SyncReportInput, options: { check: boolean; verbose: boolean }): string {
  const out: string[] = [];
  const written = new Set(input.results.map((r) => r.path));
  if (!options.verbose) for (const w of input.warnings) if (aboutSetup(w, written)) out.push(warningLine(w));
  const shown = options.verbose ? input.results : input.results.filter((r) => r.status === 'error');
  for (const r of shown) {
    const where = r.line ? `:${r.line}:${r.column ?? 1}` : '';
    out.push(`  ${r.status.padEnd(9)} ${r.path}${where}${r.message ? `  — ${r.message}` : ''}\n`);
  }
  if (options.check) for (const r of input.results) if (r.diff) out.push(r.diff.endsWith('\n') ? r.diff : `${r.diff}\n`);
  if (options.verbose) {
    if (input.warnings.length) {
      out.push('\nWhere a target cannot express the policy exactly (the safer side was chosen):\n');
      for (const w of input.warnings) out.push(warningLine(w));
    }
    out.push(`\nCoverage — how far each assistant is really kept out:\n${renderCoverageTable(input.coverage)}\n`);
  }
  out.push(`${out.length ? '\n' : ''}${summaryLine(input, options.check, options.verbose)}\n`);
  return out.join('');
}

