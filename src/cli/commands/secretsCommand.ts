// `airlock secrets scan|baseline`: find credentials in the workspace, and accept known ones.
// Only masked values are ever printed. Exit 0 clean, 1 when the secrets gate fails (blocking
// findings, or files the scanner cannot judge, per secretsGate.ts), 2 on usage errors or a corrupt baseline.
import { groupSubcommand, commandArgs, stringOption } from '../cliArgs';
import { airlockVersion, type CliContext, EXIT_OK, EXIT_VIOLATION, UsageError } from '../cliContext';
import { resolveRoot } from '../workspaceOption';
import { scanSecretsGate } from '../../core/check/secretsScanGate';
import { acceptCurrentFindings, acceptUnscannedPaths, formatFinding } from '../../core/secrets/workspaceSecrets';
import { SECRETS_BASELINE_PATH } from '../../core/words/airlockLayout';

export const SECRETS_HELP = `Usage: airlock secrets scan [--json | --sarif] [--all] [--root DIR] [path...]
       airlock secrets baseline [--all] [--root DIR]
       airlock secrets baseline --unscanned [--reason TEXT] [--root DIR] file...

scan       Scans files or folders (the workspace by default) for credentials: provider tokens,
           private keys, connection URLs with passwords, and secret-looking values in
           configuration files. Skips what .gitignore ignores unless --all (.git and
           node_modules are always skipped). Prints rule, file:line:col and a masked value;
           the secret itself is never printed.
baseline   Accepts every current finding: writes ${SECRETS_BASELINE_PATH} with one
           fingerprint (a hash, never the secret) per finding. Replaces the previous list
           of findings (accepted unscanned files are kept).
           With --unscanned: accepts the named files the scanner cannot judge (archives
           such as gradle-wrapper.jar, files over 4 MB) by the SHA-256 of their content,
           so the hook and \`airlock exec\`/\`run\` treat them as clean until they change.
           Each must be a workspace file the scanner cannot read; a large one is read whole
           and refused if it holds a live secret. The entry records when, who (git
           user.name/user.email) and --reason; scan reports show them.

Options:
  --json       print a JSON object: "failed" (true when the exit code is 1) and "gate" (why:
               "reasons", counts, the "secretsUnscanned" verdict applied and its source),
               "findings" (file, line, column, rule, masked value, ...), "unscanned" (files
               the scanner cannot judge) and "acceptedUnscanned" (such files the baseline
               accepts: path, sha256, who, when, justification)
  --sarif      print a SARIF 2.1.0 log (accepted findings and files included as suppressed;
               open "unscanned-file" results are errors when they fail the run, else warnings)
  --all        also scan files that .gitignore ignores
  --unscanned  (baseline) accept the named unscanned files by content hash
  --reason     (with --unscanned) why they are accepted, kept in the baseline
  --root DIR   the workspace root (default: nearest folder with .airlock/policy.json, else .)

Findings are accepted by the baseline or by an inline comment on the line: airlock:allow
(gitleaks:allow and "pragma: allowlist secret" are honoured too).

Files the scanner cannot judge (archives, compressed files, files over 4 MB, unreadable ones)
that the baseline does not accept at their current bytes follow the policy's "secretsUnscanned":
"deny" or "ask" (the default, also used where no valid policy exists) fail the run; "warn"
lists them as warnings. Each is named with why, and the command that accepts it once checked.
.git and node_modules are never scanned, so they never fail the run.

Exit codes: 0 pass, 1 blocking findings not accepted, or files not scanned that fail the run
(see above), 2 usage error or corrupt baseline.
`;

const OPTIONS = {
  json: { type: 'boolean' },
  sarif: { type: 'boolean' },
  all: { type: 'boolean' },
  root: { type: 'string' },
} as const;

export async function secretsCommand(ctx: CliContext): Promise<number> {
  const group = groupSubcommand(ctx, 'secrets', SECRETS_HELP, ['scan', 'baseline']);
  if (typeof group === 'number') return group;
  return group.sub === 'scan' ? scan(ctx, group.rest) : baseline(ctx, group.rest);
}

