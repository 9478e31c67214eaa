/** The whole-cluster reachability view: which workloads may connect to which under the NetworkPolicies. */
export { reachability, groupWorkloads, expandCells } from './matrix';
export { reachabilityMatrix, matrixCell, matrixCellOf } from './compact';
export { OUTSIDE } from './types';
export type { Reachability, ReachabilityCell, ReachabilityQuery, ReachabilityMatrix, WorkloadGroup, CellState } from './types';
