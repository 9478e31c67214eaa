import type { Cluster, Endpoint, IpvsScheduler, Protocol, Service, ServicePort } from '../../cluster/types';
import { ipv4ToInt } from '../../net/ipv4';
import { categorizeEndpoints, externalPolicyLocal, internalPolicyLocal, isLocal } from '../endpoints';
import { nftProtocol } from '../nftables/names';
import { inCIDR, portLabel, proxiedServices, proxyNode, type ProxyNode } from '../nftables/node-view';

/**
 * What kube-proxy in IPVS mode programs on one node (pkg/proxy/ipvs/proxier.go): the VIPs bound
 * to the `kube-ipvs0` dummy device, one IPVS virtual server per VIP and port (and per node
 * address for a NodePort) with the endpoints as masqueraded real servers, the ipsets, and the
 * short, constant iptables rule set that only marks, accepts and filters around IPVS.
 */

export type VirtualServerKind = 'cluster-ip' | 'external-ip' | 'load-balancer' | 'node-port';

export interface VirtualServer {
  readonly protocol: Protocol;
  readonly ip: string;
  readonly port: number;
  readonly scheduler: IpvsScheduler;
  /** `persistent <timeout>` for sessionAffinity ClientIP. */
  readonly persistence: number | undefined;
  /** Real servers in the order `ipvsadm -Ln` lists them (by address, then port). */
  readonly realServers: readonly Endpoint[];
  readonly kind: VirtualServerKind;
  readonly service: Service;
  readonly servicePort: ServicePort;
  /** eTP / iTP Local with no local endpoint: IPVS falls back to every endpoint (PR #97081). */
  readonly localFallback: boolean;
}

export type IpsetType = 'hash:ip,port' | 'hash:ip,port,ip' | 'hash:ip,port,net' | 'bitmap:port' | 'hash:ip';

export interface Ipset {
  readonly name: string;
  readonly type: IpsetType;
  readonly comment: string;
  /** Members as `ipset list` prints them: `10.96.0.1,tcp:443`, `30080`. */
  readonly members: readonly string[];
}

/** An iptables rule as data; `iptables-save` prints `-s`/`-p` before the `-m` matches. */
export interface IptRule {
  readonly table: 'nat' | 'filter';
  readonly chain: string;
  readonly source?: { readonly cidr: string; readonly negate: boolean };
  readonly protocol?: 'tcp' | 'udp' | 'sctp';
  readonly comment?: string;
  readonly matches: readonly IptMatch[];
  readonly target: string;
  readonly targetArgs?: string;
}

export type IptMatch =
  | { readonly kind: 'set'; readonly set: string; readonly flags: 'dst' | 'dst,dst' | 'dst,dst,src' | 'src,dst' }
  | { readonly kind: 'addrtype'; readonly field: 'src' | 'dst'; readonly negate: boolean }
  | { readonly kind: 'physdev-not-in' }
  | { readonly kind: 'mark'; readonly negate: boolean; readonly mark: number }
  | { readonly kind: 'ctstate'; readonly states: string }
  | { readonly kind: 'ipvs'; readonly vaddr: string; readonly vproto: number; readonly vport: number };

export interface IpvsState {
  readonly view: ProxyNode;
  /** Addresses on kube-ipvs0, in the order kube-proxy binds them. */
  readonly dummyAddresses: readonly string[];
  readonly virtualServers: readonly VirtualServer[];
  readonly ipsets: readonly Ipset[];
  readonly rules: readonly IptRule[];
}

