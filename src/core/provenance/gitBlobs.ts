// Old file versions for re-anchoring, from git's object database by blob id.
import type { BlobReader } from './reanchor';
import { runGit } from '../util/gitRun';

/** Reads blobs with `git cat-file`; unknown ids (or no git) give undefined. */
export function gitBlobReader(repoDir: string): BlobReader {
  return (blobId: string): string | undefined => {
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(blobId)) {
      return undefined;
    }
    try {
      return runGit(repoDir, ['cat-file', 'blob', blobId]);
    } catch {
      return undefined;
    }
  };
}

/**
 * Store `text` as a blob so a later re-anchor can diff against it even if it is never committed
 * (a formatter or another tool rewrites the file first). Returns the blob id.
 */
export function writeGitBlob(repoDir: string, text: string): string {
  return runGit(repoDir, ['hash-object', '-w', '--stdin'], { input: text }).trim();
}
