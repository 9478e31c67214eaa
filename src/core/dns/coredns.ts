import ipaddr from 'ipaddr.js';
import { selects } from '../cluster/endpoints';
import type { Cluster, Service } from '../cluster/types';
import { isIpv4 } from '../net/ipv4';
import type { DnsRecord, DnsResponse, RecordType } from './types';
import { absoluteName, bareName, inZone } from './zone';

/**
 * CoreDNS's `kubernetes` plugin as kubeadm configures it:
 *
 *     kubernetes cluster.local in-addr.arpa ip6.arpa {
 *        pods insecure
 *        fallthrough in-addr.arpa ip6.arpa
 *        ttl 30
 *     }
 *
 * A name is read from the right (plugin/kubernetes/parse.go): `svc` or `pod`, the namespace,
 * the Service (or dashed pod IP), then either one more label (an endpoint) or two
 * (`_port._proto`); anything longer is NXDOMAIN. Records come from `findServices` /
 * `findPods` (plugin/kubernetes/kubernetes.go) and are shaped by plugin/backend_lookup.go.
 * `*` and `any` are wildcards in every label, as CoreDNS has them. Not modelled: the `loadbalance`
 * plugin (which shuffles the order of A records per reply), PTR, TXT `dns-version`, `ns.dns.<zone>`.
 */
export const KUBERNETES_TTL = 30;

/** CoreDNS's internal result before records are shaped (its `msg.Service`). */
interface Entry {
  /** An IP address, or the name an ExternalName Service aliases. */
  readonly host: string;
  /** The port: the Service port for a ClusterIP, the endpoint's port for an endpoint, -1 when none is declared. */
  readonly port: number;
  /** The name an SRV record points at: `svc.ns.svc.<zone>.` or `<endpoint>.svc.ns.svc.<zone>.`. */
  readonly target: string;
}

/** NXDOMAIN, or what matched: possibly nothing (NODATA). */
type Found = { readonly exists: false; readonly reason: string } | { readonly exists: true; readonly entries: readonly Entry[]; readonly reason: string };

/** How CoreDNS resolves a name it is not authoritative for (the `forward` plugin, through the node's resolver). */
export type Forward = (name: string, type: 'A' | 'AAAA') => DnsResponse;

/** The kubernetes plugin's answer to one question about a name in the cluster domain. */
export function kubernetesAnswer(cluster: Cluster, name: string, type: RecordType, forward: Forward): DnsResponse {
  const zone = bareName(cluster.settings.clusterDomain);
  const found = records(cluster, zone, name);
  const reply = (answers: DnsRecord[], reason: string): DnsResponse => ({ rcode: 'NOERROR', answers, authoritative: true, responder: 'coredns-kubernetes', reason });
  if (!found.exists) return { rcode: 'NXDOMAIN', answers: [], authoritative: true, responder: 'coredns-kubernetes', reason: found.reason };
  if (type === 'SRV') {
    // "SRV for external services is not yet implemented": ExternalName entries are dropped.
    const answers = srvRecords(name, found.entries.filter((e) => isAddress(e.host)));
    return reply(answers, answers.length > 0 ? found.reason : `${found.reason}; no SRV record (a port needs a name to have one)`);
  }
  if (type === 'CNAME') {
    const alias = found.entries.find((e) => !isAddress(e.host));
    return reply(alias === undefined ? [] : [cname(name, alias.host)], found.reason);
  }
  const answers = addressRecords(cluster, zone, name, type, found.entries, [], forward);
  if (answers.length === 0) {
    const why = type === 'AAAA' && found.entries.some((e) => isIpv4(e.host)) ? 'its addresses are IPv4 only, so there is no AAAA record' : `no ${type} record`;
    return reply([], `${found.reason}; ${why} (NOERROR without records: NODATA)`);
  }
  return reply(answers, found.reason);
}

/** A and AAAA records for the entries, following an ExternalName's CNAME as CoreDNS does (at most 8 deep, no loops). */
function addressRecords(cluster: Cluster, zone: string, name: string, type: 'A' | 'AAAA', entries: readonly Entry[], chain: readonly DnsRecord[], forward: Forward): DnsRecord[] {
  const out: DnsRecord[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    if (isAddress(entry.host)) {
      const v4 = isIpv4(entry.host);
      if ((type === 'A') !== v4 || seen.has(entry.host)) continue;
      seen.add(entry.host);
      out.push({ name: absoluteName(name), type, ttl: KUBERNETES_TTL, data: entry.host });
      continue;
    }
    const alias = cname(name, entry.host);
    if (bareName(alias.data) === bareName(name) || chain.length > 7 || chain.some((r) => r.name === alias.name && r.data === alias.data)) continue;
    if (inZone(alias.data, zone)) {
      // A target inside the cluster domain is answered here, and only if it has records.
      const next = records(cluster, zone, alias.data);
      if (!next.exists) continue;
      const more = addressRecords(cluster, zone, alias.data, type, next.entries, [...chain, alias], forward);
      if (more.length > 0) out.push(alias, ...more);
      continue;
    }
    // "we can not complete the CNAME, try to look else where": the target is asked upstream, and
    // the CNAME is returned with whatever comes back, even nothing.
    out.push(alias, ...forward(alias.data, type).answers);
  }
  return out;
}