const SETS: readonly (readonly [string, IpsetType, string])[] = [
  ['KUBE-LOOP-BACK', 'hash:ip,port,ip', 'Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose'],
  ['KUBE-CLUSTER-IP', 'hash:ip,port', 'Kubernetes service cluster ip + port for masquerade purpose'],
  ['KUBE-EXTERNAL-IP', 'hash:ip,port', 'Kubernetes service external ip + port for masquerade and filter purpose'],
  ['KUBE-EXTERNAL-IP-LOCAL', 'hash:ip,port', 'Kubernetes service external ip + port with externalTrafficPolicy=local'],
  ['KUBE-LOAD-BALANCER', 'hash:ip,port', 'Kubernetes service lb portal'],
  ['KUBE-LOAD-BALANCER-FW', 'hash:ip,port', 'Kubernetes service load balancer ip + port for load balancer with sourceRange'],
  ['KUBE-LOAD-BALANCER-LOCAL', 'hash:ip,port', 'Kubernetes service load balancer ip + port with externalTrafficPolicy=local'],
  ['KUBE-LOAD-BALANCER-SOURCE-IP', 'hash:ip,port,ip', 'Kubernetes service load balancer ip + port + source IP for packet filter purpose'],
  ['KUBE-LOAD-BALANCER-SOURCE-CIDR', 'hash:ip,port,net', 'Kubernetes service load balancer ip + port + source cidr for packet filter purpose'],
  ['KUBE-NODE-PORT-TCP', 'bitmap:port', 'Kubernetes nodeport TCP port for masquerade purpose'],
  ['KUBE-NODE-PORT-LOCAL-TCP', 'bitmap:port', 'Kubernetes nodeport TCP port with externalTrafficPolicy=local'],
  ['KUBE-NODE-PORT-UDP', 'bitmap:port', 'Kubernetes nodeport UDP port for masquerade purpose'],
  ['KUBE-NODE-PORT-LOCAL-UDP', 'bitmap:port', 'Kubernetes nodeport UDP port with externalTrafficPolicy=local'],
  ['KUBE-NODE-PORT-SCTP-HASH', 'hash:ip,port', "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'"],
  ['KUBE-NODE-PORT-LOCAL-SCTP-HASH', 'hash:ip,port', "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'"],
  ['KUBE-HEALTH-CHECK-NODE-PORT', 'bitmap:port', 'Kubernetes health check node port'],
  ['KUBE-IPVS-IPS', 'hash:ip', 'Addresses on the ipvs interface'],
];

