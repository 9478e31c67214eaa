import type { Cluster, Endpoint, Protocol, Service, ServicePort } from '../../cluster/types';
import { ipv4ToInt } from '../../net/ipv4';
import { categorizeEndpoints, externalPolicyLocal, internalPolicyLocal } from '../endpoints';
import { proxiedServices, proxyNode } from '../nftables/node-view';

/**
 * Cilium's kube-proxy replacement keeps Services in BPF maps instead of iptables: one frontend
 * per address and port, each with its backends. This is the table `cilium-dbg service list`
 * prints on one node.
 */

export type FrontendType = 'ClusterIP' | 'NodePort' | 'ExternalIPs' | 'LoadBalancer';

export interface Frontend {
  readonly id: number;
  readonly ip: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly type: FrontendType;
  /** The backends this node sends the frontend's traffic to, in backend order. */
  readonly backends: readonly Endpoint[];
  /** Only this node's backends (eTP Local for external frontends, iTP Local for the ClusterIP). */
  readonly local: boolean;
  readonly service: Service;
  readonly servicePort: ServicePort;
}

export function ciliumFrontends(cluster: Cluster, nodeName: string): Frontend[] {
  const view = proxyNode(cluster, nodeName);
  const frontends: Frontend[] = [];
  let id = 1;
  for (const service of proxiedServices(cluster)) {
    for (const port of service.ports) {
      const categories = categorizeEndpoints(service, port, nodeName);
      const order = (list: readonly Endpoint[]) => [...list].sort((a, b) => ipv4ToInt(a.ip) - ipv4ToInt(b.ip) || a.port - b.port);
      const add = (ip: string, listenPort: number, type: FrontendType, local: boolean) => {
        const backends = order(local ? categories.local : categories.cluster.length > 0 ? categories.cluster : categories.local);
        frontends.push({ id: id++, ip, port: listenPort, protocol: port.protocol, type, backends, local, service, servicePort: port });
      };
      add(service.clusterIP!, port.port, 'ClusterIP', internalPolicyLocal(service));
      const local = externalPolicyLocal(service, port);
      if (port.nodePort !== undefined) {
        // The socket-LB wildcard frontend, then one per NodePort address of the node.
        add('0.0.0.0', port.nodePort, 'NodePort', local);
        add(view.node.internalIP, port.nodePort, 'NodePort', local);
      }
      for (const ip of service.externalIPs ?? []) add(ip, port.port, 'ExternalIPs', local);
      for (const ip of service.loadBalancerIPs) add(ip, port.port, 'LoadBalancer', local);
    }
  }
  return frontends;
}

/**
 * `cilium-dbg service list`: Go's tabwriter with minimum width 5 and padding 3, so each column
 * is as wide as its longest cell plus three spaces.
 */
export function renderServiceList(frontends: readonly Frontend[]): string {
  const rows: string[][] = [['ID', 'Frontend', 'Service Type', 'Backend']];
  for (const f of frontends) {
    const backends = f.backends.map((b, i) => `${i + 1} => ${b.ip}:${b.port}/${f.protocol}`);
    rows.push([String(f.id), frontendText(f), f.type, backends[0] ?? '']);
    for (const more of backends.slice(1)) rows.push(['', '', '', more]);
  }
  const widths = [0, 1, 2].map((c) => Math.max(5, ...rows.map((r) => r[c]!.length + 3)));
  return `${rows.map((r) => r.slice(0, 3).map((cell, c) => cell.padEnd(widths[c]!)).join('') + r[3]!).join('\n')}\n`;
}

export function frontendText(f: Frontend): string {
  return `${f.ip}:${f.port}/${f.protocol}`;
}
