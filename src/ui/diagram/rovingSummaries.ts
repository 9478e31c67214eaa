/**
 * The keyboard among a big cluster's summary boxes and the fold controls of the nodes they were
 * opened in: one Tab stop for all of them (a roving tabindex, as the WAI-ARIA Authoring Practices
 * describe for composite widgets). Only one of them is in the Tab order; the arrow keys move
 * between them, Home and End go to the first and the last, Enter or Space opens the summary (or
 * folds the node) with the focus. Pure.
 */
import { assertNever } from '../assertNever';
import type { DiagramNode } from './flowTypes';

/** The roving id of a node's fold control (a summary's is its own id). */
export const foldId = (node: string): string => `fold:${node}`;
const isFold = (id: string): boolean => id.startsWith('fold:');
/** The node whose fold control an id names, if it names one. */
export const foldedNode = (id: string): string | undefined => (isFold(id) ? id.slice('fold:'.length) : undefined);

/**
 * The summary boxes' ids and the fold controls', in the diagram's order: cluster node by cluster
 * node from left to right, and in a node its fold control (in its header) before its summaries,
 * which keep the order they are listed in.
 */
export function summaryOrder(nodes: readonly DiagramNode[]): readonly string[] {
  // Where each box of the row of nodes stands across; a box inside one counts as standing where its node does.
  const across = new Map(nodes.filter((n) => n.parentId === undefined).map((n) => [n.id, n.position.x]));
  const columnOf = (n: DiagramNode): number => (n.parentId === undefined ? n.position.x : (across.get(n.parentId) ?? n.position.x));
  const items = nodes.flatMap((n, listed) => {
    if (n.type === 'k8sSummary') return [{ id: n.id, column: columnOf(n), header: 1, listed }];
    if (n.type === 'k8sGroup' && n.data.folds !== undefined && n.data.folds.length > 0) return [{ id: foldId(n.id), column: columnOf(n), header: 0, listed }];
    return [];
  });
  return items.sort((a, b) => a.column - b.column || a.header - b.header || a.listed - b.listed).map((i) => i.id);
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
 * summary that appeared with the opening (a node's namespace boxes; not the fold control that
 * comes with them), else to the next summary or fold control that is still drawn, else the last one.
 */
export function summaryAfterOpening(before: readonly string[], after: readonly string[], opened: string): string | undefined {
  const had = new Set(before);
  const appeared = after.find((id) => !had.has(id) && !isFold(id));
  if (appeared !== undefined) return appeared;
  const drawn = new Set(after);
  const next = before.slice(before.indexOf(opened) + 1).find((id) => drawn.has(id));
  return next ?? after[after.length - 1];
}

/**
 * The nodes with the summary or the fold control that is the Tab stop marked (a fold control on
 * its node's box); only the boxes whose mark changes get new objects.
 */
export function withTabStop(nodes: readonly DiagramNode[], tabStop: string | undefined): DiagramNode[] {
  // No summaries (a small cluster): nothing to mark.
  if (tabStop === undefined) return nodes as DiagramNode[];
  return nodes.map((node): DiagramNode => {
    if (node.type === 'k8sSummary') {
      const stop = node.id === tabStop;
      return node.data.tabStop === stop ? node : { ...node, data: { ...node.data, tabStop: stop } };
    }
    if (node.type !== 'k8sGroup' || node.data.folds === undefined) return node;
    const stop = foldId(node.id) === tabStop;
    return (node.data.tabStop === true) === stop ? node : { ...node, data: { ...node.data, tabStop: stop } };
  });
}
