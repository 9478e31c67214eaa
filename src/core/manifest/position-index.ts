import { EVENT_ID, getScalarValue, SCALAR_STYLE, CHOMPING_MODE, type ScalarEvent, type ScalarStyle } from 'js-yaml';
import { lookup, type FieldPath, type PositionNode } from './positions';

/** Where a field sits: offsets into the whole text, end-exclusive (see positions.ts for what a field's range covers). */
export interface FieldRange {
  readonly from: number;
  readonly to: number;
}

/** The source ranges of one document's fields, looked up by path. */
export interface DocumentPositions {
  /** The range of the field at `path`, or undefined when that field is not written out. */
  lookup(path: FieldPath): FieldRange | undefined;
  /**
   * The positions of the value at `path` (an object inside a `List`), looked up from there:
   * `at(p).lookup(q)` is `lookup([...p, ...q])`, without walking `p` again. Undefined when
   * that value is not written out.
   */
  at(path: FieldPath): DocumentPositions | undefined;
}

/** Positions from js-yaml's events, as a tree (positions.ts). */
export function treePositions(root: PositionNode | undefined): DocumentPositions {
  return {
    lookup: (path) => lookup(root, path),
    at: (path) => {
      const node = lookup(root, path);
      return node === undefined ? undefined : treePositions(node);
    },
  };
}

export const NODE_SCALAR = 0;
export const NODE_MAPPING = 1;
export const NODE_SEQUENCE = 2;
const KIND_MASK = 3;
/** The node is a mapping entry whose key is single-quoted (resp. double-quoted); plain otherwise. */
export const KEY_SINGLE_QUOTED = 4;
export const KEY_DOUBLE_QUOTED = 8;

const STRIDE = 6;
const FROM = 0;
const TO = 1;
/** For mapping entries: where the key's text ends (plain) or its closing quote (quoted); -1 otherwise. */
const KEY_END = 2;
const FLAGS = 3;
const CHILD_START = 4;
const CHILD_COUNT = 5;

/**
 * The same facts as positions.ts' tree, kept compact for big documents: one row of integers per
 * value in typed arrays, children of a collection stored contiguously, and mapping keys read back
 * from the text only when a lookup asks. A 20,000-pod dump has about ten million values; as a
 * tree of objects and Maps they would cost gigabytes, here about 30 bytes each.
 */
export class PositionIndex {
  private rows: Int32Array;
  private count = 0;
  private children: Int32Array;
  private childCount = 0;

  /** `charactersPerValue`: how dense the text's values are expected to be, to size the tables before they grow. */
  constructor(
    readonly text: string,
    charactersPerValue = 12,
  ) {
    // A kubectl YAML dump has a value every 15 characters or so: size for a little more, grow if needed.
    const expected = Math.max(256, Math.ceil(text.length / charactersPerValue));
    this.rows = new Int32Array(STRIDE * expected);
    this.children = new Int32Array(expected);
  }

  /** The index's size, to forget what a document that was declined half-way recorded. */
  mark(): { readonly count: number; readonly childCount: number } {
    return { count: this.count, childCount: this.childCount };
  }

  rollback(mark: { readonly count: number; readonly childCount: number }): void {
    this.count = mark.count;
    this.childCount = mark.childCount;
  }

  /** A new node; its end and kind are set later (setScalar / close). */
  add(from: number, keyEnd: number, flags: number): number {
    if ((this.count + 1) * STRIDE > this.rows.length) {
      const grown = new Int32Array(Math.ceil((this.rows.length * 1.5) / STRIDE) * STRIDE);
      grown.set(this.rows);
      this.rows = grown;
    }
    const id = this.count++;
    const at = id * STRIDE;
    const rows = this.rows;
    // TO is written by setScalar or close, which every node gets; the children are read only
    // for collections, which close writes.
    rows[at + FROM] = from;
    rows[at + KEY_END] = keyEnd;
    rows[at + FLAGS] = flags;
    return id;
  }

  setFrom(id: number, from: number): void {
    this.rows[id * STRIDE + FROM] = from;
  }

  setScalar(id: number, to: number): void {
    this.rows[id * STRIDE + TO] = to;
  }

