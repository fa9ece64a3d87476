// Metadata is not content. `stat .env`, `ls -ld secrets`, `du -sh secrets` and `touch -r .env x`
// print (or copy) only what `stat` tells: existence, type, size, mode, owner, times, a link's target
// name — no byte of the file, as `find . -name .env` prints no byte. The one place where a shell
// operand's metadata access relaxes its class's read verdict.
import * as path from 'node:path';
import { canonicalizePath, type WorkspaceRoot } from '../paths/canonicalPath';
import type { PathDecision } from './decisionTypes';

/** What decide() knows of a metadata operand beyond its read decision. */
export interface MetadataOperand {
  /** As the command gives it (a glob's match: the matched path). */
  readonly target: string;
  /** The directory the command resolves it in (absolute). */
  readonly cwd: string;
  /** When it is a directory, its entries are printed (`ls dir`, `du dir`). */
  readonly listsEntries: boolean;
  /** A computed word whose visible part only is known: no relaxation. */
  readonly partial: boolean;
}

/**
 * The verdict for reading only `op`'s metadata, given the decision for reading it. It stays the
 * read decision when the operand is not surely metadata: a word not fully known, a path outside
 * the workspace (the `outside` verdict speaks for what lies there), a path that does not exist yet
 * (the command itself may turn it into something else), and a directory whose entries are printed
 * (`ls secrets`, `ls -la .env` where `.env` is a folder, `ls -L` of a link to one: a listing of
 * the target, which is a read of it).
 */
export function metadataDecision(read: PathDecision, op: MetadataOperand, ws: WorkspaceRoot): PathDecision {
  if (read.verdict === 'allow' || op.partial || read.outside || read.relative === null) return read;
  const p = canonicalizePath(op.target, ws, op.cwd);
  if (!p.exists) return read;
  if (p.isDir && op.listsEntries) return { ...read, reason: `${read.reason}; as a folder its entries are printed too, and listing a protected folder is a read of it` };
  return {
    ...read,
    verdict: 'allow',
    reason: `${read.reason}; only its metadata is read (existence, type, size, mode, owner, times), never its content${p.isDir ? ' or the names inside it' : ''}, so this is allowed`,
  };
}

/**
 * A glob lists the folder each match is found in (`du -sh *` lists `.`, `stat secrets/*` lists
 * `secrets`): the folders whose listing must be judged as a read before the matches' metadata is.
 */
export function globListedFolders(matches: readonly string[]): string[] {
  return [...new Set(matches.map((m) => path.dirname(m)))];
}
