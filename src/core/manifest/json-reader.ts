import { KEY_DOUBLE_QUOTED, NODE_MAPPING, NODE_SEQUENCE, type PositionIndex } from './position-index';
import type { SubsetResult } from './subset-reader';
import { Decline, decline } from './decline';
import type { SubsetContext } from './subset-context';
import {
  BACKSLASH,
  CARRIAGE_RETURN,
  COLON,
  DOUBLE_QUOTE,
  LEFT_BRACE,
  LEFT_BRACKET,
  MAX_DEPTH,
  NEWLINE,
  RIGHT_BRACE,
  RIGHT_BRACKET,
  SPACE,
  isPlainPrintable,
  isUnusual,
} from './subset-support';

/**
 * The fast path for JSON (`kubectl get -o json`): the values come from JSON.parse, which is
 * several times faster than any reader written in JavaScript, and one scan of the text records
 * where each value sits, into the same position index as the subset reader. JSON is YAML (a flow
 * collection of double-quoted strings and plain numbers), so the ranges are those positions.ts
 * computes from js-yaml's events: a value's range is its token (a string with its quotes, a
 * collection from its opening to after its closing bracket), a mapping entry's runs from its
 * key's opening quote to the end of its value.
 *
 * JSON.parse and js-yaml agree on valid JSON except where noted below; there the document is
 * declined and read by the subset reader or js-yaml as before, so values, errors and their
 * messages stay js-yaml's:
 * - a duplicate key (js-yaml refuses the document; JSON.parse keeps the last value);
 * - a number with an exponent or more than 15 characters (js-yaml reads a number too big for a
 *   double as a string, and reads long integers with parseInt);
 * - characters js-yaml does not print or that this reader leaves to it (controls, surrogates,
 *   U+FEFF, tabs), a key longer than 1024 characters, `__proto__`,
 *   nesting deeper than the subset reader goes, and anything JSON.parse refuses.
 */
const MAX_NUMBER_LENGTH = 15;
/** YAML limits an implicit key to 1024 characters. */
const MAX_KEY_LENGTH = 1024;
/** Above this many entries a mapping finds duplicate keys with a Set rather than by comparing hashes. */
const LINEAR_KEY_CHECK = 32;

const LOWER_E = 101;
const UPPER_E = 69;
const TAB = 9;

/** Whether the document `text.slice(from, to)` starts like JSON: its first non-space character opens a collection. */
export function looksLikeJson(text: string, from: number, to: number): boolean {
  let i = from;
  while (i < to) {
    const code = text.charCodeAt(i);
    if (code !== SPACE && code !== NEWLINE && code !== CARRIAGE_RETURN) break;
    i++;
  }
  const first = text.charCodeAt(i);
  return i < to && (first === LEFT_BRACE || first === LEFT_BRACKET);
}

/** Reads one JSON document (a slice of splitDocuments), recording positions in the context's index. */
export function readJsonDocument(context: SubsetContext, from: number, to: number): SubsetResult {
  if (context.unsupported.foundIn(from, to)) return { ok: false, reason: 'a byte order mark, NUL or lone carriage return' };
  const mark = context.index.mark();
  const scanner = new JsonScanner(context.text, context.index, from, to);
  try {
    const root = scanner.document();
    const value: unknown = JSON.parse(context.text.slice(from, to));
    if (typeof value !== 'object' || value === null) return decline('not a JSON collection');
    return { ok: true, value: value as Record<string, unknown> | unknown[], root };
  } catch (error) {
    context.index.rollback(mark);
    return { ok: false, reason: error instanceof Decline ? error.message : `JSON.parse: ${String(error)}` };
  }
}

/**
 * One pass over a JSON text that records each value's range and checks what JSON.parse does not:
 * the YAML side of the agreement (see above). It trusts JSON.parse for the grammar: on text that
 * is not JSON its ranges are meaningless, and the document is declined when JSON.parse throws.
 */
