// The facts a client gives after a tool changed files: the words the hook event and provenance
// capture share (kept apart from the parser so the event type does not import its own reader).
import type { ClientId } from '../words/clientTypes';

/** One hunk as Claude Code reports it (`structuredPatch`, `bashEditDiff.files[].hunks`). */
export interface PatchHunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  readonly lines: readonly string[];
}

export interface TextReplacement {
  readonly oldText: string;
  readonly newText: string;
  readonly replaceAll?: boolean;
}

export interface PostToolFileFacts {
  /** As the client gave it (usually absolute). */
  readonly path: string;
  readonly created?: boolean;
  readonly deleted?: boolean;
  readonly movedTo?: string;
  /** The whole new content, when the tool wrote a whole file. */
  readonly content?: string;
  /** The content before the edit (Claude Code `originalFile`; null for a new file). */
  readonly originalContent?: string | null;
  /** old/new text pairs in the order applied (Edit, MultiEdit, Copilot `old_str`/`new_str`). */
  readonly replacements?: readonly TextReplacement[];
  /** Exact hunks from the client (Claude Code `structuredPatch`, `bashEditDiff`). */
  readonly hunks?: readonly PatchHunk[];
  /** The file's part of a patch (`*** Update File:` body or unified diff hunks), raw. */
  readonly patchBody?: string;
}

export type PostToolEditKind = 'write' | 'edit' | 'patch' | 'notebook' | 'shell';

export interface PostToolEditFacts {
  readonly client: ClientId;
  readonly tool: string;
  readonly kind: PostToolEditKind;
  readonly toolUseId?: string;
  readonly sessionId: string;
  readonly cwd: string;
  /** False for PostToolUseFailure events, a non-success result type, or an error result. */
  readonly success: boolean;
  readonly error?: string;
  /** Files the client says changed. Shell tools often name none: compare the working tree instead. */
  readonly files: readonly PostToolFileFacts[];
  readonly command?: string;
  /** Shell exit status when the client reports one in text (Copilot reports success even on failure). */
  readonly shellExitCode?: number;
  /** Patch text as the tool received it (Codex / VS Code `apply_patch`). */
  readonly patchText?: string;
  /** opencode's tool metadata (its edit tool reports a unified `diff`), raw. */
  readonly metadata?: unknown;
}
