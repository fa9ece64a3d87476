// Where a policy fact stands in its file: the ground-floor words every layer cites (the decision,
// the audit log, the risk view) without depending on the policy engine that produced them.

export interface SourceLocation {
  readonly source: string;
  readonly line: number;
  readonly column: number;
}

export interface RuleRef {
  readonly source: string;
  readonly line: number;
}

export interface ExceptionRef {
  readonly source: string;
  readonly line: number;
  readonly owner: string;
  readonly reason: string;
  readonly approvedBy: string;
  readonly expires: string;
}