export function buildIpvs(cluster: Cluster, nodeName: string): IpvsState {
  const view = proxyNode(cluster, nodeName);
  const scheduler = view.flags.ipvsScheduler;
  const members = new Map<string, Set<string>>(SETS.map(([name]) => [name, new Set<string>()]));
  const add = (set: string, member: string) => members.get(set)!.add(member);
  const dummy: string[] = [];
  const bind = (ip: string) => {
    if (!dummy.includes(ip)) dummy.push(ip);
  };
  const virtualServers: VirtualServer[] = [];
  const outFilter: IptRule[] = [];

  for (const service of proxiedServices(cluster)) {
    for (const port of service.ports) {
      const proto = nftProtocol(port.protocol);
      const entry = (ip: string) => `${ip},${proto}:${port.port}`;
      const categories = categorizeEndpoints(service, port, view.node.name);
      const all = categories.cluster.length > 0 ? categories.cluster : categories.local;
      // "Allow access from local PODs even if no local endpoints exist" (PR #97081): IPVS falls back to every endpoint.
      const pick = (onlyLocal: boolean) =>
        onlyLocal && categories.local.length > 0 ? { list: categories.local, fallback: false } : { list: onlyLocal ? categories.cluster : all, fallback: onlyLocal };
      const vs = (kind: VirtualServerKind, ip: string, onlyLocal: boolean): VirtualServer => {
        const chosen = pick(onlyLocal);
        return {
          protocol: port.protocol,
          ip,
          port: kind === 'node-port' ? port.nodePort! : port.port,
          scheduler,
          persistence: service.sessionAffinity === 'ClientIP' ? (service.sessionAffinityTimeoutSeconds ?? 10800) : undefined,
          realServers: [...chosen.list].sort(byAddress),
          kind,
          service,
          servicePort: port,
          localFallback: chosen.fallback && categories.hasAnyEndpoints,
        };
      };
      const clusterIP = service.clusterIP!;
      bind(clusterIP);
      add('KUBE-CLUSTER-IP', entry(clusterIP));
      virtualServers.push(vs('cluster-ip', clusterIP, internalPolicyLocal(service)));
      for (const endpoint of categories.reachable) {
        if (isLocal(endpoint, view.node.name)) add('KUBE-LOOP-BACK', `${endpoint.ip},${proto}:${endpoint.port},${endpoint.ip}`);
      }
      const local = externalPolicyLocal(service, port);
      for (const ip of service.externalIPs ?? []) {
        // An externalIP the node already owns is not bound again.
        if (!view.localAddresses.includes(ip)) bind(ip);
        add(local ? 'KUBE-EXTERNAL-IP-LOCAL' : 'KUBE-EXTERNAL-IP', entry(ip));
        virtualServers.push(vs('external-ip', ip, local));
      }
      const ranges = service.loadBalancerSourceRanges ?? [];
      for (const ip of service.loadBalancerIPs) {
        if (!view.localAddresses.includes(ip)) bind(ip);
        add('KUBE-LOAD-BALANCER', entry(ip));
        if (local) add('KUBE-LOAD-BALANCER-LOCAL', entry(ip));
        if (ranges.length > 0) {
          add('KUBE-LOAD-BALANCER-FW', entry(ip));
          for (const range of ranges) add('KUBE-LOAD-BALANCER-SOURCE-CIDR', `${entry(ip)},${range}`);
          if (ranges.some((r) => inCIDR(view.node.internalIP, r))) add('KUBE-LOAD-BALANCER-SOURCE-IP', `${entry(ip)},${ip}`);
          else {
            outFilter.push({
              table: 'filter',
              chain: 'KUBE-IPVS-OUT-FILTER',
              source: { cidr: `${ip}/32`, negate: false },
              matches: [{ kind: 'ipvs', vaddr: ip, vproto: PROTOCOL_NUMBER[proto], vport: port.port }],
              target: 'DROP',
            });
          }
        }
        virtualServers.push(vs('load-balancer', ip, local));
      }
      if (port.nodePort !== undefined) {
        if (proto === 'sctp') {
          for (const ip of nodeAddresses(view)) {
            add('KUBE-NODE-PORT-SCTP-HASH', `${ip},sctp:${port.nodePort}`);
            if (local) add('KUBE-NODE-PORT-LOCAL-SCTP-HASH', `${ip},sctp:${port.nodePort}`);
          }
        } else {
          const upper = proto.toUpperCase();
          add(`KUBE-NODE-PORT-${upper}`, String(port.nodePort));
          if (local) add(`KUBE-NODE-PORT-LOCAL-${upper}`, String(port.nodePort));
        }
        for (const ip of nodeAddresses(view)) virtualServers.push(vs('node-port', ip, local));
      }
      if (service.healthCheckNodePort !== undefined) add('KUBE-HEALTH-CHECK-NODE-PORT', String(service.healthCheckNodePort));
    }
  }
  for (const ip of dummy) add('KUBE-IPVS-IPS', ip);

  const ipsets = SETS.map(([name, type, comment]): Ipset => ({ name, type, comment, members: [...members.get(name)!].sort(memberOrder) }));
  const rules = iptablesRules(view, ipsets, outFilter);
  return { view, dummyAddresses: dummy, virtualServers: virtualServers.sort(ipvsadmOrder), ipsets, rules };
}

const PROTOCOL_NUMBER = { tcp: 6, udp: 17, sctp: 132 } as const;

/** The node's addresses a NodePort virtual server is created on: every local address, or those inside --nodeport-addresses. */
export function nodeAddresses(view: ProxyNode): string[] {
  const cidrs = view.flags.nodePortAddresses;
  return view.localAddresses.filter((a) => cidrs.length === 0 || cidrs.some((c) => inCIDR(a, c)));
}

