// The provenance model: which lines of a file an AI wrote, and who reviewed them.
// Store files are read by people in PRs and by newer Airlock versions: keep names stable.

/** Version of the store-file format written by this code. */
export const ANNOTATION_FORMAT_VERSION = 1;

/** `ai-modified`: a human changed lines the AI wrote (the range holds only those lines). */
export type AnnotationState = 'ai' | 'ai-modified';

/** Lines `startLine..endLine`, 1-based and inclusive. */
export interface LineRange {
  readonly startLine: number;
  readonly endLine: number;
}

export interface AnnotatedRange extends LineRange {
  readonly id: string;
  /** `sha256:<hex>` of the range's lines joined by `\n` (CRLF normalized), see contentHash.ts. */
  readonly contentHash: string;
  /** The assistant: a client id such as `claude-code`, `copilot-cli`. */
  readonly tool: string;
  /** As the client reported it; `unknown` when it gave none (never guessed). */
  readonly model: string;
  readonly session: string;
  /** ISO 8601 time of the AI edit. */
  readonly time: string;
  readonly state: AnnotationState;
  readonly reviewedBy?: string;
  readonly reviewedAt?: string;
  /** Fields this version does not know (written by a newer one): kept verbatim on save. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface FileAnnotations {
  readonly version: number;
  /** Workspace-relative, `/`-separated. */
  readonly file: string;
  /** Git blob id of the file content the ranges refer to (`blob:<sha1>`), see contentHash.ts. */
  readonly fileHash?: string;
  /** Sorted by start line, never overlapping. */
  readonly ranges: readonly AnnotatedRange[];
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** Who/what/when of an AI edit, shared by all ranges it produced. */
export interface AiOrigin {
  readonly tool: string;
  readonly model: string;
  readonly session: string;
  readonly time: string;
}

export const UNKNOWN_MODEL = 'unknown';
