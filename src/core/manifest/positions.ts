import { parseEvents, getScalarValue, EVENT_ID, COLLECTION_STYLE, SCALAR_STYLE, type Event } from 'js-yaml';

export type FieldPath = readonly (string | number)[];

/** Source offsets of every field in one document, keyed by its dotted path. */
export type PositionMap = ReadonlyMap<string, { from: number; to: number }>;

export function pathKey(path: FieldPath): string {
  return path.join('.');
}

interface OpenCollection {
  readonly kind: 'mapping' | 'sequence';
  readonly path: FieldPath;
  readonly from: number;
  to: number;
  /** Flow collections (`{…}`, `[…]`) end at their closing bracket, which no event marks. */
  readonly flow: boolean;
  index: number;
  /** For mappings: the key read and waiting for its value, with the key's start. */
  pendingKey: { name: string; from: number } | undefined;
}

/**
 * Walks js-yaml's event stream for one document and records where each field sits.
 * A mapping entry's span runs from its key to the end of its value, which is what an
 * editor should select when a diagnostic or a hop points at that field.
 */
export function collectPositions(text: string, base: number, events: readonly Event[] = parseEvents(text, {})): PositionMap {
  const positions = new Map<string, { from: number; to: number }>();
  const stack: OpenCollection[] = [];

  const record = (path: FieldPath, from: number, to: number) => {
    // Block scalars end after their last newline; a selection should stop at the text.
    let end = to;
    while (end > from && /\s/.test(text[end - 1] ?? '')) end--;
    positions.set(pathKey(path), { from: base + from, to: base + end });
  };

  /** Decides the path of the next value in the innermost collection and where its span starts. */
  const nextValueSlot = (valueFrom: number): { path: FieldPath; from: number } | 'key' => {
    const top = stack[stack.length - 1];
    if (top === undefined) return { path: [], from: valueFrom };
    if (top.kind === 'sequence') {
      return { path: [...top.path, top.index++], from: valueFrom };
    }
    if (top.pendingKey === undefined) return 'key';
    const slot = { path: [...top.path, top.pendingKey.name], from: top.pendingKey.from };
    top.pendingKey = undefined;
    return slot;
  };

  const extend = (to: number) => {
    for (const open of stack) open.to = Math.max(open.to, to);
  };

  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.SCALAR: {
        // A quoted scalar's value range excludes its quotes; the field's text includes them.
        const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
        const start = quoted ? event.valueStart - 1 : event.valueStart;
        const end = quoted ? event.valueEnd + 1 : event.valueEnd;
        const slot = nextValueSlot(start);
        if (slot === 'key') {
          const top = stack[stack.length - 1]!;
          top.pendingKey = { name: getScalarValue(text, event), from: start };
        } else {
          record(slot.path, slot.from, end);
        }
        extend(end);
        break;
      }
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const slot = nextValueSlot(event.start);
        // A collection used as a mapping key is legal YAML but never a Kubernetes field.
        const path = slot === 'key' ? ['?'] : slot.path;
        const from = slot === 'key' ? event.start : slot.from;
        if (slot === 'key') stack[stack.length - 1]!.pendingKey = { name: '?', from: event.start };
        stack.push({
          kind: event.type === EVENT_ID.MAPPING ? 'mapping' : 'sequence',
          path,
          from,
          to: event.start + 1,
          flow: event.style === COLLECTION_STYLE.FLOW,
          index: 0,
          pendingKey: undefined,
        });
        break;
      }
      case EVENT_ID.ALIAS: {
        const slot = nextValueSlot(event.anchorStart);
        if (slot === 'key') stack[stack.length - 1]!.pendingKey = { name: '*', from: event.anchorStart };
        else record(slot.path, slot.from, event.anchorEnd);
        extend(event.anchorEnd);
        break;
      }
      case EVENT_ID.POP: {
        const closed = stack.pop();
        if (closed === undefined) break;
        if (closed.flow) {
          const bracket = closingBracket(text, closed.to);
          closed.to = bracket;
          extend(bracket);
        }
        record(closed.path, closed.from, closed.to);
        break;
      }
      case EVENT_ID.DOCUMENT:
        break;
    }
  }
  return positions;
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
