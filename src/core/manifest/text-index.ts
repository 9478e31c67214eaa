import type { SourceSpan } from './types';

/** Turns offsets into 1-based line/column pairs for one text. */
export class TextIndex {
  /** Offsets where lines start, in `lineStarts[0..lineCount)` (typed: a big dump has millions). */
  private readonly lineStarts: Int32Array;
  readonly lineCount: number;

  constructor(
    readonly text: string,
    readonly source?: string,
  ) {
    let starts = new Int32Array(Math.max(16, Math.ceil(text.length / 24)));
    let count = 1;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', newline + 1)) {
      if (count === starts.length) {
        const grown = new Int32Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[count++] = newline + 1;
    }
    this.lineStarts = starts;
    this.lineCount = count;
  }

  position(offset: number): { line: number; column: number } {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineCount - 1;
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
    const index = Math.max(0, Math.min(line - 1, this.lineCount - 1));
    const from = this.lineStarts[index]!;
    const to = index + 1 < this.lineCount ? this.lineStarts[index + 1]! - 1 : this.text.length;
    return this.span(from, to);
  }
}
