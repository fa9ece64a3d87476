// Shared bits of the `airlock provenance` subcommands: file and line arguments, the reviewer.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { gitReviewer } from '../../core/provenance/gitReviewer';
import type { LineRange } from '../../core/provenance/annotationTypes';
import { UsageError } from '../cliContext';

/** `12` or `12-20` → a line range. */
export function parseLineRange(text: string, command: string): LineRange {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  const start = Number(match?.[1]);
  const end = match?.[2] === undefined ? start : Number(match[2]);
  if (!match || start < 1 || end < start) throw new UsageError(`airlock provenance ${command}: --lines must be A or A-B with 1 <= A <= B, got "${text}"`);
  return { startLine: start, endLine: end };
}

/** A file argument (relative to the shell's cwd) as a workspace-relative `/` path. */
export function workspaceFile(root: string, cwd: string, given: string, command: string): string {
  const rel = relative(root, resolve(cwd, given));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new UsageError(`airlock provenance ${command}: ${given} is not inside the workspace ${root}`);
  return rel.split(sep).join('/');
}

/** `Name <email>` from git config: reviews are signed by the same identity as commits. */
export function requireGitReviewer(root: string): string {
  const reviewer = gitReviewer(root);
  if (reviewer === undefined) throw new UsageError('airlock provenance review: set git user.name and user.email first (the review is signed with them)');
  return reviewer;
}
