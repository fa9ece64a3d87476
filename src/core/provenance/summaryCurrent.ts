// Annotations as they apply to the files on disk now: each store file re-anchored in memory
// (never saved here) against the file's current text, for reports and the CI gate.
import { AnnotationStore } from './annotationStore';
import type { FileAnnotations } from './annotationTypes';
import { absoluteOf, readText, workspaceRoots } from './capturePaths';
import { gitBlobReader } from './gitBlobs';
import { reanchor } from './reanchor';

export interface CurrentAnnotations {
  readonly files: readonly FileAnnotations[];
  /** Store files that could not be read (moved aside, with path and line). */
  readonly problems: AnnotationStore['problems'];
  /** Annotated files that no longer exist. */
  readonly missing: readonly string[];
}

export function loadCurrentAnnotations(root: string): CurrentAnnotations {
  const roots = workspaceRoots(root);
  const store = new AnnotationStore(roots.root);
  const readBlob = gitBlobReader(roots.root);
  const files: FileAnnotations[] = [];
  const missing: string[] = [];
  for (const file of store.list()) {
    const annotations = store.load(file);
    if (!annotations) continue;
    const text = readText(absoluteOf(roots, file));
    if (text === undefined) {
      missing.push(file);
      continue;
    }
    files.push(reanchor(annotations, text, { readBlob }).annotations);
  }
  return { files, problems: store.problems, missing };
}
