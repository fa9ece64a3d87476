// `airlock audit verify|checkpoint|key|prove|export`: check the log against its signed, anchored
// checkpoints, make one, print the verifier key or a proof, or export it for security tools.
import * as fs from 'node:fs';
import { AUDIT_EXPORT_FORMATS, type AuditExportFormat, exportAuditLog } from '../../core/audit/auditExport';
import { resolveAuditDir } from '../../core/audit/auditLocation';
import { verifyAuditLog } from '../../core/audit/auditVerify';
import { isGitRepo, readAnchor } from '../../core/audit/auditAnchor';
import { checkAgainstAnchor, checkAgainstCheckpoint, createAuditCheckpoint } from '../../core/audit/auditCheckpoint';
import { loadAuditSigner, SIGNING_KEY_ENV } from '../../core/audit/auditKeys';
import { readAuditLeaves } from '../../core/audit/auditLeaves';
import { inclusionProof, treeRoot } from '../../core/audit/merkleTree';
import { parseVerifierKey, type NoteSigner, type NoteVerifier } from '../../core/audit/signedNote';
import { groupSubcommand, commandArgs, stringOption } from '../cliArgs';
import { type CliContext, EXIT_OK, EXIT_VIOLATION, UsageError } from '../cliContext';
import { resolveRoot } from '../workspaceOption';
import { errorMessage } from '../../core/util/errorMessage';

export const AUDIT_HELP = `Usage: airlock audit verify [--json] [--key VERIFIER_KEY] [--checkpoint FILE] [--root DIR]
       airlock audit checkpoint [--ssh-key FILE] [--json] [--root DIR]
       airlock audit key
       airlock audit prove --index N [--root DIR]
       airlock audit export [--format ${AUDIT_EXPORT_FORMATS.join('|')}] [--root DIR]

The log lives in the git directory (.git/airlock/audit/) where git stash and git clean cannot
reach it; outside git in .airlock/audit/. A log at the old .airlock/audit/ is moved there once.

verify      checks every line of the log (JSON, sequence, hash chain, rotated files, the
            recorded head) and names the first edited, deleted, reordered or truncated line;
            then checks the log against the last signed checkpoint anchored on the git ref
            refs/airlock/audit-checkpoints (signature, consistency and inclusion proofs), which
            catches a deleted, truncated, reordered or rewritten log. --checkpoint FILE checks
            against a signed checkpoint kept elsewhere (e.g. the body of an
            airlock.audit.checkpoint record from your collector). Exit 1 when tampered with.
checkpoint  signs the RFC 6962 tree head of the log (C2SP signed note, Ed25519 key in
            ~/.airlock/keys/audit.key or AIRLOCK_AUDIT_SIGNING_KEY; --ssh-key adds an
            ssh-keygen -Y signature, namespace airlock-audit-checkpoint) and anchors it on the ref.
key         prints the verifier key (name+hash+key) for Go's sumdb/note and other verifiers.
prove       prints the inclusion proof of record N (1-based) in the current tree, as JSON.
export  prints the log as JSON Lines (as stored), Elastic Common Schema JSON, or CEF lines.
`;

/** The signing key, with a bad key reported as a usage error naming where it came from. */
function signerFrom(env: NodeJS.ProcessEnv, create: boolean): NoteSigner | null {
  try {
    return loadAuditSigner(env, create);
  } catch (err) {
    throw new UsageError(`airlock audit: unusable signing key (${env[SIGNING_KEY_ENV] ? SIGNING_KEY_ENV : 'key file'}): ${errorMessage(err)}`);
  }
}

