// The `audit` features the shells call: the verifier key, a checkpoint, an inclusion proof, the
// verification of the log against its anchored or given checkpoint, and an export. Plain inputs,
// plain results; the shell prints them.
import * as fs from 'node:fs';
import { AUDIT_EXPORT_FORMATS, type AuditExportFormat, exportAuditLog } from './auditExport';
import { resolveAuditDir } from './auditLocation';
import { verifyAuditLog } from './auditVerify';
import type { AuditProblem, AuditVerifyResult } from './auditTypes';
import { isGitRepo, readAnchor } from './auditAnchor';
import { type AnchorCheck, type AnchorProblemKind, checkAgainstAnchor, checkAgainstCheckpoint, createAuditCheckpoint } from './auditCheckpoint';
import { loadAuditSigner, SIGNING_KEY_ENV } from './auditKeys';
import { readAuditLeaves } from './auditLeaves';
import { inclusionProof, treeRoot } from './merkleTree';
import { parseVerifierKey, type NoteSigner, type NoteVerifier } from './signedNote';
import { errorMessage } from '../util/errorMessage';
import { InputError } from '../words/inputError';

/** The signing key, with a bad key reported as the caller's mistake naming where it came from. */
function signerFrom(env: NodeJS.ProcessEnv, create: boolean): NoteSigner | null {
  try {
    return loadAuditSigner(env, create);
  } catch (err) {
    throw new InputError(`airlock audit: unusable signing key (${env[SIGNING_KEY_ENV] ? SIGNING_KEY_ENV : 'key file'}): ${errorMessage(err)}`);
  }
}

/** The verifier key (name+hash+key) of this user's signing key, made on first use. */
export function auditVerifierKey(env: NodeJS.ProcessEnv): string {
  return signerFrom(env, true)?.verifierKey ?? '';
}

export interface MadeCheckpoint {
  readonly size: number;
  /** Base64 tree head. */
  readonly root: string;
  readonly note: string;
  readonly anchor: string | null;
  readonly sshSignature: string | null;
}

/** Signs the tree head of the workspace's log and anchors it on the git ref (in a git repository). */
export function checkpointAuditLog(root: string, env: NodeJS.ProcessEnv, sshKey: string | null): MadeCheckpoint {
  const signer = signerFrom(env, true);
  if (!signer) throw new InputError('airlock audit checkpoint: no signing key');
  const made = createAuditCheckpoint(resolveAuditDir(root).dir, signer, { gitRoot: isGitRepo(root) ? root : null, sshKey });
  return { size: made.checkpoint.size, root: made.checkpoint.root.toString('base64'), note: made.note, anchor: made.anchor, sshSignature: made.sshSignature };
}

/** The inclusion proof of record `index` (1-based) in the current tree. */
export function proveAuditRecord(root: string, index: number): { index: number; size: number; root: string; record: unknown; proof: string[] } {
  const leaves = readAuditLeaves(resolveAuditDir(root).dir);
  if (!Number.isSafeInteger(index) || index < 1 || index > leaves.hashes.length) throw new InputError(`airlock audit prove: --index must be 1..${leaves.hashes.length}`);
  const proof = inclusionProof(leaves.hashes, index - 1);
  return { index, size: leaves.hashes.length, root: treeRoot(leaves.hashes).toString('base64'), record: leaves.records[index - 1], proof: proof.map((h) => h.toString('base64')) };
}

export interface AuditVerifyOptions {
  readonly env: NodeJS.ProcessEnv;
  /** A verifier key given by the user; otherwise the signing key's. */
  readonly key?: string;
  /** A file holding a signed checkpoint kept elsewhere (a collector's copy). */
  readonly checkpointFile?: string;
}

/** The log's own verification, with the anchor check folded in (roots as base64). */
export interface AuditVerification extends Omit<AuditVerifyResult, 'ok' | 'problem' | 'notes'> {
  readonly ok: boolean;
  readonly problem: AuditProblem | { kind: AnchorProblemKind; file: string; line: number; message: string } | null;
  readonly anchor: (Omit<AnchorCheck, 'anchored'> & { anchored: unknown }) | null;
  readonly notes: string[];
}

function verifierFor(options: AuditVerifyOptions): NoteVerifier | null {
  if (options.key) {
    try {
      return parseVerifierKey(options.key);
    } catch (err) {
      throw new InputError(`airlock audit verify: --key: ${errorMessage(err)}`);
    }
  }
  const signer = signerFrom(options.env, false);
  return signer ? parseVerifierKey(signer.verifierKey) : null;
}

function externalCheck(dir: string, file: string, verifier: NoteVerifier | null): AnchorCheck {
  if (!verifier) throw new InputError('airlock audit verify --checkpoint: no verifier key (--key or the signing key)');
  let note: string;
  try {
    note = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`airlock audit verify --checkpoint: ${errorMessage(err)}`);
  }
  return checkAgainstCheckpoint(dir, note, verifier);
}

function anchorNotes(root: string, git: boolean, verifier: NoteVerifier | null, anchor: AnchorCheck | null): string[] {
  if (!git) return ['not checked against an anchored checkpoint: not a git repository'];
  if (!verifier) return [readAnchor(root) ? 'an anchored checkpoint exists but no verifier key is available (--key or the signing key)' : 'no checkpoint anchored yet'];
  if (anchor?.problem?.kind === 'no-anchor') return [anchor.problem.message];
  if (anchor?.ok && anchor.anchored) return [`consistent with the signed checkpoint of ${anchor.anchored.size} record(s) anchored on refs/airlock/audit-checkpoints`];
  return [];
}

/** Every line of the log, then the log against the last anchored (or the given) signed checkpoint. */
export function verifyWorkspaceAudit(root: string, options: AuditVerifyOptions): AuditVerification {
  const location = resolveAuditDir(root);
  const dir = location.dir;
  const verified = verifyAuditLog(dir);
  const moved = location.migratedFrom ? [`the log was moved from ${location.migratedFrom} to ${dir}`] : [];
  const stray = location.strayLegacy ? [`another log remains at ${location.strayLegacy} (written by an older Airlock); it is not part of this chain`] : [];
  const verifier = verifierFor(options);
  const git = isGitRepo(root);
  let anchor = verifier && git ? checkAgainstAnchor(dir, root, verifier) : null;
  if (options.checkpointFile !== undefined) {
    const byExternal = externalCheck(dir, options.checkpointFile, verifier);
    if (!byExternal.ok || !anchor || anchor.ok) anchor = byExternal;
  }
  const anchorProblem = anchor && !anchor.ok && anchor.problem ? { kind: anchor.problem.kind, file: dir, line: 0, message: anchor.problem.message } : null;
  return {
    ...verified,
    ok: verified.ok && anchorProblem === null,
    problem: verified.problem ?? anchorProblem,
    anchor: anchor && { ...anchor, anchored: anchor.anchored && { ...anchor.anchored, root: anchor.anchored.root.toString('base64') } },
    notes: [...moved, ...stray, ...verified.notes, ...anchorNotes(root, git, verifier, anchor)],
  };
}

/** The log as lines of `format` (JSON Lines as stored, ECS JSON, CEF). */
export function exportWorkspaceAudit(root: string, format: string): Iterable<string> {
  if (!AUDIT_EXPORT_FORMATS.includes(format as AuditExportFormat)) throw new InputError(`airlock audit export: --format must be one of ${AUDIT_EXPORT_FORMATS.join(', ')}`);
  return exportAuditLog(resolveAuditDir(root).dir, format as AuditExportFormat, { productVersion: '0.1.0' });
}
