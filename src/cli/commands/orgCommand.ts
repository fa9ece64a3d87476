// `airlock org compile|doctor`: one org baseline → Claude Code managed settings with a force-enabled
// hook plugin, the Copilot CLI's managed settings and policy hook, the machine-wide baseline and
// VS Code's plugin location, for one platform; and the check that a machine holds exactly that.
import { resolve } from 'node:path';
import { checkOrgMachine, compileOrgRollout, type OrgRequest } from '../../core/org/orgRollout';
import { groupSubcommand, commandArgs, type Parsed, stringOption } from '../cliArgs';
import { type CliContext, EXIT_OK, EXIT_VIOLATION, UsageError } from '../cliContext';

export const ORG_HELP = `Usage: airlock org compile <baseline.json> [--out DIR] [--platform linux|macos|windows] [--managed-hooks-only] [--launcher KIND | --hook-command CMD] [--json]
       airlock org doctor <baseline.json> [--system-root DIR] [--platform P] [--managed-hooks-only] [--launcher KIND | --hook-command CMD] [--json]

compile  writes, under DIR (default ./airlock-org), each file at its machine path without the
         root (/etc/x -> DIR/etc/x; C:\\Program Files\\x -> DIR/C/Program Files/x). On Linux:
           etc/claude-code/managed-settings.json  Claude Code managed settings: the baseline's
               permission rules and sandbox, a local plugin marketplace and the force-enabled
               plugin airlock@airlock-org whose hooks run Airlock (kept by allowManagedHooksOnly)
           etc/airlock/claude-marketplace/        that marketplace and plugin
           etc/airlock/baseline.json              the machine-wide baseline the hooks load
           etc/github-copilot/managed-settings.json  Copilot CLI managed settings
           etc/github-copilot/policy.d/airlock.json  Copilot CLI policy hooks (run Airlock; kept by
               allowManagedHooksOnly)
           vscode/settings.json                   VS Code agent-plugin location for user settings
               (hooks run in VS Code 1.139; not kept by chat.hooks.allowManagedOnly)
           etc/vscode/policy.json                 VS Code policies: ChatEnabledPlugins names
               airlock@airlock-org; with --managed-hooks-only also ChatAllowManagedHooksOnly
               (read from VS Code's code, not exercised; Linux only: macOS/Windows use MDM/registry)
           vscode/user-home/.copilot/installed-plugins/airlock-org/airlock/  the plugin, to copy
               into each user's home: where VS Code finds the plugin that policy enables
         Copy those to the same paths on each machine (root-owned, not writable by users).
         --platform (default: this machine's) picks macOS or Windows paths; only Linux was
         exercised with the real clients.
         --managed-hooks-only also sets allowManagedHooksOnly (Claude Code, Copilot CLI) and
         strictPluginOnlyCustomization ["hooks"] (Copilot CLI): repository and user hooks stop.
doctor   reads the machine's installed files back (or a copy laid out as compile writes it under
         --system-root DIR) and lists every difference from what compile produces for the same
         baseline and options; files a user could change (group/other-writable, or not
         root-owned on this machine); Copilot files installed as symbolic links (the client
         ignores them); and whether the launcher the hooks run is present and intact.
         Exit 1 on any difference.
`;

function requestFrom(args: Parsed, ctx: CliContext): OrgRequest {
  const file = args.positionals[0];
  if (!file) throw new UsageError('airlock org: name the baseline policy file, e.g. airlock org compile org-baseline.json');
  return {
    baselineFile: resolve(ctx.cwd, file),
    launcher: stringOption(args, 'launcher'),
    hookCommand: stringOption(args, 'hook-command'),
    platform: stringOption(args, 'platform'),
    managedHooksOnly: args.values['managed-hooks-only'] === true,
    now: ctx.now(),
  };
}

export async function orgCommand(ctx: CliContext): Promise<number> {
  const group = groupSubcommand(ctx, 'org', ORG_HELP, ['compile', 'doctor']);
  if (typeof group === 'number') return group;
  const { sub, rest } = group;
  const args = commandArgs(ctx, ORG_HELP, `org ${sub}`, rest, {
    out: { type: 'string' },
    'system-root': { type: 'string' },
    platform: { type: 'string' },
    'managed-hooks-only': { type: 'boolean' },
    launcher: { type: 'string' },
    'hook-command': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (typeof args === 'number') return args;
  const request = requestFrom(args, ctx);
  if (sub === 'compile') {
    const c = compileOrgRollout(request, resolve(ctx.cwd, stringOption(args, 'out') ?? 'airlock-org'));
    if (args.values.json) ctx.stdout(`${JSON.stringify({ out: c.out, files: c.files, warnings: c.warnings }, null, 2)}\n`);
    else {
      ctx.stdout(`Wrote ${c.files.length} files under ${c.out}:\n${c.files.map((f) => `  ${f}`).join('\n')}\n`);
      for (const w of c.warnings) ctx.stdout(`  warning: ${w.message}\n`);
      ctx.stdout(`Install: copy each file under ${c.out} to the same path on every machine, owned by root/Administrators (Claude Code: ${c.claudeManagedSettings}; Copilot CLI: ${c.copilotSettings}); merge Airlock's keys into managed settings the organisation already has. VS Code: merge vscode/settings.json into user settings, or with its policy file copy ${c.out}/vscode/user-home/.copilot into each user's home. Every machine also needs the launcher (the Airlock VS Code extension, or npm install -g @airlock-dev/airlock && airlock launcher install).\n`);
    }
    return EXIT_OK;
  }
  const rootOption = stringOption(args, 'system-root');
  const systemRoot = rootOption === undefined ? null : resolve(ctx.cwd, rootOption);
  const { differences, checked } = checkOrgMachine(request, systemRoot, ctx.env);
  if (args.values.json) ctx.stdout(`${JSON.stringify({ ok: differences.length === 0, systemRoot: systemRoot ?? '/', differences }, null, 2)}\n`);
  else if (differences.length === 0) ctx.stdout(`This machine matches the org baseline (${checked} files checked under ${systemRoot ?? '/'}).\n`);
  else ctx.stdout(`This machine differs from the org baseline (${differences.length}):\n${differences.map((d) => `  ${d.path}: ${d.message}\n`).join('')}`);
  return differences.length === 0 ? EXIT_OK : EXIT_VIOLATION;
}
