// The audit event schema: one JSON line per event in `.airlock/audit/audit.jsonl`.
// Events describe what happened (who, which tool, which paths, which verdict and why), never file
// contents. Field names are part of the log format that security tools ingest: keep them stable.
import type { Action } from '../decide/decisionTypes';
import type { RuleRef } from '../policy/policyRefs';
import type { Verdict } from '../policy/policyTypes';

/** Format version written in every record (`v`). */
export const AUDIT_SCHEMA_VERSION = 1;

/** `prev` of the very first event: there is nothing before it. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * - `decision`: a hook / editor / CLI decision (allow, ask, deny) on a tool call.
 * - `ai-edit`: an AI edit captured after the fact (PostToolUse, governed tool, manual mark).
 * - `policy-error`: the policy could not be used, so access failed closed.
 * - `review`: a human marked AI-written lines as reviewed.
 * - `exception`: a policy exception was granted, used or expired.
 * - `sync`: native ignore files were (re)generated from the policy.
 * - `audit`: an event about the log itself (e.g. a detected gap the writer recorded).
 * - `model`: a request to a model endpoint (or its response) inspected on the governed model path.
 */
export type AuditEventKind = 'decision' | 'ai-edit' | 'policy-error' | 'review' | 'exception' | 'sync' | 'audit' | 'model';

export const AUDIT_EVENT_KINDS: readonly AuditEventKind[] = ['decision', 'ai-edit', 'policy-error', 'review', 'exception', 'sync', 'audit', 'model'];

/** What a `model` event says about the text that went out (or came back): sizes and hashes, not text. */
export interface AuditModelContent {
  readonly direction: 'request' | 'response';
  /** The policy's endpoint name. */
  readonly endpoint: string;
  readonly bytes: number;
  /** SHA-256 (hex) of the bytes as sent (after redaction) or received. */
  readonly sha256: string;
  readonly secretsMasked: number;
  readonly protectedRemoved: number;
  /** Masked text, only when the policy opts in with `models.auditText`. */
  readonly text?: string;
}

export interface AuditExceptionRef {
  readonly source: string;
  readonly line: number;
  readonly owner: string;
  readonly expires: string;
}

/** A range of lines in one file (1-based, inclusive), for `ai-edit` and `review` events. */
export interface AuditLineRange {
  readonly path: string;
  readonly start: number;
  readonly end: number;
}

/** What an event says: the fields of a stored line other than its place in the chain. */
export interface AuditEventFields {
  /** ISO 8601. */
  readonly time: string;
  readonly kind: AuditEventKind;
  /** The assistant or surface: 'claude-code', 'copilot-cli', 'editor', 'cli', ... */
  readonly client: string | null;
  readonly session: string | null;
  /** The assistant's tool name ('Read', 'Bash', 'edit_file', an MCP tool, ...). */
  readonly tool: string | null;
  readonly action: Action | null;
  /** Workspace-relative, `/`-separated (absolute only for paths outside the workspace). */
  readonly paths: readonly string[];
  /** The verdict applied (always `allow` in monitor mode). */
  readonly verdict: Verdict | null;
  /** What enforcement would have given. */
  readonly enforcedVerdict: Verdict | null;
  readonly monitor: boolean;
  readonly class: string | null;
  readonly rule: RuleRef | null;
  readonly exception: AuditExceptionRef | null;
  readonly reason: string | null;
  /** A shell command line; always stored through `maskSecrets`, never as given. */
  readonly command: string | null;
  readonly model: string | null;
  readonly ranges: readonly AuditLineRange[];
  /** OS user. */
  readonly user: string | null;
  /** Host name. */
  readonly host: string | null;
  /** The assistant's id for this tool call (Claude Code `tool_use_id`, opencode `callID`); joins its own telemetry. Absent in lines written before it existed. */
  readonly toolUseId?: string | null;
  /** Present on `model` events only (older lines and other kinds have no such field). */
  readonly exchange?: AuditModelContent;
  /** How long the thing took where it was measured (a hook decision, a gateway request), in ms; exported as a span. Absent when not measured. */
  readonly durationMs?: number;
}

/**
 * What a caller hands to `appendAuditEvents`: everything but `kind` is optional. `time` defaults
 * to the time of the append; `user` and `host` to this user and machine (null leaves them out).
 */
export type AuditEventInput = Pick<AuditEventFields, 'kind'> & Partial<Omit<AuditEventFields, 'kind' | 'durationMs'>> & { readonly durationMs?: number | null };

/** One stored line (the hash covers its exact bytes; `auditAppend` writes the fields in a fixed order). */
export interface AuditRecord extends AuditEventFields {
  readonly v: number;
  /** 1-based position in the whole chain, across rotated files. */
  readonly seq: number;
  /** `hash` of the previous event in the chain (GENESIS_HASH for the first). */
  readonly prev: string;
  /** SHA-256 (hex) of this line's bytes up to, not including, the `hash` field. */
  readonly hash: string;
}

/** Where the chain stands after the last write, as recorded in `head.json`. */
export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
  readonly time: string;
}

export interface AuditAppendOptions {
  /** Rotate `audit.jsonl` before it would grow past this many bytes. Default 10 MiB. */
  readonly maxFileBytes?: number;
  /** Give up waiting for the cross-process lock after this long. Default 5000 ms. */
  readonly lockTimeoutMs?: number;
  /** A lock file older than this is considered abandoned. Default 10000 ms. */
  readonly staleLockMs?: number;
  /** fsync the log before releasing the lock (survives power loss; costs milliseconds). Default false. */
  readonly fsync?: boolean;
  /** Clock, for tests. */
  readonly now?: () => Date;
}

export interface AuditAppendResult {
  /** Absolute path of the file written (the active `audit.jsonl`). */
  readonly file: string;
  readonly firstSeq: number;
  readonly lastSeq: number;
  /** Hash of the last event written: the new chain head. */
  readonly hash: string;
  /** The rotated file's path when this append rotated the log. */
  readonly rotatedTo: string | null;
  /**
   * Set when the writer found the log behind its head record (lines deleted) or a torn last line;
   * the new events chain to the head so the break stays visible to `verifyAuditLog`.
   */
  readonly repaired: string | null;
}

export type AuditProblemKind =
  | 'invalid-json'
  | 'truncated-line'
  | 'edited-line'
  | 'deleted-lines'
  | 'reordered-lines'
  | 'missing-file'
  | 'renamed-file'
  | 'deleted-tail'
  | 'missing-head';

export interface AuditProblem {
  readonly kind: AuditProblemKind;
  /** Absolute path of the file the problem is in (the head file for head problems). */
  readonly file: string;
  /** 1-based line in that file; 0 when the problem is about a whole file. */
  readonly line: number;
  readonly message: string;
}

export interface AuditLogSummary {
  /** Log files in chain order (rotated ones first, `audit.jsonl` last). */
  readonly files: readonly string[];
  readonly events: number;
  readonly firstSeq: number | null;
  readonly lastSeq: number | null;
  readonly firstTime: string | null;
  readonly lastTime: string | null;
  readonly lastHash: string | null;
}

export interface AuditVerifyResult {
  readonly ok: boolean;
  /** The first problem found in chain order, or null. */
  readonly problem: AuditProblem | null;
  /** Benign findings that do not break the chain (e.g. the head file lagging after a crash). */
  readonly notes: readonly string[];
  readonly summary: AuditLogSummary;
}
