import { CHOMPING_MODE, getScalarValue, SCALAR_STYLE, type ScalarEvent } from 'js-yaml';
import { resolvePlainScalar } from './plain-scalars';
import { type PositionIndex, scalarEvent } from './position-index';
import { trimEnd } from './positions';
import { decline } from './decline';
import { LineCursor } from './line-cursor';
import type { SubsetContext } from './subset-context';
import {
  BACKSLASH,
  CACHED_VALUE_LENGTH,
  CARRIAGE_RETURN,
  COLON,
  DASH,
  DOUBLE_QUOTE,
  GREATER,
  HASH,
  NEWLINE,
  QUESTION,
  SINGLE_QUOTE,
  SPACE,
  TAB,
  UNUSUAL_IN_BLOCK,
  isHexDigit,
  isIndicator,
  isPlainPrintable,
  isSimpleEscape,
  isUnusual,
} from './subset-support';

/**
 * The subset reader's scalars: plain (also folded over several lines), single- and
 * double-quoted, and `|` / `>` block scalars, each read as js-yaml reads it, with its range
 * recorded in the position index. Keys are scanned here too (a plain key is a plain scalar
 * that ends at `: `).
 */
export abstract class ScalarReader extends LineCursor {
  protected readonly index: PositionIndex;
  /** The furthest end of any scalar or bracket so far: what positions.ts' extend() gives each open collection. */
  protected maxEnd = -1;
  /** Set by scanPlainLine: the scan stopped at a comment. */
  private stoppedAtComment = false;

  constructor(
    protected readonly context: SubsetContext,
    start: number,
    end: number,
  ) {
    super(context.text, start, end);
    this.index = context.index;
  }

  protected noteEnd(end: number): void {
    if (end > this.maxEnd) this.maxEnd = end;
  }

  /** js-yaml canStartPlainScalar in block context, refusing also `-`, `?` and `:` followed by a space. */
  protected canStartPlain(at: number, eol: number): boolean {
    const code = this.text.charCodeAt(at);
    if (isIndicator(code)) return false;
    if (code === DASH || code === QUESTION || code === COLON) {
      return at + 1 < eol && this.text.charCodeAt(at + 1) !== SPACE;
    }
    return true;
  }

  /**
   * Where a plain key ends: the first `:` followed by a space or the end of the line. -1 when
   * there is none; a comment before it is declined.
   */
  protected plainKeyColon(from: number, eol: number): number {
    const text = this.text;
    let hash = 0;
    for (let i = from; i < eol; i++) {
      const code = text.charCodeAt(i);
      if (code === COLON) {
        if (i + 1 >= eol || text.charCodeAt(i + 1) === SPACE) {
          this.keyHash = hash;
          return i;
        }
      } else if (code === HASH && text.charCodeAt(i - 1) === SPACE) {
        return -1;
      } else if (isUnusual(code) && !isPlainPrintable(code)) {
        decline('an unusual character');
      }
      hash = (hash * 31 + code) | 0;
    }
    return -1;
  }

  /** Set by plainKeyColon: a hash of the key's characters, for the key cache. */
  protected keyHash = 0;

  /**
   * Scans one line of a plain scalar from `from` to `eol`: gives the end of its text (after the
   * last non-space), stops at a comment (` #`), and declines `: ` inside it (a mapping js-yaml
   * would refuse there).
   */
  protected scanPlainLine(from: number, eol: number): number {
    const text = this.text;
    let end = from;
    let hash = 0;
    this.stoppedAtComment = false;
    for (let i = from; i < eol; i++) {
      const code = text.charCodeAt(i);
      if (code === SPACE) continue;
      if (code === COLON) {
        if (i + 1 >= eol || text.charCodeAt(i + 1) === SPACE) decline('a colon and space inside a plain value');
      } else if (code === HASH && text.charCodeAt(i - 1) === SPACE) {
        this.stoppedAtComment = true;
        this.lineHash = hash;
        return end;
      } else if (isUnusual(code) && !isPlainPrintable(code)) {
        decline('an unusual character');
      }
      hash = (hash * 31 + code) | 0;
      end = i + 1;
    }
    this.lineHash = hash;
    return end;
  }

  /** Set by scanPlainLine: a hash of the line's characters but spaces. */
  private lineHash = 0;

