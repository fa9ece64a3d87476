// The reviewer's summary of a branch: AI lines added, how many are reviewed, per file, and the
// unreviewed ones in classes whose policy requires review (what `airlock check` fails on).
import { addedLinesByFile } from './diffAddedLines';
import { decideWorkspacePath } from '../decide/decide';
import type { PolicyEngine } from '../policy/policyEngine';
import type { FileAnnotations, LineRange } from './annotationTypes';
import { linesToRanges } from './lineRanges';
import { runGit } from '../util/gitRun';

/** How many AI lines, and how many of them a human reviewed (a file's, or the whole summary's). */
export interface AiLineCounts {
  readonly aiLines: number;
  readonly reviewedLines: number;
}

export interface FileSummary extends AiLineCounts {
  readonly file: string;
  readonly className: string;
  readonly reviewRequired: boolean;
  /** AI lines a human has since changed (state `ai-modified`). */
  readonly modifiedLines: number;
  readonly unreviewed: readonly LineRange[];
  readonly tools: readonly string[];
}

export interface ProvenanceSummary extends AiLineCounts {
  /** The ref the branch is compared with (its merge base), or null for all annotated lines. */
  readonly base: string | null;
  /** reviewedLines / aiLines, 1 when there are no AI lines. */
  readonly reviewedShare: number;
  readonly files: readonly FileSummary[];
  /** Unreviewed AI lines in `review: "required"` classes: each is a CI violation. */
  readonly requiredUnreviewed: ReadonlyArray<{ readonly file: string; readonly className: string; readonly ranges: readonly LineRange[]; readonly lines: number }>;
}

/** Lines of the work-tree file that are new since `base` (`git diff -U0`), per file. */
export function linesAddedSince(root: string, base: string): Map<string, Set<number>> {
  const mergeBase = runGit(root, ['merge-base', base, 'HEAD']).trim();
  const diff = runGit(root, ['diff', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', mergeBase, '--']);
  return addedLinesByFile(diff);
}

function rangeLines(range: LineRange): number[] {
  return Array.from({ length: range.endLine - range.startLine + 1 }, (_, k) => range.startLine + k);
}

/**
 * The summary over `files` (current annotations, see summaryCurrent.ts). With `added` (from
 * `linesAddedSince`) only AI lines new on the branch count; untracked files count whole.
 */
export function buildSummary(engine: PolicyEngine, files: readonly FileAnnotations[], added?: { base: string; lines: Map<string, Set<number>>; untracked: ReadonlySet<string> }): ProvenanceSummary {
  const summaries: FileSummary[] = [];
  const required: Array<{ file: string; className: string; ranges: LineRange[]; lines: number }> = [];
  let ai = 0;
  let reviewed = 0;
  for (const annotations of files) {
    const onBranch = added && !added.untracked.has(annotations.file) ? (added.lines.get(annotations.file) ?? new Set<number>()) : undefined;
    let aiLines = 0;
    let reviewedLines = 0;
    let modifiedLines = 0;
    const unreviewed: number[] = [];
    const tools = new Set<string>();
    for (const range of annotations.ranges) {
      const lines = rangeLines(range).filter((l) => !onBranch || onBranch.has(l));
      if (lines.length === 0) continue;
      tools.add(range.model === 'unknown' ? range.tool : `${range.tool} (${range.model})`);
      aiLines += lines.length;
      if (range.state === 'ai-modified') modifiedLines += lines.length;
      if (range.reviewedBy !== undefined) reviewedLines += lines.length;
      else unreviewed.push(...lines);
    }
    if (aiLines === 0) continue;
    const decision = decideWorkspacePath(engine, annotations.file, false, 'edit');
    // Any layer that requires review for the class wins: baselines can only tighten.
    const reviewRequired = engine.layers.some((l) => l.doc.classes.get(decision.className)?.reviewRequired === true);
    const unreviewedRanges = linesToRanges(unreviewed.sort((a, b) => a - b));
    summaries.push({ file: annotations.file, className: decision.className, reviewRequired, aiLines, reviewedLines, modifiedLines, unreviewed: unreviewedRanges, tools: [...tools].sort() });
    if (reviewRequired && unreviewed.length > 0) required.push({ file: annotations.file, className: decision.className, ranges: unreviewedRanges, lines: unreviewed.length });
    ai += aiLines;
    reviewed += reviewedLines;
  }
  return {
    base: added?.base ?? null,
    aiLines: ai,
    reviewedLines: reviewed,
    reviewedShare: ai === 0 ? 1 : reviewed / ai,
    files: summaries.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    requiredUnreviewed: required.sort((a, b) => (a.file < b.file ? -1 : 1)),
  };
}

export function rangesText(ranges: readonly LineRange[]): string {
  return ranges.map((r) => (r.startLine === r.endLine ? `${r.startLine}` : `${r.startLine}-${r.endLine}`)).join(', ');
}

/** Markdown ready to paste into a pull request. */
export function formatSummaryMarkdown(summary: ProvenanceSummary): string {
  const pct = (n: number): string => `${Math.round(n * 100)}%`;
  const out: string[] = [];
  out.push(`## AI-assisted changes${summary.base ? ` (since \`${summary.base}\`)` : ''}`, '');
  if (summary.aiLines === 0) {
    out.push('No AI-written lines are annotated.', '');
    return out.join('\n');
  }
  out.push(`**${summary.aiLines}** AI-written line(s) in ${summary.files.length} file(s); **${pct(summary.reviewedShare)}** reviewed (${summary.reviewedLines}/${summary.aiLines}).`, '');
  out.push('| File | Class | AI lines | Reviewed | Modified by a human | Tools |', '| --- | --- | ---: | ---: | ---: | --- |');
  for (const f of summary.files) {
    out.push(`| \`${f.file}\` | ${f.className}${f.reviewRequired ? ' (review required)' : ''} | ${f.aiLines} | ${f.reviewedLines} | ${f.modifiedLines} | ${f.tools.join(', ')} |`);
  }
  out.push('');
  if (summary.requiredUnreviewed.length > 0) {
    out.push(`### ⚠️ Unreviewed AI lines where review is required`, '');
    for (const r of summary.requiredUnreviewed) out.push(`- \`${r.file}\` (${r.className}): lines ${rangesText(r.ranges)}`);
    out.push('');
  } else {
    out.push('All AI lines in classes that require review are reviewed.', '');
  }
  return out.join('\n');
}

