/**
 * The whole-cluster reachability matrix under NetworkPolicies (issue 4): 1,000 pods with 100
 * policies, 5,000 with 500, 20,000 with 2,000, over the generated dumps' realistic label sets
 * (bench/generate/dump.ts makes N/10 policies). The cluster is built in setup; only the matrix
 * is timed. Pods fall into equivalence classes (namespace, labels, ports), so the work grows
 * with the number of distinct classes, not with pods².
 */
import { buildCluster, parseManifests, reachability } from '../../src/core/index';
import { cachedDump } from '../generate/dump';
import { defineWorkload } from '../harness';

const matrix = (pods: number, iterations: number) =>
  defineWorkload({
    name: `reachability matrix ${pods.toLocaleString('en-US')} pods / ${(pods / 10).toLocaleString('en-US')} policies`,
    iterations,
    warmup: iterations > 1 ? 1 : 0,
    setup: () => {
      const dump = cachedDump({ pods, managedFields: false, endpointSlices: false });
      return buildCluster(parseManifests(dump.yaml), dump.settings);
    },
    run: (cluster) => {
      const result = reachability(cluster);
      return result.workloads.length;
    },
  });

/**
 * 20,000 pods / 2,000 policies is left out: its workload matrix has about 36 million cells and
 * does not fit in Node's heap, which would abort the whole run (see docs/performance.md).
 */
export const reachabilityWorkloads = [matrix(1_000, 5), matrix(5_000, 3)];
