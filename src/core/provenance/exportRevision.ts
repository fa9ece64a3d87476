// The `provenance export` feature: the AI lines of a commit in an interchange format, with the
// commit's own line numbers (never the work tree's): a git-ai note, or an Agent Trace record.
import { buildAgentTraceRecord } from './exportAgentTrace';
import { addGitAiNote } from './exportGitAi';
import { gitEmail } from '../util/gitIdentity';
import { annotationsAtRevision, commitOf, linesAddedBy } from './revisionAnnotations';
import { errorMessage } from '../util/errorMessage';
import { runGit } from '../util/gitRun';
import { InputError } from '../words/inputError';

function commitNamed(root: string, rev: string): string {
  try {
    return commitOf(root, rev);
  } catch (error) {
    throw new InputError(`airlock provenance export: ${rev} is not a commit: ${((error as { stderr?: string }).stderr ?? errorMessage(error)).trim()}`);
  }
}

/** Attaches a git-ai authorship note to `rev`: the AI lines it added, merged with a note already there. */
export function exportGitAiNote(root: string, rev: string): { commit: string; files: number; merged: boolean } {
  const commit = commitNamed(root, rev);
  const files = annotationsAtRevision(root, commit);
  const added = linesAddedBy(root, commit);
  const parents = runGit(root, ['rev-list', '--parents', '-n', '1', commit]).trim().split(' ');
  const developer = gitEmail(root);
  const result = addGitAiNote(root, files, { commit, base: parents[1] ?? commit, added, ...(developer ? { humanAuthor: developer } : {}) });
  return { commit, files: files.length, merged: result.merged };
}

/** The Agent Trace record (schema 1.0) of the AI lines at `rev`, as JSON text. */
export function exportAgentTrace(root: string, rev: string, made: { time: string; toolVersion: string }): string {
  const commit = commitNamed(root, rev);
  const record = buildAgentTraceRecord(annotationsAtRevision(root, commit), { timestamp: made.time, revision: commit, tool: { name: 'airlock', version: made.toolVersion } });
  return `${JSON.stringify(record, null, 2)}\n`;
}
