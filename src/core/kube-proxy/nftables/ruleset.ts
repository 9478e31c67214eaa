import type { Cluster, Endpoint, Service, ServicePort } from '../../cluster/types';
import { ipv4ToInt, parsePrefix } from '../../net/ipv4';
import { categorizeEndpoints, externallyAccessible, externalPolicyLocal, internalPolicyLocal } from '../endpoints';
import type { KeyPart, Match, NftChain, NftElement, NftRule, NftSet, NftTable, Owner, Statement } from './model';
import {
  affinitySetName,
  endpointChainName,
  externalChainName,
  firewallChainName,
  localChainName,
  nftProtocol,
  serviceChainName,
} from './names';
import { compare, inCIDR, portLabel, proxiedServices, proxyNode, type ProxyNode } from './node-view';

/**
 * The `ip kube-proxy` table one node's kube-proxy writes in nftables mode, in the layout of the
 * v1.33-era proxier (pkg/proxy/nftables/proxier.go; the `filter-*-pre-dnat` base chains and the
 * port-less masquerade rule of PR #131492). Objects are listed in the order of upstream's
 * `TestOverallNFTablesRules` expectation, which is also the order `nft list table` prints them
 * when they are created in that order: fixed sets and maps, affinity sets, fixed chains, then per
 * Service port its service-, local-, external-, endpoint- (by name) and firewall- chains.
 */
