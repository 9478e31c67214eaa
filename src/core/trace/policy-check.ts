import type { Cluster, Pod } from '../cluster/types';
import { evaluate } from '../policy/evaluate';
import type { PolicyVerdict } from '../policy/evaluate';
import type { PolicyPod } from '../policy/types';
import { createPolicyWorld } from '../policy/world';
import type { Protocol } from '../cluster/types';

/** The policy engine's view of a pod: labels, ports (for named ports), address and node. */
export function policyPod(pod: Pod): PolicyPod {
  return {
    namespace: pod.namespace,
    name: pod.name,
    labels: pod.labels,
    ip: pod.ip,
    nodeName: pod.nodeName,
    hostNetwork: pod.network.kind === 'host',
    ports: pod.containers.flatMap((c) => c.ports.map((p) => ({ ...(p.name === undefined ? {} : { name: p.name }), port: p.containerPort, protocol: p.protocol }))),
  };
}

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
