// The provenance summary of a workspace (`provenance summary`, the reviewer's PR table) and its
// part of `airlock check`: unreviewed AI lines in classes whose policy says `review: "required"`
// are violations, as are unreadable records (on every run until fixed) and orphaned records; AI
// lines that can no longer be located are listed in the report.
import type { PolicyEngine } from '../policy/policyEngine';
import { loadPolicy } from '../policy/loadPolicy';
import type { PolicyProblem } from '../policy/policyError';
import { displayPath } from '../paths/displayPath';
import { buildSummary, formatSummaryMarkdown, linesAddedSince, rangesText, type ProvenanceSummary } from './summaryBuild';
import { formatLocation, locationReport, type LocationReport } from './summaryLocation';
import { loadCurrentAnnotations } from './summaryCurrent';
import { reviewJudge } from './reviewJudge';
import { errorMessage } from '../util/errorMessage';
import { runGit } from '../util/gitRun';
import { InputError } from '../words/inputError';
import type { Violation } from '../words/checkViolation';

export type WorkspaceSummary = ProvenanceSummary & { problems: string[]; location: LocationReport; refusedReviews: string[] };

/** The summary of the workspace: all annotated lines, or with `base` those added since it. */
export function provenanceSummaryFor(root: string, engine: PolicyEngine, base?: string): WorkspaceSummary {
  const judge = reviewJudge(root, engine);
  const current = loadCurrentAnnotations(root, { acceptReview: judge.acceptReview });
  let added: Parameters<typeof buildSummary>[2];
  if (base !== undefined) {
    let lines: Map<string, Set<number>>;
    try {
      lines = linesAddedSince(root, base);
    } catch (error) {
      throw new InputError(`airlock provenance summary: cannot compare with ${base}: ${((error as { stderr?: string }).stderr ?? errorMessage(error)).trim()}`);
    }
    const untracked = new Set(runGit(root, ['ls-files', '--others', '--exclude-standard']).trim().split('\n').filter((l) => l !== ''));
    added = { base, lines, untracked };
  }
  const summary = buildSummary(engine, current.files, added);
  const problems = current.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
  return { ...summary, problems, location: locationReport(current), refusedReviews: judge.refusals() };
}

/** `provenance summary`: the workspace's summary under its policy, or the policy's problems (workspace-relative) when it is invalid. */
export function summarizeWorkspace(root: string, options: { env: NodeJS.ProcessEnv; now: Date; base?: string }): WorkspaceSummary | { invalid: PolicyProblem[] } {
  const engine = loadPolicy(root, { env: options.env, now: options.now });
  if (engine.error) return { invalid: engine.problems.map((p) => ({ ...p, file: displayPath(p.file, root) })) };
  return provenanceSummaryFor(root, engine, options.base);
}

/** What the summary says after its table: located / lost / orphaned / moved lines, refused reviews. */
function summaryNotes(summary: WorkspaceSummary): string[] {
  return [...formatLocation(summary.location), ...summary.refusedReviews];
}

/** The summary as Markdown, ready to paste into a PR, with its notes. */
export function summaryMarkdown(summary: WorkspaceSummary): string {
  return `${formatSummaryMarkdown(summary)}${summaryNotes(summary).map((l) => `${l}\n`).join('')}`;
}

export interface ProvenanceCheck {
  readonly violations: readonly Violation[];
  /** Lines for the human report (located / lost / orphaned / moved). */
  readonly report: readonly string[];
  readonly text: string;
  readonly json: {
    readonly aiLines: number;
    readonly reviewedLines: number;
    readonly recordedLines: number;
    readonly locatedLines: number;
    readonly lost: ReadonlyArray<{ file: string; line: number; record: string }>;
    readonly orphaned: ReadonlyArray<{ file: string; lines: number }>;
    readonly requiredUnreviewed: ReadonlyArray<{ file: string; className: string; lines: number; ranges: string }>;
    readonly unreadable: readonly string[];
    readonly refusedReviews: readonly string[];
  };
}

function violationsOf(summary: WorkspaceSummary): Violation[] {
  const violations: Violation[] = summary.requiredUnreviewed.map((r) => ({
    kind: 'unreviewed-ai-lines',
    message: `${r.file}: ${r.lines} unreviewed AI line(s) (${rangesText(r.ranges)}) in class "${r.className}", which requires review — review them with \`airlock provenance review ${r.file}\``,
    file: r.file,
    line: r.ranges[0]?.startLine ?? 1,
  }));
  for (const p of summary.problems) violations.push({ kind: 'unreadable-annotations', message: `unreadable provenance record (fix or remove it): ${p}` });
  for (const o of summary.location.orphaned) {
    violations.push({ kind: 'orphaned-annotations', message: `${o.file} is gone and its ${o.lines} AI line(s) were found in no other single file — run \`airlock provenance prune\` to retire its records`, file: o.file });
  }
  return violations;
}

export function checkProvenance(root: string, engine: PolicyEngine): ProvenanceCheck {
  const summary = provenanceSummaryFor(root, engine);
  const report = summaryNotes(summary);
  return {
    violations: violationsOf(summary),
    report,
    text: report.length > 0 ? `\n${report.join('\n')}\n` : '',
    json: {
      aiLines: summary.aiLines,
      reviewedLines: summary.reviewedLines,
      recordedLines: summary.location.recordedLines,
      locatedLines: summary.location.locatedLines,
      lost: summary.location.lost,
      orphaned: summary.location.orphaned,
      requiredUnreviewed: summary.requiredUnreviewed.map((r) => ({ file: r.file, className: r.className, lines: r.lines, ranges: rangesText(r.ranges) })),
      unreadable: summary.problems,
      refusedReviews: summary.refusedReviews,
    },
  };
}
