// The provenance part of `airlock check`: unreviewed AI lines in classes whose policy says
// `review: "required"` are violations; unreadable annotation files are reported too.
import type { PolicyEngine } from '../../core/policy/policyEngine';
import { rangesText } from '../../core/provenance/summaryBuild';
import type { Violation } from './checkCommand';
import { provenanceSummaryFor } from './provenanceReport';

export interface ProvenanceCheck {
  readonly violations: readonly Violation[];
  readonly json: {
    readonly aiLines: number;
    readonly reviewedLines: number;
    readonly requiredUnreviewed: ReadonlyArray<{ file: string; className: string; lines: number; ranges: string }>;
    readonly unreadable: readonly string[];
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
  for (const p of summary.problems) violations.push({ kind: 'unreadable-annotations', message: `unreadable annotation file set aside: ${p}` });
  return {
    violations,
    json: {
      aiLines: summary.aiLines,
      reviewedLines: summary.reviewedLines,
      requiredUnreviewed: summary.requiredUnreviewed.map((r) => ({ file: r.file, className: r.className, lines: r.lines, ranges: rangesText(r.ranges) })),
      unreadable: summary.problems,
    },
  };
}
