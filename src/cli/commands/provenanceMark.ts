// `airlock provenance mark` and `review`: tag lines as AI-written, sign AI lines off.
import { markAiLines, reviewAiLines } from '../../core/provenance/markLines';
import { commandArgs, stringOption } from '../cliArgs';
import { type CliContext, EXIT_OK, UsageError } from '../cliContext';
import { resolveRoot } from '../workspaceOption';

export const MARK_HELP = `Usage: airlock provenance mark <file> --lines A-B --tool T [--model M] [--session S] [--root DIR]

Tags lines of <file> as AI-written (for tools without hooks, or code pasted from a web chat).
`;

export const REVIEW_HELP = `Usage: airlock provenance review <file> [--lines A-B] [--key SSH_KEY] [--root DIR]

Records that you (git user.name/user.email) reviewed the AI lines of <file> (or only those in A-B).
The review is signed with SSH_KEY (default: git config user.signingkey) using ssh-keygen -Y sign,
namespace airlock-review; a policy with "reviewSigners" counts only signatures it can verify.
`;

export async function provenanceMark(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, MARK_HELP, 'provenance mark', ctx.argv, { lines: { type: 'string' }, tool: { type: 'string' }, model: { type: 'string' }, session: { type: 'string' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const [given] = args.positionals;
  const lines = stringOption(args, 'lines');
  const tool = stringOption(args, 'tool');
  if (given === undefined || lines === undefined || tool === undefined || tool.trim() === '') throw new UsageError(`airlock provenance mark: <file>, --lines and --tool are required.\n\n${MARK_HELP}`);
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd, false);
  const model = stringOption(args, 'model');
  const session = stringOption(args, 'session');
  const marked = markAiLines({ root, cwd: ctx.cwd, file: given, lines, tool, ...(model !== undefined ? { model } : {}), ...(session !== undefined ? { session } : {}), time: ctx.now().toISOString() });
  ctx.stdout(`${marked.file}: lines ${marked.range.startLine}-${marked.range.endLine} marked as written by ${marked.tool}${marked.model === null ? '' : ` (${marked.model})`}\n`);
  return EXIT_OK;
}

export async function provenanceReview(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, REVIEW_HELP, 'provenance review', ctx.argv, { lines: { type: 'string' }, key: { type: 'string' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const [given] = args.positionals;
  if (given === undefined) throw new UsageError(`airlock provenance review: <file> is required.\n\n${REVIEW_HELP}`);
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd, false);
  const lines = stringOption(args, 'lines');
  const key = stringOption(args, 'key');
  const done = reviewAiLines({ root, cwd: ctx.cwd, file: given, ...(lines !== undefined ? { lines } : {}), ...(key !== undefined ? { key } : {}), time: ctx.now().toISOString() });
  if (done.auditWarning) ctx.stderr(`airlock: warning: ${done.auditWarning}\n`);
  ctx.stdout(`${done.file}: ${done.reviewedLines} AI line(s) reviewed by ${done.reviewer}${done.signed ? ' (signed)' : ''}; ${done.unreviewedLeft} unreviewed left\n`);
  if (done.recorded && !done.signed) ctx.stderr('airlock: the review is unsigned (no --key and no git user.signingkey): a policy with "reviewSigners" will not count it\n');
  return EXIT_OK;
}
