import { parseEvents, getScalarValue, EVENT_ID, COLLECTION_STYLE, SCALAR_STYLE, type Event } from 'js-yaml';

export type FieldPath = readonly (string | number)[];

/**
 * Where each value of one document sits in the text, as a tree shaped like the document:
 * mappings by key, sequences by index. A mapping entry's span runs from its key to the end of
 * its value, which is what an editor should select when a diagnostic or a hop points at that
 * field. A tree rather than a table of path strings: a 20,000-pod dump has millions of fields.
 */
export interface PositionNode {
  from: number;
  to: number;
  keys?: Map<string, PositionNode>;
  items?: PositionNode[];
}

/** The node at `path`, or undefined when that field is not written out. */
export function lookup(root: PositionNode | undefined, path: FieldPath): PositionNode | undefined {
  let node = root;
  for (const key of path) {
    if (node === undefined) return undefined;
    node = typeof key === 'number' ? node.items?.[key] : node.keys?.get(key);
  }
  return node;
}

interface Open {
  readonly node: PositionNode;
  readonly flow: boolean;
  /** For mappings: the key read and waiting for its value, with the key's start. */
  pendingKey: { name: string; from: number } | undefined;
}

/**
 * Walks js-yaml's event stream for one document. Offsets are shifted by `base`, the document's
 * place in the whole text. Gives the root, or undefined for an empty document.
 */
export function collectPositions(text: string, base: number, events: readonly Event[] = parseEvents(text, {})): PositionNode | undefined {
  let root: PositionNode | undefined;
  const stack: Open[] = [];

  /** Attaches a value node to the innermost collection; undefined when the value is a mapping key. */
  const attach = (from: number, to: number): PositionNode | undefined => {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      root = { from: base + from, to: base + to };
      return root;
    }
    if (top.node.items !== undefined) {
      const node = { from: base + from, to: base + to };
      top.node.items.push(node);
      return node;
    }
    if (top.pendingKey === undefined) return undefined;
    const node = { from: base + top.pendingKey.from, to: base + to };
    top.node.keys!.set(top.pendingKey.name, node);
    top.pendingKey = undefined;
    return node;
  };

  const extend = (to: number) => {
    for (const open of stack) if (open.node.to < base + to) open.node.to = base + to;
  };

  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.SCALAR: {
        // A quoted scalar's value range excludes its quotes; the field's text includes them.
        const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
        const start = quoted ? event.valueStart - 1 : event.valueStart;
        const end = trimEnd(text, start, quoted ? event.valueEnd + 1 : event.valueEnd);
        if (attach(start, end) === undefined) {
          const top = stack[stack.length - 1]!;
          top.pendingKey = { name: getScalarValue(text, event), from: start };
        }
        extend(end);
        break;
      }
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const mapping = event.type === EVENT_ID.MAPPING;
        let node = attach(event.start, event.start + 1);
        if (node === undefined) {
          // A collection used as a mapping key is legal YAML but never a Kubernetes field.
          stack[stack.length - 1]!.pendingKey = { name: '?', from: event.start };
          node = { from: base + event.start, to: base + event.start + 1 };
        }
        if (mapping) node.keys = new Map();
        else node.items = [];
        stack.push({ node, flow: event.style === COLLECTION_STYLE.FLOW, pendingKey: undefined });
        break;
      }
      case EVENT_ID.ALIAS: {
        if (attach(event.anchorStart, event.anchorEnd) === undefined) {
          stack[stack.length - 1]!.pendingKey = { name: '*', from: event.anchorStart };
        }
        extend(event.anchorEnd);
        break;
      }
      case EVENT_ID.POP: {
        const closed = stack.pop();
        if (closed === undefined || !closed.flow) break;
        const bracket = closingBracket(text, closed.node.to - base);
        closed.node.to = base + bracket;
        extend(bracket);
        break;
      }
      case EVENT_ID.DOCUMENT:
        break;
    }
  }
  return root;
}

/** Block scalars end after their last newline; a selection should stop at the text. */
export function trimEnd(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && isJsWhitespace(text.charCodeAt(end - 1))) end--;
  return end;
}

/** Exactly the UTF-16 code units that JavaScript's `\s` matches. */
export function isJsWhitespace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** After a flow collection's last child only spaces, commas and comments stand before its bracket. */
function closingBracket(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '}' || c === ']') return i + 1;
    if (c === '#') {
      const newline = text.indexOf('\n', i);
      if (newline === -1) return from;
      i = newline;
    }
  }
  return from;
}
