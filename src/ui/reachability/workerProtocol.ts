/** The messages between the page and the reachability worker: plain data, cloned by postMessage. */
import type { ClusterSettings, ReachabilityMatrix, ReachabilityQuery } from '../../core';

export interface MatrixRequest {
  readonly id: number;
  readonly text: string;
  readonly settings: ClusterSettings;
  readonly query: ReachabilityQuery;
}

export type MatrixResponse =
  | { readonly id: number; readonly ok: true; readonly reachability: ReachabilityMatrix }
  | { readonly id: number; readonly ok: false; readonly message: string };
