import { KEY_DOUBLE_QUOTED, KEY_SINGLE_QUOTED, NODE_MAPPING, NODE_SEQUENCE } from './position-index';
import { trimEnd } from './positions';
import { Decline, decline } from './decline';
import { ScalarReader } from './scalar-reader';
import type { SubsetContext } from './subset-context';
import {
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
  RIGHT_BRACE,
  RIGHT_BRACKET,
  SINGLE_QUOTE,
  SPACE,
  CARRIAGE_RETURN,
  type ScalarCache,
} from './subset-support';
import { filterOfKind, OBJECT_FIELDS, type FieldFilter } from './unread-fields';

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

/** Mappings and sequences, and the document around them; the scalars are ScalarReader's. */
class SubsetReader extends ScalarReader {
  root = -1;
  /** False once an object's `kind` came after fields its kind leaves out or looks into: those were kept whole. */
  unreadLeftOut = true;
  private readonly keys: ScalarCache<string>;
  /** The context's stack of entry ids, and its height. */
  private ids: Int32Array;
  private top = 0;
  private depth = 0;

  /** The keys of the open mappings, innermost last, to find a duplicate without a property lookup. */
  private readonly keyStack: string[] = [];
  private keyTop = 0;

  constructor(context: SubsetContext, start: number, end: number) {
    super(context, start, end);
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

  /** `{}` or `[]`: an empty flow collection, whose range ends after its closing bracket. */
  private emptyFlow(node: number, open: number): unknown {
    const mapping = this.text.charCodeAt(open) === LEFT_BRACE;
    if (this.text.charCodeAt(open + 1) !== (mapping ? RIGHT_BRACE : RIGHT_BRACKET)) decline('a flow collection with content');
    this.index.close(node, mapping ? NODE_MAPPING : NODE_SEQUENCE, open + 2, this.ids, this.top, this.top);
    this.noteEnd(open + 2);
    this.endOfLine(open + 2);
    return mapping ? {} : [];
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
