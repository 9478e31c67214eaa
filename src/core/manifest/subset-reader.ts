import { CHOMPING_MODE, getScalarValue, SCALAR_STYLE, type ScalarEvent } from 'js-yaml';
import { plainKey, resolvePlainScalar } from './plain-scalars';
import {
  KEY_DOUBLE_QUOTED,
  KEY_SINGLE_QUOTED,
  NODE_MAPPING,
  NODE_SEQUENCE,
  PositionIndex,
  scalarEvent,
} from './position-index';
import { trimEnd } from './positions';
import {
  BACKSLASH,
  CACHED_VALUE_LENGTH,
  CARRIAGE_RETURN,
  COLON,
  DASH,
  DOUBLE_QUOTE,
  GREATER,
  HASH,
  LEFT_BRACE,
  LEFT_BRACKET,
  MAX_DEPTH,
  NEWLINE,
  PIPE,
  QUESTION,
  RIGHT_BRACE,
  RIGHT_BRACKET,
  SINGLE_QUOTE,
  SPACE,
  TAB,
  ScalarCache,
  UNUSUAL_IN_BLOCK,
  UnsupportedCharacters,
  isHexDigit,
  isIndicator,
  isPlainPrintable,
  isSimpleEscape,
  isUnusual,
} from './subset-support';
import { filterOfKind, OBJECT_FIELDS, type FieldFilter } from './unread-fields';
import { BlockSkipper } from './block-skipper';

/**
 * A fast reader for the YAML that `kubectl get -o yaml` prints and people usually write: block
 * mappings and sequences (indented or not under their key), plain, single- and double-quoted
 * scalars (also over several lines), `|` and `>` block scalars, `{}` and `[]`, comments and a
 * leading `---`. It gives the same values as js-yaml's loader and the same source ranges as
 * positions.ts computes from js-yaml's events, several times faster and in a fraction of the memory.
 *
 * Whatever it is not sure to read exactly as js-yaml does, it declines: anchors, aliases, tags,
 * flow collections with content, explicit keys, tabs, a CR outside a CRLF, control characters,
 * a duplicate key, anything js-yaml would call an error. The caller then reads that document with
 * js-yaml, so errors and their messages stay js-yaml's. Each rule below names the js-yaml
 * behaviour it mirrors (js-yaml 5, src/parser/parser.ts); subset-reader.test.ts checks the two
 * readers against each other on every manifest in the repository and on generated documents.
 */
export type SubsetResult =
  | {
      readonly ok: true;
      readonly value: Record<string, unknown> | unknown[];
      readonly root: number;
      /** True when every field unread-fields.ts lists is already left out of `value` (each object's `kind` came before them). */
      readonly unreadLeftOut?: boolean;
    }
  | { readonly ok: false; readonly reason: string };

/** What the documents of one text share: their position index, and caches. */
export class SubsetContext {
  readonly index: PositionIndex;
  readonly unsupported: UnsupportedCharacters;
  /** Plain keys, as mappings store them (resolved, then made strings). */
  readonly keys: ScalarCache<string>;
  /** Plain values, resolved. */
  readonly plainValues: ScalarCache<unknown>;
  /** The text of quoted values without escapes. */
  readonly quotedValues: ScalarCache<string>;
  /** Passes over the values of fields left out. */
  readonly skipper: BlockSkipper;
  /** Ids of the nodes of the open collections' entries, innermost last (a stack shared by all readers). */
  ids = new Int32Array(1024);

