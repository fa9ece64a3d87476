// `airlock check [--json]`: is the policy valid, and what does it do to this workspace?
// Exit 0 ok, 1 on violations, 2 on usage errors or an invalid policy.
import { decideWorkspacePath } from '../../core/decide/decide';
import { formatProblem, type PolicyProblem } from '../../core/policy/policyError';
import { loadPolicy } from '../../core/policy/loadPolicy';
import type { Verdict } from '../../core/policy/policyTypes';
import { policyReport } from '../../core/policy/policyReport';
import { policyNamedPaths } from '../../core/policy/policyNamedPaths';
import type { Violation } from '../../core/words/checkViolation';
import { walkWorkspace } from '../../core/workspace/walkWorkspace';
import { commandArgs, stringOption } from '../cliArgs';
import { airlockVersion, type CliContext, EXIT_OK, EXIT_USAGE, EXIT_VIOLATION } from '../cliContext';
import { displayPath } from '../../core/paths/displayPath';
import { resolveRoot } from '../workspaceOption';
import { checkNative } from '../nativeCheck';
import { checkSecrets } from '../../core/secrets/secretsCheck';
import { checkProvenance } from '../../core/provenance/workspaceSummary';
import { checkHistory } from './historyCheck';

export const CHECK_HELP = `Usage: airlock check [--json] [--sarif FILE] [--root DIR]

Validates the policy (and its baselines) and summarises what it does to the workspace: how
many files fall in each class and which files an AI may not read or edit. Walks the tree once,
skipping what git ignores unless a policy rule names it (an ignored .env is still counted,
node_modules is not). Warns where a later rule can loosen an earlier, stricter one.
Also scans for secrets (like \`airlock secrets scan\`): blocking findings not accepted by the
baseline or an inline allow are violations. --sarif FILE writes them as a SARIF 2.1.0 log.

Exit codes: 0 ok, 1 violations found, 2 usage error or invalid policy.
`;

export interface ClassSummary {
  name: string;
  files: number;
  read: Verdict;
  edit: Verdict;
  risk: string;
}

export async function checkCommand(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, CHECK_HELP, 'check', ctx.argv, { json: { type: 'boolean' }, sarif: { type: 'string' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd);
  const started = Date.now();
  const engine = loadPolicy(root, { env: ctx.env, now: ctx.now() });
  let problems: PolicyProblem[] = engine.problems.map((p) => ({ ...p, file: displayPath(p.file, root) }));
  const policyFiles = engine.layers.map((l) => displayPath(l.doc.source, root));

  if (engine.error) {
    if (args.values.json) {
      ctx.stdout(`${JSON.stringify({ ok: false, policy: { valid: false, files: policyFiles, problems }, classes: [], protected: [], violations: [] }, null, 2)}\n`);
    } else {
      ctx.stderr(`The policy is invalid; every AI verdict is deny until it is fixed (${problems.filter((p) => p.severity === 'error').length} error(s)):\n`);
      for (const p of problems) ctx.stderr(`  ${formatProblem(p)}\n`);
    }
    return EXIT_USAGE;
  }

  const classes = new Map<string, ClassSummary>();
  const protectedFiles: Array<{ path: string; class: string; read: Verdict; edit: Verdict }> = [];
  let files = 0;
  const walked: string[] = [];
  // Secrets are scanned as CI sees a checkout: not in ignored files a rule merely names.
  const toScan: string[] = [];
  for (const entry of walkWorkspace(root, { keepIgnored: policyNamedPaths(engine) })) {
    if (entry.isDir) continue;
    files++;
    walked.push(entry.rel);
    if (!entry.ignored && !entry.isSymlink) toScan.push(entry.rel);
    const read = decideWorkspacePath(engine, entry.rel, false, 'read');
    const edit = decideWorkspacePath(engine, entry.rel, false, 'edit');
    const name = read.verdict !== 'allow' || edit.verdict === 'allow' ? read.className : edit.className;
    let s = classes.get(name);
    if (!s) {
      const def = engine.document?.classes.get(name);
      s = { name, files: 0, read: read.verdict, edit: edit.verdict, risk: def?.risk ?? 'high' };
      classes.set(name, s);
    }
    s.files++;
    if (read.verdict !== 'allow') protectedFiles.push({ path: entry.rel, class: name, read: read.verdict, edit: edit.verdict });
  }
  // The same report the editor shows, with what each loosening reaches in this walk.
  problems = policyReport(engine, { files: walked }).map((p) => ({ ...p, file: displayPath(p.file, root) }));
  const violations: Violation[] = [];
  const sarifFile = stringOption(args, 'sarif');
  const secrets = await checkSecrets(root, { cwd: ctx.cwd, ...(sarifFile !== undefined ? { sarifFile } : {}), files: toScan, toolVersion: airlockVersion() });
  violations.push(...secrets.violations);
  const native = checkNative(root, engine, ctx);
  violations.push(...native.violations);
  const provenance = checkProvenance(root, engine);
  violations.push(...provenance.violations);
  const history = checkHistory(root, engine);
  const seconds = (Date.now() - started) / 1000;
  const summary = [...classes.values()].sort((a, b) => b.files - a.files);
  const ok = violations.length === 0;

  if (args.values.json) {
    ctx.stdout(
      `${JSON.stringify({ ok, policy: { valid: true, files: policyFiles, monitor: engine.monitor, aiOff: engine.aiOff !== null, problems }, files, classes: summary, protected: protectedFiles.sort((a, b) => a.path.localeCompare(b.path)), secrets: secrets.json, native: native.notes, provenance: provenance.json, history: history.json, violations, seconds }, null, 2)}\n`,
    );
  } else {
    ctx.stdout(`Policy: valid (${policyFiles.join(' + ')})${engine.monitor ? ' — MONITOR mode: nothing is blocked, would-be denials are only recorded' : ''}${engine.aiOff ? ' — AI is OFF for this workspace' : ''}\n`);
    for (const p of problems) ctx.stdout(`  ${formatProblem(p)}\n`);
    ctx.stdout(`\n${files} files by class (${seconds.toFixed(2)} s):\n`);
    ctx.stdout(`  ${'class'.padEnd(18)}${'files'.padStart(8)}  ${'read'.padEnd(6)}${'edit'.padEnd(6)}risk\n`);
    for (const s of summary) ctx.stdout(`  ${s.name.padEnd(18)}${String(s.files).padStart(8)}  ${s.read.padEnd(6)}${s.edit.padEnd(6)}${s.risk}\n`);
    if (protectedFiles.length) {
      ctx.stdout(`\nFiles an AI may not read freely (${protectedFiles.length}):\n`);
      for (const f of protectedFiles.sort((a, b) => a.path.localeCompare(b.path)).slice(0, 25)) ctx.stdout(`  ${f.read.padEnd(5)} ${f.path}  (${f.class})\n`);
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
