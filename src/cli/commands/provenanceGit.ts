// `airlock provenance import`, `install-git-hook` and the hook's own `trailer` step.
import { resolve } from 'node:path';
import { hookCommandFor, type HookLauncher } from '../../core/native/hookCommand';
import { addAssistedByTrailers } from '../../core/provenance/gitHookTrailer';
import { installGitHook } from '../../core/provenance/gitHookInstall';
import { importGitAiNotes } from '../../core/provenance/importGitAi';
import { importTrailerCommits } from '../../core/provenance/importTrailers';
import { commandArgs, parseCommandArgs, stringOption } from '../cliArgs';
import { type CliContext, EXIT_OK, UsageError } from '../cliContext';
import { resolveRoot } from '../workspaceOption';
import { errorMessage } from '../../core/util/errorMessage';

export const IMPORT_HELP = `Usage: airlock provenance import [--format trailers|git-ai] [--rev REF] [--root DIR]

trailers (default): commits reachable from REF (default HEAD) whose message has an
  "Assisted-by:" trailer, or a "Co-authored-by:" with an AI vendor's bot / no-reply identity,
  become annotations on the lines they introduced that still exist (git blame). Lines already
  annotated keep their annotation.
git-ai: git-ai's authorship notes (refs/notes/ai; fetch them first with
  git fetch origin refs/notes/ai:refs/notes/ai) on commits reachable from REF become records of
  the AI lines they attest. Importing twice adds nothing.
`;

export const INSTALL_HOOK_HELP = `Usage: airlock provenance install-git-hook [--launcher npx|global|launcher | --command CMD] [--root DIR]

Installs a prepare-commit-msg hook that adds "Assisted-by: <tool> (<model>)" to commits whose
staged lines include AI-written ones. An existing hook is kept and run first (chained).
CMD runs the Airlock CLI (default: npx --no-install airlock).
`;

function gitError(error: unknown): string {
  return ((error as { stderr?: string }).stderr ?? errorMessage(error)).toString().trim();
}

export async function provenanceImport(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, IMPORT_HELP, 'provenance import', ctx.argv, { rev: { type: 'string' }, format: { type: 'string' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const format = stringOption(args, 'format') ?? 'trailers';
  if (format !== 'trailers' && format !== 'git-ai') throw new UsageError(`airlock provenance import: --format must be trailers or git-ai, got "${format}"`);
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd, false);
  if (format === 'git-ai') {
    let imported: ReturnType<typeof importGitAiNotes>;
    try {
      imported = importGitAiNotes(root, stringOption(args, 'rev') ?? 'HEAD');
    } catch (error) {
      throw new UsageError(`airlock provenance import: ${gitError(error)}`);
    }
    ctx.stdout(`${imported.notes} git-ai note(s) read; ${imported.lines} AI line(s) recorded in ${imported.records} record(s)\n`);
    for (const u of imported.unreadable) ctx.stderr(`airlock: unreadable git-ai note (left as it is): ${u}\n`);
    return EXIT_OK;
  }
  let result: ReturnType<typeof importTrailerCommits>;
  try {
    result = importTrailerCommits(root, stringOption(args, 'rev') ?? 'HEAD');
  } catch (error) {
    throw new UsageError(`airlock provenance import: ${gitError(error)}`);
  }
  const lines = result.files.reduce((n, f) => n + f.lines, 0);
  ctx.stdout(`${result.commits} commit(s) with AI trailers; ${lines} line(s) annotated in ${result.files.length} file(s)\n`);
  for (const f of result.files) ctx.stdout(`  ${f.file}: ${f.lines}\n`);
  return EXIT_OK;
}

export async function provenanceInstallGitHook(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, INSTALL_HOOK_HELP, 'provenance install-git-hook', ctx.argv, { launcher: { type: 'string' }, command: { type: 'string' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const launcher = stringOption(args, 'launcher') ?? 'npx';
  if (!['npx', 'global', 'launcher'].includes(launcher)) throw new UsageError(`airlock provenance install-git-hook: --launcher must be npx, global or launcher`);
  const command = stringOption(args, 'command') ?? hookCommandFor(launcher as HookLauncher).posix.replace(/ hook$/, '');
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd, false);
  let result: ReturnType<typeof installGitHook>;
  try {
    result = installGitHook(root, command);
  } catch (error) {
    throw new UsageError(`airlock provenance install-git-hook: ${gitError(error)}`);
  }
  ctx.stdout(`${result.updated ? 'Updated' : 'Installed'} ${result.hookPath}${result.chained ? ` (runs the previous hook first: ${result.chained})` : ''}\n`);
  return EXIT_OK;
}

/** Run by the git hook: `trailer <message-file> [source]`. */
export async function provenanceTrailer(ctx: CliContext): Promise<number> {
  const args = parseCommandArgs('provenance trailer', ctx.argv, { root: { type: 'string' } });
  const [messageFile] = args.positionals;
  if (messageFile === undefined) throw new UsageError('airlock provenance trailer: <message-file> is required (run by the prepare-commit-msg hook)');
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd, false);
  addAssistedByTrailers(root, resolve(ctx.cwd, messageFile));
  return EXIT_OK;
}
