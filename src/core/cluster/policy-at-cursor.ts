/** The NetworkPolicy under the editor's cursor, asked of a whole cluster. */
import { policyAtCursor, type PolicyAtCursor } from '../policy/at-cursor';
import { policyPod, policyWorldOf } from './policy-view';
import type { Cluster } from './types';

const policyPods = new WeakMap<Cluster, ReturnType<typeof policyPod>[]>();

/** `policyAtCursor` over the cluster's pods and policies; the pods' policy view is built once per cluster. */
export function clusterPolicyAtCursor(cluster: Cluster, offset: number): PolicyAtCursor | undefined {
  if (cluster.networkPolicies.length === 0) return undefined;
  let pods = policyPods.get(cluster);
  if (pods === undefined) {
    pods = cluster.pods.map(policyPod);
    policyPods.set(cluster, pods);
  }
  return policyAtCursor(policyWorldOf(cluster), pods, offset);
}
