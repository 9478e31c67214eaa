import { EVENT_ID, type Event } from 'js-yaml';

/**
 * How many nodes a document has once every alias is expanded. Aliases are cheap to parse but
 * anything that walks the value (hashing a pod template, rendering it) pays for the expansion:
 * a "billion laughs" document of a few hundred bytes expands to 10^12 nodes. Kubernetes' own
 * YAML reader refuses such documents ("excessive aliasing"); so do we.
 */
export function expandedNodeCount(events: readonly Event[], text: string): number {
  const anchored = new Map<string, number>();
  const counts: { count: number; anchor: string | undefined }[] = [{ count: 0, anchor: undefined }];
  const anchorOf = (start: number, end: number) => (start >= 0 && end > start ? text.slice(start, end).replace(/^&/, '') : undefined);
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.SCALAR: {
        counts[counts.length - 1]!.count += 1;
        const anchor = anchorOf(event.anchorStart, event.anchorEnd);
        if (anchor !== undefined) anchored.set(anchor, 1);
        break;
      }
      case EVENT_ID.ALIAS: {
        const name = text.slice(event.anchorStart, event.anchorEnd).replace(/^\*/, '');
        counts[counts.length - 1]!.count += anchored.get(name) ?? 1;
        break;
      }
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE:
        counts.push({ count: 1, anchor: anchorOf(event.anchorStart, event.anchorEnd) });
        break;
      case EVENT_ID.POP: {
        if (counts.length <= 1) break;
        const closed = counts.pop()!;
        if (closed.anchor !== undefined) anchored.set(closed.anchor, closed.count);
        counts[counts.length - 1]!.count += closed.count;
        break;
      }
      case EVENT_ID.DOCUMENT:
        break;
    }
    // Stop counting once it is clearly too big; the exact figure does not matter then.
    if (counts[0]!.count > Number.MAX_SAFE_INTEGER / 2) break;
  }
  return counts.reduce((sum, c) => sum + c.count, 0);
}
