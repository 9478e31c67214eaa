import type { Cluster, Pod } from '../cluster/types';
import { evaluate } from '../policy/evaluate';
import type { PolicyVerdict } from '../policy/evaluate';
import { policyPod } from '../cluster/policy-pod';
import { createPolicyWorld } from '../policy/world';
import type { Protocol } from '../cluster/types';

/**
 * The NetworkPolicy verdict for a new connection between two pods, or undefined when the
 * cluster's settings say policies are not enforced. Only the opening packet is judged:
 * replies belong to a connection conntrack already tracks, and policies allow them.
 */
export function checkPolicies(cluster: Cluster, from: Pod, to: Pod, port: number, protocol: Protocol): PolicyVerdict | undefined {
  if (!cluster.settings.enforceNetworkPolicy) return undefined;
  const world = createPolicyWorld({
    namespaces: cluster.namespaces,
    policies: cluster.networkPolicies,
    settings: { ipBlockMatchesPods: cluster.settings.ipBlockMatchesPods },
  });
  return evaluate(world, { kind: 'pod', pod: policyPod(from) }, { kind: 'pod', pod: policyPod(to) }, port, protocol);
}
