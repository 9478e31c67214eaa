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

  /** Where the 0-based line `index` starts. */
  lineStart(index: number): number {
    return this.lineStarts[index]!;
  }

  position(offset: number): { line: number; column: number } {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const index = this.lineIndexAt(clamped, 0);
    return { line: index + 1, column: clamped - this.lineStarts[index]! + 1 };
  }

  /** The 0-based line holding `offset` (already clamped), searching from line `low` on. */
  private lineIndexAt(offset: number, low: number): number {
    const starts = this.lineStarts;
    let high = this.lineCount - 1;
    // Most spans end on their first line or a few lines further: look there before searching.
    for (let probe = low; probe < low + 4 && probe < high; probe++) {
      if (starts[probe + 1]! > offset) return probe;
    }
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  span(from: number, to: number): SourceSpan {
    const length = this.text.length;
    const end = Math.max(from, to);
    const clampedFrom = Math.max(0, Math.min(from, length));
    const clampedEnd = Math.max(0, Math.min(end, length));
    const startLine = this.lineIndexAt(clampedFrom, 0);
    // The end is at or after the start: its line is found from the start's line on.
    const endLine = this.lineIndexAt(clampedEnd, startLine);
    const span = {
      line: startLine + 1,
      column: clampedFrom - this.lineStarts[startLine]! + 1,
      endLine: endLine + 1,
      endColumn: clampedEnd - this.lineStarts[endLine]! + 1,
      from,
      to: end,
    };
    return this.source === undefined ? span : { ...span, source: this.source };
  }

  /** The span of a whole line (without its newline), for problems that have no better place. */
  lineSpan(line: number): SourceSpan {
    const index = Math.max(0, Math.min(line - 1, this.lineCount - 1));
    const from = this.lineStarts[index]!;
    const to = index + 1 < this.lineCount ? this.lineStarts[index + 1]! - 1 : this.text.length;
    return this.span(from, to);
  }
}
