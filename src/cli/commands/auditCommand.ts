// `airlock audit verify|checkpoint|key|prove|export`: check the log against its signed, anchored
// checkpoints, make one, print the verifier key or a proof, or export it for security tools.
import { AUDIT_EXPORT_FORMATS } from '../../core/audit/auditExport';
import { auditVerifierKey, checkpointAuditLog, exportWorkspaceAudit, proveAuditRecord, verifyWorkspaceAudit } from '../../core/audit/auditFeature';
import { groupSubcommand, commandArgs, optionsOf, stringOption } from '../cliArgs';
import { type CliContext, EXIT_OK, EXIT_VIOLATION, UsageError } from '../cliContext';
import { resolveRoot } from '../workspaceOption';

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

export async function auditCommand(ctx: CliContext): Promise<number> {
  const group = groupSubcommand(ctx, 'audit', AUDIT_HELP, ['verify', 'checkpoint', 'key', 'prove', 'export']);
  if (typeof group === 'number') return group;
  const { sub, rest } = group;
  const args = commandArgs(ctx, AUDIT_HELP, `audit ${sub}`, rest, optionsOf(['json'], ['format', 'root', 'key', 'ssh-key', 'checkpoint', 'index']));
  if (typeof args === 'number') return args;
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd);
  if (sub === 'key') {
    ctx.stdout(`${auditVerifierKey(ctx.env)}\n`);
    return EXIT_OK;
  }
  if (sub === 'checkpoint') {
    const made = checkpointAuditLog(root, ctx.env, stringOption(args, 'ssh-key') ?? null);
    if (args.values.json) ctx.stdout(`${JSON.stringify(made, null, 2)}\n`);
    else ctx.stdout(`${made.note}${made.anchor ? `anchored as ${made.anchor} on refs/airlock/audit-checkpoints\n` : 'not anchored: not a git repository\n'}`);
    return EXIT_OK;
  }
  if (sub === 'prove') {
    ctx.stdout(`${JSON.stringify(proveAuditRecord(root, Number(stringOption(args, 'index'))), null, 2)}\n`);
    return EXIT_OK;
  }
  if (sub === 'verify') {
    const key = stringOption(args, 'key');
    const checkpointFile = stringOption(args, 'checkpoint');
    const result = verifyWorkspaceAudit(root, { env: ctx.env, ...(key ? { key } : {}), ...(checkpointFile !== undefined ? { checkpointFile } : {}) });
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
    for (const line of exportWorkspaceAudit(root, stringOption(args, 'format') ?? 'jsonl')) ctx.stdout(`${line}\n`);
    return EXIT_OK;
  }
  throw new UsageError(`airlock audit: unknown subcommand "${sub}"; use verify, checkpoint, key, prove or export`);
}
