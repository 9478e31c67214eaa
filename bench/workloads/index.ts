/**
 * The workloads `npm run bench` runs, in order. Add one file per workload family under
 * bench/workloads/ and list its workloads here, e.g.:
 *
 *   import { parseLarge } from './manifest';
 *   export const workloads: readonly AnyWorkload[] = [parseLarge];
 */
import type { AnyWorkload } from '../harness';
import { parseAndBuildExample, traceExample10k } from './trace';
import { clusterWorkloads } from './cluster';
import { reachabilityWorkloads } from './reachability';
import { iptablesWorkloads } from './iptables';
import { crossNodeWorkloads } from './cross-node';

export const workloads: readonly AnyWorkload[] = [traceExample10k, parseAndBuildExample, ...clusterWorkloads, ...reachabilityWorkloads, ...iptablesWorkloads, ...crossNodeWorkloads];
