/**
 * For tests: a compact matrix from cells written out by workload id, the way a person reads
 * them. Every workload is its own group, so any table of cells can be expressed.
 */
import { OUTSIDE, type Reachability, type ReachabilityCell, type ReachabilityMatrix } from '../../core';

export function matrixFromCells(reach: Reachability): ReachabilityMatrix {
  const distinct: ReachabilityCell[] = [];
  const indexOf = (cell: ReachabilityCell | undefined): number => {
    const found = cell ?? { state: 'denied', connections: 'No Connections', note: undefined };
    const at = distinct.findIndex((c) => c.state === found.state && c.connections === found.connections && c.note === found.note);
    if (at >= 0) return at;
    distinct.push(found);
    return distinct.length - 1;
  };
  const ids = reach.workloads.map((w) => w.id);
  const n = ids.length;
  const cell = (from: string, to: string) => indexOf(reach.cells[from]?.[to]);
  return {
    query: reach.query,
    workloads: reach.workloads,
    enforced: reach.enforced,
    groupOf: Uint32Array.from(ids.map((_, i) => i)),
    groupCount: n,
    between: Uint32Array.from(ids.flatMap((from) => ids.map((to) => cell(from, to)))),
    own: Uint32Array.from(ids.map((id) => cell(id, id))),
    toOutside: Uint32Array.from(ids.map((id) => cell(id, OUTSIDE))),
    fromOutside: Uint32Array.from(ids.map((id) => cell(OUTSIDE, id))),
    outsideToOutside: cell(OUTSIDE, OUTSIDE),
    nodeBound: [],
    nodeBoundIndex: Int32Array.from(ids.map(() => -1)),
    distinctCells: distinct,
  };
}
