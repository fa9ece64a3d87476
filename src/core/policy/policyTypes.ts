// The shapes of a loaded policy. Names here are part of the policy file format: keep them stable.
import type { SourceLocation } from './policyRefs';
import type { SyncTargets } from './syncTargets';
import type { ModelsSection } from './modelPolicyTypes';

export type Verdict = 'allow' | 'ask' | 'deny';
export type RiskLevel = 'critical' | 'high' | 'medium' | 'low' | 'none';
export type AiSwitch = 'on' | 'off';
export type PolicyMode = 'enforce' | 'monitor';
export type SecretsVerdict = 'deny' | 'ask' | 'warn';

/** Default of the policy's `secretsConfidence`. */
export const DEFAULT_SECRETS_CONFIDENCE = 0.9;

/** Where something stands in a policy file (1-based line and column). */
export interface DataClass {
  readonly name: string;
  readonly read: Verdict;
  readonly edit: Verdict;
  readonly risk: RiskLevel;
  readonly reviewRequired: boolean;
  /** `review: "peer"`: the reviewer must not be the developer whose session wrote the lines. */
  readonly peerReview?: boolean;
  readonly description?: string;
  readonly location: SourceLocation;
}

export interface PolicyPattern {
  /** The pattern exactly as written (gitignore syntax). */
  readonly text: string;
  readonly location: SourceLocation;
}

export interface PolicyRule {
  /** 0-based position in the file's `rules` array. */
  readonly index: number;
  readonly patterns: readonly PolicyPattern[];
  readonly className: string;
  readonly reason?: string;
  /** The team lead means this rule to loosen earlier, stricter rules: `check` does not warn about it. */
  readonly carveOut?: boolean;
  readonly location: SourceLocation;
}

export interface PolicyException {
  readonly index: number;
  readonly patterns: readonly PolicyPattern[];
  readonly className: string;
  readonly owner: string;
  readonly reason: string;
  readonly approvedBy: string;
  /** ISO date (YYYY-MM-DD); the exception applies through the end of that day (UTC). */
  readonly expires: string;
  readonly location: SourceLocation;
}

/** `"telemetry"` beyond the endpoint: when flushes and checkpoints run, and whether sync points the assistants' own exporters at `airlock telemetry serve`. */
export interface TelemetrySettings {
  /** Seconds between scheduled flush + signed checkpoint runs (default 60). */
  readonly intervalSeconds: number;
  /** `sync` writes each assistant's OpenTelemetry settings pointing at the local receiver. */
  readonly assistants: boolean;
  /** The loopback port of `airlock telemetry serve` (default 4318). */
  readonly receiverPort: number;
}

/** One validated policy file (the repository's, or a baseline). */
export interface PolicyDocument {
  readonly source: string;
  readonly version: 1;
  readonly ai: AiSwitch;
  readonly mode: PolicyMode;
  readonly classes: ReadonlyMap<string, DataClass>;
  readonly defaultClass: string;
  readonly rules: readonly PolicyRule[];
  readonly exceptions: readonly PolicyException[];
  /** Verdict for paths outside the workspace. */
  readonly outside: Verdict;
  /** Verdict for shell commands that cannot be parsed with confidence when protected paths exist. */
  readonly shell: 'ask' | 'deny';
  /** What a live secret finding means for AI reads of that file. */
  readonly secrets: SecretsVerdict;
  /** OTLP/HTTP logs endpoint for `airlock telemetry flush` (`telemetry.otlpEndpoint`). */
  readonly otlpEndpoint?: string;
  /** The rest of `"telemetry"` (schedule, assistants' exporters); absent when the policy has no such section. */
  readonly telemetry?: TelemetrySettings;
  /** Which assistants `airlock sync` writes native controls for (`"sync": { "targets" }`); absent: detected. */
  readonly syncTargets?: SyncTargets;
  /** Workspace-relative allowed-signers file: when set, only reviews signed by a key in it count. */
  readonly reviewSigners?: string;
  /** Model endpoints and which classes each may receive (the governed model path). */
  readonly models?: ModelsSection;
  /** Whether hooks rewrite shell tool calls into `airlock exec` (masked execution) where the client allows it; absent means "rewrite". */
  readonly shellSandbox?: 'rewrite' | 'off';
  /** The verdict for files the secret scanner cannot judge (compressed, over the size cap, unreadable); default `ask`. */
  readonly secretsUnscanned?: SecretsVerdict;
  /** Keyword/entropy (generic) secret findings at or above this confidence count as live secrets; default DEFAULT_SECRETS_CONFIDENCE. */
  readonly secretsConfidence?: number;
  /** Resolved absolute path of the `extends` baseline, if any. */
  readonly extends?: string;
}
