// The `Assisted-by:` trailers for a commit being prepared: the AI tools (and models) whose
// annotated lines are among the lines the staged changes add.
import { addedLinesByFile } from './diffAddedLines';
import { AnnotationStore } from './annotationStore';
import { UNKNOWN_MODEL } from './annotationTypes';
import { workspaceRoot } from '../paths/canonicalPath';
import { gitBlobReader } from './gitBlobs';
import { runGit } from '../util/gitRun';

/** Staged file → lines of its staged version that the commit adds. */
function stagedAddedLines(root: string): Map<string, Set<number>> {
  const diff = runGit(root, ['diff', '--cached', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames']);
  return addedLinesByFile(diff);
}

/** `Assisted-by: <tool> (<model>)` values, sorted; empty when no staged line is an AI line. */
export function assistedByTrailers(root: string): string[] {
  const roots = workspaceRoot(root);
  const store = new AnnotationStore(roots.root, { readBlob: gitBlobReader(roots.root) });
  const annotated = new Set(store.list());
  const trailers = new Set<string>();
  for (const [file, added] of stagedAddedLines(roots.root)) {
    if (!annotated.has(file) || added.size === 0) continue;
    let staged: string;
    try {
      staged = runGit(roots.root, ['show', `:${file}`]);
    } catch {
      continue;
    }
    // Records are matched by content, so they resolve against the staged version directly.
    const viaDisk = store.load(file, staged);
    if (!viaDisk) continue;
    for (const range of viaDisk.ranges) {
      let hit = false;
      for (let line = range.startLine; line <= range.endLine && !hit; line++) hit = added.has(line);
      if (hit) trailers.add(range.model === UNKNOWN_MODEL ? range.tool : `${range.tool} (${range.model})`);
    }
  }
  return [...trailers].sort();
}

/** The hook's `trailer` step: adds the trailers to the commit message file; how many it wrote. */
export function addAssistedByTrailers(root: string, messageFile: string): number {
  const trailers = assistedByTrailers(root);
  if (trailers.length === 0) return 0;
  runGit(root, ['interpret-trailers', '--in-place', '--if-exists', 'addIfDifferent', ...trailers.flatMap((t) => ['--trailer', `Assisted-by: ${t}`]), messageFile]);
  return trailers.length;
}
