import type { ClusterNode, Neighbour, Pod, Route } from '../cluster/types';

/**
 * Calico routes to each pod on its node by a /32 route through the pod's `cali*` veth
 * (`10.244.1.5 dev cali7f94ce7c295 scope link`) and writes a static ARP entry for it, so the
 * node never ARPs for its own pods.
 */
export function withWorkloadRoutes(nodes: readonly ClusterNode[], pods: readonly Pod[]): ClusterNode[] {
  return nodes.map((node) => {
    const local = pods.filter((p) => p.nodeName === node.name);
    const routes: Route[] = [];
    const neighbours: Neighbour[] = [];
    for (const pod of local) {
      if (pod.network.kind !== 'pod') continue;
      routes.push({ destination: pod.ip, via: undefined, dev: pod.network.hostVeth.name, scope: 'link', proto: undefined, src: undefined });
      neighbours.push({ ip: pod.ip, mac: pod.network.eth0.mac, dev: pod.network.hostVeth.name, state: 'PERMANENT' });
    }
    return { ...node, routes: [...node.routes, ...routes], neighbours: [...node.neighbours, ...neighbours] };
  });
}
