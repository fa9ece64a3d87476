// `airlock provenance mark` and `review`: tag lines as AI-written, sign AI lines off.
import { AnnotationStore } from '../../core/provenance/annotationStore';
import { addAiRanges, emptyAnnotations } from '../../core/provenance/annotationOps';
import { UNKNOWN_MODEL, type FileAnnotations } from '../../core/provenance/annotationTypes';
import { absoluteOf, readText } from '../../core/provenance/capturePaths';
import { workspaceRoot } from '../../core/paths/canonicalPath';
import { gitEmail, gitSigningKey } from '../../core/provenance/gitReviewer';
import { auditReview } from '../../core/provenance/reviewAudit';
import { recordReview } from '../../core/provenance/reviewRecord';
import { resolve } from 'node:path';
import { fileHashOf } from '../../core/provenance/contentHash';
import { gitBlobReader } from '../../core/provenance/gitBlobs';
import { commandArgs, stringOption } from '../cliArgs';
import { type CliContext, EXIT_OK, UsageError } from '../cliContext';
import { resolveRoot } from '../workspaceOption';
import { requireGitReviewer, parseLineRange, workspaceFile } from './provenanceArgs';
import { errorMessage } from '../../core/util/errorMessage';

export const MARK_HELP = `Usage: airlock provenance mark <file> --lines A-B --tool T [--model M] [--session S] [--root DIR]

Tags lines of <file> as AI-written (for tools without hooks, or code pasted from a web chat).
`;

export const REVIEW_HELP = `Usage: airlock provenance review <file> [--lines A-B] [--key SSH_KEY] [--root DIR]

Records that you (git user.name/user.email) reviewed the AI lines of <file> (or only those in A-B).
The review is signed with SSH_KEY (default: git config user.signingkey) using ssh-keygen -Y sign,
namespace airlock-review; a policy with "reviewSigners" counts only signatures it can verify.
`;

/** The file's annotations carried over to its current text, and that text. */
function current(root: string, file: string, command: string): { store: AnnotationStore; text: string; annotations: FileAnnotations } {
  const roots = workspaceRoot(root);
  const text = readText(absoluteOf(roots, file));
  if (text === undefined) throw new UsageError(`airlock provenance ${command}: ${file}: no such file`);
  const developer = gitEmail(roots.root);
  const store = new AnnotationStore(roots.root, { readBlob: gitBlobReader(roots.root), ...(developer !== undefined ? { developer } : {}) });
  const annotations = store.load(file, text) ?? { ...emptyAnnotations(file), fileHash: fileHashOf(text) };
  return { store, text, annotations };
}

export async function provenanceMark(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, MARK_HELP, 'provenance mark', ctx.argv, { lines: { type: 'string' }, tool: { type: 'string' }, model: { type: 'string' }, session: { type: 'string' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const [given] = args.positionals;
  const lines = stringOption(args, 'lines');
  const tool = stringOption(args, 'tool');
  if (given === undefined || lines === undefined || tool === undefined || tool.trim() === '') throw new UsageError(`airlock provenance mark: <file>, --lines and --tool are required.\n\n${MARK_HELP}`);
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd, false);
  const file = workspaceFile(root, ctx.cwd, given, 'mark');
  const range = parseLineRange(lines, 'mark');
  const { store, text, annotations } = current(root, file, 'mark');
  const total = text.length === 0 ? 0 : text.replace(/\r?\n$/, '').split(/\r?\n/).length;
  if (range.endLine > total) throw new UsageError(`airlock provenance mark: ${file} has ${total} line(s); --lines ${lines} is outside it`);
  const model = stringOption(args, 'model') ?? UNKNOWN_MODEL;
  store.save(addAiRanges(annotations, text, [range], { tool: tool.trim(), model, session: stringOption(args, 'session') ?? 'manual', time: ctx.now().toISOString() }), text);
  ctx.stdout(`${file}: lines ${range.startLine}-${range.endLine} marked as written by ${tool}${model === UNKNOWN_MODEL ? '' : ` (${model})`}\n`);
  return EXIT_OK;
}

export async function provenanceReview(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, REVIEW_HELP, 'provenance review', ctx.argv, { lines: { type: 'string' }, key: { type: 'string' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const [given] = args.positionals;
  if (given === undefined) throw new UsageError(`airlock provenance review: <file> is required.\n\n${REVIEW_HELP}`);
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd, false);
  const file = workspaceFile(root, ctx.cwd, given, 'review');
  const lines = stringOption(args, 'lines');
  const range = lines === undefined ? 'all' : parseLineRange(lines, 'review');
  const reviewer = requireGitReviewer(root);
  const text = readText(absoluteOf(workspaceRoot(root), file));
  if (text === undefined) throw new UsageError(`airlock provenance review: ${file}: no such file`);
  const givenKey = stringOption(args, 'key');
  const key = givenKey !== undefined ? resolve(ctx.cwd, givenKey) : gitSigningKey(root);
  const principal = gitEmail(root);
  let outcome: ReturnType<typeof recordReview>;
  try {
    outcome = recordReview(root, { file, text, lines: range, reviewer, ...(principal !== undefined ? { principal } : {}), ...(key !== undefined ? { key } : {}), time: ctx.now().toISOString() });
  } catch (error) {
    throw new UsageError(`airlock provenance review: could not sign the review with ${key}: ${((error as { stderr?: Buffer }).stderr?.toString() ?? errorMessage(error)).trim()}`);
  }
  if (outcome.record) {
    const warning = auditReview(root, { file, ranges: outcome.ranges, reviewer, client: 'cli', time: outcome.record.time, signed: outcome.record.signature !== undefined });
    if (warning) ctx.stderr(`airlock: warning: ${warning}\n`);
  }
  ctx.stdout(`${file}: ${outcome.reviewedLines} AI line(s) reviewed by ${reviewer}${outcome.record?.signature ? ' (signed)' : ''}; ${outcome.unreviewedLeft} unreviewed left\n`);
  if (outcome.record && !outcome.record.signature) ctx.stderr('airlock: the review is unsigned (no --key and no git user.signingkey): a policy with "reviewSigners" will not count it\n');
  return EXIT_OK;
}
