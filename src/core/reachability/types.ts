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
