// `airlock org compile|doctor`: one org baseline → Claude Code managed settings with a force-enabled
// hook plugin, the Copilot CLI's managed settings and policy hook, the machine-wide baseline and
// VS Code's plugin location, for one platform; and the check that a machine holds exactly that.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { verifyLauncher } from '../../core/launcher/launcherInstall';
import { writeAtomic } from '../../core/util/atomicWrite';
import { customHookCommand, hookCommandFor, type HookLauncher } from '../../core/native/hookCommand';
import { compileOrgBaseline, orgPaths, type OrgCompileResult } from '../../core/org/orgCompile';
import { hostOrgPlatform, isMachinePath, ORG_PLATFORMS, orgLayout, orgOutPath, type OrgPlatform } from '../../core/org/orgPlatforms';
import { orgDoctor } from '../../core/org/orgDoctor';
import { formatProblem } from '../../core/policy/policyError';
import { validatePolicyText } from '../../core/policy/validatePolicy';
import { groupSubcommand, commandArgs, type Parsed, stringOption } from '../cliArgs';
import { type CliContext, EXIT_OK, EXIT_USAGE, EXIT_VIOLATION, UsageError } from '../cliContext';
import { errorMessage } from '../../core/util/errorMessage';

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

function hookFrom(args: Parsed): ReturnType<typeof hookCommandFor> {
  const custom = stringOption(args, 'hook-command');
  if (custom !== undefined) return customHookCommand(custom);
  const launcher = stringOption(args, 'launcher') ?? 'launcher';
  if (!['npx', 'global', 'launcher'].includes(launcher)) throw new UsageError(`airlock org: --launcher must be npx, global or launcher`);
  return hookCommandFor(launcher as HookLauncher);
}

function platformFrom(args: Parsed): OrgPlatform {
  const p = stringOption(args, 'platform');
  if (p === undefined) return hostOrgPlatform();
  if (!(ORG_PLATFORMS as readonly string[]).includes(p)) throw new UsageError(`airlock org: --platform must be ${ORG_PLATFORMS.join(', ')}`);
  return p as OrgPlatform;
}

function compile(args: Parsed, ctx: CliContext): { result: OrgCompileResult } | { error: string } {
  const file = args.positionals[0];
  if (!file) throw new UsageError('airlock org: name the baseline policy file, e.g. airlock org compile org-baseline.json');
  const abs = resolve(ctx.cwd, file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    return { error: `cannot read the baseline ${abs}: ${(e as NodeJS.ErrnoException).code ?? errorMessage(e)}` };
  }
  const validated = validatePolicyText(abs, text, ctx.now());
  const errors = validated.problems.filter((p) => p.severity === 'error');
  if (!validated.document || errors.length) return { error: `the baseline is invalid; nothing was written:\n${errors.map((p) => `  ${formatProblem(p)}`).join('\n')}` };
  if (validated.document.extendsRaw) return { error: 'an org baseline cannot itself "extend" another file: merge them into one baseline' };
  const result = compileOrgBaseline({ ...validated.document, extends: undefined }, text, {
    hook: hookFrom(args),
    now: ctx.now(),
    managedHooksOnly: args.values['managed-hooks-only'] === true,
    version: '0.1.0',
    platform: platformFrom(args),
  });
  return { result };
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
  const compiled = compile(args, ctx);
  if ('error' in compiled) {
    ctx.stderr(`airlock org ${sub}: ${compiled.error}\n`);
    return EXIT_USAGE;
  }
  const { files, warnings } = compiled.result;
  if (sub === 'compile') {
    const out = resolve(ctx.cwd, stringOption(args, 'out') ?? 'airlock-org');
    const written: string[] = [];
    for (const f of files) {
      const target = join(out, isMachinePath(f.path) ? orgOutPath(f.path) : f.path);
      mkdirSync(dirname(target), { recursive: true });
      writeAtomic(target, f.content, { mode: 0o644 });
      written.push(target);
    }
    if (args.values.json) ctx.stdout(`${JSON.stringify({ out, files: files.map((f) => f.path), warnings }, null, 2)}\n`);
    else {
      ctx.stdout(`Wrote ${written.length} files under ${out}:\n${files.map((f) => `  ${f.path}`).join('\n')}\n`);
      for (const w of warnings) ctx.stdout(`  warning: ${w.message}\n`);
      const paths = orgPaths(orgLayout(platformFrom(args)));
      ctx.stdout(`Install: copy each file under ${out} to the same path on every machine, owned by root/Administrators (Claude Code: ${paths.claudeManagedSettings}; Copilot CLI: ${paths.copilotSettings}); merge Airlock's keys into managed settings the organisation already has. Every machine also needs the launcher (the Airlock VS Code extension, or npm install -g @airlock-dev/airlock && airlock launcher install).\n`);
    }
    return EXIT_OK;
  }
  const rootOption = stringOption(args, 'system-root');
  const systemRoot = rootOption === undefined ? null : resolve(ctx.cwd, rootOption);
  const differences = orgDoctor(files, systemRoot);
  const usesLauncher = stringOption(args, 'hook-command') === undefined && (stringOption(args, 'launcher') ?? 'launcher') === 'launcher';
  if (usesLauncher) for (const p of verifyLauncher(ctx.env).problems) differences.push({ path: '~/.airlock/bin/airlock', message: p });
  if (args.values.json) ctx.stdout(`${JSON.stringify({ ok: differences.length === 0, systemRoot: systemRoot ?? '/', differences }, null, 2)}\n`);
  else if (differences.length === 0) ctx.stdout(`This machine matches the org baseline (${files.filter((f) => isMachinePath(f.path)).length} files checked under ${systemRoot ?? '/'}).\n`);
  else ctx.stdout(`This machine differs from the org baseline (${differences.length}):\n${differences.map((d) => `  ${d.path}: ${d.message}\n`).join('')}`);
  return differences.length === 0 ? EXIT_OK : EXIT_VIOLATION;
}
