// What `airlock exec` and `airlock run` share: splitting options from the command, building the
// workspace's sandbox, explaining it, and failing closed with one clear line.
import { userInfo } from 'node:os';
import * as path from 'node:path';
import { describeSandbox, WorkspaceSandboxRun } from '../core/sandbox/workspaceSandboxRun';
import { startScheduledTelemetry } from './telemetrySpawn';
import { airlockEntry } from '../core/hook/sandboxDecision';
import { type Parsed, parseCommandArgs, stringOption } from './cliArgs';
import { type CliContext, EXIT_OK, UsageError } from './cliContext';
import { type HookSecretFinder, hookSecretFinder } from './hookSecretFinder';
import { startExecSnapshots } from './hookProvenance';
import { storeRelayedRecords } from '../core/provenance/recordRelay';
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
  // A hook inside `run` asking for the telemetry schedule: it runs in this process, outside the
  // sandbox, with its network (claimed once per interval, however often it is asked).
  const onScheduleRequest = (engine: Parameters<typeof startScheduledTelemetry>[1], env: NodeJS.ProcessEnv): void => void startScheduledTelemetry(root, engine, airlockEntry(process.argv[1] ?? null, __dirname), env);
  const onAuditLoss = (message: string): void => ctx.stderr(`airlock ${cmd.name}: warning: ${message}\n`);
  const onProvenanceRecords = (at: string, records: readonly string[]): string | null => storeRelayedRecords(root, at, records);
  const sandbox = new WorkspaceSandboxRun({ root, env: ctx.env, home: userHome(), bundleDir: __dirname, proc, interactive: cmd.interactive, onScheduleRequest, onAuditLoss, onProvenanceRecords });
  // Before the sandbox is built: what it starts (the gateway's caches) must exist to be frozen inside.
  const session = !args.values.explain && cmd.prepare ? await cmd.prepare(root, command, args.values) : null;
  try {
    let spec;
    // A rewritten shell call's hook left `git status` for its snapshot to this process.
    const snapshots = !cmd.interactive && !args.values.explain ? startExecSnapshots(root, command, ctx) : null;
    try {
      await sandbox.prepare(args.values.explain === true);
      // The hook's own secret check, at the policy's confidence: what it refuses a shell read is masked.
      let secrets: HookSecretFinder | undefined;
      spec = sandbox.spec({ now: ctx.now(), entryScript: process.argv[1] ?? null, secretIn: (engine) => (secrets = hookSecretFinder(root, engine.secretsConfidence)) });
      secrets?.flush();
      const viewDir = sandbox.runViewDir();
      if (viewDir) {
        try {
          secrets?.writeView(viewDir);
        } catch {
          // Without the view, hooks inside scan the files they reach again (slower, same answers).
        }
      }
      sandbox.flushClassifyStore();
    } catch (err) {
      ctx.stderr(`airlock ${cmd.name}: cannot build the sandbox: ${errorMessage(err)}. The command was NOT run.\n`);
      return EXIT_NOT_RUN;
    }
    if (args.values.explain) {
      ctx.stdout(describeSandbox(spec, args.values.json === true));
      return EXIT_OK;
    }
    await snapshots?.complete((rel) => sandbox.allowsRead(rel));
    if (cmd.interactive && proc === 'new' && path.basename(command[0] ?? '') === 'claude') {
      ctx.stderr("airlock run: Claude Code's own Bash sandbox cannot start inside a private /proc: use `airlock run --proc bind -- claude` (see README), or its Bash calls will fail.\n");
    }
    const ran = await sandbox.run(spec, session?.command ?? command, { cwd: ctx.cwd, env: session?.env ?? ctx.env, warn: ctx.stderr });
    if (typeof ran === 'number') return ran;
    ctx.stderr(`airlock ${cmd.name}: ${ran.notRun}. The command was NOT run outside the sandbox.\n`);
    return EXIT_NOT_RUN;
  } finally {
    await sandbox.close();
    await session?.close();
  }
}
