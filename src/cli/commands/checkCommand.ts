// `airlock check [--json]`: is the policy valid, and what does it do to this workspace?
// Exit 0 ok, 1 on violations, 2 on usage errors or an invalid policy.
import { checkWorkspace } from '../../core/check/checkWorkspace';
import { formatProblem } from '../../core/policy/policyError';
import { commandArgs, stringOption } from '../cliArgs';
import { airlockVersion, type CliContext, EXIT_OK, EXIT_USAGE, EXIT_VIOLATION } from '../cliContext';
import { resolveRoot } from '../workspaceOption';

export const CHECK_HELP = `Usage: airlock check [--json] [--sarif FILE] [--root DIR]

Validates the policy (and its baselines) and summarises what it does to the workspace: how
many files fall in each class and which files an AI may not read or edit. Walks the tree once,
skipping what git ignores unless a policy rule names it (an ignored .env is still counted,
node_modules is not). Warns where a later rule can loosen an earlier, stricter one.
Also scans for secrets (like \`airlock secrets scan\`): blocking findings not accepted by the
baseline or an inline allow are violations, and so are files the scanner cannot judge that the
baseline does not accept, unless the policy's "secretsUnscanned" is "warn" (then they are
warnings). --sarif FILE writes them as a SARIF 2.1.0 log.

Exit codes: 0 ok, 1 violations found, 2 usage error or invalid policy.
`;

export async function checkCommand(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, CHECK_HELP, 'check', ctx.argv, { json: { type: 'boolean' }, sarif: { type: 'string' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd);
  const sarifFile = stringOption(args, 'sarif');
  const result = await checkWorkspace(root, { env: ctx.env, now: ctx.now(), cwd: ctx.cwd, ...(sarifFile !== undefined ? { sarifFile } : {}), toolVersion: airlockVersion() });
  const { policyFiles, problems } = result;

  if (!result.valid) {
    if (args.values.json) {
      ctx.stdout(`${JSON.stringify({ ok: false, policy: { valid: false, files: policyFiles, problems }, classes: [], protected: [], violations: [] }, null, 2)}\n`);
    } else {
      ctx.stderr(`The policy is invalid; every AI verdict is deny until it is fixed (${problems.filter((p) => p.severity === 'error').length} error(s)):\n`);
      for (const p of problems) ctx.stderr(`  ${formatProblem(p)}\n`);
    }
    return EXIT_USAGE;
  }

  const { ok, files, classes, protectedFiles, secrets, native, provenance, history, violations, seconds } = result;
  if (args.values.json) {
    ctx.stdout(
      `${JSON.stringify({ ok, policy: { valid: true, files: policyFiles, monitor: result.monitor, aiOff: result.aiOff, problems }, files, classes, protected: protectedFiles, secrets: secrets.json, native: native.notes, provenance: provenance.json, history: history.json, violations, seconds }, null, 2)}\n`,
    );
  } else {
    ctx.stdout(`Policy: valid (${policyFiles.join(' + ')})${result.monitor ? ' — MONITOR mode: nothing is blocked, would-be denials are only recorded' : ''}${result.aiOff ? ' — AI is OFF for this workspace' : ''}\n`);
    for (const p of problems) ctx.stdout(`  ${formatProblem(p)}\n`);
    ctx.stdout(`\n${files} files by class (${seconds.toFixed(2)} s):\n`);
    ctx.stdout(`  ${'class'.padEnd(18)}${'files'.padStart(8)}  ${'read'.padEnd(6)}${'edit'.padEnd(6)}risk\n`);
    for (const s of classes) ctx.stdout(`  ${s.name.padEnd(18)}${String(s.files).padStart(8)}  ${s.read.padEnd(6)}${s.edit.padEnd(6)}${s.risk}\n`);
    if (protectedFiles.length) {
      ctx.stdout(`\nFiles an AI may not read freely (${protectedFiles.length}):\n`);
      for (const f of protectedFiles.slice(0, 25)) ctx.stdout(`  ${f.read.padEnd(5)} ${f.path}  (${f.class})\n`);
      if (protectedFiles.length > 25) ctx.stdout(`  … and ${protectedFiles.length - 25} more (see --json)\n`);
    }
    ctx.stdout(secrets.text);
    ctx.stdout(history.text);
    ctx.stdout(provenance.text);
    for (const n of native.notes) ctx.stdout(`\nnote: ${n}\n`);
    ctx.stdout(ok ? '\nNo violations.\n' : `\n${violations.length} violation(s):\n${violations.map((v) => `  ${v.message}\n`).join('')}`);
  }
  return ok ? EXIT_OK : EXIT_VIOLATION;
}
