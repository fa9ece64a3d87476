// `airlock audit verify|export`: check the hash chain of the audit log, or export it for the
// tools security teams already run.
import { AUDIT_EXPORT_FORMATS, type AuditExportFormat, exportAuditLog } from '../../core/audit/auditExport';
import { resolveAuditDir } from '../../core/audit/auditLocation';
import { verifyAuditLog } from '../../core/audit/auditVerify';
import { parseCommandArgs, stringOption } from '../cliArgs';
import { type CliContext, EXIT_OK, EXIT_VIOLATION, UsageError } from '../cliContext';
import { resolveRoot } from '../workspaceOption';

export const AUDIT_HELP = `Usage: airlock audit verify [--json] [--root DIR]
       airlock audit export [--format ${AUDIT_EXPORT_FORMATS.join('|')}] [--root DIR]

The log lives in the git directory (.git/airlock/audit/) where git stash and git clean cannot
reach it; outside git in .airlock/audit/. A log at the old .airlock/audit/ is moved there once.

verify  checks every line of the log (JSON, sequence, hash chain, rotated files, the
        recorded head) and names the first edited, deleted, reordered or truncated line.
        Exit 1 when the log was tampered with.
export  prints the log as JSON Lines (as stored), Elastic Common Schema JSON, or CEF lines.
`;

export async function auditCommand(ctx: CliContext): Promise<number> {
  const [sub, ...rest] = ctx.argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    ctx.stdout(AUDIT_HELP);
    return sub === undefined ? 2 : EXIT_OK;
  }
  const args = parseCommandArgs(`audit ${sub}`, rest, { json: { type: 'boolean' }, format: { type: 'string' }, root: { type: 'string' } });
  if (args.values.help) {
    ctx.stdout(AUDIT_HELP);
    return EXIT_OK;
  }
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd);
  const location = resolveAuditDir(root);
  const dir = location.dir;
  if (sub === 'verify') {
    const verified = verifyAuditLog(dir);
    const moved = location.migratedFrom ? [`the log was moved from ${location.migratedFrom} to ${dir}`] : [];
    const stray = location.strayLegacy ? [`another log remains at ${location.strayLegacy} (written by an older Airlock); it is not part of this chain`] : [];
    const result = { ...verified, notes: [...moved, ...stray, ...verified.notes] };
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
  throw new UsageError(`airlock audit: unknown subcommand "${sub}"; use verify or export`);
}