  /**
   * A plain scalar, folded over the following lines that are indented at least `nodeIndent`
   * (js-yaml readPlainScalar): blank lines inside it become newlines, a comment ends it.
   */
  protected plainValue(nodeIndent: number, node: number, v: number): unknown {
    const text = this.text;
    const docEnd = this.end;
    let end = this.scanPlainLine(v, this.eol);
    let afterLine = this.next;
    const hash = this.lineHash;
    let multiline = false;
    // The line after the scalar, when the search for continuation lines already found it.
    let nextLine = -1;
    let nextFirst = -1;
    if (!this.stoppedAtComment) {
      let p = afterLine;
      while (p < docEnd) {
        let i = p;
        while (i < docEnd && text.charCodeAt(i) === SPACE) i++;
        if (i >= docEnd) break;
        const code = text.charCodeAt(i);
        if (code === NEWLINE || code === CARRIAGE_RETURN) {
          p = this.lineBreak(i) + 1;
          continue;
        }
        if (i - p < nodeIndent || code === HASH) {
          nextLine = p;
          if (code !== HASH) nextFirst = i;
          break;
        }
        multiline = true;
        const newline = this.lineBreak(i);
        end = this.scanPlainLine(i, this.contentEnd(newline));
        afterLine = newline + 1;
        if (this.stoppedAtComment) break;
        p = afterLine;
      }
    }
    const to = trimEnd(text, v, end);
    this.index.setScalar(node, to);
    this.noteEnd(to);
    if (nextFirst >= 0) this.setLine(nextLine, nextFirst, this.lineBreak(nextFirst));
    else this.seek(nextLine >= 0 ? nextLine : afterLine);
    if (multiline) return resolvePlainScalar(getScalarValue(text, scalarEvent(v, end, SCALAR_STYLE.PLAIN)));
    if (end - v <= CACHED_VALUE_LENGTH) return this.context.plainValues.get(v, end, hash);
    return resolvePlainScalar(text.slice(v, end));
  }

  /** The closing quote of a quoted scalar that ends on the line, or -1 (escapes are checked). */
  protected quotedKeyEnd(open: number, eol: number): number {
    const text = this.text;
    const quote = text.charCodeAt(open);
    for (let i = open + 1; i < eol; i++) {
      const code = text.charCodeAt(i);
      if (code === quote) {
        if (quote === SINGLE_QUOTE && text.charCodeAt(i + 1) === SINGLE_QUOTE) {
          i++;
          continue;
        }
        return i;
      }
      if (quote === DOUBLE_QUOTE && code === BACKSLASH) {
        if (i + 1 >= eol) return -1;
        i = this.escapeEnd(i) - 1;
      } else if (isUnusual(code) && !isPlainPrintable(code)) {
        decline('an unusual character');
      }
    }
    return -1;
  }

  /** Past the escape sequence at `backslash` (not a line break), or declined when js-yaml would refuse it. */
  protected escapeEnd(backslash: number): number {
    const text = this.text;
    const code = text.charCodeAt(backslash + 1);
    if (isSimpleEscape(code)) return backslash + 2;
    const digits = code === 120 ? 2 : code === 117 ? 4 : code === 85 ? 8 : 0;
    if (digits === 0) decline('an unknown escape sequence');
    for (let k = 0; k < digits; k++) {
      if (!isHexDigit(text.charCodeAt(backslash + 2 + k))) decline('a bad hexadecimal escape');
    }
    return backslash + 2 + digits;
  }

  protected quotedText(open: number, close: number, double: boolean): string {
    const text = this.text;
    const inner = text.slice(open + 1, close);
    if (double ? !inner.includes('\\') : !inner.includes("'")) return inner;
    return getScalarValue(text, scalarEvent(open + 1, close, double ? SCALAR_STYLE.DOUBLE_QUOTED : SCALAR_STYLE.SINGLE_QUOTED));
  }

  /**
   * A quoted scalar value, over several lines when it must (js-yaml readSingleQuotedScalar /
   * readDoubleQuotedScalar: each continuation line indented at least `nodeIndent`). Only spaces
   * and a comment may follow it on its last line.
   */
  protected quotedValue(nodeIndent: number, node: number, open: number): string {
    const text = this.text;
    const docEnd = this.end;
    const quote = text.charCodeAt(open);
    const double = quote === DOUBLE_QUOTE;
    let simple = true;
    let hash = 0;
    let i = open + 1;
    for (;;) {
      if (i >= docEnd) decline('an unterminated quoted scalar');
      const code = text.charCodeAt(i);
      if (code === quote) {
        if (!double && text.charCodeAt(i + 1) === SINGLE_QUOTE) {
          simple = false;
          i += 2;
          continue;
        }
        break;
      }
      if (code === NEWLINE || code === CARRIAGE_RETURN) {
        simple = false;
        i = this.flowBreak(this.lineBreak(i), nodeIndent);
      } else if (double && code === BACKSLASH) {
        simple = false;
        const escaped = text.charCodeAt(i + 1);
        i = escaped === NEWLINE || escaped === CARRIAGE_RETURN ? this.flowBreak(this.lineBreak(i + 1), nodeIndent) : this.escapeEnd(i);
      } else {
        if (isUnusual(code) && !isPlainPrintable(code)) decline('an unusual character');
        hash = (hash * 31 + code) | 0;
        i++;
      }
    }
    const value = simple
      ? i - open - 1 <= CACHED_VALUE_LENGTH
        ? this.context.quotedValues.get(open + 1, i, hash)
        : text.slice(open + 1, i)
      : getScalarValue(text, scalarEvent(open + 1, i, double ? SCALAR_STYLE.DOUBLE_QUOTED : SCALAR_STYLE.SINGLE_QUOTED));
    this.index.setScalar(node, i + 1);
    this.noteEnd(i + 1);
    this.endOfLine(i + 1);
    return value;
  }

