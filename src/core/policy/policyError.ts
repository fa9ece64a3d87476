// Typed policy errors: every problem names file, line and column so a team lead can act on it.

export type ProblemSeverity = 'error' | 'warning';

export interface PolicyProblem {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** 0-based character offsets into the file, for editors. */
  readonly offset: number;
  readonly length: number;
  readonly message: string;
  readonly severity: ProblemSeverity;
  /** Stable machine-readable kind, for quick fixes (e.g. 'unknown-class', 'expired-exception'). */
  readonly code: string;
}

export function formatProblem(p: PolicyProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`;
}

/** Thrown (or returned) when a policy cannot be used; carries every error found, not only the first. */
export class PolicyError extends Error {
  readonly problems: readonly PolicyProblem[];

  constructor(problems: readonly PolicyProblem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    const first = errors[0] ?? problems[0];
    super(
      first
        ? `${formatProblem(first)}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`
        : 'invalid policy',
    );
    this.name = 'PolicyError';
    this.problems = problems;
  }

  get file(): string {
    return this.problems[0]?.file ?? '';
  }
  get line(): number {
    return this.problems[0]?.line ?? 0;
  }
  get column(): number {
    return this.problems[0]?.column ?? 0;
  }
}
