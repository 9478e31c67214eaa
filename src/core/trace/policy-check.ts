import type { Cluster, Pod } from '../cluster/types';
import { evaluate } from '../policy/evaluate';
import type { PolicyVerdict } from '../policy/evaluate';
import { policyPod, policyWorldOf } from '../cluster/policy-view';
import type { Protocol } from '../cluster/types';

/**
 * The NetworkPolicy verdict for a new connection between two pods, or undefined when the
 * cluster's settings say policies are not enforced. Only the opening packet is judged:
 * replies belong to a connection conntrack already tracks, and policies allow them.
 */
export function checkPolicies(cluster: Cluster, from: Pod, to: Pod, port: number, protocol: Protocol): PolicyVerdict | undefined {
  if (!cluster.settings.enforceNetworkPolicy) return undefined;
  return evaluate(policyWorldOf(cluster), { kind: 'pod', pod: policyPod(from) }, { kind: 'pod', pod: policyPod(to) }, port, protocol);
}
