// The one home of text positions: offset ↔ 1-based line/column, built lazily (most scanned files
// have no findings and never pay for it).

export class LineIndex {
  private starts: number[] | null = null;

  constructor(private readonly text: string) {}

  /** 1-based line and column (UTF-16 units) of a 0-based offset. */
  position(offset: number): { line: number; column: number } {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }

  /** The offset of a 1-based line and column (clamped to the text). */
  offset(line: number, column: number): number {
    const starts = this.lineStarts();
    const start = starts[Math.min(Math.max(line, 1), starts.length) - 1];
    return Math.min(start + column - 1, this.text.length);
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const starts = this.lineStarts();
    if (line < 1 || line > starts.length) return '';
    const end = line < starts.length ? starts[line] - 1 : this.text.length;
    return this.text.slice(starts[line - 1], end).replace(/\r$/, '');
  }

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
    return starts;
  }
}

/** 1-based line and column of one offset (for a single error position; reuse a LineIndex for many). */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  return new LineIndex(text).position(offset);
}
