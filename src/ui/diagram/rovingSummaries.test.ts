import { describe, expect, it } from 'vitest';
import type { DiagramNode } from './flowTypes';
import { foldedNode, foldId, summaryAfterKey, summaryAfterOpening, summaryOrder, tabStopOf, withTabStop } from './rovingSummaries';

const summary = (id: string): DiagramNode => ({
  id,
  type: 'k8sSummary',
  position: { x: 0, y: 0 },
  data: { kind: 'summary', scope: 'node', label: id, detail: '', pods: 1, onPath: false, current: false, ports: [] },
});
const group = (id: string): DiagramNode => ({
  id,
  type: 'k8sGroup',
  position: { x: 0, y: 0 },
  data: { kind: 'node', label: id, detail: '', onPath: true, current: false, muted: false, ports: [] },
});

/** A cluster node at `x` in the row of nodes, with summaries opened in it (`folds`) or none. */
const node = (id: string, x: number, folds?: readonly string[]): DiagramNode => {
  const g = group(id);
  return { ...g, position: { x, y: 0 }, data: { ...g.data, ...(folds === undefined ? {} : { folds }) } } as DiagramNode;
};
/** A summary at `x` in the row of nodes, or inside the node `parent`. */
const placed = (id: string, x: number, parent?: string): DiagramNode => ({ ...summary(id), position: { x, y: 0 }, ...(parent === undefined ? {} : { parentId: parent }) });

const ORDER = ['summary:node:n1', 'summary:node:n2/a', 'summary:node:n2/b', 'summary:node:n3'];

