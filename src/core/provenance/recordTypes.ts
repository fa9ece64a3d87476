// Provenance records: immutable, one file each, never edited after they are written. Every fact
// (AI lines, a review, a settled model) is a new record with a unique name, so two developers'
// records never conflict in git and concurrent writers never overwrite each other.
import type { AnnotationState } from './annotationTypes';

export const RECORD_FORMAT = 'airlock-provenance/2';

/**
 * Consecutive non-blank lines as they were when the record was written: their keys (lineKeys.ts),
 * the keys of the non-blank lines just before and after (context that tells apart lines which
 * say the same thing), and the line number of the first one then (for reports).
 */
export interface LineRun {
  readonly line: number;
  readonly keys: readonly string[];
  readonly before?: string;
  readonly after?: string;
}

interface RecordBase {
  readonly format: typeof RECORD_FORMAT;
  /** Unique: `<compact time>-<random>`, also the record's file name. */
  readonly id: string;
  /** Workspace-relative path of the file when the record was written. */
  readonly file: string;
  /** ISO 8601; orders records (later facts about a line win). */
  readonly time: string;
  /** Salt of the line keys in `runs`. */
  readonly salt: string;
  readonly runs: readonly LineRun[];
  /** Fields a newer version wrote: kept, ignored. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** Lines an AI wrote. */
export interface AiLinesRecord extends RecordBase {
  readonly kind: 'ai';
  readonly tool: string;
  readonly model: string;
  readonly session: string;
  readonly state: AnnotationState;
  /**
   * The developer whose session it was (for peer review), when the writer knew it cheaply (the
   * CLI, the editor); otherwise the author of the commit that adds the record counts.
   */
  readonly developer?: string;
  /** Lines of earlier records this edit replaced (they are not reported as lost). */
  readonly replaces?: ReadonlyArray<{ readonly record: string; readonly lines: readonly number[] }>;
}

/** Lines a human declares not AI-written (an unmark, a rewrite the editor saw). */
export interface HumanLinesRecord extends RecordBase {
  readonly kind: 'human';
}

/** A sign-off of the AI lines in `runs`, by `reviewer`, optionally SSH-signed. */
export interface ReviewRecord extends RecordBase {
  readonly kind: 'review';
  /** `Name <email>` as shown to people. */
  readonly reviewer: string;
  /** The signer's principal (email) the signature is checked against in allowed signers. */
  readonly principal?: string;
  /** `ssh-keygen -Y sign` armored signature over `signedPayload(record)`. */
  readonly signature?: string;
}

/** A model learnt after the fact for the named records (Claude Code writes it late). */
export interface ModelRecord extends RecordBase {
  readonly kind: 'model';
  readonly model: string;
  readonly records: readonly string[];
}

/** Records whose lines are gone for good (a deleted file, lines a human removed), set aside by a human. */
export interface RetireRecord extends RecordBase {
  readonly kind: 'retire';
  readonly records: readonly string[];
}

export type ProvenanceRecord = AiLinesRecord | HumanLinesRecord | ReviewRecord | ModelRecord | RetireRecord;
