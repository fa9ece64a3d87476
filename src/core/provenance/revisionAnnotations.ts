// AI lines as they are in a commit (not the work tree): every annotated file's records resolved
// against its content at that revision, so exported line numbers are the revision's own.
import { AnnotationStore } from './annotationStore';
import type { FileAnnotations } from './annotationTypes';
import { addedLinesByFile } from './diffAddedLines';
import { runGit } from '../util/gitRun';

/** The full commit id of `rev`. Throws with git's message when it is not a commit. */
export function commitOf(root: string, rev: string): string {
  return runGit(root, ['rev-parse', '--verify', `${rev}^{commit}`]).trim();
}

/** Annotated files at `commit` (files absent there are left out). */
export function annotationsAtRevision(root: string, commit: string): FileAnnotations[] {
  const store = new AnnotationStore(root);
  const present = new Set(runGit(root, ['ls-tree', '-r', '--name-only', '-z', commit]).split('\0'));
  const out: FileAnnotations[] = [];
  for (const file of store.list()) {
    if (!present.has(file)) continue;
    const text = runGit(root, ['show', `${commit}:${file}`]);
    if (text.includes('\0')) continue;
    const annotations = store.load(file, text);
    if (annotations && annotations.ranges.length > 0) out.push(annotations);
  }
  return out;
}

/** Lines each file gained in `commit` compared with its first parent (all lines for a root commit). */
export function linesAddedBy(root: string, commit: string): Map<string, Set<number>> | 'all' {
  let parent: string;
  try {
    parent = runGit(root, ['rev-parse', '--verify', '--quiet', `${commit}^1`]).trim();
  } catch {
    return 'all';
  }
  return addedLinesByFile(runGit(root, ['diff', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', parent, commit, '--']));
}
