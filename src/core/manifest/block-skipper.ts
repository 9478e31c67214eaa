import { LineCursor } from './line-cursor';
import { COLON, DASH, DOUBLE_QUOTE, HASH, LEFT_BRACE, LEFT_BRACKET, RIGHT_BRACE, RIGHT_BRACKET, SINGLE_QUOTE, SPACE } from './subset-support';

/** How deep a skipped value may nest before the skipper leaves it to the reader. */
const MAX_SKIP_DEPTH = 8;

/**
 * Passes over the value of a field that is left out (unread-fields.ts) without building it, when
 * the value is written in the plain shape kubectl prints: block mappings and sequences, plain keys
 * of letters, digits and `_./-`, one-line plain, quoted or empty-flow (`{}`, `[]`) values, no
 * comments after content, printable ASCII only. For such a value the subset reader would read
 * the same lines and decline nothing; anything else (block scalars, escapes, a long plain value
 * over several lines, a key js-yaml resolves, a duplicate key, deeper nesting, odd indentation)
 * makes the skipper give up, and the reader then reads the value the slow way and forgets it.
 * subset-reader.test.ts checks both ways give the same objects, spans and diagnostics.
 */
export class BlockSkipper extends LineCursor {
  /** After a successful skip: where the line after the value starts (or the document's end), and the furthest end of a scalar in it. */
  resume = 0;
  furthestEnd = -1;

  private depth = 0;
  /** Keys of the open mappings (start and length), to find a duplicate. */
  private keyStarts = new Int32Array(64);
  private keyLengths = new Int32Array(64);
  private keyTop = 0;

  constructor(text: string) {
    super(text, 0, text.length);
  }

  /**
   * Skips the value of the key at column `n` whose colon is just before `after`, on a line that
   * ends at `eol` and is followed by the line at `next`. False when the value is not in the plain
   * shape (nothing is changed then).
   */
  skip(n: number, after: number, eol: number, next: number, docEnd: number): boolean {
    this.end = docEnd;
    this.depth = 0;
    this.keyTop = 0;
    this.furthestEnd = -1;
    this.eol = eol;
    this.next = next;
    if (!this.valueAfterKey(n, after)) return false;
    this.resume = this.has ? this.lineStart : docEnd;
    return true;
  }

  private note(end: number): void {
    if (end > this.furthestEnd) this.furthestEnd = end;
  }

  /** The value after a key at column `n` (from `after`, on the key's line); leaves the current line after it. */
  private valueAfterKey(n: number, after: number): boolean {
    const text = this.text;
    let v = after;
    while (v < this.eol && text.charCodeAt(v) === SPACE) v++;
    if (v < this.eol) {
      if (!this.scalar(v)) return false;
      this.seek(this.next);
      // A more indented line would continue a plain value, or be refused: the reader decides.
      return !(this.has && this.indent > n);
    }
    this.seek(this.next);
    if (this.has && this.indent > n) return this.isDashItem() ? this.sequence(this.indent) : this.mapping(this.indent);
    if (this.has && this.indent === n && this.isDashItem()) return this.sequence(n);
    return true;
  }

  /** A block mapping whose keys sit at column `c`; the current line's content is its first key. */
  private mapping(c: number): boolean {
    if (++this.depth > MAX_SKIP_DEPTH) return false;
    const keyBase = this.keyTop;
    for (;;) {
      const colon = this.key(this.content);
      if (colon < 0) return false;
      const length = colon - this.content;
      for (let k = keyBase; k < this.keyTop; k++) if (this.keyLengths[k] === length && this.sameText(this.keyStarts[k]!, this.content, length)) return false;
      if (this.keyTop === this.keyStarts.length) return false;
      this.keyStarts[this.keyTop] = this.content;
      this.keyLengths[this.keyTop++] = length;
      this.note(colon);
      if (!this.valueAfterKey(c, colon + 1)) return false;
      if (!this.has || this.indent < c) break;
      if (this.indent > c || this.isDashItem()) {
        if (this.indent > c) return false;
        break;
      }
    }
    this.keyTop = keyBase;
    this.depth--;
    return true;
  }

