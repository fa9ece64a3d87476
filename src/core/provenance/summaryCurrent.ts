// Annotations as they apply to the files on disk now, for reports and the CI gate: computed from
// the work tree and the committed records (resolveWorkspace.ts), never written.
import type { FileAnnotations } from './annotationTypes';
import { gitBlobReader } from './gitBlobs';
import type { RecordProblem } from './recordStore';
import { resolveWorkspace, type WorkspaceProvenance } from './resolveWorkspace';
import type { ResolveOptions } from './resolveFile';

export interface CurrentAnnotations extends WorkspaceProvenance {
  readonly files: readonly FileAnnotations[];
  /** Records and store files that could not be read (path, line, column): reported on every run. */
  readonly problems: readonly RecordProblem[];
  /** Annotated files that are gone (their records orphaned). */
  readonly missing: readonly string[];
}

export function loadCurrentAnnotations(root: string, options: ResolveOptions = {}): CurrentAnnotations {
  // The blob reader only serves version-1 store files not migrated yet.
  const current = resolveWorkspace(root, { ...options, readBlob: gitBlobReader(root) });
  return { ...current, missing: current.orphaned.map((o) => o.file) };
}
