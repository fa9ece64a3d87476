// What could not be located, said out loud: "located 183 of 190 AI lines; 7 changed beyond
// recognition: file:line …", orphaned records of files that are gone, files followed to a new path.
import type { LostLine } from './resolveFile';
import type { WorkspaceProvenance } from './resolveWorkspace';

export interface LocationReport {
  readonly recordedLines: number;
  readonly locatedLines: number;
  readonly lost: readonly LostLine[];
  readonly orphaned: WorkspaceProvenance['orphaned'];
  readonly moved: WorkspaceProvenance['moved'];
}

export function locationReport(current: WorkspaceProvenance): LocationReport {
  const { recordedLines, locatedLines, lost, orphaned, moved } = current;
  return { recordedLines, locatedLines, lost, orphaned, moved };
}

/** Report lines (no trailing newline each); empty when nothing was recorded. */
export function formatLocation(report: LocationReport): string[] {
  if (report.recordedLines === 0) return [];
  const out: string[] = [];
  const lost = report.lost.length;
  const orphanLines = report.orphaned.reduce((n, o) => n + o.lines, 0);
  out.push(`Provenance: located ${report.locatedLines} of ${report.recordedLines} AI lines${lost > 0 ? `; ${lost} changed beyond recognition (edited by hand, deleted, or rewritten by a tool):` : orphanLines > 0 ? '' : '; every AI line located.'}`);
  for (const l of report.lost) out.push(`  ${l.file}:${l.line} (as written; record ${l.record})`);
  for (const o of report.orphaned) out.push(`  ${o.file}: gone, and its ${o.lines} AI line(s) were found in no other single file (orphaned records; \`airlock provenance prune\` retires them)`);
  for (const m of report.moved) out.push(`  ${m.from} → ${m.to}: records followed the file's lines`);
  return out;
}
