// `airlock provenance summary` and `export`: the reviewer's PR summary, and the interchange formats.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadPolicy } from '../../core/policy/loadPolicy';
import { formatProblem } from '../../core/policy/policyError';
import { buildAgentTraceRecord } from '../../core/provenance/exportAgentTrace';
import { addGitAiNote } from '../../core/provenance/exportGitAi';
import { gitEmail } from '../../core/provenance/gitReviewer';
import { annotationsAtRevision, commitOf, linesAddedBy } from '../../core/provenance/revisionAnnotations';
import { loadCurrentAnnotations } from '../../core/provenance/summaryCurrent';
import { buildSummary, formatSummaryMarkdown, linesAddedSince, type ProvenanceSummary } from '../../core/provenance/summaryBuild';
import { formatLocation, locationReport, type LocationReport } from '../../core/provenance/summaryLocation';
import { reviewJudge } from '../../core/provenance/reviewJudge';
import type { PolicyEngine } from '../../core/policy/policyEngine';
import { commandArgs, stringOption } from '../cliArgs';
import { airlockVersion, type CliContext, EXIT_OK, EXIT_USAGE, UsageError } from '../cliContext';
import { displayPath } from '../displayPath';
import { resolveRoot } from '../workspaceOption';
import { runGit } from '../../core/util/gitRun';
import { errorMessage } from '../../core/util/errorMessage';

export const SUMMARY_HELP = `Usage: airlock provenance summary [--base REF] [--format md|json] [--root DIR]

AI-written lines (all annotated ones, or with --base only those added since the merge base with
REF), the reviewed share, a per-file table, and unreviewed AI lines in classes whose policy says
review: "required" (those make \`airlock check\` fail). Markdown is ready to paste into a PR.
`;

export const EXPORT_HELP = `Usage: airlock provenance export --format git-ai|agent-trace [--commit REF] [--out FILE] [--root DIR]

git-ai:      attaches a Git AI Standard v3.0.0 (authorship/3.0.0) log to REF (default HEAD) as a
             git note in refs/notes/ai: the AI lines REF itself added, with git-ai's tool ids; a
             note already there (say, git-ai's own) is merged with, never overwritten.
             Push notes with: git push origin refs/notes/ai
agent-trace: prints an Agent Trace record (schema version 1.0) of the AI lines at REF, with
             REF's line numbers (or writes it to FILE).
`;

function git(root: string, args: string[]): string {
  return runGit(root, args).trim();
}

/** The summary of the workspace (shared with `airlock check`). */
export function provenanceSummaryFor(root: string, engine: PolicyEngine, base?: string): ProvenanceSummary & { problems: string[]; location: LocationReport; refusedReviews: string[] } {
  const judge = reviewJudge(root, engine);
  const current = loadCurrentAnnotations(root, { acceptReview: judge.acceptReview });
  let added: Parameters<typeof buildSummary>[2];
  if (base !== undefined) {
    let lines: Map<string, Set<number>>;
    try {
      lines = linesAddedSince(root, base);
    } catch (error) {
      throw new UsageError(`airlock provenance summary: cannot compare with ${base}: ${((error as { stderr?: string }).stderr ?? errorMessage(error)).trim()}`);
    }
    const untracked = new Set(git(root, ['ls-files', '--others', '--exclude-standard']).split('\n').filter((l) => l !== ''));
    added = { base, lines, untracked };
  }
  const summary = buildSummary(engine, current.files, added);
  const problems = current.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
  return { ...summary, problems, location: locationReport(current), refusedReviews: judge.refusals() };
}

export async function provenanceSummary(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, SUMMARY_HELP, 'provenance summary', ctx.argv, { base: { type: 'string' }, format: { type: 'string' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const format = stringOption(args, 'format') ?? 'md';
  if (format !== 'md' && format !== 'json') throw new UsageError(`airlock provenance summary: --format must be md or json, got "${format}"`);
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd);
  const engine = loadPolicy(root, { env: ctx.env, now: ctx.now() });
  if (engine.error) {
    ctx.stderr(`The policy is invalid:\n${engine.problems.map((p) => `  ${formatProblem({ ...p, file: displayPath(p.file, root) })}\n`).join('')}`);
    return EXIT_USAGE;
  }
  const summary = provenanceSummaryFor(root, engine, stringOption(args, 'base'));
  for (const p of summary.problems) ctx.stderr(`airlock: unreadable provenance record (left as it is; fix or remove it): ${p}\n`);
  ctx.stdout(format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : `${formatSummaryMarkdown(summary)}${[...formatLocation(summary.location), ...summary.refusedReviews].map((l) => `${l}\n`).join('')}`);
  return EXIT_OK;
}

export async function provenanceExport(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, EXPORT_HELP, 'provenance export', ctx.argv, { format: { type: 'string' }, commit: { type: 'string' }, out: { type: 'string' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const format = stringOption(args, 'format');
  if (format !== 'git-ai' && format !== 'agent-trace') throw new UsageError(`airlock provenance export: --format must be git-ai or agent-trace.\n\n${EXPORT_HELP}`);
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd, false);
  const rev = stringOption(args, 'commit') ?? 'HEAD';
  let commit: string;
  try {
    commit = commitOf(root, rev);
  } catch (error) {
    throw new UsageError(`airlock provenance export: ${rev} is not a commit: ${((error as { stderr?: string }).stderr ?? errorMessage(error)).trim()}`);
  }
  // Line numbers are those of the commit's own content, never the work tree's.
  const files = annotationsAtRevision(root, commit);
  if (format === 'git-ai') {
    const added = linesAddedBy(root, commit);
    const parents = git(root, ['rev-list', '--parents', '-n', '1', commit]).split(' ');
    const developer = gitEmail(root);
    const result = addGitAiNote(root, files, { commit, base: parents[1] ?? commit, added, ...(developer ? { humanAuthor: developer } : {}) });
    ctx.stdout(`git note ${result.merged ? 'merged into the existing note' : 'written'} in refs/notes/ai on ${commit.slice(0, 12)} (${files.length} annotated file(s) at that commit; only the lines it added are attested)\n`);
    return EXIT_OK;
  }
  const record = buildAgentTraceRecord(files, { timestamp: ctx.now().toISOString(), revision: commit, tool: { name: 'airlock', version: airlockVersion() } });
  const text = `${JSON.stringify(record, null, 2)}\n`;
  const out = stringOption(args, 'out');
  if (out !== undefined) {
    writeFileSync(resolve(ctx.cwd, out), text);
    ctx.stdout(`Agent Trace record written to ${out}\n`);
  } else {
    ctx.stdout(text);
  }
  return EXIT_OK;
}
