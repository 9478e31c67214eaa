import type { Cluster, ClusterNode, Service, ServicePort } from '../cluster/types';
import { hash32 } from '../util/hash';
import { formatFlow } from './flow';
import type { Flow, TraceOptions } from './types';

/**
 * The cloud load balancer's choice of node. The service controller registers every node as a
 * backend except those labelled `node.kubernetes.io/exclude-from-external-load-balancers`. Under
 * `Local` the load balancer polls each node's health check node port (`/healthz`, served by
 * kube-proxy): 200 with at least one ready local endpoint, 503 without, and only healthy nodes
 * get traffic.
 */
export function pickNode(cluster: Cluster, service: Service, port: ServicePort, flow: Flow, options: TraceOptions): { node: ClusterNode | undefined; summary: string; checks: string[]; reason: string } {
  const backends = cluster.nodes.filter((n) => n.labels['node.kubernetes.io/exclude-from-external-load-balancers'] === undefined);
  const local = service.externalTrafficPolicy === 'Local';
  const hc = service.healthCheckNodePort;
  const localCount = (n: ClusterNode) => port.endpoints.filter((e) => e.nodeName === n.name && e.ready).length;
  const healthy = local ? backends.filter((n) => localCount(n) > 0) : backends;
  const checks = local
    ? backends.map((n) => `GET http://${n.internalIP}:${hc ?? '?'}/healthz → ${localCount(n) > 0 ? '200' : '503'} (${n.name}, localEndpoints: ${localCount(n)})`)
    : backends.map((n) => `backend ${n.name} ${n.internalIP}`);
  const excluded = cluster.nodes.length - backends.length;
  const excludedNote = excluded > 0 ? ` ${excluded} node${excluded === 1 ? ' is' : 's are'} labelled node.kubernetes.io/exclude-from-external-load-balancers and not a backend.` : '';
  const lb = `The cloud load balancer for ${service.namespace}/${service.name}`;
  if (healthy.length === 0) {
    const reason = local
      ? `externalTrafficPolicy is Local and no node has a ready endpoint of ${service.namespace}/${service.name}: every health check on port ${hc ?? '?'} answers 503, so the load balancer has no healthy backend.`
      : `it has no backend node.`;
    return { node: undefined, summary: `${lb} drops the packet: ${reason}${excludedNote}`, checks, reason };
  }
  const pinned = options.node === undefined ? undefined : healthy.find((n) => n.name === options.node);
  const node = pinned ?? healthy[hash32(`lb:${formatFlow(flow)}`) % healthy.length]!;
  const passing = healthy.map((n) => n.name).join(', ');
  const policy = local
    ? `externalTrafficPolicy is Local: it polls each node's health check node port ${hc ?? '?'} (/healthz, answered by kube-proxy) and only nodes with a ready local endpoint answer 200 — ${passing}. The others answer 503 and get no traffic, so the node never has to forward the packet elsewhere.`
    : `externalTrafficPolicy is Cluster: every node is a backend (${passing}), because any node forwards to an endpoint wherever it runs.`;
  return {
    node,
    summary:
      `${lb} (${service.loadBalancerIPs.join(', ')}) picks ${node.name}${pinned !== undefined ? ' (chosen)' : ''} for this connection. ${policy}${excludedNote} ` +
      `It passes the packet on unchanged — a pass-through network load balancer keeps its own address as the destination, which kube-proxy's "loadbalancer IP" rule matches on the node.`,
    checks: [...checks, `chosen: ${node.name}`],
    reason: '',
  };
}