class JsonScanner {
  private p: number;
  private ids = new Int32Array(256);
  private top = 0;
  /** Hashes, starts and lengths of the keys of the open mappings, innermost last. */
  private keyHashes = new Int32Array(256);
  private keyStarts = new Int32Array(256);
  private keyLengths = new Int32Array(256);
  private keyTop = 0;
  private depth = 0;
  /** Set by string(): the hash of the characters between the quotes. */
  private stringHash = 0;
  private stringEscaped = false;

  constructor(
    private readonly text: string,
    private readonly index: PositionIndex,
    from: number,
    private readonly end: number,
  ) {
    this.p = from;
  }

  document(): number {
    this.space();
    const root = this.index.add(this.p, -1, 0);
    this.value(root);
    this.space();
    if (this.p < this.end) decline('content after the root value');
    return root;
  }

  private space(): void {
    const text = this.text;
    const end = this.end;
    let p = this.p;
    while (p < end) {
      const code = text.charCodeAt(p);
      if (code === SPACE || code === NEWLINE || code === CARRIAGE_RETURN) p++;
      else if (code === TAB) decline('a tab');
      else break;
    }
    this.p = p;
  }

  /** The value at the current position, for the index node `node` (whose start is already recorded). */
  private value(node: number): void {
    const code = this.text.charCodeAt(this.p);
    if (code === LEFT_BRACE) this.mapping(node);
    else if (code === LEFT_BRACKET) this.sequence(node);
    else if (code === DOUBLE_QUOTE) {
      this.string();
      this.index.setScalar(node, this.p);
    } else {
      this.scalar();
      this.index.setScalar(node, this.p);
    }
  }

  private push(id: number): void {
    if (this.top === this.ids.length) {
      const grown = new Int32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.top++] = id;
  }

  private mapping(node: number): void {
    if (++this.depth > MAX_DEPTH) decline('nesting deeper than the subset reads');
    const text = this.text;
    const mark = this.top;
    const keyBase = this.keyTop;
    let seen: Set<string> | undefined;
    this.p++;
    this.space();
    if (text.charCodeAt(this.p) !== RIGHT_BRACE) {
      for (;;) {
        const keyFrom = this.p;
        if (text.charCodeAt(keyFrom) !== DOUBLE_QUOTE) decline('a key that is not a string');
        this.string();
        const keyEnd = this.p - 1;
        const length = keyEnd - keyFrom - 1;
        if (length > MAX_KEY_LENGTH) decline('a key longer than YAML allows');
        if (this.stringEscaped) {
          // Escaped keys (managedFields' `k:{\"type\":\"Ready\"}`) are compared decoded, by a Set from here on.
          const key = JSON.parse(text.slice(keyFrom, keyEnd + 1)) as string;
          if (key === '__proto__') decline('a __proto__ key');
          seen ??= this.keySet(keyBase);
          if (seen.has(key)) decline('a duplicate key');
          seen.add(key);
        } else {
          if (length === 9 && text.startsWith('__proto__', keyFrom + 1)) decline('a __proto__ key');
          seen = this.checkDuplicate(keyFrom + 1, length, keyBase, seen);
        }
        this.space();
        if (text.charCodeAt(this.p) !== COLON) decline('a key without a colon');
        this.p++;
        this.space();
        const entry = this.index.add(keyFrom, keyEnd, KEY_DOUBLE_QUOTED);
        this.push(entry);
        this.value(entry);
        this.space();
        if (text.charCodeAt(this.p) !== 44) break;
        this.p++;
        this.space();
      }
      if (text.charCodeAt(this.p) !== RIGHT_BRACE) decline('an unclosed mapping');
    }
    this.p++;
    this.index.close(node, NODE_MAPPING, this.p, this.ids, mark, this.top);
    this.top = mark;
    this.keyTop = keyBase;
    this.depth--;
  }

