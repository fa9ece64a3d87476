// Codex applies a patch itself, in its own process, only when the shell command is exactly an
// `apply_patch` heredoc (optionally after `cd <dir> &&`); anything else goes to the shell. Such a
// call must not be rewritten into `airlock exec` (Codex would no longer recognise it, and the
// shell has no `apply_patch`): it is judged as the edit of the files it names. Recognised only
// when the shell could do nothing else with it: the heredoc ends the command and expands nothing.
import { extractPatchPaths } from '../shell/patchPaths';

export interface CodexApplyPatch {
  /** The `cd` target the patch paths are relative to, if any. */
  readonly dir?: string;
  readonly patch: string;
  readonly paths: readonly string[];
}

const HEAD = /^(?:cd ([\w@%+=:,./-]+) && )?(?:apply_patch|applypatch) <<(['"]?)([A-Za-z_]\w*)\2\n/;

export function codexApplyPatch(command: string): CodexApplyPatch | null {
  const head = HEAD.exec(command);
  if (head === null) return null;
  const [matched, dir, quote, delimiter] = head;
  const lines = command.slice(matched.length).split('\n');
  const end = lines.indexOf(delimiter ?? '');
  if (end < 0) return null;
  // Anything after the heredoc would run in the shell, unjudged by the patch.
  if (lines.slice(end + 1).join('\n').trim() !== '') return null;
  const patch = lines.slice(0, end).join('\n');
  // An unquoted delimiter lets the shell expand `$(…)`, backticks and backslashes in the body.
  if (quote === '' && /[$`\\]/.test(patch)) return null;
  const paths = extractPatchPaths(patch);
  if (paths.length === 0) return null;
  return { ...(dir !== undefined ? { dir } : {}), patch, paths };
}
