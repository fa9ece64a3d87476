// Signed checkpoints of the audit log (RFC 6962 tree head in a C2SP signed note) and the check of
// the log against the last anchored one. With a checkpoint anchored off the log file, cutting the
// tail, deleting the log, reordering lines or rewriting them with recomputed chain hashes all
// change the tree and are caught, unless the attacker also holds the signing key.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readAnchor, writeAnchor } from './auditAnchor';
import { DEFAULT_LOCK_TIMEOUT_MS, DEFAULT_STALE_LOCK_MS } from './auditAppend';
import { readAuditLeaves } from './auditLeaves';
import { acquireAuditLock } from './auditLock';
import { consistencyProof, inclusionProof, treeRoot, verifyConsistency, verifyInclusion } from './merkleTree';
import { formatCheckpoint, openNote, parseCheckpoint, signNote, type Checkpoint, type NoteSigner, type NoteVerifier } from './signedNote';
import { errorMessage } from '../util/errorMessage';

export const CHECKPOINT_FILE = 'checkpoint';
/** The namespace of SSH signatures over checkpoints (`ssh-keygen -Y sign -n`). */
export const SSH_NAMESPACE = 'airlock-audit-checkpoint';

export function checkpointOrigin(signer: { readonly name: string }): string {
  return `airlock.dev/audit/${signer.name}`;
}

export interface CheckpointResult {
  readonly checkpoint: Checkpoint;
  readonly note: string;
  readonly sshSignature: string | null;
  /** The anchor commit, or null outside git. */
  readonly anchor: string | null;
}

function sshSign(note: string, sshKey: string): string {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-cp-'));
  try {
    const file = path.join(tmp, 'checkpoint');
    fs.writeFileSync(file, note);
    execFileSync('ssh-keygen', ['-q', '-Y', 'sign', '-f', sshKey, '-n', SSH_NAMESPACE, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    return fs.readFileSync(`${file}.sig`, 'utf8');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Signs the current tree head under the writers' lock (so no batch is half counted), keeps it
 * next to the log and anchors it on the git ref of `gitRoot` (when given).
 */
export function createAuditCheckpoint(dir: string, signer: NoteSigner, options: { gitRoot?: string | null; sshKey?: string | null } = {}): CheckpointResult {
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    // As the writer does: the folder is local evidence, never repository content.
    fs.writeFileSync(path.join(dir, '.gitignore'), '*\n', { flag: 'wx' });
  }
  const release = acquireAuditLock(dir, { timeoutMs: DEFAULT_LOCK_TIMEOUT_MS, staleMs: DEFAULT_STALE_LOCK_MS });
  let leaves;
  try {
    leaves = readAuditLeaves(dir);
  } finally {
    release();
  }
  const checkpoint: Checkpoint = { origin: checkpointOrigin(signer), size: leaves.hashes.length, root: treeRoot(leaves.hashes) };
  const note = signNote(formatCheckpoint(checkpoint), [signer]);
  const sshSignature = options.sshKey ? sshSign(note, options.sshKey) : null;
  fs.writeFileSync(path.join(dir, CHECKPOINT_FILE), note);
  const anchor = options.gitRoot ? writeAnchor(options.gitRoot, note, sshSignature, `airlock audit checkpoint ${checkpoint.size}`) : null;
  return { checkpoint, note, sshSignature, anchor };
}

export type AnchorProblemKind = 'no-anchor' | 'anchor-missing' | 'bad-signature' | 'log-shorter-than-anchor' | 'log-rewritten' | 'inconsistent-proof';

export interface AnchorCheck {
  readonly ok: boolean;
  readonly problem: { readonly kind: AnchorProblemKind; readonly message: string } | null;
  readonly anchored: Checkpoint | null;
  readonly size: number;
  /** Base64 root of the whole log now. */
  readonly root: string;
  /** Leaves sampled and proved included in the anchored tree (first, middle, last). */
  readonly inclusionChecked: number;
}

/** Checks a signed checkpoint against the log: signature, size, consistency and inclusion proofs. */
export function checkAgainstCheckpoint(dir: string, note: string, verifier: NoteVerifier): AnchorCheck {
  const leaves = readAuditLeaves(dir).hashes;
  const size = leaves.length;
  const root = treeRoot(leaves);
  const base = { size, root: root.toString('base64'), inclusionChecked: 0 };
  let anchored: Checkpoint;
  try {
    anchored = parseCheckpoint(openNote(note, verifier));
  } catch (err) {
    return { ok: false, problem: { kind: 'bad-signature', message: `anchored checkpoint rejected: ${errorMessage(err)}` }, anchored: null, ...base };
  }
  if (anchored.size > size) {
    return {
      ok: false,
      problem: { kind: 'log-shorter-than-anchor', message: `the log holds ${size} record(s) but a signed checkpoint anchored ${anchored.size}: records were deleted or the log was truncated` },
      anchored,
      ...base,
    };
  }
  const proof = consistencyProof(leaves, anchored.size, size);
  if (!verifyConsistency(anchored.size, size, anchored.root, root, proof)) {
    const prefix = treeRoot(leaves, anchored.size).equals(anchored.root);
    return {
      ok: false,
      problem: prefix
        ? { kind: 'inconsistent-proof', message: 'consistency proof failed to verify' }
        : { kind: 'log-rewritten', message: `the first ${anchored.size} record(s) no longer hash to the anchored tree: records were edited, reordered, replaced or rewritten` },
      anchored,
      ...base,
    };
  }
  const sample = [...new Set([0, Math.floor(anchored.size / 2), anchored.size - 1])].filter((i) => i >= 0 && i < anchored.size);
  for (const i of sample) {
    if (!verifyInclusion(i, anchored.size, leaves[i], inclusionProof(leaves, i, anchored.size), anchored.root)) {
      return { ok: false, problem: { kind: 'log-rewritten', message: `record ${i + 1} is not included in the anchored tree` }, anchored, ...base };
    }
  }
  return { ok: true, problem: null, anchored, ...base, inclusionChecked: sample.length };
}

function localCheckpoint(dir: string): string | null {
  try {
    return fs.readFileSync(path.join(dir, CHECKPOINT_FILE), 'utf8');
  } catch {
    return null;
  }
}

/**
 * Checks the log against the newest checkpoint on the git anchor ref of `gitRoot`, and against
 * the copy kept next to the log: erasing the record takes deleting both (the ref AND the folder).
 */
export function checkAgainstAnchor(dir: string, gitRoot: string, verifier: NoteVerifier): AnchorCheck {
  const anchor = readAnchor(gitRoot);
  const local = localCheckpoint(dir);
  if (local) {
    const byLocal = checkAgainstCheckpoint(dir, local, verifier);
    if (!byLocal.ok) return byLocal;
    if (!anchor && byLocal.anchored) {
      return { ...byLocal, ok: false, problem: { kind: 'anchor-missing', message: `a signed checkpoint of ${byLocal.anchored.size} record(s) is kept next to the log but refs/airlock/audit-checkpoints is gone: the anchor ref was deleted` } };
    }
  }
  if (!anchor) {
    const leaves = readAuditLeaves(dir).hashes;
    return {
      ok: true,
      problem: { kind: 'no-anchor', message: 'no checkpoint has been anchored yet (run `airlock audit checkpoint`)' },
      anchored: null,
      size: leaves.length,
      root: treeRoot(leaves).toString('base64'),
      inclusionChecked: 0,
    };
  }
  return checkAgainstCheckpoint(dir, anchor.note, verifier);
}
