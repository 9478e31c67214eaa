import type { Cluster } from '../../cluster/types';
import { drawIndex } from '../nftables/node-view';
import type { EndpointChoice, KubeProxyBackend, MatchedRule, ServiceLookup, ServicePacket } from '../types';
import { ciliumFrontends, frontendText, renderServiceList, type Frontend } from './services';

/**
 * No kube-proxy (mode `none`): Cilium's kube-proxy replacement resolves Services in eBPF and
 * writes no iptables rules. Traffic from a pod or from the node is translated at the socket: the
 * cgroup `connect4` program (`sendmsg4` for UDP) picks a backend inside the syscall, so no packet
 * ever carries the Service address. Traffic from outside is translated per packet by the tc
 * program on the node's NIC, which also SNATs it to the node unless eTP is Local.
 */
export const ebpfBackend: KubeProxyBackend = {
  mode: 'none',
  dump: (cluster, nodeName) => renderServiceList(ciliumFrontends(cluster, nodeName)),
  lookup: lookupEbpf,
};

export { ciliumFrontends, renderServiceList, type Frontend } from './services';

function lookupEbpf(cluster: Cluster, nodeName: string, packet: ServicePacket, choice: EndpointChoice): ServiceLookup {
  const frontends = ciliumFrontends(cluster, nodeName);
  const nic = cluster.nodes.find((n) => n.name === nodeName)?.eth0.name ?? 'eth0';
  const external = packet.origin === 'external';
  const hook = external
    ? `tc ingress on ${nic} (cil_from_netdev)`
    : packet.protocol === 'UDP'
      ? 'cgroup/sendmsg4 (cil_sock4_sendmsg)'
      : 'cgroup/connect4 (cil_sock4_connect)';
  const candidates = frontends.filter((f) => f.protocol === packet.protocol && f.port === packet.dstPort && (f.ip === packet.dst || (!external && f.ip === '0.0.0.0' && isNodeAddress(cluster, packet.dst))));
  // From outside, ClusterIPs are not reachable (bpf.lbExternalClusterIP is off by default); at
  // the socket, externalIPs the node does not own are left alone (a CVE-2020-8554 mitigation).
  const frontend = candidates.find((f) => (external ? f.type !== 'ClusterIP' && f.ip !== '0.0.0.0' : f.type !== 'ExternalIPs' || isNodeAddress(cluster, f.ip)));
  if (frontend === undefined) return { backend: 'none', rules: [], outcome: { kind: 'not-a-service' } };

  const name = `${frontend.service.namespace}/${frontend.service.name}`;
  // In-cluster clients may use every backend of an eTP Local Service; only outside clients get Local.
  const backends = !external && frontend.type !== 'ClusterIP' ? socketBackends(frontends, frontend) : frontend.backends;
  const row = (note: string): MatchedRule => ({ table: 'ebpf', chain: hook, text: `${frontend.id} ${frontendText(frontend)} ${frontend.type}`, note });
  if (backends.length === 0) {
    if (!external) {
      return {
        backend: 'none',
        rules: [row('no backends')],
        outcome: { kind: 'reject', service: frontend.service, port: frontend.servicePort, reason: `${name} has no backends: connect() fails at once with EHOSTUNREACH (No route to host); no packet is sent.` },
      };
    }
    const why = frontend.local ? `${name} has externalTrafficPolicy Local and no backend on this node` : `${name} has no backends`;
    return { backend: 'none', rules: [row('no backends')], outcome: { kind: 'drop', service: frontend.service, port: frontend.servicePort, reason: `${why}: Cilium's tc program drops the packet.` } };
  }
  const index = drawIndex(choice, backends.length);
  const endpoint = backends[index]!;
  const where = external ? 'per packet on the NIC' : 'inside the syscall, so the packet leaves with the backend address already';
  const rules = [{ ...row(`backend ${index + 1} of ${backends.length} chosen at random ${where}: ${packet.dst}:${packet.dstPort} → ${endpoint.ip}:${endpoint.port}`), dnat: true }];
  // North-south traffic is SNATed to the node (loadBalancer.mode snat) unless eTP Local keeps the client address.
  const masquerade = external && !frontend.local;
  return {
    backend: 'none',
    rules,
    outcome: { kind: 'dnat', service: frontend.service, port: frontend.servicePort, candidates: backends, index, endpoint, masquerade, postrouting: [] },
  };
}

function isNodeAddress(cluster: Cluster, ip: string): boolean {
  return cluster.nodes.some((n) => n.internalIP === ip);
}

/** The backends socket-LB uses for a NodePort, LoadBalancer or externalIP frontend: the ClusterIP's (all of them under iTP Cluster). */
function socketBackends(frontends: readonly Frontend[], frontend: Frontend): Frontend['backends'] {
  const clusterIP = frontends.find((f) => f.type === 'ClusterIP' && f.service === frontend.service && f.servicePort === frontend.servicePort);
  return clusterIP?.backends ?? frontend.backends;
}