/** SRV records: priority 0, the weight shared out (100 / number of entries), the target from the entry's name. */
function srvRecords(name: string, entries: readonly Entry[]): DnsRecord[] {
  const weight = Math.max(1, Math.floor((100 / (100 * entries.length)) * 100));
  const out: DnsRecord[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    // Port -1: a Service or endpoint without declared ports has no SRV record.
    if (entry.port === -1 || seen.has(`${entry.target} ${entry.port}`)) continue;
    seen.add(`${entry.target} ${entry.port}`);
    out.push({ name: absoluteName(name), type: 'SRV', ttl: KUBERNETES_TTL, data: `0 ${weight} ${entry.port} ${entry.target}` });
  }
  return out;
}

/** `parseRequest` then `findServices` / `findPods`. */
function records(cluster: Cluster, zone: string, name: string): Found {
  const bare = bareName(name);
  const base = bare === zone ? '' : bare.slice(0, -(zone.length + 1));
  // "return NODATA for apex queries"
  if (base === '' || base === 'svc' || base === 'pod') return { exists: true, entries: [], reason: `${absoluteName(bare)} is not a Service or pod name` };
  const labels = base.split('.');
  const kind = labels.pop() ?? '';
  if (kind !== 'svc' && kind !== 'pod') {
    return { exists: false, reason: `${absoluteName(bare)} is in ${zone} but not a Service or pod name (those end in .svc.${zone} or .pod.${zone})` };
  }
  const namespace = labels.pop() ?? '';
  const service = labels.pop() ?? '';
  let endpoint = '';
  let port = '*';
  let protocol = '*';
  if (labels.length === 1) endpoint = labels[0] ?? '';
  else if (labels.length === 2) [port, protocol] = [stripUnderscore(labels[0] ?? ''), stripUnderscore(labels[1] ?? '')];
  else if (labels.length > 2) {
    return { exists: false, reason: `${absoluteName(bare)} has too many labels: CoreDNS reads <service>.<namespace>.${kind}.${zone}, with one endpoint label or _port._protocol before it` };
  }
  // A name with labels before the Service reads in a way people do not expect: say how.
  const reading =
    endpoint !== ''
      ? `${absoluteName(bare)} reads as endpoint ${endpoint} of ${service} in namespace ${namespace}: `
      : port !== '*'
        ? `${absoluteName(bare)} reads as port ${port}/${protocol} of ${service} in namespace ${namespace}: `
        : '';
  const namespaceExists = wildcard(namespace) || cluster.namespaces.some((n) => n.name === namespace);
  if (!namespaceExists) return { exists: false, reason: `${reading}there is no namespace ${namespace}` };
  if (service === '') return { exists: true, entries: [], reason: `${absoluteName(bare)} names the namespace ${namespace}, not a ${kind === 'svc' ? 'Service' : 'pod'}` };
  if (kind === 'pod') return podRecords(cluster, bare, namespace, service);
  const found = serviceRecords(cluster, zone, { namespace, service, endpoint, port, protocol });
  return found.exists ? found : { exists: false, reason: `${reading}${found.reason}` };
}

/**
 * `pods insecure` (kubeadm's Corefile): `a-b-c-d.<ns>.pod.<zone>` answers a.b.c.d without checking
 * that a pod has that address, as kube-dns did.
 */
function podRecords(cluster: Cluster, name: string, namespace: string, label: string): Found {
  const ip = (label.split('-').length - 1 === 3 && !label.includes('--') ? label.replaceAll('-', '.') : label.replaceAll('-', ':'));
  if (!isAddress(ip)) return { exists: false, reason: `${label} is not an IP address written with dashes (a-b-c-d)` };
  const owner = cluster.pods.find((p) => p.ip === ip && (wildcard(namespace) || p.namespace === namespace));
  const who = owner === undefined ? `no pod in ${namespace} has that address, which CoreDNS does not check` : `pod ${owner.namespace}/${owner.name} has it`;
  return { exists: true, entries: [{ host: ip, port: 0, target: absoluteName(name) }], reason: `pods insecure: ${label}.${namespace}.pod answers ${ip} (${who})` };
}

interface ServiceQuery {
  readonly namespace: string;
  readonly service: string;
  readonly endpoint: string;
  readonly port: string;
  readonly protocol: string;
}

