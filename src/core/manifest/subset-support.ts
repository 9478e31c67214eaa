/**
 * What subset-reader.ts reads characters with: their codes and classes (each named after the
 * js-yaml check it mirrors), the search for characters it leaves to js-yaml, and the caches of
 * repeated keys and values.
 */

/**
 * Finds the characters that change how js-yaml reads a whole text or its lines (NUL, byte order
 * mark, a carriage return that is not part of a CRLF), one document after another without
 * searching the text more than once. Other unusual characters, tabs among them, are checked
 * where the reader looks at them (isUnusual): a tab is fine inside a block scalar, and the
 * reader declines it anywhere else.
 */
export class UnsupportedCharacters {
  private static readonly searched = ['\0', '\ufeff'];
  /** Per searched character: its first occurrence at or after `from` of the last search, or -1. */
  private readonly next = UnsupportedCharacters.searched.map(() => -2);
  /** The first CR at or after the last document searched (-1: none, -2: not searched yet). */
  private nextCarriageReturn = -2;

  constructor(private readonly text: string) {}

  foundIn(from: number, to: number): boolean {
    const searched = UnsupportedCharacters.searched;
    for (let k = 0; k < searched.length; k++) {
      let at = this.next[k]!;
      if (at === -2 || (at !== -1 && at < from)) {
        at = this.text.indexOf(searched[k]!, from);
        this.next[k] = at;
      }
      if (at !== -1 && at < to) return true;
    }
    // Every CR must start a CRLF. Each CR of the text is looked at once, documents being in order.
    let at = this.nextCarriageReturn;
    if (at === -2 || (at !== -1 && at < from)) at = this.text.indexOf('\r', from);
    while (at !== -1 && at < to) {
      if (this.text.charCodeAt(at + 1) !== NEWLINE) {
        this.nextCarriageReturn = at;
        return true;
      }
      at = this.text.indexOf('\r', at + 2);
    }
    this.nextCarriageReturn = at;
    return false;
  }
}

/** Characters outside printable ASCII: the reader then checks them (isPrintable) before going on. */
export function isUnusual(code: number): boolean {
  return code < 32 || code > 126;
}

/**
 * Printable for js-yaml and plain for this reader: no C0 or C1 control, no surrogate (a pair is
 * fine for js-yaml but rare enough to leave to it), no U+FEFF, U+FFFE, U+FFFF.
 */
export function isPlainPrintable(code: number): boolean {
  if (code < 0xa0) return code >= 32 && code <= 126;
  return code < 0xd800 || (code > 0xdfff && code !== 0xfeff && code < 0xfffe);
}

/** Block scalar text is not scanned character by character: one test per block (CR here is always part of a CRLF). */
export const UNUSUAL_IN_BLOCK = /[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]/;

/**
 * Keys and many values repeat all over a dump (`name`, `app.kubernetes.io/name`, `TCP`,
 * `Running`): one string per distinct text spares a slice, a resolution and, for keys, V8 an
 * internalization for each of the millions of entries, and the garbage collector the copies.
 * A direct-mapped table: a slot holds where in the text the last entry that hashed to it is
 * written, and its value. Comparing two places of one flat text is cheaper than comparing with
 * a sliced string (V8 reads those through their parent).
 */
export class ScalarCache<T> {
  private readonly starts: Int32Array;
  /** -1 for an empty slot. */
  private readonly lengths: Int32Array;
  private readonly values: T[];
  private readonly mask: number;

  constructor(
    private readonly text: string,
    size: number,
    private readonly resolve: (raw: string) => T,
    empty: T,
  ) {
    this.starts = new Int32Array(size);
    this.lengths = new Int32Array(size).fill(-1);
    this.values = new Array<T>(size).fill(empty);
    this.mask = size - 1;
  }

  /** The value of `text.slice(from, to)`; `hash` is any hash of its characters. */
  get(from: number, to: number, hash: number): T {
    const slot = hash & this.mask;
    const length = to - from;
    const text = this.text;
    if (this.lengths[slot] === length) {
      const start = this.starts[slot]!;
      let i = 0;
      while (i < length && text.charCodeAt(start + i) === text.charCodeAt(from + i)) i++;
      if (i === length) return this.values[slot]!;
    }
    const value = this.resolve(text.slice(from, to));
    this.starts[slot] = from;
    this.lengths[slot] = length;
    this.values[slot] = value;
    return value;
  }
}

/** Values longer than this are rarely repeated: they are sliced without the cache. */
export const CACHED_VALUE_LENGTH = 48;

export const TAB = 9;
export const NEWLINE = 10;
export const CARRIAGE_RETURN = 13;
export const SPACE = 32;
export const DOUBLE_QUOTE = 34;
export const HASH = 35;
export const SINGLE_QUOTE = 39;
export const DASH = 45;
export const COLON = 58;
export const GREATER = 62;
export const QUESTION = 63;
export const LEFT_BRACKET = 91;
export const BACKSLASH = 92;
export const RIGHT_BRACKET = 93;
export const LEFT_BRACE = 123;
export const PIPE = 124;
export const RIGHT_BRACE = 125;

/** js-yaml's parser nests at most 100 nodes deep (maxDepth); stay well below it. */
export const MAX_DEPTH = 40;

/** Characters that cannot start a plain scalar (js-yaml canStartPlainScalar), plus `-`, `?`, `:` handled apart. */
export function isIndicator(code: number): boolean {
  switch (code) {
    case SPACE:
    case HASH:
    case 38: // &
    case 42: // *
    case 33: // !
    case PIPE:
    case GREATER:
    case SINGLE_QUOTE:
    case DOUBLE_QUOTE:
    case 37: // %
    case 64: // @
    case 96: // `
    case 44: // ,
    case LEFT_BRACKET:
    case RIGHT_BRACKET:
    case LEFT_BRACE:
    case RIGHT_BRACE:
      return true;
    default:
      return false;
  }
}

/** Escapes js-yaml accepts in double quotes with no hex digits after them (isSimpleEscape, tab aside). */
export function isSimpleEscape(code: number): boolean {
  switch (code) {
    case 48: case 97: case 98: case 116: case 110: case 118: case 102: case 114: case 101:
    case 32: case 34: case 47: case 92: case 78: case 95: case 76: case 80:
      return true;
    default:
      return false;
  }
}

export function isHexDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

