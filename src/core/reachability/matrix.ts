import type { Cluster } from '../cluster/types';
import { matrixCell, reachabilityMatrix } from './compact';
import { OUTSIDE, type Reachability, type ReachabilityCell, type ReachabilityMatrix, type ReachabilityQuery } from './types';

export { groupWorkloads } from './workloads';

/**
 * Who may connect to whom under the cluster's NetworkPolicies, workload by workload, plus
 * "outside the cluster" as one row and one column. A cell is allowed when every pod pair (and
 * every outside address range the policies distinguish) is allowed for the query, denied when
 * none is, and partial otherwise.
 *
 * This is `reachabilityMatrix` with every cell written out as `cells[from][to]`: workloads² entries
 * (36 million for 6,000 workloads), fine for the clusters people paste, too big for a 20,000-pod
 * dump. Big clusters read the compact form with `matrixCell` instead.
 */
export function reachability(cluster: Cluster, query: ReachabilityQuery = {}): Reachability {
  const matrix = reachabilityMatrix(cluster, query);
  return { query, workloads: matrix.workloads, cells: expandCells(matrix), enforced: matrix.enforced };
}

/** Every cell of a compact matrix as `cells[from][to]`, by workload id and `OUTSIDE`. */
export function expandCells(matrix: ReachabilityMatrix): Record<string, Record<string, ReachabilityCell>> {
  const ids = [...matrix.workloads.map((w) => w.id), OUTSIDE];
  const cells: Record<string, Record<string, ReachabilityCell>> = {};
  ids.forEach((fromId, from) => {
    const row: Record<string, ReachabilityCell> = {};
    ids.forEach((toId, to) => {
      row[toId] = matrixCell(matrix, from, to);
    });
    cells[fromId] = row;
  });
  return cells;
}
