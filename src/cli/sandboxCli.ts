// What `airlock exec` and `airlock run` share: splitting options from the command, building the
// workspace's sandbox, explaining it, and failing closed with one clear line.
import { mkdirSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import * as path from 'node:path';
import { resolveAuditDir } from '../core/audit/auditLocation';
import { loadPolicy } from '../core/policy/loadPolicy';
import { startScheduledTelemetry } from './telemetrySpawn';
import { AUDIT_SOCKET_ENV, type AuditRelay, startAuditRelay } from '../core/audit/auditRelay';
import { prepareSandboxDirs, workspaceSandboxSpec } from '../core/sandbox/workspaceSandbox';
import { nestedUser } from '../core/sandbox/nestedUser';
import { runSandboxed } from '../core/sandbox/runSandboxed';
import { prepareClientStartFiles } from '../core/sandbox/clientStartFiles';
import { type ProcMode, type SandboxSpec, SandboxUnavailableError } from '../core/sandbox/sandboxTypes';
import { type Parsed, parseCommandArgs, stringOption } from './cliArgs';
import { type CliContext, EXIT_OK, UsageError } from './cliContext';
import { hookSecretFinder, liveSecretsOnly } from './hookSecretFinder';
import { startExecSnapshots } from './hookProvenance';
import { decideWorkspacePath } from '../core/decide/decide';
import { loadPolicyCached } from '../core/policy/compiledPolicyCache';
import type { PolicyEngine } from '../core/policy/policyEngine';
import { DEFAULT_SECRETS_CONFIDENCE } from '../core/policy/policyTypes';
import { resolveRoot } from './workspaceOption';
import { errorMessage } from '../core/util/errorMessage';

/** Exit status when the sandbox could not be built or started: the command did not run. */
export const EXIT_NOT_RUN = 126;

export function userHome(): string | null {
  try {
    return userInfo().homedir || null;
  } catch {
    return null;
  }
}

/** Options before `--` (or before the first word that is not an option), the command after. */
function splitCommand(argv: readonly string[]): { options: string[]; command: string[] } {
  const dash = argv.indexOf('--');
  if (dash >= 0) return { options: argv.slice(0, dash), command: argv.slice(dash + 1) };
  const options: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i].startsWith('-')) {
    options.push(argv[i]);
    if (['--root', '--proc', '--client', '--endpoint'].includes(argv[i]) && i + 1 < argv.length) options.push(argv[++i]);
    i++;
  }
  return { options, command: argv.slice(i) };
}

function explain(spec: SandboxSpec, json: boolean): string {
  if (json) return `${JSON.stringify(spec, null, 2)}\n`;
  const rel = (p: string): string => (p.startsWith(`${spec.root}/`) ? p.slice(spec.root.length + 1) : p);
  const lines = [`Sandbox for ${spec.root}`, '', `Masked (unreadable inside): ${spec.masks.length}`];
  for (const m of spec.masks) lines.push(`  ${rel(m.path)}${m.kind === 'dir' ? '/' : ''}  — ${m.why}`);
  lines.push('', `Read-only inside: ${spec.readOnly.length}`);
  for (const r of spec.readOnly) lines.push(`  ${rel(r.path)}${r.kind === 'dir' ? '/' : ''}  — ${r.why}`);
  if (spec.scratch.length) lines.push('', 'Replaced by an empty private folder:', ...spec.scratch.map((s) => `  ${rel(s.path)}/  — ${s.why}`));
  if (spec.writable.length) lines.push('', 'Writable inside a read-only folder:', ...spec.writable.map((w) => `  ${rel(w.path)}/  — ${w.why}`));
  if (spec.residual.length) lines.push('', 'Not covered:', ...spec.residual.map((r) => `  - ${r}`));
  return `${lines.join('\n')}\n`;
}

