// The `provenance import` and `install-git-hook` features: AI lines that git already knows about
// (AI trailers, git-ai notes) become records; a prepare-commit-msg hook adds the trailers back.
import { hookCommandFor, type HookLauncher } from '../native/hookCommand';
import { installGitHook, type GitHookInstallResult } from './gitHookInstall';
import { importGitAiNotes, type GitAiImportResult } from './importGitAi';
import { importTrailerCommits, type ImportResult } from './importTrailers';
import { errorMessage } from '../util/errorMessage';
import { InputError } from '../words/inputError';

/** git's own words when it fails (its stderr), as the caller's mistake (a bad ref, not a repository). */
function asInputError<T>(command: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new InputError(`airlock provenance ${command}: ${((error as { stderr?: string }).stderr ?? errorMessage(error)).toString().trim()}`);
  }
}

export type ProvenanceImport = ({ readonly format: 'git-ai' } & GitAiImportResult) | ({ readonly format: 'trailers' } & ImportResult);

/** Imports from commits reachable from `rev`: AI trailers (default) or git-ai notes. */
export function importProvenance(root: string, format: string, rev: string): ProvenanceImport {
  if (format !== 'trailers' && format !== 'git-ai') throw new InputError(`airlock provenance import: --format must be trailers or git-ai, got "${format}"`);
  if (format === 'git-ai') return { format, ...asInputError('import', () => importGitAiNotes(root, rev)) };
  return { format, ...asInputError('import', () => importTrailerCommits(root, rev)) };
}

/** Installs the trailer hook, running `command` (or the CLI as `launcher` starts it). */
export function installTrailerHook(root: string, how: { launcher: string; command?: string }): GitHookInstallResult {
  if (!['npx', 'global', 'launcher'].includes(how.launcher)) throw new InputError(`airlock provenance install-git-hook: --launcher must be npx, global or launcher`);
  const command = how.command ?? hookCommandFor(how.launcher as HookLauncher).posix.replace(/ hook$/, '');
  return asInputError('install-git-hook', () => installGitHook(root, command));
}