export async function auditCommand(ctx: CliContext): Promise<number> {
  const group = groupSubcommand(ctx, 'audit', AUDIT_HELP, ['verify', 'checkpoint', 'key', 'prove', 'export']);
  if (typeof group === 'number') return group;
  const { sub, rest } = group;
  const args = commandArgs(ctx, AUDIT_HELP, `audit ${sub}`, rest, {
    json: { type: 'boolean' },
    format: { type: 'string' },
    root: { type: 'string' },
    key: { type: 'string' },
    'ssh-key': { type: 'string' },
    checkpoint: { type: 'string' },
    index: { type: 'string' },
  });
  if (typeof args === 'number') return args;
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd);
  const location = resolveAuditDir(root);
  const dir = location.dir;
  if (sub === 'key') {
    const signer = signerFrom(ctx.env, true);
    ctx.stdout(`${signer?.verifierKey ?? ''}\n`);
    return EXIT_OK;
  }
  if (sub === 'checkpoint') {
    const signer = signerFrom(ctx.env, true);
    if (!signer) throw new UsageError('airlock audit checkpoint: no signing key');
    const made = createAuditCheckpoint(dir, signer, { gitRoot: isGitRepo(root) ? root : null, sshKey: stringOption(args, 'ssh-key') ?? null });
    if (args.values.json) ctx.stdout(`${JSON.stringify({ size: made.checkpoint.size, root: made.checkpoint.root.toString('base64'), note: made.note, anchor: made.anchor, sshSignature: made.sshSignature }, null, 2)}\n`);
    else ctx.stdout(`${made.note}${made.anchor ? `anchored as ${made.anchor} on refs/airlock/audit-checkpoints\n` : 'not anchored: not a git repository\n'}`);
    return EXIT_OK;
  }
  if (sub === 'prove') {
    const index = Number(stringOption(args, 'index'));
    const leaves = readAuditLeaves(dir);
    if (!Number.isSafeInteger(index) || index < 1 || index > leaves.hashes.length) throw new UsageError(`airlock audit prove: --index must be 1..${leaves.hashes.length}`);
    const proof = inclusionProof(leaves.hashes, index - 1);
    ctx.stdout(`${JSON.stringify({ index, size: leaves.hashes.length, root: treeRoot(leaves.hashes).toString('base64'), record: leaves.records[index - 1], proof: proof.map((h) => h.toString('base64')) }, null, 2)}\n`);
    return EXIT_OK;
  }
  if (sub === 'verify') {
    const verified = verifyAuditLog(dir);
    const moved = location.migratedFrom ? [`the log was moved from ${location.migratedFrom} to ${dir}`] : [];
    const stray = location.strayLegacy ? [`another log remains at ${location.strayLegacy} (written by an older Airlock); it is not part of this chain`] : [];
    const keyText = stringOption(args, 'key');
    let verifier: NoteVerifier | null = null;
    if (keyText) {
      try {
        verifier = parseVerifierKey(keyText);
      } catch (err) {
        throw new UsageError(`airlock audit verify: --key: ${errorMessage(err)}`);
      }
    }
    else {
      const signer = signerFrom(ctx.env, false);
      if (signer) verifier = parseVerifierKey(signer.verifierKey);
    }
    const git = isGitRepo(root);
    const external = stringOption(args, 'checkpoint');
    let anchor = verifier && git ? checkAgainstAnchor(dir, root, verifier) : null;
    if (external !== undefined) {
      if (!verifier) throw new UsageError('airlock audit verify --checkpoint: no verifier key (--key or the signing key)');
      let note: string;
      try {
        note = fs.readFileSync(external, 'utf8');
      } catch (err) {
        throw new UsageError(`airlock audit verify --checkpoint: ${errorMessage(err)}`);
      }
      const byExternal = checkAgainstCheckpoint(dir, note, verifier);
      if (!byExternal.ok || !anchor || anchor.ok) anchor = byExternal;
    }
    const anchorNotes: string[] = [];
    if (!git) anchorNotes.push('not checked against an anchored checkpoint: not a git repository');
    else if (!verifier) anchorNotes.push(readAnchor(root) ? 'an anchored checkpoint exists but no verifier key is available (--key or the signing key)' : 'no checkpoint anchored yet');
    else if (anchor?.problem?.kind === 'no-anchor') anchorNotes.push(anchor.problem.message);
    else if (anchor?.ok && anchor.anchored) anchorNotes.push(`consistent with the signed checkpoint of ${anchor.anchored.size} record(s) anchored on refs/airlock/audit-checkpoints`);
    const anchorProblem =
      anchor && !anchor.ok && anchor.problem ? { kind: anchor.problem.kind, file: dir, line: 0, message: anchor.problem.message } : null;
    const result = {
      ...verified,
      ok: verified.ok && anchorProblem === null,
      problem: verified.problem ?? anchorProblem,
      anchor: anchor && { ...anchor, anchored: anchor.anchored && { ...anchor.anchored, root: anchor.anchored.root.toString('base64') } },
      notes: [...moved, ...stray, ...verified.notes, ...anchorNotes],
    };
    if (args.values.json) ctx.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else if (result.ok) {
      const s = result.summary;
      ctx.stdout(`Audit log intact: ${s.events} event(s) in ${s.files.length} file(s)${s.firstTime ? `, ${s.firstTime} … ${s.lastTime}` : ''}.\n`);
      for (const n of result.notes) ctx.stdout(`  note: ${n}\n`);
    } else if (result.problem) {
      ctx.stdout(`Audit log NOT intact: ${result.problem.file}:${result.problem.line}: ${result.problem.kind}: ${result.problem.message}\n`);
    }
    return result.ok ? EXIT_OK : EXIT_VIOLATION;
  }
  if (sub === 'export') {
    const format = (stringOption(args, 'format') ?? 'jsonl') as AuditExportFormat;
    if (!AUDIT_EXPORT_FORMATS.includes(format)) throw new UsageError(`airlock audit export: --format must be one of ${AUDIT_EXPORT_FORMATS.join(', ')}`);
    for (const line of exportAuditLog(dir, format, { productVersion: '0.1.0' })) ctx.stdout(`${line}\n`);
    return EXIT_OK;
  }
  throw new UsageError(`airlock audit: unknown subcommand "${sub}"; use verify, checkpoint, key, prove or export`);
}
