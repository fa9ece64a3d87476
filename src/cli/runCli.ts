// Dispatches `airlock <command>`; user mistakes exit 2 with one clear line, never a stack trace.
import { auditCommand } from './commands/auditCommand';
import { checkCommand } from './commands/checkCommand';
import { execCommand } from './commands/execCommand';
import { explainCommand } from './commands/explainCommand';
import { gatewayCommand } from './commands/gatewayCommand';
import { hookCommand } from './commands/hookCommand';
import { initCommand } from './commands/initCommand';
import { mcpCommand } from './commands/mcpCommand';
import { launcherCommand } from './commands/launcherCommand';
import { orgCommand } from './commands/orgCommand';
import { provenanceCommand } from './commands/provenanceCommand';
import { runCommand } from './commands/runCommand';
import { syncCommand } from './commands/syncCommand';
import { secretsCommand } from './commands/secretsCommand';
import { telemetryCommand } from './commands/telemetryCommand';
import { airlockVersion, type CliContext, EXIT_OK, EXIT_USAGE } from './cliContext';
import { type Command, runSubcommand } from './commandRun';

interface CommandEntry {
  readonly run: Command;
  readonly summary: string;
}

const COMMANDS: Record<string, CommandEntry> = {
  init: { run: initCommand, summary: 'write a starter .airlock/policy.json' },
  check: { run: checkCommand, summary: 'validate the policy and summarise the workspace (CI gate)' },
  explain: { run: explainCommand, summary: "show a path's class, verdicts and the deciding rule" },
  sync: { run: syncCommand, summary: "write every assistant's native controls from the policy (--check: report drift)" },
  audit: { run: auditCommand, summary: 'verify the audit log against its signed checkpoints, checkpoint it, or export it (JSONL, ECS, CEF)' },
  telemetry: { run: telemetryCommand, summary: 'ship the audit log and signed checkpoints to an OTLP/HTTP endpoint (flush)' },
  hook: { run: hookCommand, summary: "answer an AI assistant's hook event (stdin JSON) with the policy's verdict" },
  secrets: { run: secretsCommand, summary: 'scan for credentials (masked output, SARIF) and manage the secrets baseline' },
  gateway: { run: gatewayCommand, summary: 'run the loopback model gateway: secrets masked, protected content kept from the model' },
  mcp: { run: mcpCommand, summary: "serve Airlock's policy-applying read/search/list/edit tools over MCP (stdio)" },
  exec: { run: execCommand, summary: "run one command in the workspace's sandbox (protected paths masked, Airlock's files read-only)" },
  run: { run: runCommand, summary: "start a CLI agent inside the workspace's sandbox" },
  provenance: { run: provenanceCommand, summary: 'AI-written lines: mark, review, summary, import, export, install-git-hook' },
  org: { run: orgCommand, summary: 'org rollout: compile a baseline into managed settings and a hook plugin; doctor a machine' },
  launcher: { run: launcherCommand, summary: 'install or verify the per-user launcher ~/.airlock/bin/airlock that hooks run' },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length)) + 2;
  return `Usage: airlock <command> [options]

Airlock keeps the paths your policy protects out of every AI assistant's reach.

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`)
  .join('\n')}

Run \`airlock <command> --help\` for a command's options.
Exit codes: 0 ok, 1 violation / drift / deny, 2 usage error or invalid input.
`;
}

export async function runCli(ctx: CliContext): Promise<number> {
  const [name, ...rest] = ctx.argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    ctx.stdout(usage());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    ctx.stdout(`${airlockVersion()}\n`);
    return EXIT_OK;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    ctx.stderr(`airlock: unknown command "${name}".\n\n${usage()}`);
    return EXIT_USAGE;
  }
  return runSubcommand(entry.run, { ...ctx, argv: rest });
}
