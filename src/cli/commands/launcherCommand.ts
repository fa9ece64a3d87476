// `airlock launcher install|verify`: the per-user launcher `~/.airlock/bin/airlock` that generated
// hooks run. The VS Code extension installs it on activation; this is the same for npm installs.
import { resolve } from 'node:path';
import { checkLauncher, installLauncherFrom } from '../../core/launcher/launcherSetup';
import { groupSubcommand, commandArgs, stringOption } from '../cliArgs';
import { type CliContext, EXIT_OK, EXIT_VIOLATION, UsageError } from '../cliContext';
import { errorMessage } from '../../core/util/errorMessage';

export const LAUNCHER_HELP = `Usage: airlock launcher install [--add-to-path] [--from DIR] [--json]
       airlock launcher verify [--json]

install  copies this Airlock's CLI into ~/.airlock/lib/ and writes ~/.airlock/bin/airlock, which
         runs it only while every byte matches the SHA-256 recorded at install (a changed copy
         blocks with exit 2). \`airlock sync\` then makes hooks start Airlock through it.
         --add-to-path appends ~/.airlock/bin to PATH in ~/.profile (and ~/.bashrc, ~/.zshrc).
verify   checks the launcher and its copy; exit 1 and a list of problems when anything differs.
`;

export async function launcherCommand(ctx: CliContext): Promise<number> {
  const group = groupSubcommand(ctx, 'launcher', LAUNCHER_HELP, ['install', 'verify']);
  if (typeof group === 'number') return group;
  const { sub, rest } = group;
  const args = commandArgs(ctx, LAUNCHER_HELP, `launcher ${sub}`, rest, { json: { type: 'boolean' }, from: { type: 'string' }, 'add-to-path': { type: 'boolean' } });
  if (typeof args === 'number') return args;
  const json = args.values.json === true;
  if (sub === 'install') {
    // The running bundle's own folder: dist/ of the npm package (or of the launcher's copy).
    const from = resolve(ctx.cwd, stringOption(args, 'from') ?? __dirname);
    let installed;
    try {
      installed = installLauncherFrom(from, ctx.env, args.values['add-to-path'] === true);
    } catch (e) {
      ctx.stderr(`airlock launcher install: ${errorMessage(e)}\n`);
      return EXIT_VIOLATION;
    }
    const { result, profiles, path } = installed;
    const pathNote = path.onPath ? '' : profiles.length ? `${path.binDir} added to PATH in ${profiles.join(', ')} (new shells)` : `${path.binDir} is not on PATH (hooks do not need it; add it to run \`airlock\` yourself, e.g. with --add-to-path)`;
    if (json) ctx.stdout(`${JSON.stringify({ ...result, profiles }, null, 2)}\n`);
    else ctx.stdout(`Launcher ${result.status}: ${result.launcher} → ${result.libDir}\n${pathNote ? `${pathNote}\n` : ''}`);
    return EXIT_OK;
  }
  if (sub === 'verify') {
    const report = checkLauncher(ctx.env);
    if (json) ctx.stdout(`${JSON.stringify({ ok: report.problems.length === 0, ...report }, null, 2)}\n`);
    else if (report.problems.length === 0) ctx.stdout(`Launcher intact: ${report.launcher} → ${report.libDir}\n`);
    else ctx.stdout(`Launcher NOT intact:\n${report.problems.map((p) => `  ${p}\n`).join('')}`);
    return report.problems.length === 0 ? EXIT_OK : EXIT_VIOLATION;
  }
  throw new UsageError(`airlock launcher: unknown subcommand "${sub}"; use install or verify`);
}
