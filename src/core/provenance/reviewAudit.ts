// A recorded review is also an audit event, so the log says who reviewed which AI lines and when,
// beside the AI edits it reviews. The review record stands even when the log cannot be written.
import { appendAuditEvents } from '../audit/auditAppend';
import { resolveAuditDir } from '../audit/auditLocation';
import { errorMessage } from '../util/errorMessage';
import type { LineRange } from './annotationTypes';

export interface ReviewAuditFacts {
  readonly file: string;
  /** The lines reviewed; empty when the whole file was (its AI lines are in the records). */
  readonly ranges: readonly LineRange[];
  /** `Name <email>`. */
  readonly reviewer: string;
  /** The surface: 'cli' or 'editor'. */
  readonly client: string;
  readonly time: string;
  readonly signed: boolean;
}

/** Appends the `review` event; returns a warning for the user when the log could not be written. */
export function auditReview(root: string, facts: ReviewAuditFacts): string | undefined {
  try {
    appendAuditEvents(resolveAuditDir(root).dir, [
      {
        kind: 'review',
        time: facts.time,
        client: facts.client,
        action: 'edit',
        paths: [facts.file],
        ranges: facts.ranges.map((r) => ({ path: facts.file, start: r.startLine, end: r.endLine })),
        reason: `AI lines reviewed by ${facts.reviewer}${facts.signed ? ' (signed)' : ''}`,
      },
    ]);
    return undefined;
  } catch (error) {
    return `could not record the review in the audit log: ${errorMessage(error)}`;
  }
}
