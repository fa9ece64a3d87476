// The shapes shared by the native-control compilers: what `airlock sync` plans to write and what it did.
import type { SourceLocation } from '../policy/policyRefs';

/** How far a native control really keeps an assistant from protected paths. */
export type CoverageLevel = 'enforced' | 'advisory' | 'not-covered';

export interface CoverageEntry {
  /** Assistant (or surface) the entry is about, e.g. 'Claude Code'. */
  readonly assistant: string;
  readonly level: CoverageLevel;
  /** The native control(s) Airlock writes for it. */
  readonly control: string;
  /** When the level holds, and what still gets through. */
  readonly conditions: string;
  /** URL of the vendor documentation the conditions rest on. */
  readonly source: string;
}

/** Where a target cannot express the policy exactly, and which safer choice was made. */
export interface NativeWarning {
  /** Relative path of the file the warning is about ('' for the plan as a whole). */
  readonly file: string;
  readonly message: string;
  /** The policy pattern concerned, as written. */
  readonly pattern?: string;
  readonly location?: SourceLocation;
}

/** A JSON path as jsonc-parser takes it: property names and array indexes. */
export type JsonPath = readonly (string | number)[];

/**
 * One change Airlock owns in a JSON file it shares with people. Previously written values are
 * remembered in the sync state (`.airlock/sync-state.json`), so a re-sync removes exactly its own
 * stale entries and never a hand-written one.
 */
export type JsonManagedEdit =
  /** Set a value (scalar or object) at a path, replacing what is there. */
  | { readonly kind: 'set'; readonly path: JsonPath; readonly value: unknown }
  /** Make these strings members of the array at path; drop members Airlock added before that are no longer wanted. */
  | { readonly kind: 'array-members'; readonly path: JsonPath; readonly values: readonly string[] }
  /** Make these keys hold these values in the object at path; drop keys Airlock set before that are no longer wanted. */
  | { readonly kind: 'object-entries'; readonly path: JsonPath; readonly entries: Readonly<Record<string, unknown>> }
  /**
   * Keep exactly one hook group (Claude Code / Codex shape: `{ matcher?, hooks: [{ type, command }] }`)
   * of Airlock's in the array at path. Groups are recognised as Airlock's by their commands.
   */
  | { readonly kind: 'hook-group'; readonly path: JsonPath; readonly group: Readonly<Record<string, unknown>>; readonly commands: readonly string[] };

export type NativeFileSpec =
  /** Text file in gitignore syntax: Airlock's lines live inside a marked block, the rest is the user's. */
  | {
      readonly kind: 'text-block';
      readonly lines: readonly string[];
      /** False when there is nothing to protect: an existing file gets its block updated, a missing one is not created. */
      readonly createIfMissing: boolean;
    }
  /** A file that is Airlock's alone (written with LF; an existing file's line endings are kept). */
  | { readonly kind: 'whole-file'; readonly content: string }
  /** A JSON (with comments) file shared with people: only Airlock's keys and entries are touched. */
  | {
      readonly kind: 'json-managed';
      readonly edits: readonly JsonManagedEdit[];
      /** False: a missing file is not created (there is only something to remove). Default true. */
      readonly createIfMissing?: boolean;
    };

export interface NativeFilePlan {
  /** Stable id of the target, e.g. 'claude-settings', 'cursorignore'. */
  readonly target: string;
  /** Workspace-relative, '/'-separated. */
  readonly path: string;
  readonly spec: NativeFileSpec;
  readonly warnings: readonly NativeWarning[];
  /** Which assistants this file governs, and how far. */
  readonly coverage: readonly CoverageEntry[];
}

export interface NativePlan {
  readonly root: string;
  readonly files: readonly NativeFilePlan[];
  /** Warnings about the plan as a whole (monitor mode, exceptions, missing inputs). */
  readonly warnings: readonly NativeWarning[];
}

export type NativeFileStatus = 'created' | 'updated' | 'unchanged' | 'drift' | 'error';

export interface NativeFileResult {
  readonly path: string;
  readonly status: NativeFileStatus;
  /** For 'error' (and some 'drift'): what is wrong, with file:line:column where it applies. */
  readonly message?: string;
  readonly line?: number;
  readonly column?: number;
  /** For 'drift': a unified diff from the file on disk to what `airlock sync` would write. */
  readonly diff?: string;
}