export function buildNftTable(cluster: Cluster, nodeName: string): NftTable {
  const view = proxyNode(cluster, nodeName);
  const mark = view.mark;
  const maps = {
    clusterIPs: [] as NftElement[],
    firewallIPs: [] as NftElement[],
    noEndpointNodePorts: [] as NftElement[],
    noEndpointServices: [] as NftElement[],
    serviceIPs: [] as NftElement[],
    serviceNodePorts: [] as NftElement[],
  };
  const affinitySets: NftSet[] = [];
  const serviceChains: NftChain[] = [];

  for (const service of proxiedServices(cluster)) {
    for (const port of service.ports) {
      writeServicePort(view, service, port, maps, affinitySets, serviceChains);
    }
  }

  const ip = (value: string): KeyPart => ({ kind: 'ip', value });
  const sets: NftSet[] = [
    set('cluster-ips', false, 'ipv4_addr', 'Active ClusterIPs', uniqueByKey(maps.clusterIPs)),
    set('nodeport-ips', false, 'ipv4_addr', 'IPs that accept NodePort traffic', nodePortIPs(view).map((a) => ({ key: [ip(a)] }))),
    set('firewall-ips', true, 'ipv4_addr . inet_proto . inet_service : verdict', 'destinations that are subject to LoadBalancerSourceRanges', maps.firewallIPs),
    set('no-endpoint-nodeports', true, 'inet_proto . inet_service : verdict', 'vmap to drop or reject packets to service nodeports with no endpoints', maps.noEndpointNodePorts),
    set('no-endpoint-services', true, 'ipv4_addr . inet_proto . inet_service : verdict', 'vmap to drop or reject packets to services with no endpoints', maps.noEndpointServices),
    set('service-ips', true, 'ipv4_addr . inet_proto . inet_service : verdict', 'ClusterIP, ExternalIP and LoadBalancer IP traffic', maps.serviceIPs),
    set('service-nodeports', true, 'inet_proto . inet_service : verdict', 'NodePort traffic', maps.serviceNodePorts),
    ...affinitySets,
  ];

  const ctNew: Match = { kind: 'ct-new' };
  const rule = (matches: Match[], statement: Statement, comment?: string): NftRule => (comment === undefined ? { matches, statement } : { matches, statement, comment });
  const jumpNew = (chain: string) => rule([ctNew], { kind: 'jump', chain });
  const fixed: NftChain[] = [
    {
      name: 'cluster-ips-check',
      rules: [
        rule([{ kind: 'ip-set', field: 'daddr', set: 'cluster-ips' }], { kind: 'reject' }, 'Reject traffic to invalid ports of ClusterIPs'),
        // Only when kube-proxy knows the service CIDRs; ours always does (the settings name it).
        rule([{ kind: 'ip', field: 'daddr', negate: false, values: [cluster.settings.serviceCIDR] }], { kind: 'drop' }, 'Drop traffic to unallocated ClusterIPs'),
      ],
    },
    { name: 'filter-prerouting-pre-dnat', base: { type: 'filter', hook: 'prerouting', priority: -110 }, rules: [jumpNew('firewall-check')] },
    { name: 'filter-output-pre-dnat', base: { type: 'filter', hook: 'output', priority: -110 }, rules: [jumpNew('firewall-check')] },
    { name: 'filter-forward', base: { type: 'filter', hook: 'forward', priority: 0 }, rules: [jumpNew('service-endpoints-check'), jumpNew('cluster-ips-check')] },
    { name: 'filter-input', base: { type: 'filter', hook: 'input', priority: 0 }, rules: [jumpNew('nodeport-endpoints-check'), jumpNew('service-endpoints-check')] },
    { name: 'filter-output', base: { type: 'filter', hook: 'output', priority: 0 }, rules: [jumpNew('service-endpoints-check'), jumpNew('cluster-ips-check')] },
    { name: 'firewall-check', rules: [rule([], { kind: 'vmap', key: 'daddr-proto-port', map: 'firewall-ips' })] },
    { name: 'mark-for-masquerade', rules: [rule([], { kind: 'mark-or', mark })] },
    {
      name: 'masquerading',
      rules: [rule([{ kind: 'mark-clear', mark }], { kind: 'return' }), rule([], { kind: 'mark-xor', mark }), rule([], { kind: 'masquerade' })],
    },
    { name: 'nat-output', base: { type: 'nat', hook: 'output', priority: -100 }, rules: [rule([], { kind: 'jump', chain: 'services' })] },
    { name: 'nat-postrouting', base: { type: 'nat', hook: 'postrouting', priority: 100 }, rules: [rule([], { kind: 'jump', chain: 'masquerading' })] },
    { name: 'nat-prerouting', base: { type: 'nat', hook: 'prerouting', priority: -100 }, rules: [rule([], { kind: 'jump', chain: 'services' })] },
    {
      name: 'nodeport-endpoints-check',
      rules: [rule([{ kind: 'ip-set', field: 'daddr', set: 'nodeport-ips' }], { kind: 'vmap', key: 'proto-port', map: 'no-endpoint-nodeports' })],
    },
    // `reject` cannot be a verdict-map value, so the maps `goto` this chain instead.
    { name: 'reject-chain', comment: 'helper for @no-endpoint-services / @no-endpoint-nodeports', rules: [rule([], { kind: 'reject' })] },
    {
      name: 'services',
      rules: [
        rule([], { kind: 'vmap', key: 'daddr-proto-port', map: 'service-ips' }),
        rule([{ kind: 'ip-set', field: 'daddr', set: 'nodeport-ips' }], { kind: 'vmap', key: 'proto-port', map: 'service-nodeports' }),
      ],
    },
    { name: 'service-endpoints-check', rules: [rule([], { kind: 'vmap', key: 'daddr-proto-port', map: 'no-endpoint-services' })] },
  ];
  return { sets, chains: [...fixed, ...serviceChains] };
}

function set(name: string, map: boolean, type: string, comment: string, elements: readonly NftElement[]): NftSet {
  return { name, map, type, comment, elements };
}

