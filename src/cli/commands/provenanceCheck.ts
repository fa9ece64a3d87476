// The provenance part of `airlock check`: unreviewed AI lines in classes whose policy says
// `review: "required"` are violations, as are unreadable records (on every run until fixed) and
// orphaned records; AI lines that can no longer be located are listed in the report.
import type { PolicyEngine } from '../../core/policy/policyEngine';
import { rangesText } from '../../core/provenance/summaryBuild';
import { formatLocation } from '../../core/provenance/summaryLocation';
import type { Violation } from '../../core/words/checkViolation';
import { provenanceSummaryFor } from './provenanceReport';

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

export function checkProvenance(root: string, engine: PolicyEngine): ProvenanceCheck {
  const summary = provenanceSummaryFor(root, engine);
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
  const report = [...formatLocation(summary.location), ...summary.refusedReviews];
  return {
    violations,
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
