import type { PolicyPod } from '../policy/types';
import type { Pod } from './types';

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