  /**
   * `dropUnread`: leave out of the values the fields unread-fields.ts lists, once an object's
   * `kind` is read. They are still read through (block-skipper.ts, or the reader itself), so a
   * document is declined exactly as before.
   */
  constructor(
    readonly text: string,
    readonly dropUnread = false,
  ) {
    // `kubectl get -o json` indents by four spaces and quotes every key: a value every 30 characters or so.
    this.index = new PositionIndex(text, /^\s*[[{]/.test(text.slice(0, 64)) ? 28 : 12);
    this.unsupported = new UnsupportedCharacters(text);
    this.skipper = new BlockSkipper(text);
    // Small texts (an edit in the editor) get small caches: filling big ones would cost more than they save.
    const size = (most: number) => Math.min(most, 1 << Math.max(6, Math.ceil(Math.log2(text.length / 64 + 1))));
    this.keys = new ScalarCache<string>(text, size(4096), plainKey, '');
    this.plainValues = new ScalarCache<unknown>(text, size(16384), resolvePlainScalar, null);
    this.quotedValues = new ScalarCache<string>(text, size(4096), (raw) => raw, '');
  }
}

/** Reads the document `text.slice(from, to)` (one slice of splitDocuments), recording positions in the context's index. */
export function readSubsetDocument(context: SubsetContext, from: number, to: number): SubsetResult {
  if (context.unsupported.foundIn(from, to)) return { ok: false, reason: 'a tab, carriage return, byte order mark or control character' };
  const reader = new SubsetReader(context, from, to);
  const mark = context.index.mark();
  try {
    const value = reader.read();
    return { ok: true, value, root: reader.root, unreadLeftOut: context.dropUnread && reader.unreadLeftOut };
  } catch (error) {
    context.index.rollback(mark);
    // A bug here must not cost the user their document: js-yaml reads it instead (the tests
    // fail on any reason but a Decline's).
    return { ok: false, reason: error instanceof Decline ? error.message : `unexpected: ${String(error)}` };
  }
}

class Decline extends Error {}

function decline(reason: string): never {
  throw new Decline(reason);
}

class SubsetReader {
  root = -1;
  /** False once an object's `kind` came after fields its kind leaves out or looks into: those were kept whole. */
  unreadLeftOut = true;
  private readonly text: string;
  private readonly index: PositionIndex;
  private readonly keys: ScalarCache<string>;
  /** The context's stack of entry ids, and its height. */
  private ids: Int32Array;
  private top = 0;
  /** The furthest end of any scalar or bracket so far: what positions.ts' extend() gives each open collection. */
  private maxEnd = -1;
  private depth = 0;

  // The current content line: not blank, not a comment. `has` is false at the end of the document.
  private has = false;
  private indent = 0;
  private lineStart = 0;
  private content = 0;
  /** Where the current line's text ends: its newline, or the CR of its CRLF, or the document's end. */
  private eol = 0;
  /** Where the line after the current one starts. */
  private next = 0;

  /** The keys of the open mappings, innermost last, to find a duplicate without a property lookup. */
  private readonly keyStack: string[] = [];
  private keyTop = 0;

  /** Set by scanPlainLine: the scan stopped at a comment. */
  private stoppedAtComment = false;

  constructor(
    private readonly context: SubsetContext,
    private readonly start: number,
    private readonly end: number,
  ) {
    this.text = context.text;
    this.index = context.index;
    this.keys = context.keys;
    this.ids = context.ids;
  }

  private push(id: number): void {
    if (this.top === this.ids.length) {
      const grown = new Int32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
      this.context.ids = grown;
    }
    this.ids[this.top++] = id;
  }

  read(): Record<string, unknown> | unknown[] {
    const text = this.text;
    let p = this.start;
    // A `---` line opens the slice; content on the marker line itself (`--- !tag`, `--- a: 1`) is left to js-yaml.
    const afterMarker = text.charCodeAt(p + 3);
    if (text.startsWith('---', p) && (p + 3 >= this.end || afterMarker === SPACE || afterMarker === NEWLINE || afterMarker === CARRIAGE_RETURN)) {
      const newline = this.lineBreak(p);
      const eol = this.contentEnd(newline);
      let i = p + 3;
      while (i < eol && text.charCodeAt(i) === SPACE) i++;
      if (i < eol && !(text.charCodeAt(i) === HASH && i > p + 3)) decline('content on the --- line');
      p = newline + 1;
    }
    this.seek(p);
    if (!this.has) decline('an empty document');
    if (this.indent !== 0) decline('an indented root');
    this.root = this.index.add(this.content, -1, 0);
    const value = this.isDashItem()
      ? this.sequence(0, this.root, this.content, undefined)
      : this.mapping(0, this.root, this.content, this.context.dropUnread ? OBJECT_FIELDS : undefined);
    if (this.has) decline('content after the root node');
    return value;
  }

  /** The newline that ends the line holding `from`, or the document's end. */
  private lineBreak(from: number): number {
    const newline = this.text.indexOf('\n', from);
    return newline === -1 || newline > this.end ? this.end : newline;
  }

  /** Where a line's text ends, given its newline: before the CR of a CRLF. */
  private contentEnd(newline: number): number {
    return newline > this.start && this.text.charCodeAt(newline - 1) === CARRIAGE_RETURN ? newline - 1 : newline;
  }

  /** Moves to the first content line at or after the line starting at `p`, skipping blank and comment lines. */
  private seek(p: number): void {
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
  private setLine(p: number, first: number, newline: number): void {
    this.has = true;
    this.lineStart = p;
    this.indent = first - p;
    this.content = first;
    this.eol = this.contentEnd(newline);
    this.next = newline + 1;
  }

  /** `-` followed by a space or the end of the line starts a block sequence entry. */
  private isDashItem(): boolean {
    const c = this.content;
    return this.text.charCodeAt(c) === DASH && (c + 1 >= this.eol || this.text.charCodeAt(c + 1) === SPACE);
  }

  private noteEnd(end: number): void {
    if (end > this.maxEnd) this.maxEnd = end;
  }

  /** Ends a collection that starts at `start`: its range runs to the furthest end inside it (positions.ts extend()). */
  private close(id: number, kind: number, start: number, mark: number): void {
    this.index.close(id, kind, Math.max(start + 1, this.maxEnd), this.ids, mark, this.top);
    this.top = mark;
  }

  /**
   * A block mapping whose keys sit at column `n`; the current line holds its first key. `filter`
   * says which of its fields to leave out (unread-fields.ts); none when undefined.
   */
  private mapping(n: number, id: number, start: number, filter: FieldFilter | undefined): Record<string, unknown> {
    if (++this.depth > MAX_DEPTH) decline('nesting deeper than the subset reads');
    const text = this.text;
    const map: Record<string, unknown> = {};
    const mark = this.top;
    const keyBase = this.keyTop;
    // Whether a field was left out: `map` then misses a key read, and duplicates are looked for among the keys read.
    let dropped = false;
    for (;;) {
      const keyFrom = this.content;
      const eol = this.eol;
      const first = text.charCodeAt(keyFrom);
      let key: string;
      let keyEnd: number;
      let flags = 0;
      let after: number;
      if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
        keyEnd = this.quotedKeyEnd(keyFrom, eol);
        if (keyEnd < 0 || text.charCodeAt(keyEnd + 1) !== COLON) decline('a quoted key not followed by a colon on its line');
        after = keyEnd + 2;
        flags = first === DOUBLE_QUOTE ? KEY_DOUBLE_QUOTED : KEY_SINGLE_QUOTED;
        key = this.quotedText(keyFrom, keyEnd, first === DOUBLE_QUOTE);
        this.noteEnd(keyEnd + 1);
      } else {
        if (!this.canStartPlain(keyFrom, eol)) decline('a key that is not a plain or quoted scalar');
        const colon = this.plainKeyColon(keyFrom, eol);
        if (colon < 0) decline('a line without a key');
        if (text.charCodeAt(colon - 1) === SPACE) decline('space before a colon');
        keyEnd = colon;
        after = colon + 1;
        key = this.keys.get(keyFrom, colon, this.keyHash);
        this.noteEnd(trimEnd(text, keyFrom, colon));
      }
      if (after < eol && text.charCodeAt(after) !== SPACE) decline('no space after a colon');
      // js-yaml refuses duplicate keys, and stores __proto__ with defineProperty.
      if (key === '__proto__') decline('a __proto__ key');
      const seen = this.keyTop - keyBase;
      if (seen < 16 || dropped) {
        for (let k = keyBase; k < this.keyTop; k++) if (this.keyStack[k] === key) decline('a duplicate key');
      } else if (Object.prototype.hasOwnProperty.call(map, key)) {
        decline('a duplicate key');
      }
      this.keyStack[this.keyTop++] = key;
      if (filter !== undefined && filter.drop.has(key)) {
        dropped = true;
        this.dropEntry(n, keyFrom, keyEnd, after);
      } else {
        const entry = this.index.add(keyFrom, keyEnd, flags);
        this.push(entry);
        const value = this.entryValue(n, entry, after, filter?.children.get(key));
        map[key] = value;
        if (filter === OBJECT_FIELDS && key === 'kind') {
          filter = filterOfKind(value);
          // Fields read before the kind was known were kept whole (but `items`, read alike for every kind).
          for (let k = keyBase; k < this.keyTop - 1; k++) {
            const earlier = this.keyStack[k]!;
            if (earlier !== 'items' && (filter.drop.has(earlier) || filter.children.has(earlier))) this.unreadLeftOut = false;
          }
        }
      }
      // After an entry: the next key at column n, or a less indented line that ends this mapping.
      if (!this.has || this.indent < n) break;
      if (this.indent > n) decline('bad indentation of a mapping entry');
      if (this.isDashItem()) break;
    }
    this.close(id, NODE_MAPPING, start, mark);
    this.keyTop = keyBase;
    this.depth--;
    return map;
  }

  /**
   * Passes over a field that is left out: the block skipper when the value is plainly shaped,
   * else the value is read like any other (a document is declined exactly as when it is kept)
   * and forgotten with the positions recorded inside it. Its end counts for the mapping's range.
   */
  private dropEntry(n: number, keyFrom: number, keyEnd: number, after: number): void {
    const skipper = this.context.skipper;
    if (skipper.skip(n, after, this.eol, this.next, this.end)) {
      this.noteEnd(skipper.furthestEnd);
      this.seek(skipper.resume);
      return;
    }
    const mark = this.index.mark();
    this.entryValue(n, this.index.add(keyFrom, keyEnd, 0), after, undefined);
    this.index.rollback(mark);
  }

  /** The value after `key:` (at `from`, on the key's line); on return the current line is the next content line. */
  private entryValue(n: number, entry: number, from: number, filter: FieldFilter | undefined): unknown {
    const text = this.text;
    const eol = this.eol;
    let v = from;
    while (v < eol && text.charCodeAt(v) === SPACE) v++;
    if (v >= eol || text.charCodeAt(v) === HASH) {
      // Nothing on the key's line: a block collection below, a sequence at the key's own column, or null.
      this.seek(this.next);
      if (this.has && this.indent > n) {
        return this.isDashItem() ? this.sequence(this.indent, entry, this.content, filter) : this.mapping(this.indent, entry, this.content, filter);
      }
      if (this.has && this.indent === n && this.isDashItem()) return this.sequence(n, entry, this.content, filter);
      // An empty scalar event has no range: positions.ts records (-1, -1) relative to the document.
      this.index.setScalar(entry, this.start - 1);
      return null;
    }
    return this.inlineValue(n + 1, entry, v, false);
  }

  /**
   * A scalar (or `{}` / `[]`) that starts at `v` on the current line. `nodeIndent` is the least
   * indentation of its continuation lines (js-yaml's flowIndent: the parent's column + 1).
   */
  private inlineValue(nodeIndent: number, node: number, v: number, item: boolean): unknown {
    const code = this.text.charCodeAt(v);
    switch (code) {
      case PIPE:
      case GREATER:
        return this.blockScalar(nodeIndent, node, v, item);
      case SINGLE_QUOTE:
      case DOUBLE_QUOTE:
        return this.quotedValue(nodeIndent, node, v);
      case LEFT_BRACE:
      case LEFT_BRACKET:
        return this.emptyFlow(node, v);
      default:
        if (!this.canStartPlain(v, this.eol)) decline('a value that is not a plain scalar');
        return this.plainValue(nodeIndent, node, v);
    }
  }

  /** js-yaml canStartPlainScalar in block context, refusing also `-`, `?` and `:` followed by a space. */
  private canStartPlain(at: number, eol: number): boolean {
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
  private plainKeyColon(from: number, eol: number): number {
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
  private keyHash = 0;

  /**
   * Scans one line of a plain scalar from `from` to `eol`: gives the end of its text (after the
   * last non-space), stops at a comment (` #`), and declines `: ` inside it (a mapping js-yaml
   * would refuse there).
   */
  private scanPlainLine(from: number, eol: number): number {
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
  private plainValue(nodeIndent: number, node: number, v: number): unknown {
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
  private quotedKeyEnd(open: number, eol: number): number {
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
  private escapeEnd(backslash: number): number {
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

  private quotedText(open: number, close: number, double: boolean): string {
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
  private quotedValue(nodeIndent: number, node: number, open: number): string {
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
  private flowBreak(newline: number, nodeIndent: number): number {
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

  /** Only spaces and a comment may follow a value on its line; then moves to the next content line. */
  private endOfLine(from: number): void {
    const text = this.text;
    const newline = this.lineBreak(from);
    const eol = this.contentEnd(newline);
    let i = from;
    while (i < eol && text.charCodeAt(i) === SPACE) i++;
    if (i < eol && !(text.charCodeAt(i) === HASH && i > from)) decline('content after a value');
    this.seek(newline + 1);
  }

  /** `{}` or `[]`: an empty flow collection, whose range ends after its closing bracket. */
  private emptyFlow(node: number, open: number): unknown {
    const mapping = this.text.charCodeAt(open) === LEFT_BRACE;
    if (this.text.charCodeAt(open + 1) !== (mapping ? RIGHT_BRACE : RIGHT_BRACKET)) decline('a flow collection with content');
    this.index.close(node, mapping ? NODE_MAPPING : NODE_SEQUENCE, open + 2, this.ids, this.top, this.top);
    this.noteEnd(open + 2);
    this.endOfLine(open + 2);
    return mapping ? {} : [];
  }

  /**
   * A `|` or `>` block scalar whose header is at `header` (js-yaml readBlockScalar). `parentIndent`
   * is js-yaml's parentIndent for it: the owner's column + 1. Its value's range runs from the line
   * after the header to its last non-space character (a mapping entry's range still starts at its
   * key; an `item` of a sequence has no key).
   */
  private blockScalar(parentIndent: number, node: number, header: number, item: boolean): string {
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

  /** A block sequence whose `-` sit at column `s`; the current line holds its first entry. `filter` applies to its entries' fields. */
  private sequence(s: number, id: number, start: number, filter: FieldFilter | undefined): unknown[] {
    if (++this.depth > MAX_DEPTH) decline('nesting deeper than the subset reads');
    const text = this.text;
    const list: unknown[] = [];
    const each = filter?.children.get('*');
    const mark = this.top;
    for (;;) {
      const eol = this.eol;
      let q = this.content + 1;
      while (q < eol && text.charCodeAt(q) === SPACE) q++;
      if (q >= eol || text.charCodeAt(q) === HASH) {
        // `-` alone on its line: the entry is the block collection below, or null.
        this.seek(this.next);
        if (this.has && this.indent > s) {
          const item = this.index.add(this.content, -1, 0);
          this.push(item);
          list.push(this.isDashItem() ? this.sequence(this.indent, item, this.content, each) : this.mapping(this.indent, item, this.content, each));
        } else {
          const item = this.index.add(this.start - 1, -1, 0);
          this.push(item);
          this.index.setScalar(item, this.start - 1);
          list.push(null);
        }
      } else {
        list.push(this.sequenceEntry(s, q, eol, each));
      }
      if (!this.has || this.indent < s) break;
      if (this.indent > s) decline('bad indentation of a sequence entry');
      if (!this.isDashItem()) break;
    }
    this.close(id, NODE_SEQUENCE, start, mark);
    this.depth--;
    return list;
  }

  /** An entry that starts on the `-` line at `q`: a compact mapping (`- name: x`) or a scalar. */
  private sequenceEntry(s: number, q: number, eol: number, filter: FieldFilter | undefined): unknown {
    const text = this.text;
    const code = text.charCodeAt(q);
    if (code === DASH && (q + 1 >= eol || text.charCodeAt(q + 1) === SPACE)) decline('a sequence nested on the same line');
    const item = this.index.add(q, -1, 0);
    this.push(item);
    if (this.startsMapping(q, eol)) {
      this.content = q;
      this.indent = q - this.lineStart;
      return this.mapping(q - this.lineStart, item, q, filter);
    }
    return this.inlineValue(s + 1, item, q, true);
  }

  /** Whether the text at `q` is a key followed by `:` on this line (js-yaml reads a compact mapping then). */
  private startsMapping(q: number, eol: number): boolean {
    const text = this.text;
    const code = text.charCodeAt(q);
    if (code === SINGLE_QUOTE || code === DOUBLE_QUOTE) {
      const close = this.quotedKeyEnd(q, eol);
      if (close < 0) return false;
      let i = close + 1;
      while (i < eol && text.charCodeAt(i) === SPACE) i++;
      if (i < eol && text.charCodeAt(i) === COLON) {
        if (i !== close + 1) decline('space before a colon');
        return true;
      }
      return false;
    }
    if (!this.canStartPlain(q, eol)) return false;
    return this.plainKeyColon(q, eol) >= 0;
  }
}
