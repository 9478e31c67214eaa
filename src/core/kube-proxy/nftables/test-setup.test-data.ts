import { clusterOf } from '../../cluster/test-helpers';
import type { Cluster, ClusterSettings } from '../../cluster/types';
import type { EndpointChoice, ServiceLookup, ServicePacket } from '../types';
import { SMALL } from './small-setup.test-data';

/** The small two-node setup without the Services every cluster gets (kube-dns, kubernetes), so dumps stay short. */
export function smallCluster(settings: Partial<ClusterSettings> = {}): Cluster {
  const cluster = clusterOf(SMALL, { nodeNames: ['node-1', 'node-2'], ...settings });
  return { ...cluster, services: cluster.services.filter((s) => !s.implicit) };
}

export const fromPod = (src: string, dst: string, dstPort: number): ServicePacket => ({ src, dst, dstPort, protocol: 'TCP', origin: 'pod' });
export const fromOutside = (dst: string, dstPort: number, src = '198.51.100.7'): ServicePacket => ({ src, dst, dstPort, protocol: 'TCP', origin: 'external' });
export const seed = (n: number): EndpointChoice => ({ seed: n });
export const pin = (n: number): EndpointChoice => ({ pin: n, seed: 0 });

/** The outcome as a short line: `dnat 10.244.1.6:8080 #1/3 masq`, `reject default/empty`, `drop default/lb`. */
export function summary(lookup: ServiceLookup): string {
  const o = lookup.outcome;
  switch (o.kind) {
    case 'not-a-service':
      return 'not-a-service';
    case 'dnat':
      return `dnat ${o.endpoint.ip}:${o.endpoint.port} #${o.index}/${o.candidates.length}${o.masquerade ? ' masq' : ''}`;
    case 'reject':
    case 'drop':
      return `${o.kind} ${o.service.namespace}/${o.service.name}`;
    case 'unserved':
      return `unserved ${o.verdict}`;
  }
}
