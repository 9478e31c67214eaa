/**
 * What one matrix cell shows: the core's state for a workload pair, or, for a collapsed
 * namespace, a summary of the pairs it stands for. The tooltip repeats the core's
 * `connections` and `note` word for word.
 */
import { matrixCellOf, type CellState, type ReachabilityCell, type ReachabilityMatrix } from '../../core';
import { describeQuery, type MatrixQuery } from './matrixQuery';
import { memberIds, type AxisEntry } from './matrixLayout';

export interface DisplayCell {
  /** `none` only if the core left the pair out, which it should not. */
  readonly state: CellState | 'none';
  readonly title: string;
  /** True when a click can trace the pair: two workloads, neither outside the cluster. */
  readonly traceable: boolean;
}

export const STATE_WORDS: Readonly<Record<CellState | 'none', string>> = {
  allowed: 'allowed',
  partial: 'partly allowed',
  denied: 'denied',
  none: 'not computed',
};

export const OUTSIDE_NOT_TRACED = 'Tracing from or to outside the cluster is not simulated yet.';

const entryName = (entry: AxisEntry): string =>
  entry.kind === 'workload' ? `${entry.group.namespace}/${entry.group.name}` : entry.kind === 'namespace' ? `namespace ${entry.id.slice(3)}` : entry.label;

function single(cell: ReachabilityCell, from: AxisEntry, to: AxisEntry, query: MatrixQuery): DisplayCell {
  const outside = from.kind === 'outside' || to.kind === 'outside';
  const lines = [
    `${entryName(from)} → ${entryName(to)}`,
    `${describeQuery(query)}: ${STATE_WORDS[cell.state]}`,
    `Allowed: ${cell.connections}`,
    ...(cell.note === undefined ? [] : [cell.note]),
    outside ? OUTSIDE_NOT_TRACED : 'Click to trace this flow.',
  ];
  return { state: cell.state, title: lines.join('\n'), traceable: !outside };
}

function summary(cells: readonly ReachabilityCell[], from: AxisEntry, to: AxisEntry, query: MatrixQuery): DisplayCell {
  const count = (state: CellState) => cells.filter((c) => c.state === state).length;
  const allowed = count('allowed');
  const denied = count('denied');
  const partial = count('partial');
  const state: CellState = allowed === cells.length ? 'allowed' : denied === cells.length ? 'denied' : 'partial';
  const parts = [
    allowed > 0 ? `${allowed} allowed` : undefined,
    partial > 0 ? `${partial} partly allowed` : undefined,
    denied > 0 ? `${denied} denied` : undefined,
  ].filter((p): p is string => p !== undefined);
  const lines = [
    `${entryName(from)} → ${entryName(to)}`,
    `${describeQuery(query)}: ${parts.join(', ')} of ${cells.length} workload pairs`,
    'Expand the namespace to see and trace each pair.',
  ];
  return { state, title: lines.join('\n'), traceable: false };
}

export function displayCell(reach: ReachabilityMatrix, from: AxisEntry, to: AxisEntry, query: MatrixQuery): DisplayCell {
  const cells: ReachabilityCell[] = [];
  for (const f of memberIds(from)) {
    for (const t of memberIds(to)) {
      const cell = matrixCellOf(reach, f, t);
      if (cell) cells.push(cell);
    }
  }
  const [first] = cells;
  if (!first) return { state: 'none', title: `${entryName(from)} → ${entryName(to)}: not computed`, traceable: false };
  if (from.kind !== 'namespace' && to.kind !== 'namespace') return single(first, from, to, query);
  return summary(cells, from, to, query);
}
