// The `provenance mark` and `review` features: tag lines of a file as AI-written (for tools
// without hooks, or code pasted from a web chat), and sign AI lines off as reviewed.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { AnnotationStore } from './annotationStore';
import { addAiRanges, emptyAnnotations } from './annotationOps';
import { UNKNOWN_MODEL, type LineRange } from './annotationTypes';
import { absoluteOf, readText } from './capturePaths';
import { fileHashOf } from './contentHash';
import { gitBlobReader } from './gitBlobs';
import { gitEmail, gitReviewer, gitSigningKey } from '../util/gitIdentity';
import { auditReview } from './reviewAudit';
import { recordReview } from './reviewRecord';
import { workspaceRoot } from '../paths/canonicalPath';
import { errorMessage } from '../util/errorMessage';
import { InputError } from '../words/inputError';

/** `12` or `12-20` → a line range. */
function parseLineRange(text: string, command: string): LineRange {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  const start = Number(match?.[1]);
  const end = match?.[2] === undefined ? start : Number(match[2]);
  if (!match || start < 1 || end < start) throw new InputError(`airlock provenance ${command}: --lines must be A or A-B with 1 <= A <= B, got "${text}"`);
  return { startLine: start, endLine: end };
}

/** A file named by the user (relative to `cwd`) as a workspace-relative `/` path. */
function workspaceFile(root: string, cwd: string, given: string, command: string): string {
  const rel = relative(root, resolve(cwd, given));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new InputError(`airlock provenance ${command}: ${given} is not inside the workspace ${root}`);
  return rel.split(sep).join('/');
}

export interface MarkRequest {
  readonly root: string;
  /** Where relative names are read from (the user's shell). */
  readonly cwd: string;
  readonly file: string;
  /** `A` or `A-B`, 1-based. */
  readonly lines: string;
  readonly tool: string;
  readonly model?: string;
  readonly session?: string;
  readonly time: string;
}

/** Tags the lines as AI-written; what was marked (`model` null when none was named). */
export function markAiLines(request: MarkRequest): { file: string; range: LineRange; tool: string; model: string | null } {
  const file = workspaceFile(request.root, request.cwd, request.file, 'mark');
  const range = parseLineRange(request.lines, 'mark');
  const roots = workspaceRoot(request.root);
  const text = readText(absoluteOf(roots, file));
  if (text === undefined) throw new InputError(`airlock provenance mark: ${file}: no such file`);
  const developer = gitEmail(roots.root);
  const store = new AnnotationStore(roots.root, { readBlob: gitBlobReader(roots.root), ...(developer !== undefined ? { developer } : {}) });
  const annotations = store.load(file, text) ?? { ...emptyAnnotations(file), fileHash: fileHashOf(text) };
  const total = text.length === 0 ? 0 : text.replace(/\r?\n$/, '').split(/\r?\n/).length;
  if (range.endLine > total) throw new InputError(`airlock provenance mark: ${file} has ${total} line(s); --lines ${request.lines} is outside it`);
  const model = request.model ?? UNKNOWN_MODEL;
  const tool = request.tool.trim();
  store.save(addAiRanges(annotations, text, [range], { tool, model, session: request.session ?? 'manual', time: request.time }), text);
  return { file, range, tool: request.tool, model: model === UNKNOWN_MODEL ? null : model };
}

export interface ReviewRequest {
  readonly root: string;
  readonly cwd: string;
  readonly file: string;
  /** `A` or `A-B`; every AI line of the file when absent. */
  readonly lines?: string;
  /** An SSH key file given by the user (relative to `cwd`); git's user.signingkey otherwise. */
  readonly key?: string;
  readonly time: string;
}

export interface ReviewDone {
  readonly file: string;
  readonly reviewer: string;
  readonly reviewedLines: number;
  readonly unreviewedLeft: number;
  readonly signed: boolean;
  /** False when there was nothing to record (no AI lines in the range). */
  readonly recorded: boolean;
  /** The audit log could not be written (the review stands). */
  readonly auditWarning?: string;
}

/** Records that git's user reviewed the file's AI lines (signed with their SSH key when there is one). */
export function reviewAiLines(request: ReviewRequest): ReviewDone {
  const { root } = request;
  const file = workspaceFile(root, request.cwd, request.file, 'review');
  const range = request.lines === undefined ? 'all' : parseLineRange(request.lines, 'review');
  const reviewer = gitReviewer(root);
  if (reviewer === undefined) throw new InputError('airlock provenance review: set git user.name and user.email first (the review is signed with them)');
  const text = readText(absoluteOf(workspaceRoot(root), file));
  if (text === undefined) throw new InputError(`airlock provenance review: ${file}: no such file`);
  const key = request.key !== undefined ? resolve(request.cwd, request.key) : gitSigningKey(root);
  const principal = gitEmail(root);
  let outcome: ReturnType<typeof recordReview>;
  try {
    outcome = recordReview(root, { file, text, lines: range, reviewer, ...(principal !== undefined ? { principal } : {}), ...(key !== undefined ? { key } : {}), time: request.time });
  } catch (error) {
    throw new InputError(`airlock provenance review: could not sign the review with ${key}: ${((error as { stderr?: Buffer }).stderr?.toString() ?? errorMessage(error)).trim()}`);
  }
  const record = outcome.record;
  const auditWarning = record ? auditReview(root, { file, ranges: outcome.ranges, reviewer, client: 'cli', time: record.time, signed: record.signature !== undefined }) : undefined;
  return { file, reviewer, reviewedLines: outcome.reviewedLines, unreviewedLeft: outcome.unreviewedLeft, signed: Boolean(record?.signature), recorded: record !== undefined, ...(auditWarning ? { auditWarning } : {}) };
}
