// Which reviews count in `airlock check`: with the policy's `reviewSigners`, only reviews whose
// SSH signature verifies for their principal; in a `review: "peer"` class, only reviews by someone
// other than the developer whose session wrote the lines. Refusals are kept to be reported.
import * as path from 'node:path';
import * as fs from 'node:fs';
import { decideWorkspacePath } from '../decide/decide';
import type { PolicyEngine } from '../policy/policyEngine';
import { signedPayload } from './recordCodec';

import type { AiLinesRecord, ReviewRecord } from './recordTypes';
import { verifyPayload } from './reviewSignature';
import { RECORDS_DIR } from '../words/airlockLayout';
import { runGit } from '../util/gitRun';

export interface ReviewJudge {
  readonly acceptReview: (review: ReviewRecord, owner: AiLinesRecord, file: string) => boolean;
  /** Why reviews did not count, one line each (deduplicated). */
  readonly refusals: () => string[];
  /** The allowed-signers file in force, if the policy names one. */
  readonly signers?: string;
}

/** The email in `Name <email>`, or the whole value. */
export function emailOf(identity: string): string {
  return (/<([^>]+)>/.exec(identity)?.[1] ?? identity).trim().toLowerCase();
}

/** Record path → email of the author of the commit that added it, from one `git log`. */
function recordAuthors(root: string): Map<string, string> {
  const out = new Map<string, string>();
  let log = '';
  try {
    log = runGit(root, ['log', '--diff-filter=A', '--no-renames', '--format=%x01%ae', '--name-only', '--', RECORDS_DIR]);
  } catch {
    return out;
  }
  // Newest first: the last entry seen for a path is the commit that first added it.
  for (const entry of log.split('\x01')) {
    const [email, ...names] = entry.split('\n');
    for (const name of names) if (name !== '') out.set(name, email.trim().toLowerCase());
  }
  return out;
}

export function reviewJudge(root: string, engine: PolicyEngine): ReviewJudge {
  const named = engine.layers.map((l) => l.doc.reviewSigners).find((s) => s !== undefined);
  const signers = named === undefined ? undefined : path.join(root, ...named.split(/[\\/]/));
  const verified = new Map<string, boolean>();
  const refused = new Map<string, string>();
  const peerByFile = new Map<string, boolean>();
  let authors: Map<string, string> | undefined;
  const developerOf = (owner: AiLinesRecord): string | undefined => {
    if (owner.developer !== undefined) return owner.developer;
    authors ??= recordAuthors(root);
    return authors.get(`${RECORDS_DIR}/${owner.file}/${owner.id}.json`);
  };
  const peerClass = (file: string): boolean => {
    let peer = peerByFile.get(file);
    if (peer === undefined) {
      const className = decideWorkspacePath(engine, file, false, 'edit').className;
      peer = engine.layers.some((l) => l.doc.classes.get(className)?.peerReview === true);
      peerByFile.set(file, peer);
    }
    return peer;
  };
  const refuse = (review: ReviewRecord, why: string): false => {
    refused.set(`${review.id}\0${why}`, `review by ${review.reviewer} (${review.file}, record ${review.id}) does not count: ${why}`);
    return false;
  };
  const acceptReview = (review: ReviewRecord, owner: AiLinesRecord, file: string): boolean => {
    if (signers !== undefined) {
      if (review.signature === undefined || review.principal === undefined) return refuse(review, `unsigned, and the policy's reviewSigners requires a signature`);
      let ok = verified.get(review.id);
      if (ok === undefined) {
        ok = fs.existsSync(signers) && verifyPayload(signedPayload(review), review.signature, review.principal, signers);
        verified.set(review.id, ok);
      }
      if (!ok) return refuse(review, `its signature does not verify for ${review.principal} against ${named}`);
    }
    if (peerClass(file)) {
      const reviewer = emailOf(review.principal ?? review.reviewer);
      const developer = developerOf(owner);
      if (developer === undefined) return refuse(review, `the class of ${file} requires a peer review and the AI lines' record is not committed yet (its commit author is the developer a peer must differ from)`);
      if (emailOf(developer) === reviewer) return refuse(review, `self-review: the class of ${file} requires a reviewer other than ${developer}, whose session wrote the lines`);
    }
    return true;
  };
  return { acceptReview, refusals: () => [...refused.values()].sort(), ...(named !== undefined ? { signers: named } : {}) };
}
