// The shapes of the risk model: what the sidebar, the decorations and reports show per file.
import type { ExceptionRef, RuleRef } from '../policy/policyRefs';
import type { RiskLevel, Verdict } from '../policy/policyTypes';
import type { SecretFinding } from '../secrets/secretTypes';

export type { RiskLevel } from '../policy/policyTypes';

/** AI-written lines of a file, from its provenance annotations. */
export interface AiLineStats {
  readonly total: number;
  readonly unreviewed: number;
  /** Lines the AI wrote that a human changed since. */
  readonly modified: number;
}

export interface RiskReason {
  readonly level: RiskLevel;
  readonly text: string;
}

export interface ExceptionRisk extends ExceptionRef {
  /** Whole days until the exception stops applying; 0 on its last day. */
  readonly daysLeft: number;
}

export interface FileRisk {
  /** Workspace-relative, `/`-separated. */
  readonly rel: string;
  readonly className: string;
  readonly read: Verdict;
  readonly edit: Verdict;
  readonly rule: RuleRef | null;
  /** 1-based position of the deciding rule in its policy file's `rules`, when a rule decided. */
  readonly ruleNumber: number | null;
  readonly exception: ExceptionRisk | null;
  readonly ai: AiLineStats;
  /** The class requires review and some AI lines are unreviewed. */
  readonly reviewMissing: boolean;
  /** Live (not suppressed) secret findings. */
  readonly secrets: readonly SecretFinding[];
  readonly level: RiskLevel;
  /** Strongest first; the first one is the main reason. */
  readonly reasons: readonly RiskReason[];
}

/** A folder's risk: the strongest level below it and how many files sit at each level. */
export interface FolderRisk {
  readonly rel: string;
  readonly level: RiskLevel;
  readonly files: number;
  readonly counts: Readonly<Record<RiskLevel, number>>;
  readonly aiUnreviewed: number;
}

/**
 * Where secret findings come from (the editor's secret scanner, a CLI scan). The risk model takes
 * them per file through `RiskModel.setSecrets`; a source only needs to answer per file.
 */
export interface SecretFindingsSource {
  findingsFor(rel: string): readonly SecretFinding[];
}

export const NO_AI_LINES: AiLineStats = { total: 0, unreviewed: 0, modified: 0 };
