import type { Cluster } from '../cluster/types';
import { kubernetesAnswer } from './coredns';
import { kubeDnsService } from './resolv-conf';
import type { DnsQuery, DnsResponse, RecordType } from './types';
import { upstreamAnswer } from './upstream';
import { absoluteName, inZone } from './zone';

/** A nameserver's reply to one question, or why none comes back. */
export interface ServerReply {
  readonly serverRole: DnsQuery['serverRole'];
  readonly response: DnsResponse | undefined;
  readonly unanswered: string | undefined;
}

/**
 * Asks one question of one nameserver, as a packet to its UDP port 53 would:
 * - the kube-dns ClusterIP (or a CoreDNS pod's IP) reaches CoreDNS: the `kubernetes` plugin
 *   answers names in the cluster domain; `forward . /etc/resolv.conf` sends the rest to the
 *   node's resolver (CoreDNS pods run with dnsPolicy Default);
 * - any other address is a resolver outside the cluster (the node's, or one from dnsConfig).
 * Through the ClusterIP, kube-proxy must have a ready CoreDNS endpoint for UDP 53, or there is no reply.
 */
export function askServer(cluster: Cluster, server: string, name: string, type: RecordType): ServerReply {
  const kubeDns = kubeDnsService(cluster);
  const coreDnsPods = new Set((kubeDns?.ports ?? []).flatMap((p) => p.endpoints.filter((e) => e.ready).map((e) => e.ip)));
  if (kubeDns !== undefined && server === kubeDns.clusterIP) {
    const port = kubeDns.ports.find((p) => p.port === 53 && p.protocol === 'UDP');
    if (port === undefined) {
      return { serverRole: 'cluster-dns', response: undefined, unanswered: `Service kube-system/kube-dns has no port 53/UDP, so kube-proxy has no rule for ${server}:53/UDP and the question goes unanswered (the resolver times out)` };
    }
    if (!port.endpoints.some((e) => e.ready)) {
      return { serverRole: 'cluster-dns', response: undefined, unanswered: `Service kube-system/kube-dns has no ready endpoint: kube-proxy rejects ${server}:53/UDP (ICMP port unreachable), so no CoreDNS pod answers` };
    }
    return { serverRole: 'cluster-dns', response: coreDnsAnswer(cluster, name, type), unanswered: undefined };
  }
  if (coreDnsPods.has(server)) return { serverRole: 'cluster-dns', response: coreDnsAnswer(cluster, name, type), unanswered: undefined };
  return { serverRole: 'upstream', response: upstreamAnswer(cluster, name, type), unanswered: undefined };
}

/** CoreDNS with kubeadm's Corefile: authoritative for the cluster domain, a forwarder for everything else. */
function coreDnsAnswer(cluster: Cluster, name: string, type: RecordType): DnsResponse {
  const forward = (target: string, qtype: RecordType): DnsResponse => {
    const upstream = upstreamAnswer(cluster, target, qtype);
    return { ...upstream, responder: 'coredns-forward', reason: `CoreDNS forwards ${absoluteName(target)} to the node's resolver (forward . /etc/resolv.conf): ${upstream.reason}` };
  };
  if (inZone(name, cluster.settings.clusterDomain)) return kubernetesAnswer(cluster, name, type, (target, qtype) => forward(target, qtype));
  return forward(name, type);
}