async function scan(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const args = commandArgs(ctx, SECRETS_HELP, 'secrets scan', argv, OPTIONS);
  if (typeof args === 'number') return args;
  if (args.values.json && args.values.sarif) throw new UsageError('airlock secrets scan: choose one of --json and --sarif');
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd, false);
  const { result, gate, notes, summary, json, sarif } = await scanSecretsGate(root, { all: args.values.all === true, paths: args.positionals, cwd: ctx.cwd, env: ctx.env, now: ctx.now() });
  // Files not scanned go to stderr in every format: machine output stays parseable, people still see them.
  for (const n of notes) ctx.stderr(`airlock secrets: ${n}\n`);

  if (args.values.json) {
    ctx.stdout(`${JSON.stringify(json, null, 2)}\n`);
  } else if (args.values.sarif) {
    ctx.stdout(sarif(airlockVersion()));
  } else {
    const width = Math.max(22, ...result.active.map((f) => f.rule.length));
    for (const f of result.active) ctx.stdout(`${formatFinding(f, width)}\n`);
    const accepted = result.suppressed.length ? `; ${result.suppressed.length} accepted (baseline or inline allow) not shown` : '';
    ctx.stdout(
      `${result.active.length ? '\n' : ''}${result.files} file(s) scanned: ${result.active.length} finding(s), ${gate.failing.length} blocking${accepted}.\n`,
    );
    if (gate.failing.length) {
      ctx.stdout('Remove the secret (and rotate it), allow the line with an `airlock:allow` comment, or accept the current findings with `airlock secrets baseline`.\n');
    }
    if (summary) ctx.stdout(`${summary}\n`);
  }
  // Machine formats keep stdout to the log; the verdict on unscanned files still reaches a person.
  if (summary && (args.values.json || args.values.sarif)) ctx.stderr(`airlock secrets: ${summary}\n`);
  return gate.failed ? EXIT_VIOLATION : EXIT_OK;
}

async function baseline(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const args = commandArgs(ctx, SECRETS_HELP, 'secrets baseline', argv, { all: OPTIONS.all, root: OPTIONS.root, unscanned: { type: 'boolean' }, reason: { type: 'string' } });
  if (typeof args === 'number') return args;
  const reason = stringOption(args, 'reason');
  if (reason !== undefined && !args.values.unscanned) throw new UsageError('airlock secrets baseline: --reason goes with --unscanned');
  if (reason !== undefined && reason.trim() === '') throw new UsageError('airlock secrets baseline --unscanned: --reason needs text');
  if (args.values.unscanned) {
    if (args.positionals.length === 0) throw new UsageError('airlock secrets baseline --unscanned: name the file(s) to accept');
    const root = resolveRoot(stringOption(args, 'root'), ctx.cwd, false);
    for (const a of acceptUnscannedPaths(root, ctx.cwd, args.positionals, { now: ctx.now(), ...(reason !== undefined ? { reason: reason.trim() } : {}) })) ctx.stdout(`accepted ${a.file} (${a.why}) as sha256 ${a.sha256}\n`);
    ctx.stdout(`Wrote ${SECRETS_BASELINE_PATH}. Any change to an accepted file makes it unscanned again; commit the baseline.\n`);
    return EXIT_OK;
  }
  if (args.positionals.length) throw new UsageError('airlock secrets baseline: takes no paths (the baseline covers the whole workspace); to accept files the scanner cannot judge, use --unscanned <file>...');
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd, false);
  const written = await acceptCurrentFindings(root, args.values.all === true);
  ctx.stdout(
    `Wrote ${SECRETS_BASELINE_PATH}: ${written.accepted} finding(s) accepted (${written.added} new, ${written.removed} no longer present removed). It holds fingerprints only, never the secrets; commit it.\n`,
  );
  return EXIT_OK;
}
