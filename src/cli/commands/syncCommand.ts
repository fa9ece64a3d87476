// `airlock sync [--check] [--json]`: writes every assistant's own controls from the one policy,
// inside managed blocks/keys so hand-written content survives; --check reports drift for CI.
import { renderSyncReport } from '../../core/native/syncReport';
import { runSync } from '../../core/sync/runSync';
import { commandArgs, stringOption } from '../cliArgs';
import { type CliContext, EXIT_OK, EXIT_USAGE, EXIT_VIOLATION } from '../cliContext';
import { resolveRoot } from '../workspaceOption';

export const SYNC_HELP = `Usage: airlock sync [--check] [--verbose] [--json] [--launcher npx|global|launcher] [--hook-command CMD] [--root DIR]

Writes each AI assistant's own controls from .airlock/policy.json: Claude Code settings
(permission rules, hooks, sandbox), VS Code and Copilot CLI hooks (.github/hooks/airlock.json),
Codex hooks, the opencode plugin, VS Code settings, and the ignore files of Cursor, Gemini,
JetBrains, Aider, Windsurf, Roo, Continue and Gemini CLI. Airlock's lines live in marked blocks
or managed keys; everything hand-written survives, and re-running changes nothing.

Only for the assistants the repository uses: by default those detected from their files
(.claude/, .github/copilot-instructions.md, .cursor/, AGENTS.md...); choose them in the policy
with "sync": { "targets": ["claude-code", "copilot", ...] } or "all".

Options:
  --check             write nothing; exit 1 and print a unified diff of every file that differs
                      (lines people add outside Airlock's blocks are theirs and are not compared)
  --verbose           every file's status, the warnings and the coverage table
  --json              machine-readable result, with the coverage table
  --launcher KIND     how hooks start Airlock: launcher (~/.airlock/bin/airlock, installed by the
                      VS Code extension or \`airlock launcher install\`), npx (the repository's
                      @airlock-dev/airlock devDependency) or global (airlock on PATH). Default:
                      what the last sync recorded; else launcher when installed, else npx when
                      package.json lists @airlock-dev/airlock, else global
  --hook-command CMD  a custom command line that runs \`airlock hook\` (recorded like --launcher)
  --root DIR          the workspace root
`;

export async function syncCommand(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, SYNC_HELP, 'sync', ctx.argv, {
    check: { type: 'boolean' },
    verbose: { type: 'boolean' },
    json: { type: 'boolean' },
    launcher: { type: 'string' },
    'hook-command': { type: 'string' },
    root: { type: 'string' },
  });
  if (typeof args === 'number') return args;
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd);
  const check = args.values.check === true;
  const launcher = stringOption(args, 'launcher');
  const hookCommand = stringOption(args, 'hook-command');
  const outcome = runSync(root, { env: ctx.env, now: ctx.now(), check, ...(launcher !== undefined ? { launcher } : {}), ...(hookCommand !== undefined ? { hookCommand } : {}) });
  if ('error' in outcome) {
    ctx.stderr(`The policy is invalid; nothing was written:\n${outcome.error}\n`);
    return EXIT_USAGE;
  }
  const { results, warnings, coverage, targets } = outcome;
  const drift = results.filter((r) => r.status === 'drift');
  const errors = results.filter((r) => r.status === 'error');
  if (outcome.auditWarning) ctx.stderr(`airlock: warning: ${outcome.auditWarning}\n`);
  if (args.values.json) {
    ctx.stdout(`${JSON.stringify({ ok: drift.length === 0 && errors.length === 0, check, targets: targets.targets, targetsChosenBy: targets.how, files: results, warnings, coverage }, null, 2)}\n`);
  } else {
    ctx.stdout(renderSyncReport({ results, warnings, coverage, targets }, { check, verbose: args.values.verbose === true }));
  }
  if (errors.length) return EXIT_VIOLATION;
  return check && drift.length ? EXIT_VIOLATION : EXIT_OK;
}