function byAddress(a: Endpoint, b: Endpoint): number {
  return wrapCompare(ipv4ToInt(a.ip), ipv4ToInt(b.ip)) || a.port - b.port;
}

/**
 * libipvs compares addresses as `(int)(ntohl(a) - ntohl(b))`: an unsigned difference read as
 * signed, so addresses more than 2^31 apart sort "backwards" (192.168.x before 10.x).
 */
function wrapCompare(a: number, b: number): number {
  return ((a - b) | 0);
}

/** `ipvsadm -Ln` sorts virtual servers by protocol number, then address (as above), then port. */
function ipvsadmOrder(a: VirtualServer, b: VirtualServer): number {
  return (
    PROTOCOL_NUMBER[nftProtocol(a.protocol)] - PROTOCOL_NUMBER[nftProtocol(b.protocol)] ||
    wrapCompare(ipv4ToInt(a.ip), ipv4ToInt(b.ip)) ||
    a.port - b.port
  );
}

/** Members sorted by address, then protocol, then port (bitmap:port members are plain numbers). */
function memberOrder(a: string, b: string): number {
  const key = (m: string) => {
    const [ip, rest = ''] = m.split(',', 2);
    if (!ip!.includes('.')) return [Number(ip), 0, 0];
    const [proto = '', port = '0'] = rest.split(':');
    return [ipv4ToInt(ip!), proto.length === 0 ? 0 : (PROTOCOL_NUMBER as Record<string, number>)[proto] ?? 0, Number.parseInt(port, 10)];
  };
  const x = key(a);
  const y = key(b);
  return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]! || (a < b ? -1 : a > b ? 1 : 0);
}