  /** From the newline at `newline` to the next line's first character, which must be indented enough (readFlowScalarBreak). */
  protected flowBreak(newline: number, nodeIndent: number): number {
    const text = this.text;
    let p = newline + 1;
    for (;;) {
      let i = p;
      while (i < this.end && text.charCodeAt(i) === SPACE) i++;
      if (i >= this.end) decline('an unterminated quoted scalar');
      const code = text.charCodeAt(i);
      if (code === NEWLINE || code === CARRIAGE_RETURN) {
        p = this.lineBreak(i) + 1;
        continue;
      }
      if (i - p < nodeIndent) decline('deficient indentation in a quoted scalar');
      return i;
    }
  }

  /**
   * A `|` or `>` block scalar whose header is at `header` (js-yaml readBlockScalar). `parentIndent`
   * is js-yaml's parentIndent for it: the owner's column + 1. Its value's range runs from the line
   * after the header to its last non-space character (a mapping entry's range still starts at its
   * key; an `item` of a sequence has no key).
   */
  protected blockScalar(parentIndent: number, node: number, header: number, item: boolean): string {
    const text = this.text;
    const docEnd = this.end;
    const eol = this.eol;
    const folded = text.charCodeAt(header) === GREATER;
    let chomping: ScalarEvent['chomping'] = CHOMPING_MODE.CLIP;
    let chompingSeen = false;
    let digit = 0;
    let i = header + 1;
    for (; i < eol; i++) {
      const code = text.charCodeAt(i);
      if (code === 43 || code === DASH) {
        if (chompingSeen) decline('a repeated chomping indicator');
        chompingSeen = true;
        chomping = code === 43 ? CHOMPING_MODE.KEEP : CHOMPING_MODE.STRIP;
      } else if (code >= 49 && code <= 57) {
        if (digit !== 0) decline('a repeated indentation indicator');
        digit = code - 48;
      } else break;
    }
    const afterHeader = i;
    while (i < eol && text.charCodeAt(i) === SPACE) i++;
    if (i < eol && !(text.charCodeAt(i) === HASH && i > afterHeader)) decline('content after a block scalar header');
    if (this.next > docEnd) decline('a block scalar header at the end of the text');

    const detected = digit !== 0;
    let contentIndent = detected ? parentIndent + digit - 1 : -1;
    let maxLeadingIndent = 0;
    const valueStart = this.next;
    let valueEnd = valueStart;
    let p = valueStart;
    let stop = docEnd;
    while (p < docEnd) {
      let f = p;
      while (f < docEnd && text.charCodeAt(f) === SPACE) f++;
      const column = f - p;
      if (f >= docEnd) {
        // A last line of spaces without a newline: js-yaml's rules for it are peculiar; leave it.
        if (column > 0) decline('trailing spaces at the end of a block scalar');
        break;
      }
      const first = text.charCodeAt(f);
      if (first === NEWLINE || first === CARRIAGE_RETURN) {
        if (!detected && contentIndent === -1) maxLeadingIndent = Math.max(maxLeadingIndent, column);
        p = this.lineBreak(f) + 1;
        valueEnd = p;
        continue;
      }
      if (!detected && contentIndent === -1 && first === TAB && column < parentIndent) decline('a tab in indentation');
      if (!detected && contentIndent === -1 && column >= parentIndent && column < maxLeadingIndent) {
        decline('a block scalar whose leading blank lines are more indented than its text');
      }
      if (contentIndent === -1 && column < parentIndent) {
        stop = p;
        break;
      }
      if (!detected && contentIndent === -1) contentIndent = column;
      if (column < contentIndent) {
        stop = p;
        break;
      }
      const lineEnd = this.lineBreak(f);
      valueEnd = lineEnd < docEnd ? lineEnd + 1 : lineEnd;
      p = valueEnd;
    }
    if (UNUSUAL_IN_BLOCK.test(text.slice(valueStart, valueEnd))) decline('an unusual character');
    const value = getScalarValue(
      text,
      scalarEvent(valueStart, valueEnd, folded ? SCALAR_STYLE.FOLDED_BLOCK : SCALAR_STYLE.LITERAL_BLOCK, contentIndent, chomping),
    );
    if (item) this.index.setFrom(node, valueStart);
    const to = trimEnd(text, valueStart, valueEnd);
    this.index.setScalar(node, to);
    this.noteEnd(to);
    this.seek(stop);
    return value;
  }
}