  /** A block sequence whose `-` sit at column `s`; the current line is its first entry. */
  private sequence(s: number): boolean {
    if (++this.depth > MAX_SKIP_DEPTH) return false;
    const text = this.text;
    for (;;) {
      let q = this.content + 1;
      while (q < this.eol && text.charCodeAt(q) === SPACE) q++;
      if (q >= this.eol) {
        this.seek(this.next);
        if (this.has && this.indent > s && !(this.isDashItem() ? this.sequence(this.indent) : this.mapping(this.indent))) return false;
      } else if (this.key(q) >= 0) {
        // A compact mapping (`- name: x`): its keys sit at the column of its first.
        this.content = q;
        this.indent = q - this.lineStart;
        if (!this.mapping(this.indent)) return false;
      } else {
        if (!this.scalar(q)) return false;
        this.seek(this.next);
        if (this.has && this.indent > s) return false;
      }
      if (!this.has || this.indent < s) break;
      if (this.indent > s) return false;
      if (!this.isDashItem()) break;
    }
    this.depth--;
    return true;
  }

  private sameText(a: number, b: number, length: number): boolean {
    const text = this.text;
    for (let i = 0; i < length; i++) if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
    return true;
  }

  /**
   * The colon of a plain key at `from` (`-1` if the line does not start with one): a letter, then
   * letters, digits and `_./-`, then `:` and a space or the line's end. Keys js-yaml resolves to
   * something else than their text (`true`, `Null`, ...) and `__proto__` are left to the reader.
   */
  private key(from: number): number {
    const text = this.text;
    const eol = this.eol;
    const c0 = text.charCodeAt(from);
    if (!((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122))) return -1;
    let i = from + 1;
    for (; i < eol; i++) {
      const code = text.charCodeAt(i);
      if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95 || code === 46 || code === 47 || code === DASH) continue;
      break;
    }
    if (i >= eol || text.charCodeAt(i) !== COLON) return -1;
    if (i + 1 < eol && text.charCodeAt(i + 1) !== SPACE) return -1;
    if (isBoolOrNullWord(text, from, i)) return -1;
    return i;
  }

  /** A one-line scalar at `v` with nothing after it on its line: plain, quoted without escapes, `{}` or `[]`. */
  private scalar(v: number): boolean {
    const text = this.text;
    const eol = this.eol;
    const code = text.charCodeAt(v);
    let end: number;
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      let i = v + 1;
      for (; i < eol; i++) {
        const c = text.charCodeAt(i);
        if (c === code) break;
        if (c < 32 || c > 126 || c === 92) return false;
      }
      if (i >= eol || text.charCodeAt(i + 1) === code) return false;
      end = i + 1;
    } else if (code === LEFT_BRACE || code === LEFT_BRACKET) {
      if (text.charCodeAt(v + 1) !== (code === LEFT_BRACE ? RIGHT_BRACE : RIGHT_BRACKET)) return false;
      end = v + 2;
    } else {
      // Starts like a plain scalar that no indicator can open: a letter, a digit, `/`, `_` or `.`.
      if (!((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 47 || code === 95 || code === 46)) return false;
      end = v + 1;
      for (let i = v + 1; i < eol; i++) {
        const c = text.charCodeAt(i);
        if (c === SPACE) continue;
        if (c < 32 || c > 126 || c === HASH) return false;
        if (c === COLON && (i + 1 >= eol || text.charCodeAt(i + 1) === SPACE)) return false;
        end = i + 1;
      }
      this.note(end);
      return true;
    }
    for (let i = end; i < eol; i++) if (text.charCodeAt(i) !== SPACE) return false;
    this.note(end);
    return true;
  }
}

/**
 * Whether `text.slice(from, to)` is `true`, `false` or `null` in any case (`/^(true|false|null)$/i`),
 * without slicing: the skipper asks for every short key. `| 0x20` lowercases a letter and turns
 * no other character into one.
 */
function isBoolOrNullWord(text: string, from: number, to: number): boolean {
  const length = to - from;
  if (length !== 4 && length !== 5) return false;
  const word = length === 5 ? 'false' : (text.charCodeAt(from) | 0x20) === 116 ? 'true' : 'null';
  for (let i = 0; i < length; i++) if ((text.charCodeAt(from + i) | 0x20) !== word.charCodeAt(i)) return false;
  return true;
}
