// `airlock provenance summary` and `export`: the reviewer's PR summary, and the interchange formats.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatProblem } from '../../core/policy/policyError';
import { exportAgentTrace, exportGitAiNote } from '../../core/provenance/exportRevision';
import { summarizeWorkspace, summaryMarkdown } from '../../core/provenance/workspaceSummary';
import { commandArgs, stringOption } from '../cliArgs';
import { airlockVersion, type CliContext, EXIT_OK, EXIT_USAGE, UsageError } from '../cliContext';
import { resolveRoot } from '../workspaceOption';

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

export async function provenanceSummary(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, SUMMARY_HELP, 'provenance summary', ctx.argv, { base: { type: 'string' }, format: { type: 'string' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const format = stringOption(args, 'format') ?? 'md';
  if (format !== 'md' && format !== 'json') throw new UsageError(`airlock provenance summary: --format must be md or json, got "${format}"`);
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd);
  const base = stringOption(args, 'base');
  const summary = summarizeWorkspace(root, { env: ctx.env, now: ctx.now(), ...(base !== undefined ? { base } : {}) });
  if ('invalid' in summary) {
    ctx.stderr(`The policy is invalid:\n${summary.invalid.map((p) => `  ${formatProblem(p)}\n`).join('')}`);
    return EXIT_USAGE;
  }
  for (const p of summary.problems) ctx.stderr(`airlock: unreadable provenance record (left as it is; fix or remove it): ${p}\n`);
  ctx.stdout(format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : summaryMarkdown(summary));
  return EXIT_OK;
}

export async function provenanceExport(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, EXPORT_HELP, 'provenance export', ctx.argv, { format: { type: 'string' }, commit: { type: 'string' }, out: { type: 'string' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const format = stringOption(args, 'format');
  if (format !== 'git-ai' && format !== 'agent-trace') throw new UsageError(`airlock provenance export: --format must be git-ai or agent-trace.\n\n${EXPORT_HELP}`);
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd, false);
  const rev = stringOption(args, 'commit') ?? 'HEAD';
  if (format === 'git-ai') {
    const result = exportGitAiNote(root, rev);
    ctx.stdout(`git note ${result.merged ? 'merged into the existing note' : 'written'} in refs/notes/ai on ${result.commit.slice(0, 12)} (${result.files} annotated file(s) at that commit; only the lines it added are attested)\n`);
    return EXIT_OK;
  }
  const text = exportAgentTrace(root, rev, { time: ctx.now().toISOString(), toolVersion: airlockVersion() });
  const out = stringOption(args, 'out');
  if (out !== undefined) {
    writeFileSync(resolve(ctx.cwd, out), text);
    ctx.stdout(`Agent Trace record written to ${out}\n`);
  } else {
    ctx.stdout(text);
  }
  return EXIT_OK;
}
