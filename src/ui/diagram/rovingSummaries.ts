/**
 * The keyboard among a big cluster's summary boxes: one Tab stop for all of them (a roving
 * tabindex, as the WAI-ARIA Authoring Practices describe for composite widgets). Only one
 * summary's button is in the Tab order; the arrow keys move between summaries, Home and End
 * go to the first and the last, Enter or Space opens the one with the focus. Pure.
 */
import { assertNever } from '../assertNever';
import type { DiagramNode } from './flowTypes';

/** The summary boxes' ids in the order the diagram lists them: node by node, and inside a node top to bottom. */
export function summaryOrder(nodes: readonly DiagramNode[]): readonly string[] {
  return nodes.filter((n) => n.type === 'k8sSummary').map((n) => n.id);
}

/** The summary in the Tab order: the one last focused while it is still drawn, else the first. */
export function tabStopOf(order: readonly string[], active: string | undefined): string | undefined {
  return active !== undefined && order.includes(active) ? active : order[0];
}

/** The keys that move the focus among the summaries. */
export const SUMMARY_KEYS = ['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp', 'Home', 'End'] as const;
export type SummaryKey = (typeof SUMMARY_KEYS)[number];

export const isSummaryKey = (key: string): key is SummaryKey => (SUMMARY_KEYS as readonly string[]).includes(key);

/**
 * Where a key moves the focus from the summary `from`: → and ↓ to the next, ← and ↑ to the
 * previous (stopping at the ends, as a toolbar does), Home and End to the first and the last.
 * Undefined when it stays where it is.
 */
export function summaryAfterKey(order: readonly string[], from: string, key: SummaryKey): string | undefined {
  const at = order.indexOf(from);
  if (at < 0) return undefined;
  const to = indexAfterKey(at, order.length - 1, key);
  return to === at ? undefined : order[to];
}

function indexAfterKey(at: number, last: number, key: SummaryKey): number {
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return Math.min(at + 1, last);
    case 'ArrowLeft':
    case 'ArrowUp':
      return Math.max(at - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return assertNever(key);
  }
}

/**
 * Where the keyboard goes when its summary is no longer drawn (Enter opened it): to the first
 * summary that appeared with the opening (a node's namespace boxes), else to the next summary
 * that is still drawn, else the last one.
 */
export function summaryAfterOpening(before: readonly string[], after: readonly string[], opened: string): string | undefined {
  const had = new Set(before);
  const appeared = after.find((id) => !had.has(id));
  if (appeared !== undefined) return appeared;
  const drawn = new Set(after);
  const next = before.slice(before.indexOf(opened) + 1).find((id) => drawn.has(id));
  return next ?? after[after.length - 1];
}

/** The nodes with the summary that is the Tab stop marked; only the boxes whose mark changes get new objects. */
export function withTabStop(nodes: readonly DiagramNode[], tabStop: string | undefined): DiagramNode[] {
  // No summaries (a small cluster): nothing to mark.
  if (tabStop === undefined) return nodes as DiagramNode[];
  return nodes.map((node): DiagramNode => {
    if (node.type !== 'k8sSummary') return node;
    const stop = node.id === tabStop;
    return node.data.tabStop === stop ? node : { ...node, data: { ...node.data, tabStop: stop } };
  });
}
