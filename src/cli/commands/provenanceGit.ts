// `airlock provenance import`, `install-git-hook` and the hook's own `trailer` step.
import { resolve } from 'node:path';
import { addAssistedByTrailers } from '../../core/provenance/gitHookTrailer';
import { importProvenance, installTrailerHook } from '../../core/provenance/gitProvenance';
import { commandArgs, parseCommandArgs, stringOption } from '../cliArgs';
import { type CliContext, EXIT_OK, UsageError } from '../cliContext';
import { resolveRoot } from '../workspaceOption';

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

export async function provenanceImport(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, IMPORT_HELP, 'provenance import', ctx.argv, { rev: { type: 'string' }, format: { type: 'string' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd, false);
  const imported = importProvenance(root, stringOption(args, 'format') ?? 'trailers', stringOption(args, 'rev') ?? 'HEAD');
  if (imported.format === 'git-ai') {
    ctx.stdout(`${imported.notes} git-ai note(s) read; ${imported.lines} AI line(s) recorded in ${imported.records} record(s)\n`);
    for (const u of imported.unreadable) ctx.stderr(`airlock: unreadable git-ai note (left as it is): ${u}\n`);
    return EXIT_OK;
  }
  const lines = imported.files.reduce((n, f) => n + f.lines, 0);
  ctx.stdout(`${imported.commits} commit(s) with AI trailers; ${lines} line(s) annotated in ${imported.files.length} file(s)\n`);
  for (const f of imported.files) ctx.stdout(`  ${f.file}: ${f.lines}\n`);
  return EXIT_OK;
}

export async function provenanceInstallGitHook(ctx: CliContext): Promise<number> {
  const args = commandArgs(ctx, INSTALL_HOOK_HELP, 'provenance install-git-hook', ctx.argv, { launcher: { type: 'string' }, command: { type: 'string' }, root: { type: 'string' } });
  if (typeof args === 'number') return args;
  const root = resolveRoot(stringOption(args, 'root'), ctx.cwd, false);
  const command = stringOption(args, 'command');
  const result = installTrailerHook(root, { launcher: stringOption(args, 'launcher') ?? 'npx', ...(command !== undefined ? { command } : {}) });
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
