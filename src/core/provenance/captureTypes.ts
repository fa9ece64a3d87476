// What the hook-side provenance capture takes and gives back.
import type { LineRange } from './annotationTypes';
import type { ProvenanceProblem } from './annotationStore';
import type { ProvenanceRecord } from './recordTypes';

export interface CaptureOptions {
  /** Clock for annotation times (tests). */
  readonly now?: () => Date;
  /**
   * Whether a file's content may be copied into a pre-tool snapshot (`.airlock/cache/`, which
   * searches can read): the hook passes "the policy allows AI reads of it". Default: every file.
   */
  readonly mayKeepContent?: (rel: string) => boolean;
  /** `git status` already run for this call (startGitDirtyPaths), so the snapshot need not run it again. */
  readonly gitStatus?: { readonly dirty: string[] | undefined };
  /**
   * The shell call runs under `airlock exec` with this argument vector (`execArgvKey`): the
   * snapshot leaves `git status` to that process, which runs it just before the command starts
   * (`completeDeferredSnapshots`), so the hook answers without waiting for git.
   */
  readonly deferGitTo?: string;
  /**
   * Claude Code writes the transcript line holding the model around the time the post hook runs:
   * read it this many extra times before leaving the model unknown (settled at `Stop`). Default 3.
   */
  readonly transcriptRetries?: number;
  /** Wait between transcript reads, ms. Default 40. */
  readonly transcriptRetryDelayMs?: number;
  /**
   * The hook's environment: inside `airlock run` (its audit relay named there) the records folder
   * is read-only, so the records are handed to `run`, which stores them (recordRelay.ts).
   */
  readonly env?: NodeJS.ProcessEnv;
  /** Where a record goes (default: `appendRecord`, into `.airlock/provenance/records/`). */
  readonly appendRecord?: (root: string, record: ProvenanceRecord) => void;
}

export interface CapturedFile {
  /** Workspace-relative, `/`-separated. */
  readonly file: string;
  /** The lines tagged by this capture, in the file as it is on disk now. */
  readonly ranges: readonly LineRange[];
  readonly lines: number;
  readonly model: string;
}

/**
 * - `snapshot`: a pre hook recorded the files a tool is about to change.
 * - `captured`: a post hook tagged AI-written lines (`files` may be empty when nothing changed).
 * - `settled`: a stop event filled in models that were unknown at post time.
 * - `ignored`: the event has nothing to do with file changes.
 * - `error`: capture failed; `notes` says why. Never thrown: a post hook cannot block anything.
 */
export type CaptureStatus = 'snapshot' | 'captured' | 'settled' | 'ignored' | 'error';

export interface CaptureResult {
  readonly status: CaptureStatus;
  readonly files: readonly CapturedFile[];
  /** Why something could not be attributed (each names the file), for the audit log / debug output. */
  readonly notes: readonly string[];
  /** Unreadable store files met (each was moved aside, never overwritten). */
  readonly problems: readonly ProvenanceProblem[];
  /** For `settled`: how many ranges got their model. */
  readonly settledRanges?: number;
}
