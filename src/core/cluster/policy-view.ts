import type { PolicyPod } from '../policy/types';
import { createPolicyWorld, type PolicyWorld } from '../policy/world';
import type { Cluster, Pod } from './types';

/** The policy engine's view of a pod: labels, ports (for named ports), address and node. */
export function policyPod(pod: Pod): PolicyPod {
  return {
    namespace: pod.namespace,
    name: pod.name,
    labels: pod.labels,
    ip: pod.ip,
    nodeName: pod.nodeName,
    hostNetwork: pod.network.kind === 'host',
    ports: pod.containers.flatMap((c) =>
      c.ports.map((p) => ({ ...(p.name === undefined ? {} : { name: p.name }), port: p.containerPort, protocol: p.protocol })),
    ),
  };
}

const worlds = new WeakMap<object, PolicyWorld>();

/**
 * The policy engine's view of a cluster: its namespaces, its NetworkPolicies and the ipBlock
 * setting. Built once per cluster and reused, since every trace of that cluster asks it.
 */
export function policyWorldOf(cluster: Pick<Cluster, 'namespaces' | 'networkPolicies' | 'settings'>): PolicyWorld {
  let world = worlds.get(cluster);
  if (world === undefined) {
    world = createPolicyWorld({
      namespaces: cluster.namespaces,
      policies: cluster.networkPolicies,
      settings: { ipBlockMatchesPods: cluster.settings.ipBlockMatchesPods },
    });
    worlds.set(cluster, world);
  }
  return world;
}

/** Pods grouped by namespace, in their order, for lookups by a selector within one namespace. */
export function podsByNamespace(pods: readonly Pod[]): Map<string, Pod[]> {
  const groups = new Map<string, Pod[]>();
  for (const pod of pods) {
    const list = groups.get(pod.namespace);
    if (list === undefined) groups.set(pod.namespace, [pod]);
    else list.push(pod);
  }
  return groups;
}
