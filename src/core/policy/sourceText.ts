// Maps character offsets in a policy file to 1-based line and column.
import type { PolicyProblem, ProblemSeverity } from './policyError';
import { LineIndex } from '../util/lineIndex';
import type { SourceLocation } from './policyRefs';

export class SourceText {
  private readonly lines: LineIndex;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.lines = new LineIndex(text);
  }

  position(offset: number): { line: number; column: number } {
    return this.lines.position(offset);
  }

  /** The offset of a 1-based line and column (clamped to the text). */
  offset(line: number, column: number): number {
    return this.lines.offset(line, column);
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