function serviceRecords(cluster: Cluster, zone: string, q: ServiceQuery): Found {
  const services = cluster.services.filter((s) => match(q.namespace, s.namespace) && match(q.service, s.name));
  const entries: Entry[] = [];
  const reasons: string[] = [];
  // A wildcard Service in an existing namespace is NODATA rather than NXDOMAIN.
  let exists = wildcard(q.service);
  for (const svc of services) {
    const id = `${svc.namespace}/${svc.name}`;
    if (svc.type === 'ExternalName') {
      const target = svc.externalName ?? '';
      // CoreDNS only aliases a name; an ExternalName that parses as an IP gives no record at all.
      if (target === '' || isAddress(target)) {
        reasons.push(`ExternalName Service ${id} names ${target === '' ? 'nothing' : `${target}, which CoreDNS takes for an IP address and serves no record for`}`);
        continue;
      }
      exists = true;
      entries.push({ host: target, port: 0, target: absoluteName(`${svc.name}.${svc.namespace}.svc.${zone}`) });
      reasons.push(`ExternalName Service ${id}: a CNAME to ${absoluteName(target)}`);
      continue;
    }
    if (svc.headless || q.endpoint !== '') {
      const before = entries.length;
      for (const address of readyAddresses(cluster, svc)) {
        if (q.endpoint !== '' && !match(q.endpoint, address.hostname)) continue;
        for (const p of address.ports) {
          if (!(match(q.port, p.name) && match(q.protocol, p.protocol))) continue;
          exists = true;
          entries.push({ host: address.ip, port: p.port, target: absoluteName(`${address.hostname}.${svc.name}.${svc.namespace}.svc.${zone}`) });
        }
      }
      const found = entries.length > before;
      reasons.push(
        q.endpoint !== ''
          ? found
            ? `endpoint ${q.endpoint} of Service ${id}`
            : `Service ${id} has no ready endpoint named ${q.endpoint} (an endpoint is named by its pod's hostname when the pod's subdomain is the Service, else by its dashed IP)`
          : found
            ? `headless Service ${id}: the addresses of its ready endpoints`
            : `headless Service ${id} has no ready endpoint${q.port === '*' ? '' : ` for _${q.port}._${q.protocol}`}`,
      );
      continue;
    }
    let portFound = false;
    for (const p of svc.ports) {
      if (!(match(q.port, p.name ?? '') && match(q.protocol, p.protocol))) continue;
      exists = true;
      portFound = true;
      if (svc.clusterIP !== undefined) entries.push({ host: svc.clusterIP, port: p.port, target: absoluteName(`${svc.name}.${svc.namespace}.svc.${zone}`) });
    }
    reasons.push(portFound ? `Service ${id}: its ClusterIP` : `Service ${id} has no port named ${q.port} with protocol ${q.protocol}`);
  }
  if (services.length === 0) return { exists: false, reason: noService(cluster, q) };
  const reason = reasons.join('; ');
  return exists ? { exists: true, entries, reason } : { exists: false, reason };
}

function noService(cluster: Cluster, q: ServiceQuery): string {
  const pod = cluster.pods.find((p) => p.namespace === q.namespace && p.name === q.service);
  const hint = pod === undefined ? '' : ` (pod ${q.namespace}/${q.service} exists, but a pod's name gives it no DNS record: only spec.hostname with spec.subdomain naming a headless Service does)`;
  return `no Service ${q.service} in namespace ${q.namespace}${hint}`;
}

interface Address {
  readonly ip: string;
  /** The endpoint's name in DNS: its hostname when it has one, else its IP with dashes. */
  readonly hostname: string;
  readonly ports: readonly { readonly name: string; readonly protocol: string; readonly port: number }[];
}

/**
 * The ready endpoints of a Service, one per address with the ports it serves, in the order
 * the endpoints list them. A Service without ports has its endpoints all the same (CoreDNS
 * gives them a port -1): they are taken from the selector here, as the EndpointSlice controller does.
 */
function readyAddresses(cluster: Cluster, svc: Service): Address[] {
  const byIP = new Map<string, { ip: string; hostname: string; ports: Address['ports'][number][] }>();
  const add = (ip: string, hostname: string | undefined, port: Address['ports'][number]) => {
    let address = byIP.get(ip);
    if (address === undefined) {
      address = { ip, hostname: hostname ?? ip.replaceAll('.', '-'), ports: [] };
      byIP.set(ip, address);
    }
    address.ports.push(port);
  };
  if (svc.ports.length === 0 && svc.selector !== undefined) {
    const selector = svc.selector;
    for (const pod of cluster.pods) {
      if (pod.namespace !== svc.namespace || !selects(selector, pod.labels) || !(svc.publishNotReadyAddresses || pod.ready)) continue;
      add(pod.ip, pod.hostname !== undefined && pod.subdomain === svc.name ? pod.hostname : undefined, { name: '', protocol: '', port: -1 });
    }
  }
  for (const p of svc.ports) {
    for (const e of p.endpoints) {
      if (e.ready) add(e.ip, e.hostname, { name: p.name ?? '', protocol: p.protocol, port: e.port });
    }
  }
  return [...byIP.values()];
}

function cname(name: string, target: string): DnsRecord {
  return { name: absoluteName(name), type: 'CNAME', ttl: KUBERNETES_TTL, data: absoluteName(target) };
}

function isAddress(host: string): boolean {
  return isIpv4(host) || ipaddr.IPv6.isValid(host);
}

/** CoreDNS's `match`: equal without case, or either side a wildcard. */
function match(a: string, b: string): boolean {
  return wildcard(a) || wildcard(b) || a.toLowerCase() === b.toLowerCase();
}

function wildcard(label: string): boolean {
  return label === '*' || label === 'any';
}

function stripUnderscore(label: string): string {
  return label.startsWith('_') ? label.slice(1) : label;
}