/** What a command does around the sandboxed child (`run --gateway`: a gateway outside it). */
export interface SandboxSession {
  readonly command: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export interface SandboxCommandSpec {
  readonly name: 'exec' | 'run';
  readonly help: string;
  readonly interactive: boolean;
  /** Options of this command alone, beside the shared ones. */
  readonly options?: Parameters<typeof parseCommandArgs>[2];
  /** Called before the sandbox is built (what it starts must exist to be frozen inside); may change the child's command and environment. */
  readonly prepare?: (root: string, command: readonly string[], values: Parsed['values']) => Promise<SandboxSession | null>;
}

export async function sandboxCommand(ctx: CliContext, cmd: SandboxCommandSpec): Promise<number> {
  const { options, command } = splitCommand(ctx.argv);
  const args = parseCommandArgs(cmd.name, options, { ...cmd.options, root: { type: 'string' }, proc: { type: 'string' }, explain: { type: 'boolean' }, json: { type: 'boolean' } });
  if (args.values.help) {
    ctx.stdout(cmd.help);
    return EXIT_OK;
  }
  const proc = stringOption(args, 'proc') ?? 'new';
  if (proc !== 'new' && proc !== 'bind') throw new UsageError(`airlock ${cmd.name}: --proc must be "new" or "bind"`);
  if (!args.values.explain && command.length === 0) throw new UsageError(`airlock ${cmd.name}: no command given; usage: airlock ${cmd.name} [options] -- <command> [args...]`);
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd);
  // `--proc bind` hosts another sandbox (Claude Code's): as root that takes an ordinary account inside.
  const nestAs = proc === 'bind' ? nestedUser() : null;
  const place = { root, env: ctx.env, home: userHome(), bundleDir: __dirname, extraHomes: nestAs?.home ? [nestAs.home] : undefined };
  // Before the sandbox is built: what it starts (the gateway's caches) must exist to be frozen inside.
  const session = !args.values.explain && cmd.prepare ? await cmd.prepare(root, command, args.values) : null;
  // `airlock run`: the hooks inside append the log through this process; the log stays read-only.
  let relay: AuditRelay | null = null;
  try {
    let spec: SandboxSpec;
    // A rewritten shell call's hook left `git status` for its snapshot to this process.
    const snapshots = !cmd.interactive && !args.values.explain ? startExecSnapshots(root, command, ctx) : null;
    let engine: PolicyEngine;
    try {
      prepareSandboxDirs(place);
      if (cmd.interactive && !args.values.explain) relay = await startRunAuditRelay(root, ctx.env);
      const secrets = hookSecretFinder(root, DEFAULT_SECRETS_CONFIDENCE);
      engine = loadPolicyCached(root, { env: ctx.env, now: ctx.now() });
      spec = workspaceSandboxSpec({ ...place, engine, now: ctx.now(), entryScript: process.argv[1] ?? null, secretIn: liveSecretsOnly(secrets), hooksInside: cmd.interactive, ...(relay ? { auditRelayDir: path.dirname(relay.socketPath) } : {}) });
      secrets.flush();
      engine.flushClassifyStore();
    } catch (err) {
      ctx.stderr(`airlock ${cmd.name}: cannot build the sandbox: ${errorMessage(err)}. The command was NOT run.\n`);
      return EXIT_NOT_RUN;
    }
    if (args.values.explain) {
      ctx.stdout(explain(spec, args.values.json === true));
      return EXIT_OK;
    }
    await snapshots?.complete((rel) => decideWorkspacePath(engine, rel, false, 'read').verdict === 'allow');
    const base = session?.env ?? ctx.env;
    const env = relay ? { ...base, [AUDIT_SOCKET_ENV]: relay.socketPath } : base;
    if (cmd.interactive && proc === 'new' && path.basename(command[0] ?? '') === 'claude') {
      ctx.stderr("airlock run: Claude Code's own Bash sandbox cannot start inside a private /proc: use `airlock run --proc bind -- claude` (see README), or its Bash calls will fail.\n");
    }
    // `airlock run` starts the agent inside: what it writes at start in a frozen folder must exist.
    if (cmd.interactive) prepareClientStartFiles(spec.root);
    try {
      return await runSandboxed(spec, session?.command ?? command, { cwd: ctx.cwd, env, proc: proc as ProcMode, interactive: cmd.interactive, ...(nestAs ? { nestAs } : {}) });
    } catch (err) {
      if (!(err instanceof SandboxUnavailableError)) throw err;
      ctx.stderr(`airlock ${cmd.name}: ${err.message}. The command was NOT run outside the sandbox.\n`);
      return EXIT_NOT_RUN;
    }
  } finally {
    await relay?.close();
    await session?.close();
  }
}

/** The relay for the workspace's log, its socket in a private folder outside the workspace. */
async function startRunAuditRelay(root: string, env: NodeJS.ProcessEnv): Promise<AuditRelay> {
  const dir = resolveAuditDir(root).dir;
  mkdirSync(dir, { recursive: true });
  // A hook inside asking for the telemetry schedule: run it here, outside the sandbox, with this
  // process's environment and network (claimed once per interval, however often it is asked).
  return startAuditRelay(dir, tmpdir(), { onScheduleRequest: () => startScheduledTelemetry(root, loadPolicy(root, { env, now: new Date() }), __dirname, { ...env, [AUDIT_SOCKET_ENV]: undefined }) });
}
