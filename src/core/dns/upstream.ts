import type { Cluster } from '../cluster/types';
import type { DnsRecord, DnsResponse, RecordType } from './types';
import { absoluteName, bareName, inZone } from './zone';

/**
 * The DNS outside the cluster, as far as the scenario knows it: the names external-dns would
 * publish for LoadBalancer Services (annotation `external-dns.alpha.kubernetes.io/hostname`),
 * each an A record of the Service's load balancer address. Every other name is NXDOMAIN here,
 * said to be "not in this scenario": a real resolver may well know it. The cluster domain is
 * private to CoreDNS, so a resolver outside the cluster answers NXDOMAIN for it.
 */
export function upstreamAnswer(cluster: Cluster, name: string, type: RecordType): DnsResponse {
  const bare = bareName(name);
  const reply = (rcode: DnsResponse['rcode'], answers: DnsRecord[], reason: string): DnsResponse => ({ rcode, answers, authoritative: false, responder: 'upstream', reason });
  const domain = cluster.settings.clusterDomain;
  if (inZone(bare, domain)) {
    return reply('NXDOMAIN', [], `${domain} is the cluster's own domain, which only CoreDNS serves; a resolver outside the cluster does not know ${absoluteName(bare)}`);
  }
  const publishing = cluster.services.filter((s) => (s.externalDnsHostnames ?? []).includes(bare));
  const balancers = publishing.filter((s) => s.type === 'LoadBalancer' && s.loadBalancerIPs.length > 0);
  if (balancers.length === 0) {
    const other = publishing[0];
    const reason =
      other === undefined
        ? `${absoluteName(bare)} is not in this scenario: no LoadBalancer Service publishes it (annotation external-dns.alpha.kubernetes.io/hostname); a real resolver may know it`
        : `${absoluteName(bare)} is not in this scenario: ${other.type} Service ${other.namespace}/${other.name} names it for external-dns, which publishes such names only with flags this scenario does not know`;
    return reply('NXDOMAIN', [], reason);
  }
  const services = balancers.map((s) => `${s.namespace}/${s.name}`).join(', ');
  const published = `external-dns publishes ${absoluteName(bare)} for LoadBalancer ${services} (annotation external-dns.alpha.kubernetes.io/hostname)`;
  if (type !== 'A') return reply('NOERROR', [], `${published}; it has IPv4 addresses only, so no ${type} record (NODATA)`);
  const addresses = [...new Set(balancers.flatMap((s) => s.loadBalancerIPs))];
  // The TTL external-dns sets depends on its provider and flags; it is left unknown.
  return reply('NOERROR', addresses.map((ip) => ({ name: absoluteName(bare), type: 'A', ttl: undefined, data: ip })), `${published}: the load balancer's address`);
}
