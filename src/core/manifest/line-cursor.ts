import { decline } from './decline';
import { CARRIAGE_RETURN, DASH, HASH, NEWLINE, SPACE } from './subset-support';

/**
 * The subset reader's place in a document `text[start, end)`: the current content line (not
 * blank, not a comment), its indentation and where it ends. The readers of values and of
 * collections move it from line to line.
 */
export abstract class LineCursor {
  // The current content line. `has` is false at the end of the document.
  protected has = false;
  protected indent = 0;
  protected lineStart = 0;
  protected content = 0;
  /** Where the current line's text ends: its newline, or the CR of its CRLF, or the document's end. */
  protected eol = 0;
  /** Where the line after the current one starts. */
  protected next = 0;

  constructor(
    protected readonly text: string,
    protected readonly start: number,
    protected end: number,
  ) {}

  /** The newline that ends the line holding `from`, or the document's end. */
  protected lineBreak(from: number): number {
    const newline = this.text.indexOf('\n', from);
    return newline === -1 || newline > this.end ? this.end : newline;
  }

  /** Where a line's text ends, given its newline: before the CR of a CRLF. */
  protected contentEnd(newline: number): number {
    return newline > this.start && this.text.charCodeAt(newline - 1) === CARRIAGE_RETURN ? newline - 1 : newline;
  }

  /** Moves to the first content line at or after the line starting at `p`, skipping blank and comment lines. */
  protected seek(p: number): void {
    const text = this.text;
    const end = this.end;
    while (p < end) {
      let i = p;
      while (i < end && text.charCodeAt(i) === SPACE) i++;
      if (i >= end) break;
      const code = text.charCodeAt(i);
      if (code === NEWLINE || code === CARRIAGE_RETURN) {
        p = this.lineBreak(i) + 1;
        continue;
      }
      const newline = this.lineBreak(i);
      if (code === HASH) {
        p = newline + 1;
        continue;
      }
      this.setLine(p, i, newline);
      return;
    }
    this.has = false;
    this.indent = -1;
  }

  /** Makes the line that starts at `p`, with its first character at `first`, the current content line. */
  protected setLine(p: number, first: number, newline: number): void {
    this.has = true;
    this.lineStart = p;
    this.indent = first - p;
    this.content = first;
    this.eol = this.contentEnd(newline);
    this.next = newline + 1;
  }

  /** `-` followed by a space or the end of the line starts a block sequence entry. */
  protected isDashItem(): boolean {
    const c = this.content;
    return this.text.charCodeAt(c) === DASH && (c + 1 >= this.eol || this.text.charCodeAt(c + 1) === SPACE);
  }

  /** Only spaces and a comment may follow a value on its line; then moves to the next content line. */
  protected endOfLine(from: number): void {
    const text = this.text;
    const newline = this.lineBreak(from);
    const eol = this.contentEnd(newline);
    let i = from;
    while (i < eol && text.charCodeAt(i) === SPACE) i++;
    if (i < eol && !(text.charCodeAt(i) === HASH && i > from)) decline('content after a value');
    this.seek(newline + 1);
  }
}
