// Public shapes of secret detection. Findings never carry the secret itself: `value` is masked.
import type { RiskLevel } from '../policy/policyTypes';

export type SecretSeverity = Exclude<RiskLevel, 'none'>;

/** Why a finding was not counted (only present when the caller asked for suppressed findings). */
export type SuppressionKind = 'inline' | 'baseline';

export interface SecretFinding {
  /** Workspace-relative, '/'-separated. */
  readonly file: string;
  /** 1-based line of the first character of the secret. */
  readonly line: number;
  /** 1-based column (UTF-16 code units, as VS Code and SARIF count). */
  readonly column: number;
  readonly endLine: number;
  /** 1-based column just past the last character (exclusive, as in SARIF and VS Code ranges). */
  readonly endColumn: number;
  /** Rule id, e.g. `github-pat`. */
  readonly rule: string;
  readonly description: string;
  readonly severity: SecretSeverity;
  /** A blocking finding makes the file protected for AI reads (per the policy's `secrets` verdict). */
  readonly blocking: boolean;
  /** Masked, e.g. `ghp_…(40 chars)`; never the full secret. */
  readonly value: string;
  /** sha256 of (rule, file, secret): stable across line moves, safe to store in a baseline. */
  readonly fingerprint: string;
  readonly suppressed?: SuppressionKind;
  /** Generic findings only: confidence (0–1) that the value is a live credential. */
  readonly confidence?: number;
}

/** Fingerprints a team has accepted as known (see secretsBaseline.ts). */
export interface SecretsBaseline {
  readonly fingerprints: ReadonlySet<string>;
  /** SHA-256 of file contents the scanner cannot judge that a team accepted (`unscanned-file` entries). */
  readonly acceptedUnscanned?: ReadonlySet<string>;
}

export interface ScanTextOptions {
  /** Findings whose fingerprint is listed here are dropped (or marked when `includeSuppressed`). */
  readonly baseline?: SecretsBaseline;
  /** Return suppressed findings too, marked with `suppressed`. */
  readonly includeSuppressed?: boolean;
  /**
   * Generic (keyword/entropy) findings at or above this confidence block like provider findings
   * (the policy's `secretScan.genericBlockConfidence`). Default: they never block.
   */
  readonly genericBlockConfidence?: number;
}

/**
 * Why a file was not judged: `compressed` (an archive or compressed stream whose bytes say nothing
 * about its content), `too-large` (over the size cap), `unreadable`, `not-a-file`. Such a file is
 * "not scanned", never clean. (`binary` is kept for callers that name it; other binary files are
 * scanned through their printable strings and UTF-16 text is decoded.)
 */
export type SkipReason = 'binary' | 'compressed' | 'too-large' | 'unreadable' | 'not-a-file';

/** The outcome for one file; a skipped file is reported, never silently dropped. */
export interface FileScanResult {
  readonly file: string;
  readonly findings: readonly SecretFinding[];
  readonly bytes: number;
  readonly skipped?: SkipReason;
  /** Why the file could not be read (for `unreadable`). */
  readonly error?: string;
}
