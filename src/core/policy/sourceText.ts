// Maps character offsets in a policy file to 1-based line and column.
import type { PolicyProblem, ProblemSeverity } from './policyError';
import type { SourceLocation } from './policyRefs';

export class SourceText {
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo] + 1 };
  }

  /** The offset of a 1-based line and column (clamped to the text). */
  offset(line: number, column: number): number {
    const start = this.lineStarts[Math.min(Math.max(line, 1), this.lineStarts.length) - 1];
    return Math.min(start + column - 1, this.text.length);
  }

  location(offset: number): SourceLocation {
    const { line, column } = this.position(offset);
    return { source: this.file, line, column };
  }

  problem(offset: number, length: number, message: string, code: string, severity: ProblemSeverity = 'error'): PolicyProblem {
    const { line, column } = this.position(offset);
    return { file: this.file, line, column, offset, length, message, code, severity };
  }
}
