import type { Protocol } from '../cluster/types';

/** What the matrix asks about: one port and protocol, or every connection. */
export interface ReachabilityQuery {
  readonly port?: number;
  readonly protocol?: Protocol;
}

/** A row or column: the pods of one workload (a Deployment, a StatefulSet, a bare Pod…). */
export interface WorkloadGroup {
  /** `ns/Kind/name`, stable across runs. */
  readonly id: string;
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  readonly pods: readonly string[];
  /** Labels of the workload's first pod, for filtering. */
  readonly labels: Readonly<Record<string, string>>;
  /** True for what the simulator adds itself (CoreDNS). */
  readonly implicit: boolean;
}

export type CellState = 'allowed' | 'denied' | 'partial';

export interface ReachabilityCell {
  readonly state: CellState;
  /** What may open connections, in netpol-analyzer's wording (`TCP 8080,UDP 53`, `All Connections`). */
  readonly connections: string;
  /** Why a cell is partial: some pods or address ranges are allowed and others not. */
  readonly note: string | undefined;
}

export interface Reachability {
  readonly query: ReachabilityQuery;
  readonly workloads: readonly WorkloadGroup[];
  /** `cells[from][to]`, by workload id, plus `OUTSIDE` for addresses outside the cluster. */
  readonly cells: Readonly<Record<string, Readonly<Record<string, ReachabilityCell>>>>;
  /** False when the cluster's settings turn NetworkPolicy enforcement off: everything is allowed. */
  readonly enforced: boolean;
}

/** The id of the "outside the cluster" row and column. */
export const OUTSIDE = 'outside';

/**
 * The same matrix, compact: every cell is an index into `distinctCells`, and workloads whose
 * pods fall into the same equivalence classes share one row and one column of `between`, so
 * the tables grow with the number of distinct kinds of workload, not with pods² or workloads².
 * Plain data (typed arrays and arrays), cloned as it is by postMessage. Read a cell with
 * `matrixCell` (by index) or `matrixCellOf` (by id).
 */
export interface ReachabilityMatrix {
  readonly query: ReachabilityQuery;
  readonly workloads: readonly WorkloadGroup[];
  readonly enforced: boolean;
  /** Each distinct cell once. */
  readonly distinctCells: readonly ReachabilityCell[];
  /** Per workload (index in `workloads`), its group: the same classes of pods. */
  readonly groupOf: Uint32Array;
  readonly groupCount: number;
  /** `between[g * groupCount + h]`: from a workload of group g to another workload of group h. */
  readonly between: Uint32Array;
  /** Per workload, the cell from it to itself (its pods between them, each pod with itself included). */
  readonly own: Uint32Array;
  /** Per group: from its workloads to outside the cluster, and from outside to them. */
  readonly toOutside: Uint32Array;
  readonly fromOutside: Uint32Array;
  readonly outsideToOutside: number;
  /**
   * Workloads with hostNetwork pods, whose pods are always allowed to and from the pods on their
   * node: their whole row and column, by workload index (`nodeBoundIndex[w]` is the entry, or -1).
   */
  readonly nodeBound: readonly { readonly row: Uint32Array; readonly column: Uint32Array }[];
  readonly nodeBoundIndex: Int32Array;
}