function uniqueByKey(elements: readonly NftElement[]): NftElement[] {
  const seen = new Set<string>();
  return elements.filter((e) => {
    const key = JSON.stringify(e.key);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The addresses that accept NodePorts. nftables mode defaults `--nodeport-addresses` to
 * `primary` (the node's primary IP); with CIDRs, every node address inside them.
 */
export function nodePortIPs(view: ProxyNode): string[] {
  const cidrs = view.flags.nodePortAddresses;
  if (cidrs.length === 0) return [view.node.internalIP];
  return view.localAddresses.filter((a) => cidrs.some((c) => inCIDR(a, c))).sort((a, b) => ipv4ToInt(a) - ipv4ToInt(b));
}

interface Maps {
  readonly clusterIPs: NftElement[];
  readonly firewallIPs: NftElement[];
  readonly noEndpointNodePorts: NftElement[];
  readonly noEndpointServices: NftElement[];
  readonly serviceIPs: NftElement[];
  readonly serviceNodePorts: NftElement[];
}

function writeServicePort(view: ProxyNode, service: Service, port: ServicePort, maps: Maps, affinitySets: NftSet[], chains: NftChain[]): void {
  const clusterIP = service.clusterIP!;
  const owner: Owner = { service, port };
  const proto = nftProtocol(port.protocol);
  const label = portLabel(service, port);
  const categories = categorizeEndpoints(service, port, view.node.name);
  const hasEndpoints = categories.hasAnyEndpoints;
  const clusterChain = serviceChainName(service, port);
  const localChain = localChainName(service, port);
  const externalChain = externalChainName(service, port);
  const usesClusterChain = categories.cluster.length > 0 && categories.usesCluster;
  const usesLocalChain = categories.local.length > 0 && categories.usesLocal;
  const internalLocal = internalPolicyLocal(service);
  const internalChain = internalLocal ? localChain : clusterChain;
  const hasInternalEndpoints = hasEndpoints && (!internalLocal || categories.local.length > 0);
  const externalLocal = externalPolicyLocal(service, port);
  const hasExternalEndpoints = hasEndpoints && (!externalLocal || categories.local.length > 0);
  const usesExternalChain = hasEndpoints && externallyAccessible(service, port);
  const rejectOrDrop = (has: boolean): NftElement['verdict'] => (has ? { kind: 'drop' } : { kind: 'goto', chain: 'reject-chain' });
  const key = (ip: string): KeyPart[] => [{ kind: 'ip', value: ip }, { kind: 'proto', value: proto }, { kind: 'port', value: port.port }];

  maps.clusterIPs.push({ key: [{ kind: 'ip', value: clusterIP }] });
  if (hasInternalEndpoints) maps.serviceIPs.push({ key: key(clusterIP), verdict: { kind: 'goto', chain: internalChain }, owner });
  else maps.noEndpointServices.push({ key: key(clusterIP), comment: label, verdict: rejectOrDrop(hasEndpoints), owner });

  const externalIPs = [...(service.externalIPs ?? []), ...service.loadBalancerIPs];
  for (const ip of externalIPs) {
    if (usesExternalChain) maps.serviceIPs.push({ key: key(ip), verdict: { kind: 'goto', chain: externalChain }, owner });
    if (!hasExternalEndpoints) maps.noEndpointServices.push({ key: key(ip), comment: label, verdict: rejectOrDrop(hasEndpoints), owner });
  }
  const sourceRanges = service.loadBalancerSourceRanges ?? [];
  const usesFirewall = service.loadBalancerIPs.length > 0 && sourceRanges.length > 0;
  if (usesFirewall) {
    for (const ip of service.loadBalancerIPs) maps.firewallIPs.push({ key: key(ip), verdict: { kind: 'goto', chain: firewallChainName(service, port) }, owner });
  }
  if (port.nodePort !== undefined) {
    const npKey: KeyPart[] = [{ kind: 'proto', value: proto }, { kind: 'port', value: port.nodePort }];
    if (usesExternalChain) maps.serviceNodePorts.push({ key: npKey, verdict: { kind: 'goto', chain: externalChain }, owner });
    if (!hasExternalEndpoints) maps.noEndpointNodePorts.push({ key: npKey, comment: label, verdict: rejectOrDrop(hasEndpoints), owner });
  }

  const masqueradeRule = (): NftRule[] => {
    const daddr: Match = { kind: 'ip', field: 'daddr', negate: false, values: [clusterIP] };
    if (view.flags.masqueradeAll) return [{ matches: [daddr], statement: { kind: 'jump', chain: 'mark-for-masquerade' } }];
    if (view.localCIDR === undefined) return [];
    // Off-cluster sources reaching the ClusterIP are masqueraded, so replies come back through this node.
    return [{ matches: [daddr, { kind: 'ip', field: 'saddr', negate: true, values: [view.localCIDR] }], statement: { kind: 'jump', chain: 'mark-for-masquerade' } }];
  };
  const affinity = service.sessionAffinity === 'ClientIP';
  const dispatch = (endpoints: readonly Endpoint[]): NftRule[] => [
    ...(affinity
      ? endpoints.map((e): NftRule => ({
          matches: [{ kind: 'ip-set', field: 'saddr', set: affinitySetName(service, port, e) }],
          statement: { kind: 'goto', chain: endpointChainName(service, port, e) },
        }))
      : []),
    { matches: [], statement: { kind: 'numgen', targets: endpoints.map((e) => endpointChainName(service, port, e)) } },
  ];

  if (usesClusterChain) {
    chains.push({ name: clusterChain, owner, rules: [...(internalChain === clusterChain && hasInternalEndpoints ? masqueradeRule() : []), ...dispatch(categories.cluster)] });
  }
  if (usesLocalChain) {
    chains.push({ name: localChain, owner, rules: [...(internalChain === localChain && hasInternalEndpoints ? masqueradeRule() : []), ...dispatch(categories.local)] });
  }
  if (usesExternalChain) {
    const rules: NftRule[] = [];
    const markMasq: Statement = { kind: 'jump', chain: 'mark-for-masquerade' };
    if (!externalLocal) {
      rules.push({ matches: [], statement: markMasq }, { matches: [], statement: { kind: 'goto', chain: clusterChain } });
    } else {
      // Pods and the node itself reach external addresses with Cluster semantics; only outside clients get Local.
      if (view.localCIDR !== undefined) {
        rules.push({ matches: [{ kind: 'ip', field: 'saddr', negate: false, values: [view.localCIDR] }], statement: { kind: 'goto', chain: clusterChain }, comment: 'short-circuit pod traffic' });
      }
      rules.push({ matches: [{ kind: 'fib-saddr-local' }], statement: markMasq, comment: 'masquerade local traffic' });
      rules.push({ matches: [{ kind: 'fib-saddr-local' }], statement: { kind: 'goto', chain: clusterChain }, comment: 'short-circuit local traffic' });
      if (hasExternalEndpoints) rules.push({ matches: [], statement: { kind: 'goto', chain: localChain } });
    }
    chains.push({ name: externalChain, owner, rules });
  }

  const endpointChains = categories.reachable.map((endpoint): NftChain => {
    const rules: NftRule[] = [
      // Hairpin: a pod reaching itself through the Service must see the node as the source.
      { matches: [{ kind: 'ip', field: 'saddr', negate: false, values: [endpoint.ip] }], statement: { kind: 'jump', chain: 'mark-for-masquerade' } },
    ];
    if (affinity) rules.push({ matches: [], statement: { kind: 'update-affinity', set: affinitySetName(service, port, endpoint) } });
    rules.push({ matches: [{ kind: 'l4proto', proto }], statement: { kind: 'dnat', ip: endpoint.ip, port: endpoint.port } });
    return { name: endpointChainName(service, port, endpoint), owner, rules };
  });
  chains.push(...endpointChains.sort((a, b) => compare(a.name, b.name)));

  if (affinity) {
    for (const endpoint of categories.reachable) {
      affinitySets.push({
        name: affinitySetName(service, port, endpoint),
        map: false,
        type: 'ipv4_addr',
        // As nft 1.0.6 lists a dynamic set kube-proxy created with a timeout.
        properties: ['size 65535', 'flags dynamic,timeout', `timeout ${nftDuration(service.sessionAffinityTimeoutSeconds ?? 10800)}`],
        elements: [],
      });
    }
  }

  if (usesFirewall) {
    const allowed = [...sourceRanges];
    // A range that holds the node's own address also admits the LB IP as a source (traffic the node hairpins).
    if (sourceRanges.some((r) => inCIDR(view.node.internalIP, r))) allowed.push(...service.loadBalancerIPs);
    allowed.sort((a, b) => parsePrefix(a.includes('/') ? a : `${a}/32`).network - parsePrefix(b.includes('/') ? b : `${b}/32`).network);
    chains.push({
      name: firewallChainName(service, port),
      owner,
      rules: [{ matches: [{ kind: 'ip', field: 'saddr', negate: true, values: allowed }], statement: { kind: 'drop' } }],
    });
  }
}

/** nft's time format: `3h`, `1d`, `2h46m40s`. */
export function nftDuration(seconds: number): string {
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.length === 0 ? '0s' : parts.join('');
}