/** The iptables rules IPVS mode writes (`writeIptablesRules`), in its write order. */
function iptablesRules(view: ProxyNode, ipsets: readonly Ipset[], outFilter: readonly IptRule[]): IptRule[] {
  const nonEmpty = (name: string) => ipsets.find((s) => s.name === name)!.members.length > 0;
  const comment = (name: string) => ipsets.find((s) => s.name === name)!.comment;
  const rules: IptRule[] = [];
  const nat = (chain: string, rest: Omit<IptRule, 'table' | 'chain'>) => rules.push({ table: 'nat', chain, ...rest });
  const filter = (chain: string, rest: Omit<IptRule, 'table' | 'chain'>) => rules.push({ table: 'filter', chain, ...rest });
  const set = (name: string, flags: 'dst' | 'dst,dst' | 'dst,dst,src' | 'src,dst'): IptMatch => ({ kind: 'set', set: name, flags });

  // Connections to localhost leave the service chain at once.
  nat('KUBE-SERVICES', { source: { cidr: '127.0.0.0/8', negate: false }, matches: [], target: 'RETURN' });
  const withChain: readonly (readonly [string, 'nat' | 'filter', string, string, 'dst' | 'dst,dst' | 'dst,dst,src', ('tcp' | 'udp' | 'sctp')?])[] = [
    ['KUBE-LOOP-BACK', 'nat', 'KUBE-POSTROUTING', 'MASQUERADE', 'dst,dst,src'],
    ['KUBE-LOAD-BALANCER', 'nat', 'KUBE-SERVICES', 'KUBE-LOAD-BALANCER', 'dst,dst'],
    ['KUBE-LOAD-BALANCER-LOCAL', 'nat', 'KUBE-LOAD-BALANCER', 'RETURN', 'dst,dst'],
    ['KUBE-NODE-PORT-LOCAL-TCP', 'nat', 'KUBE-NODE-PORT', 'RETURN', 'dst', 'tcp'],
    ['KUBE-NODE-PORT-TCP', 'nat', 'KUBE-NODE-PORT', 'KUBE-MARK-MASQ', 'dst', 'tcp'],
    ['KUBE-NODE-PORT-LOCAL-UDP', 'nat', 'KUBE-NODE-PORT', 'RETURN', 'dst', 'udp'],
    ['KUBE-NODE-PORT-UDP', 'nat', 'KUBE-NODE-PORT', 'KUBE-MARK-MASQ', 'dst', 'udp'],
    ['KUBE-NODE-PORT-LOCAL-SCTP-HASH', 'nat', 'KUBE-NODE-PORT', 'RETURN', 'dst,dst', 'sctp'],
    ['KUBE-NODE-PORT-SCTP-HASH', 'nat', 'KUBE-NODE-PORT', 'KUBE-MARK-MASQ', 'dst,dst', 'sctp'],
    ['KUBE-LOAD-BALANCER-FW', 'filter', 'KUBE-PROXY-FIREWALL', 'KUBE-SOURCE-RANGES-FIREWALL', 'dst,dst'],
    ['KUBE-LOAD-BALANCER-SOURCE-CIDR', 'filter', 'KUBE-SOURCE-RANGES-FIREWALL', 'RETURN', 'dst,dst,src'],
    ['KUBE-LOAD-BALANCER-SOURCE-IP', 'filter', 'KUBE-SOURCE-RANGES-FIREWALL', 'RETURN', 'dst,dst,src'],
  ];
  for (const [name, table, chain, target, flags, protocol] of withChain) {
    if (!nonEmpty(name)) continue;
    rules.push({ table, chain, ...(protocol === undefined ? {} : { protocol }), comment: comment(name), matches: [set(name, flags)], target });
  }
  if (nonEmpty('KUBE-CLUSTER-IP')) {
    const c = comment('KUBE-CLUSTER-IP');
    if (view.flags.masqueradeAll) nat('KUBE-SERVICES', { comment: c, matches: [set('KUBE-CLUSTER-IP', 'dst,dst')], target: 'KUBE-MARK-MASQ' });
    // Off-cluster sources reaching a VIP are masqueraded, so replies come back through this node.
    else if (view.localCIDR !== undefined) nat('KUBE-SERVICES', { source: { cidr: view.localCIDR, negate: true }, comment: c, matches: [set('KUBE-CLUSTER-IP', 'dst,dst')], target: 'KUBE-MARK-MASQ' });
    else nat('KUBE-SERVICES', { comment: c, matches: [set('KUBE-CLUSTER-IP', 'src,dst')], target: 'KUBE-MARK-MASQ' });
  }
  const externalAccepts = (name: string) => {
    const base = { comment: comment(name) };
    nat('KUBE-SERVICES', { ...base, matches: [set(name, 'dst,dst'), { kind: 'physdev-not-in' }, { kind: 'addrtype', field: 'src', negate: true }], target: 'ACCEPT' });
    nat('KUBE-SERVICES', { ...base, matches: [set(name, 'dst,dst'), { kind: 'addrtype', field: 'dst', negate: false }], target: 'ACCEPT' });
  };
  if (nonEmpty('KUBE-EXTERNAL-IP')) {
    nat('KUBE-SERVICES', { comment: comment('KUBE-EXTERNAL-IP'), matches: [set('KUBE-EXTERNAL-IP', 'dst,dst')], target: 'KUBE-MARK-MASQ' });
    externalAccepts('KUBE-EXTERNAL-IP');
  }
  if (nonEmpty('KUBE-EXTERNAL-IP-LOCAL')) externalAccepts('KUBE-EXTERNAL-IP-LOCAL');
  // ClusterIPs are local addresses too (kube-ipvs0), so VIP traffic also passes KUBE-NODE-PORT.
  nat('KUBE-SERVICES', { matches: [{ kind: 'addrtype', field: 'dst', negate: false }], target: 'KUBE-NODE-PORT' });
  nat('KUBE-LOAD-BALANCER', { matches: [], target: 'KUBE-MARK-MASQ' });
  filter('KUBE-SOURCE-RANGES-FIREWALL', { matches: [], target: 'DROP' });
  rules.push(...outFilter);
  for (const name of ['KUBE-CLUSTER-IP', 'KUBE-LOAD-BALANCER']) {
    if (nonEmpty(name)) nat('KUBE-SERVICES', { matches: [set(name, 'dst,dst')], target: 'ACCEPT' });
  }
  const mark = view.mark;
  filter('KUBE-FORWARD', { comment: 'kubernetes forwarding rules', matches: [{ kind: 'mark', negate: false, mark }], target: 'ACCEPT' });
  filter('KUBE-FORWARD', { comment: 'kubernetes forwarding conntrack rule', matches: [{ kind: 'ctstate', states: 'RELATED,ESTABLISHED' }], target: 'ACCEPT' });
  filter('KUBE-NODE-PORT', { comment: comment('KUBE-HEALTH-CHECK-NODE-PORT'), matches: [set('KUBE-HEALTH-CHECK-NODE-PORT', 'dst')], target: 'ACCEPT' });
  for (const name of ['KUBE-LOAD-BALANCER', 'KUBE-CLUSTER-IP', 'KUBE-EXTERNAL-IP', 'KUBE-EXTERNAL-IP-LOCAL']) {
    filter('KUBE-IPVS-FILTER', { matches: [set(name, 'dst,dst')], target: 'RETURN' });
  }
  filter('KUBE-IPVS-FILTER', { matches: [set('KUBE-HEALTH-CHECK-NODE-PORT', 'dst')], target: 'RETURN' });
  // A new connection to a VIP on a port no Service serves is refused (kubernetes#72236).
  filter('KUBE-IPVS-FILTER', { matches: [{ kind: 'ctstate', states: 'NEW' }, set('KUBE-IPVS-IPS', 'dst')], target: 'REJECT', targetArgs: '--reject-with icmp-port-unreachable' });
  nat('KUBE-POSTROUTING', { matches: [{ kind: 'mark', negate: true, mark }], target: 'RETURN' });
  nat('KUBE-POSTROUTING', { matches: [], target: 'MARK', targetArgs: `--set-xmark ${hexMark(mark)}/0x0` });
  nat('KUBE-POSTROUTING', { comment: 'kubernetes service traffic requiring SNAT', matches: [], target: 'MASQUERADE', targetArgs: '--random-fully' });
  nat('KUBE-MARK-MASQ', { matches: [], target: 'MARK', targetArgs: `--set-xmark ${hexMark(mark)}/${hexMark(mark)}` });
  // The jump rules kube-proxy prepends to the built-in chains (the last prepended ends up first).
  const jumps: IptRule[] = [
    { table: 'nat', chain: 'PREROUTING', comment: 'kubernetes service portals', matches: [], target: 'KUBE-SERVICES' },
    { table: 'nat', chain: 'OUTPUT', comment: 'kubernetes service portals', matches: [], target: 'KUBE-SERVICES' },
    { table: 'nat', chain: 'POSTROUTING', comment: 'kubernetes postrouting rules', matches: [], target: 'KUBE-POSTROUTING' },
    { table: 'filter', chain: 'INPUT', comment: 'kubernetes ipvs access filter', matches: [], target: 'KUBE-IPVS-FILTER' },
    { table: 'filter', chain: 'INPUT', comment: 'kube-proxy firewall rules', matches: [], target: 'KUBE-PROXY-FIREWALL' },
    { table: 'filter', chain: 'INPUT', comment: 'kubernetes health check rules', matches: [], target: 'KUBE-NODE-PORT' },
    { table: 'filter', chain: 'FORWARD', comment: 'kube-proxy firewall rules', matches: [], target: 'KUBE-PROXY-FIREWALL' },
    { table: 'filter', chain: 'FORWARD', comment: 'kubernetes forwarding rules', matches: [], target: 'KUBE-FORWARD' },
    { table: 'filter', chain: 'OUTPUT', comment: 'kubernetes ipvs access filter', matches: [], target: 'KUBE-IPVS-OUT-FILTER' },
  ];
  return [...jumps, ...rules];
}

export function hexMark(mark: number): string {
  return `0x${mark.toString(16)}`;
}

export { portLabel };