  /** Declines a key met before in the same mapping; keys here have no escapes, so equal text is an equal key. */
  private checkDuplicate(start: number, length: number, keyBase: number, seen: Set<string> | undefined): Set<string> | undefined {
    const hash = this.stringHash;
    const count = this.keyTop - keyBase;
    if (seen !== undefined || count >= LINEAR_KEY_CHECK) {
      const set = seen ?? this.keySet(keyBase);
      const key = this.text.slice(start, start + length);
      if (set.has(key)) decline('a duplicate key');
      set.add(key);
      return set;
    }
    for (let k = keyBase; k < this.keyTop; k++) {
      if (this.keyHashes[k] === hash && this.keyLengths[k] === length && this.sameText(this.keyStarts[k]!, start, length)) decline('a duplicate key');
    }
    if (this.keyTop === this.keyHashes.length) {
      const grow = (array: Int32Array) => {
        const grown = new Int32Array(array.length * 2);
        grown.set(array);
        return grown;
      };
      this.keyHashes = grow(this.keyHashes);
      this.keyStarts = grow(this.keyStarts);
      this.keyLengths = grow(this.keyLengths);
    }
    this.keyHashes[this.keyTop] = hash;
    this.keyStarts[this.keyTop] = start;
    this.keyLengths[this.keyTop] = length;
    this.keyTop++;
    return undefined;
  }

  /** The keys of the open mapping so far (all without escapes: the first escaped key switches to the Set). */
  private keySet(keyBase: number): Set<string> {
    const set = new Set<string>();
    for (let k = keyBase; k < this.keyTop; k++) set.add(this.text.slice(this.keyStarts[k]!, this.keyStarts[k]! + this.keyLengths[k]!));
    return set;
  }

  private sameText(a: number, b: number, length: number): boolean {
    const text = this.text;
    for (let i = 0; i < length; i++) if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
    return true;
  }

  private sequence(node: number): void {
    if (++this.depth > MAX_DEPTH) decline('nesting deeper than the subset reads');
    const text = this.text;
    const mark = this.top;
    this.p++;
    this.space();
    if (text.charCodeAt(this.p) !== RIGHT_BRACKET) {
      for (;;) {
        const item = this.index.add(this.p, -1, 0);
        this.push(item);
        this.value(item);
        this.space();
        if (text.charCodeAt(this.p) !== 44) break;
        this.p++;
        this.space();
      }
      if (text.charCodeAt(this.p) !== RIGHT_BRACKET) decline('an unclosed sequence');
    }
    this.p++;
    this.index.close(node, NODE_SEQUENCE, this.p, this.ids, mark, this.top);
    this.top = mark;
    this.depth--;
  }

  /** A string from its opening quote to after its closing one; characters js-yaml would not print are declined. */
  private string(): void {
    const text = this.text;
    const end = this.end;
    let i = this.p + 1;
    let hash = 0;
    let escaped = false;
    for (;;) {
      if (i >= end) decline('an unterminated string');
      const code = text.charCodeAt(i);
      if (code === DOUBLE_QUOTE) break;
      if (code === BACKSLASH) {
        escaped = true;
        // JSON.parse checks the escape itself; skipping the escaped character is enough to find the end.
        i += 2;
        continue;
      }
      if (isUnusual(code) && !isPlainPrintable(code)) decline('an unusual character');
      hash = (hash * 31 + code) | 0;
      i++;
    }
    this.stringHash = hash;
    this.stringEscaped = escaped;
    this.p = i + 1;
  }

  /** A number, `true`, `false` or `null`: up to the next delimiter. */
  private scalar(): void {
    const text = this.text;
    const start = this.p;
    let i = start;
    let exponent = false;
    for (; i < this.end; i++) {
      const code = text.charCodeAt(i);
      if (code === 44 || code === RIGHT_BRACE || code === RIGHT_BRACKET || code === SPACE || code === NEWLINE || code === CARRIAGE_RETURN || code === COLON) break;
      if (code === LOWER_E || code === UPPER_E) exponent = true;
      else if (isUnusual(code)) decline('an unusual character');
    }
    if (i === start) decline('a missing value');
    const first = text.charCodeAt(start);
    const numeric = first === 45 || (first >= 48 && first <= 57);
    if (numeric && (exponent || i - start > MAX_NUMBER_LENGTH)) decline('a number js-yaml may read otherwise');
    this.p = i;
  }
}