  /** Ends a collection node: its kind, its end, and its children (`ids[mark..top)`, in order). */
  close(id: number, kind: number, to: number, ids: Int32Array, mark: number, top: number): void {
    const at = id * STRIDE;
    const rows = this.rows;
    rows[at + TO] = to;
    rows[at + FLAGS] = (rows[at + FLAGS]! & ~KIND_MASK) | kind;
    const n = top - mark;
    if (this.childCount + n > this.children.length) {
      const grown = new Int32Array(Math.max(Math.ceil(this.children.length * 1.5), this.childCount + n));
      grown.set(this.children);
      this.children = grown;
    }
    const children = this.children;
    let c = this.childCount;
    rows[at + CHILD_START] = c;
    rows[at + CHILD_COUNT] = n;
    for (let i = mark; i < top; i++) children[c++] = ids[i]!;
    this.childCount = c;
  }

  /** The positions of the document whose root node is `root`. */
  document(root: number): DocumentPositions {
    return {
      lookup: (path) => {
        const node = this.find(root, path);
        return node < 0 ? undefined : { from: this.rows[node * STRIDE + FROM]!, to: this.rows[node * STRIDE + TO]! };
      },
      at: (path) => {
        const node = this.find(root, path);
        return node < 0 ? undefined : this.document(node);
      },
    };
  }

  lookup(root: number, path: FieldPath): FieldRange | undefined {
    const node = this.find(root, path);
    return node < 0 ? undefined : { from: this.rows[node * STRIDE + FROM]!, to: this.rows[node * STRIDE + TO]! };
  }

  /** The node at `path` below `root`, or -1 when that field is not written out. */
  private find(root: number, path: FieldPath): number {
    const rows = this.rows;
    let node = root;
    for (let k = 0; k < path.length; k++) {
      const key = path[k]!;
      const at = node * STRIDE;
      const kind = rows[at + FLAGS]! & KIND_MASK;
      const start = rows[at + CHILD_START]!;
      const count = rows[at + CHILD_COUNT]!;
      if (typeof key === 'number') {
        // Like `items?.[key]`: only whole indices inside a sequence.
        if (kind !== NODE_SEQUENCE || !Number.isInteger(key) || key < 0 || key >= count) return -1;
        node = this.children[start + key]!;
      } else {
        if (kind !== NODE_MAPPING) return -1;
        // The last entry written with that key: positions.ts keeps keys in a Map, where a later
        // `"~"` replaces an earlier `~` (different keys for the value: "~" and "null").
        let found = -1;
        for (let i = count - 1; i >= 0; i--) {
          const child = this.children[start + i]!;
          if (this.keyIs(child, key)) {
            found = child;
            break;
          }
        }
        if (found < 0) return -1;
        node = found;
      }
    }
    return node;
  }

  /** Whether the entry's key, as written (not resolved: `0x1F` stays `0x1F`), is `key`. */
  private keyIs(entry: number, key: string): boolean {
    const at = entry * STRIDE;
    const from = this.rows[at + FROM]!;
    const end = this.rows[at + KEY_END]!;
    const flags = this.rows[at + FLAGS]!;
    if ((flags & (KEY_SINGLE_QUOTED | KEY_DOUBLE_QUOTED)) === 0) {
      return end - from === key.length && this.text.startsWith(key, from);
    }
    const single = (flags & KEY_SINGLE_QUOTED) !== 0;
    // A one-line quoted key without an escape (`\` in double quotes, `''` in single ones) is its text.
    const escape = single ? 39 : 92;
    let verbatim = true;
    for (let i = from + 1; i < end; i++) {
      if (this.text.charCodeAt(i) === escape) {
        verbatim = false;
        break;
      }
    }
    if (verbatim) return end - from - 1 === key.length && this.text.startsWith(key, from + 1);
    return getScalarValue(this.text, scalarEvent(from + 1, end, single ? SCALAR_STYLE.SINGLE_QUOTED : SCALAR_STYLE.DOUBLE_QUOTED)) === key;
  }
}

/** A scalar event for js-yaml's getScalarValue, which decodes quoted, folded and block text. */
export function scalarEvent(valueStart: number, valueEnd: number, style: ScalarStyle, indent = -1, chomping: ScalarEvent['chomping'] = CHOMPING_MODE.CLIP): ScalarEvent {
  return {
    type: EVENT_ID.SCALAR,
    valueStart,
    valueEnd,
    anchorStart: -1,
    anchorEnd: -1,
    tagStart: -1,
    tagEnd: -1,
    style,
    chomping,
    indent,
    fast: false,
  };
}
