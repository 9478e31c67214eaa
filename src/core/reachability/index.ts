/** The whole-cluster reachability view: which workloads may connect to which under the NetworkPolicies. */
export { reachability, groupWorkloads } from './matrix';
export { OUTSIDE } from './types';
export type { Reachability, ReachabilityCell, ReachabilityQuery, WorkloadGroup, CellState } from './types';
