import type { SourceSpan } from './types';

/** Turns offsets into 1-based line/column pairs for one text. */
export class TextIndex {
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly text: string,
    readonly source?: string,
  ) {
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', newline + 1)) {
      this.lineStarts.push(newline + 1);
    }
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): { line: number; column: number } {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - this.lineStarts[low]! + 1 };
  }

  span(from: number, to: number): SourceSpan {
    const start = this.position(from);
    const end = this.position(Math.max(from, to));
    return {
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      from,
      to: Math.max(from, to),
      ...(this.source === undefined ? {} : { source: this.source }),
    };
  }

  /** The span of a whole line (without its newline), for problems that have no better place. */
  lineSpan(line: number): SourceSpan {
    const index = Math.max(0, Math.min(line - 1, this.lineStarts.length - 1));
    const from = this.lineStarts[index]!;
    const next = this.lineStarts[index + 1];
    const to = next === undefined ? this.text.length : next - 1;
    return this.span(from, to);
  }
}