describe('the summaries as one Tab stop', () => {
  it('lists the summaries in the diagram’s order, leaving the other boxes out', () => {
    const nodes = [summary('summary:node:n1'), group('node:n2'), summary('summary:node:n2/a'), summary('summary:node:n2/b'), summary('summary:node:n3')];
    expect(summaryOrder(nodes)).toEqual(ORDER);
    expect(summaryOrder([group('node:n1')])).toEqual([]);
  });

  it('takes in the fold control of each node with opened summaries, before that node’s summaries, nodes left to right', () => {
    // n2 (at 600) had its namespace a opened: its fold control, then its remaining summary b; n3 was opened whole (no summaries left).
    const nodes = [
      node('node:n2', 600, ['summary:node:n2/a']),
      node('node:n3', 1400, ['summary:node:n3']),
      node('node:n4', 2200),
      placed('summary:node:n1', 0),
      placed('summary:node:n2/b', 20, 'node:n2'),
      placed('summary:node:n5', 3000),
    ];
    expect(summaryOrder(nodes)).toEqual(['summary:node:n1', 'fold:node:n2', 'summary:node:n2/b', 'fold:node:n3', 'summary:node:n5']);
    expect(foldId('node:n2')).toBe('fold:node:n2');
    expect(foldedNode('fold:node:n2')).toBe('node:n2');
    expect(foldedNode('summary:node:n1')).toBeUndefined();
  });

  it('marks a fold control as the Tab stop on its node’s box, and only nodes with one', () => {
    const nodes = [node('node:n2', 600, ['summary:node:n2/a']), node('node:n4', 2200), placed('summary:node:n1', 0)];
    const onFold = withTabStop(nodes, 'fold:node:n2');
    expect(onFold.map((n) => n.data.tabStop)).toEqual([true, undefined, false]);
    expect(onFold[1]).toBe(nodes[1]);
    const moved = withTabStop(onFold, 'summary:node:n1');
    expect(moved.map((n) => n.data.tabStop)).toEqual([false, undefined, true]);
    expect(withTabStop(moved, 'summary:node:n1')[0]).toBe(moved[0]);
    expect(summaryAfterKey(summaryOrder(nodes), 'summary:node:n1', 'ArrowRight')).toBe('fold:node:n2');
  });

  it('after a summary opened, passes over the fold control that came with it', () => {
    // Namespace a of n2 opened: n2 gets a fold control, and the focus goes on to b.
    const before = ['summary:node:n1', 'summary:node:n2/a', 'summary:node:n2/b'];
    expect(summaryAfterOpening(before, ['summary:node:n1', 'fold:node:n2', 'summary:node:n2/b'], 'summary:node:n2/a')).toBe('summary:node:n2/b');
    // Node n1 opened whole: its namespace boxes, not its fold control.
    expect(summaryAfterOpening(before, ['fold:node:n1', 'summary:node:n1/x', ...before.slice(1)], 'summary:node:n1')).toBe('summary:node:n1/x');
  });

  it('keeps the Tab stop on the summary last focused while it is drawn, else on the first', () => {
    expect(tabStopOf(ORDER, undefined)).toBe('summary:node:n1');
    expect(tabStopOf(ORDER, 'summary:node:n2/b')).toBe('summary:node:n2/b');
    expect(tabStopOf(ORDER, 'summary:node:n9')).toBe('summary:node:n1');
    expect(tabStopOf([], 'summary:node:n1')).toBeUndefined();
  });

  it('moves with the arrow keys, Home and End, stopping at the ends', () => {
    expect(summaryAfterKey(ORDER, 'summary:node:n1', 'ArrowRight')).toBe('summary:node:n2/a');
    expect(summaryAfterKey(ORDER, 'summary:node:n2/a', 'ArrowDown')).toBe('summary:node:n2/b');
    expect(summaryAfterKey(ORDER, 'summary:node:n2/b', 'ArrowLeft')).toBe('summary:node:n2/a');
    expect(summaryAfterKey(ORDER, 'summary:node:n2/a', 'ArrowUp')).toBe('summary:node:n1');
    expect(summaryAfterKey(ORDER, 'summary:node:n2/a', 'End')).toBe('summary:node:n3');
    expect(summaryAfterKey(ORDER, 'summary:node:n3', 'Home')).toBe('summary:node:n1');
    expect(summaryAfterKey(ORDER, 'summary:node:n1', 'ArrowLeft')).toBeUndefined();
    expect(summaryAfterKey(ORDER, 'summary:node:n3', 'ArrowRight')).toBeUndefined();
    expect(summaryAfterKey(ORDER, 'summary:node:n1', 'Home')).toBeUndefined();
    expect(summaryAfterKey(ORDER, 'summary:node:n9', 'ArrowRight')).toBeUndefined();
  });

  it('after a summary opened, goes to the first one that appeared with it, else to the next one still drawn', () => {
    // Node n1 opened into its namespace boxes.
    expect(summaryAfterOpening(ORDER, ['summary:node:n1/a', 'summary:node:n1/b', ...ORDER.slice(1)], 'summary:node:n1')).toBe('summary:node:n1/a');
    // Namespace a of n2 opened into its pods.
    expect(summaryAfterOpening(ORDER, ['summary:node:n1', 'summary:node:n2/b', 'summary:node:n3'], 'summary:node:n2/a')).toBe('summary:node:n2/b');
    // The last one opened: the one before it.
    expect(summaryAfterOpening(ORDER, ORDER.slice(0, 3), 'summary:node:n3')).toBe('summary:node:n2/b');
    expect(summaryAfterOpening(['summary:node:n1'], [], 'summary:node:n1')).toBeUndefined();
  });

  it('marks the Tab stop, giving new objects only to the boxes whose mark changes', () => {
    const nodes = [summary('summary:node:n1'), group('node:n2'), summary('summary:node:n3')];
    const first = withTabStop(nodes, 'summary:node:n1');
    expect(first.map((n) => (n.type === 'k8sSummary' ? n.data.tabStop : 'not a summary'))).toEqual([true, 'not a summary', false]);
    expect(first[1]).toBe(nodes[1]);
    const moved = withTabStop(first, 'summary:node:n3');
    expect(moved.map((n) => (n.type === 'k8sSummary' ? n.data.tabStop : 'not a summary'))).toEqual([false, 'not a summary', true]);
    expect(withTabStop(moved, 'summary:node:n3')[0]).toBe(moved[0]);
    expect(withTabStop(moved, 'summary:node:n3')[2]).toBe(moved[2]);
  });
});
