// A review as a record: the AI lines reviewed (by key, like every record), who reviewed them,
// and — when the reviewer has an SSH signing key — a signature CI verifies against the policy's
// allowed signers. The record is only ever added; a later AI edit of a line needs a new review.
import type { LineRange } from './annotationTypes';
import { AnnotationStore } from './annotationStore';
import { KeyCache, newSalt } from './lineKeys';
import { signedPayload } from './recordCodec';
import { recordBase, runsFor } from './recordBuild';
import { appendRecord } from './recordStore';
import type { ReviewRecord } from './recordTypes';
import { byWriteOrder } from './resolveFile';
import { signPayload } from './reviewSignature';

export interface ReviewRequest {
  readonly file: string;
  /** The file's current text. */
  readonly text: string;
  readonly lines: LineRange | 'all';
  /** `Name <email>`. */
  readonly reviewer: string;
  /** The email the signature is checked against. */
  readonly principal?: string;
  /** SSH signing key (file, or git's `key::...`); unsigned without. */
  readonly key?: string;
  readonly time: string;
}

export interface ReviewOutcome {
  readonly record?: ReviewRecord;
  /** AI lines now covered by the review / still unreviewed in the file. */
  readonly reviewedLines: number;
  readonly unreviewedLeft: number;
  /** The AI line ranges the review covers. */
  readonly ranges: readonly LineRange[];
}

export function recordReview(root: string, request: ReviewRequest): ReviewOutcome {
  const store = new AnnotationStore(root);
  const cache = new KeyCache(request.text);
  const records = store.records(request.file, cache, request.text);
  const current = store.load(request.file, request.text);
  const chosen: LineRange[] = [];
  let left = 0;
  for (const r of current?.ranges ?? []) {
    const from = request.lines === 'all' ? r.startLine : Math.max(r.startLine, request.lines.startLine);
    const to = request.lines === 'all' ? r.endLine : Math.min(r.endLine, request.lines.endLine);
    if (from <= to) chosen.push({ startLine: from, endLine: to });
    if (r.reviewedBy === undefined) left += r.endLine - r.startLine + 1 - Math.max(0, to - from + 1);
  }
  const salt = [...records].sort(byWriteOrder).reverse().find((r) => !r.id.startsWith('00000000'))?.salt ?? newSalt();
  const runs = runsFor(cache, salt, chosen);
  if (runs.length === 0) return { reviewedLines: 0, unreviewedLeft: left, ranges: [] };
  const unsigned: ReviewRecord = {
    ...recordBase(request.file, request.time, salt, runs),
    kind: 'review',
    reviewer: request.reviewer,
    ...(request.principal !== undefined ? { principal: request.principal } : {}),
  };
  const record = request.key === undefined ? unsigned : { ...unsigned, signature: signPayload(signedPayload(unsigned), request.key) };
  appendRecord(root, record);
  return { record, reviewedLines: runs.reduce((n, r) => n + r.keys.length, 0), unreviewedLeft: left, ranges: chosen };
}
