import type { Cluster, ClusterNode, Endpoint, Service, ServicePort } from '../../cluster/types';
import { kubeProxySettings } from '../../cluster/settings';
import { parsePrefix, prefixContains } from '../../net/ipv4';
import { endpointChain, externalChain, firewallChain, protocolName, serviceChain, serviceLocalChain, servicePortName } from '../chain-names';
import { categorizeEndpoints, endpointString, externallyAccessible, internalPolicyLocal, proxyEndpoints } from '../endpoints';
import { probabilityText } from '../statistic';
import { markText, type Dispatcher, type IptablesRule, type IptablesRuleset, type IptablesTable, type RuleOwner, type TableName } from './rules';
import { verdictReasons } from './messages';

/**
 * Which revision of kube-proxy's iptables proxier writes the rules. They differ only in
 * accounting: `v1.31` (the newest read, ≈ v1.31–v1.33) counts dropped INVALID packets and
 * accepted localhost NodePort packets with `-m nfacct`; `v1.28` (≈ v1.27–v1.28) has no nfacct
 * rules. The conformance data holds one dump of each (A from the newer, B and C from the older).
 */
export type IptablesRevision = 'v1.28' | 'v1.31';

export interface IptablesOptions {
  /** Default: the newest, `v1.31`. */
  readonly revision?: IptablesRevision;
  /** Whether the node's kernel has the nfacct match (newest revision only). Default true, as on current distributions. */
  readonly nfacct?: boolean;
  /** Whether the node's iptables supports `MASQUERADE --random-fully` (iptables ≥ 1.6.2). Default true. */
  readonly randomFully?: boolean;
}

/** Above this many endpoints in total kube-proxy leaves comments out of SEP and SVC→SEP rules. */
const LARGE_CLUSTER_ENDPOINTS = 1000;
const NODEPORTS_LAST = '"kubernetes service nodeports; NOTE: this must be the last rule in this chain"';
const LOCALHOST_NODEPORTS_COUNTER = 'localhost_nps_accepted_pkts';
const INVALID_COUNTER = 'ct_state_invalid_dropped_pkts';

class TableBuilder {
  readonly rules = new Map<string, IptablesRule[]>();
  readonly chains: string[] = [];
  constructor(
    readonly name: TableName,
    readonly builtinChains: readonly string[],
    fixed: readonly string[],
  ) {
    for (const chain of fixed) this.declare(chain);
  }
  declare(chain: string): void {
    if (!this.rules.has(chain)) {
      this.rules.set(chain, []);
      this.chains.push(chain);
    }
  }
  /** Rules of built-in chains are kept apart from the payload: kube-proxy inserts them with `iptables -I`. */
  add(chain: string, args: readonly string[], owner?: RuleOwner): void {
    let list = this.rules.get(chain);
    if (list === undefined) {
      list = [];
      this.rules.set(chain, list);
    }
    list.push(owner === undefined ? { chain, args } : { chain, args, owner });
  }
  build(otherChains: readonly string[]): IptablesTable {
    return { name: this.name, builtinChains: this.builtinChains, chains: this.chains, otherChains, rules: this.rules };
  }
}

/**
 * The rules kube-proxy in iptables mode keeps on `nodeName`: its `iptables-restore` payload
 * for the filter and nat tables (per Service port, in the order `syncProxyRules` writes them),
 * the jump rules it inserts into the built-in chains, and its canary chains.
 */
export function generateIptables(cluster: Cluster, nodeName: string, options: IptablesOptions = {}): IptablesRuleset {
  const node = cluster.nodes.find((n) => n.name === nodeName);
  if (node === undefined) throw new Error(`no node named "${nodeName}" in the cluster`);
  const revision = options.revision ?? 'v1.31';
  const nfacct = revision !== 'v1.28' && (options.nfacct ?? true);
  const proxy = kubeProxySettings(cluster.settings);
  const mark = 2 ** proxy.masqueradeBit;
  const markArg = markText(mark);
  const localCIDR = proxy.detectLocalMode === 'ClusterCIDR' ? cluster.settings.clusterCIDR : proxy.detectLocalMode === 'NodeCIDR' ? node.podCIDR : undefined;
  const localAddresses = nodeAddresses(node);
  const nodePortAll = proxy.nodePortAddresses.length === 0;
  // KUBE-FIREWALL and the localhost NodePort rules exist only when NodePorts answer on 127.0.0.1.
  const localhostNodePorts = proxy.localhostNodePorts && (nodePortAll || proxy.nodePortAddresses.some((c) => prefixContains(parsePrefix(c), '127.0.0.1')));

  const filter = new TableBuilder('filter', ['INPUT', 'FORWARD', 'OUTPUT'], [
    'KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL', ...(localhostNodePorts ? ['KUBE-FIREWALL'] : []),
  ]);
  const nat = new TableBuilder('nat', ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'], ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']);
  const mangle = new TableBuilder('mangle', ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'], []);
  const dispatchers = new Map<string, Dispatcher>();

  jumpRules(filter, nat, localhostNodePorts);

  const proxied = proxiedPorts(cluster.services);
  const totalEndpoints = proxied.reduce((sum, { port }) => sum + proxyEndpoints(port.endpoints).length, 0);
  const largeCluster = totalEndpoints > LARGE_CLUSTER_ENDPOINTS;
  const comment = (text: string): string[] => (largeCluster ? [] : ['-m', 'comment', '--comment', text]);

  for (const { service, port, name: sp } of proxied) {
    const proto = protocolName(port.protocol);
    const owner: RuleOwner = { service, port, servicePort: sp };
    const categories = categorizeEndpoints(service, port, nodeName);
    const hasEndpoints = categories.hasAnyEndpoints;
    const clusterChain = serviceChain(sp, port.protocol);
    const localChain = serviceLocalChain(sp, port.protocol);
    const extChain = externalChain(sp, port.protocol);
    const fwChain = firewallChain(sp, port.protocol);
    const lbIPs = service.loadBalancerIPs;
    const externalIPs = service.externalIPs ?? [];
    const sourceRanges = service.loadBalancerSourceRanges ?? [];

    const usesClusterChain = categories.cluster.length > 0 && categories.usesCluster;
    const usesLocalChain = categories.local.length > 0 && categories.usesLocal;
    const iTPLocal = internalPolicyLocal(service);
    const eTPLocal = service.externalTrafficPolicy === 'Local';
    const internalChain = iTPLocal ? localChain : clusterChain;
    const hasInternalEndpoints = hasEndpoints && !(iTPLocal && categories.local.length === 0);
    const externalPolicyChain = eTPLocal ? localChain : clusterChain;
    const hasExternalEndpoints = hasEndpoints && !(eTPLocal && categories.local.length === 0);
    // The EXT chain exists with endpoints anywhere: its short-circuit for pod and node traffic works without local ones.
    const usesExtChain = hasEndpoints && externallyAccessible(service, port);
    const usesFwChain = hasEndpoints && lbIPs.length > 0 && sourceRanges.length > 0;
    const lbChain = usesFwChain ? fwChain : extChain;

    const reasons = verdictReasons(sp, service, port, nodeName);
    const internalFilter = !hasEndpoints
      ? { target: 'REJECT', comment: `"${sp} has no endpoints"`, owner: { ...owner, verdict: { kind: 'reject' as const, reason: reasons.noEndpoints } } }
      : !hasInternalEndpoints
        ? { target: 'DROP', comment: `"${sp} has no local endpoints"`, owner: { ...owner, verdict: { kind: 'drop' as const, reason: reasons.noLocalInternal } } }
        : undefined;
    const externalFilter = !hasEndpoints
      ? internalFilter
      : !hasExternalEndpoints
        ? { target: 'DROP', comment: `"${sp} has no local endpoints"`, owner: { ...owner, verdict: { kind: 'drop' as const, reason: reasons.noLocalExternal } } }
        : undefined;

    const clusterIP = service.clusterIP!;
    const dport = ['-m', proto, '-p', proto];
    // 1. The ClusterIP.
    if (hasInternalEndpoints) {
      nat.add('KUBE-SERVICES', ['-m', 'comment', '--comment', `"${sp} cluster IP"`, ...dport, '-d', clusterIP, '--dport', `${port.port}`, '-j', internalChain], owner);
    } else if (internalFilter !== undefined) {
      filter.add('KUBE-SERVICES', ['-m', 'comment', '--comment', internalFilter.comment, ...dport, '-d', clusterIP, '--dport', `${port.port}`, '-j', internalFilter.target], internalFilter.owner);
    }
    // 2. externalIPs.
    for (const ip of externalIPs) {
      if (hasEndpoints) nat.add('KUBE-SERVICES', ['-m', 'comment', '--comment', `"${sp} external IP"`, ...dport, '-d', ip, '--dport', `${port.port}`, '-j', extChain], owner);
      if (externalFilter !== undefined) {
        filter.add('KUBE-EXTERNAL-SERVICES', ['-m', 'comment', '--comment', externalFilter.comment, ...dport, '-d', ip, '--dport', `${port.port}`, '-j', externalFilter.target], externalFilter.owner);
      }
    }
    // 3. LoadBalancer ingress IPs.
    for (const ip of lbIPs) {
      if (hasEndpoints) nat.add('KUBE-SERVICES', ['-m', 'comment', '--comment', `"${sp} loadbalancer IP"`, ...dport, '-d', ip, '--dport', `${port.port}`, '-j', lbChain], owner);
      if (usesFwChain) {
        filter.add('KUBE-PROXY-FIREWALL', ['-m', 'comment', '--comment', `"${sp} traffic not accepted by ${fwChain}"`, ...dport, '-d', ip, '--dport', `${port.port}`, '-j', 'DROP'], {
          ...owner,
          verdict: { kind: 'drop', reason: reasons.sourceRanges(sourceRanges) },
        });
      }
    }
    if (externalFilter !== undefined) {
      for (const ip of lbIPs) {
        filter.add('KUBE-EXTERNAL-SERVICES', ['-m', 'comment', '--comment', externalFilter.comment, ...dport, '-d', ip, '--dport', `${port.port}`, '-j', externalFilter.target], externalFilter.owner);
      }
    }
    // 4. The NodePort.
    if (port.nodePort !== undefined) {
      if (hasEndpoints) {
        if (nfacct && localhostNodePorts) {
          nat.add('KUBE-NODEPORTS', ['-m', 'comment', '--comment', sp, ...dport, '-d', '127.0.0.0/8', '--dport', `${port.nodePort}`, '-m', 'nfacct', '--nfacct-name', LOCALHOST_NODEPORTS_COUNTER, '-j', extChain], owner);
        }
        nat.add('KUBE-NODEPORTS', ['-m', 'comment', '--comment', sp, ...dport, '--dport', `${port.nodePort}`, '-j', extChain], owner);
      }
      if (externalFilter !== undefined) {
        filter.add('KUBE-EXTERNAL-SERVICES', ['-m', 'comment', '--comment', externalFilter.comment, '-m', 'addrtype', '--dst-type', 'LOCAL', ...dport, '--dport', `${port.nodePort}`, '-j', externalFilter.target], externalFilter.owner);
      }
    }
    // 5. The load balancer's health check (always TCP).
    if (service.healthCheckNodePort !== undefined) {
      filter.add('KUBE-NODEPORTS', ['-m', 'comment', '--comment', `"${sp} health check node port"`, '-m', 'tcp', '-p', 'tcp', '--dport', `${service.healthCheckNodePort}`, '-j', 'ACCEPT'], owner);
    }
    if (!hasEndpoints) continue;

    // 6. Masquerade ClusterIP traffic from outside the pods (all of it with --masquerade-all).
    if (hasInternalEndpoints && (proxy.masqueradeAll || localCIDR !== undefined)) {
      nat.declare(internalChain);
      const notLocal = proxy.masqueradeAll ? [] : ['!', '-s', localCIDR!];
      nat.add(internalChain, ['-m', 'comment', '--comment', `"${sp} cluster IP"`, ...dport, '-d', clusterIP, '--dport', `${port.port}`, ...notLocal, '-j', 'KUBE-MARK-MASQ'], owner);
    }
    // 7. The external entry chain.
    if (usesExtChain) {
      nat.declare(extChain);
      if (!eTPLocal) {
        nat.add(extChain, ['-m', 'comment', '--comment', `"masquerade traffic for ${sp} external destinations"`, '-j', 'KUBE-MARK-MASQ'], owner);
      } else {
        // Pods and the node itself reach an eTP Local Service's external addresses with Cluster semantics.
        if (localCIDR !== undefined) nat.add(extChain, ['-m', 'comment', '--comment', `"pod traffic for ${sp} external destinations"`, '-s', localCIDR, '-j', clusterChain], owner);
        nat.add(extChain, ['-m', 'comment', '--comment', `"masquerade LOCAL traffic for ${sp} external destinations"`, '-m', 'addrtype', '--src-type', 'LOCAL', '-j', 'KUBE-MARK-MASQ'], owner);
        nat.add(extChain, ['-m', 'comment', '--comment', `"route LOCAL traffic for ${sp} external destinations"`, '-m', 'addrtype', '--src-type', 'LOCAL', '-j', clusterChain], owner);
      }
      if (hasExternalEndpoints) nat.add(extChain, ['-j', externalPolicyChain], owner);
    }
    // 8. loadBalancerSourceRanges.
    if (usesFwChain) {
      nat.declare(fwChain);
      for (const cidr of sourceRanges) nat.add(fwChain, ['-m', 'comment', '--comment', `"${sp} loadbalancer IP"`, '-s', cidr, '-j', extChain], owner);
      // A VIP the node holds itself loops requests from the node back with the VIP as source.
      if (sourceRanges.some((cidr) => prefixContains(parsePrefix(cidr), node.internalIP))) {
        for (const ip of lbIPs) nat.add(fwChain, ['-m', 'comment', '--comment', `"${sp} loadbalancer IP"`, '-s', ip, '-j', extChain], owner);
      }
      nat.add(fwChain, ['-m', 'comment', '--comment', `"other traffic to ${sp} will be dropped by KUBE-PROXY-FIREWALL"`], owner);
    }
    // 9. The policy chains: one rule per endpoint.
    const endpointChains = new Map<Endpoint, string>();
    const chainOf = (endpoint: Endpoint) => {
      let chain = endpointChains.get(endpoint);
      if (chain === undefined) {
        chain = endpointChain(sp, port.protocol, endpointString(endpoint));
        endpointChains.set(endpoint, chain);
      }
      return chain;
    };
    const dispatch = (chain: string, policy: 'Cluster' | 'Local', endpoints: readonly Endpoint[]) => {
      nat.declare(chain);
      dispatchers.set(chain, { owner, policy, endpoints });
      if (service.sessionAffinity === 'ClientIP') {
        for (const endpoint of endpoints) {
          const sep = chainOf(endpoint);
          nat.add(chain, [...comment(`"${sp} -> ${endpointString(endpoint)}"`), '-m', 'recent', '--name', sep, '--rcheck', '--seconds', `${service.sessionAffinityTimeoutSeconds ?? 10800}`, '--reap', '-j', sep], owner);
        }
      }
      endpoints.forEach((endpoint, i) => {
        const statistic = i < endpoints.length - 1 ? ['-m', 'statistic', '--mode', 'random', '--probability', probabilityText(endpoints.length - i)] : [];
        nat.add(chain, [...comment(`"${sp} -> ${endpointString(endpoint)}"`), ...statistic, '-j', chainOf(endpoint)], owner);
      });
    };
    if (usesClusterChain) dispatch(clusterChain, 'Cluster', categories.cluster);
    if (usesLocalChain) dispatch(localChain, 'Local', categories.local);
    // 10. One DNAT chain per endpoint this node can reach.
    for (const endpoint of categories.reachable) {
      const sep = chainOf(endpoint);
      const epOwner: RuleOwner = { ...owner, endpoint };
      nat.declare(sep);
      // A pod that reaches itself through the Service must be masqueraded, or its reply would skip the reverse NAT.
      nat.add(sep, [...comment(sp), '-s', endpoint.ip, '-j', 'KUBE-MARK-MASQ'], epOwner);
      const affinity = service.sessionAffinity === 'ClientIP' ? ['-m', 'recent', '--name', sep, '--set'] : [];
      nat.add(sep, [...comment(sp), ...affinity, ...dport, '-j', 'DNAT', '--to-destination', endpointString(endpoint)], epOwner);
    }
  }

  // 11. After every Service.
  if (nodePortAll) {
    const notLocalhost = proxy.localhostNodePorts ? [] : ['!', '-d', '127.0.0.0/8'];
    nat.add('KUBE-SERVICES', ['-m', 'comment', '--comment', NODEPORTS_LAST, '-m', 'addrtype', '--dst-type', 'LOCAL', ...notLocalhost, '-j', 'KUBE-NODEPORTS']);
  } else {
    for (const ip of nodePortIPs(localAddresses, proxy.nodePortAddresses, proxy.localhostNodePorts)) {
      nat.add('KUBE-SERVICES', ['-m', 'comment', '--comment', NODEPORTS_LAST, '-d', ip, '-j', 'KUBE-NODEPORTS']);
    }
  }
  if (localhostNodePorts) {
    filter.add('KUBE-FIREWALL', ['-m', 'comment', '--comment', '"block incoming localnet connections"', '-d', '127.0.0.0/8', '!', '-s', '127.0.0.0/8', '-m', 'conntrack', '!', '--ctstate', 'RELATED,ESTABLISHED,DNAT', '-j', 'DROP']);
  }
  filter.add('KUBE-FORWARD', ['-m', 'conntrack', '--ctstate', 'INVALID', ...(nfacct ? ['-m', 'nfacct', '--nfacct-name', INVALID_COUNTER] : []), '-j', 'DROP']);
  filter.add('KUBE-FORWARD', ['-m', 'comment', '--comment', '"kubernetes forwarding rules"', '-m', 'mark', '--mark', `${markArg}/${markArg}`, '-j', 'ACCEPT']);
  filter.add('KUBE-FORWARD', ['-m', 'comment', '--comment', '"kubernetes forwarding conntrack rule"', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT']);
  nat.add('KUBE-POSTROUTING', ['-m', 'mark', '!', '--mark', `${markArg}/${markArg}`, '-j', 'RETURN']);
  // Clear the mark so a packet that is re-traversed (e.g. IPsec) is not masqueraded twice.
  nat.add('KUBE-POSTROUTING', ['-j', 'MARK', '--xor-mark', markArg]);
  nat.add('KUBE-POSTROUTING', ['-m', 'comment', '--comment', '"kubernetes service traffic requiring SNAT"', '-j', 'MASQUERADE', ...(options.randomFully ?? true ? ['--random-fully'] : [])]);
  nat.add('KUBE-MARK-MASQ', ['-j', 'MARK', '--or-mark', markArg]);

  const canary = ['KUBE-PROXY-CANARY'];
  return {
    nodeName,
    localAddresses,
    masqueradeMark: mark,
    tables: { filter: filter.build(canary), nat: nat.build(canary), mangle: mangle.build(canary) },
    dispatchers,
  };
}

/**
 * The hooks kube-proxy keeps at the top of the built-in chains (`iptables -I`, re-checked on
 * every sync). Each is inserted at position 1, so the last one inserted ends up first: the
 * order a node's `iptables-save` shows.
 */
function jumpRules(filter: TableBuilder, nat: TableBuilder, kubeFirewall: boolean): void {
  const fresh = ['-m', 'conntrack', '--ctstate', 'NEW'];
  const hook = (table: TableBuilder, chain: string, extra: readonly string[], comment: string, target: string) =>
    table.add(chain, [...extra, '-m', 'comment', '--comment', `"${comment}"`, '-j', target]);
  // INPUT: KUBE-PROXY-FIREWALL, KUBE-NODEPORTS, KUBE-EXTERNAL-SERVICES (inserted in reverse), then the kubelet's KUBE-FIREWALL.
  hook(filter, 'INPUT', fresh, 'kubernetes load balancer firewall', 'KUBE-PROXY-FIREWALL');
  hook(filter, 'INPUT', [], 'kubernetes health check service ports', 'KUBE-NODEPORTS');
  hook(filter, 'INPUT', fresh, 'kubernetes externally-visible service portals', 'KUBE-EXTERNAL-SERVICES');
  if (kubeFirewall) filter.add('INPUT', ['-j', 'KUBE-FIREWALL']);
  hook(filter, 'FORWARD', fresh, 'kubernetes load balancer firewall', 'KUBE-PROXY-FIREWALL');
  hook(filter, 'FORWARD', [], 'kubernetes forwarding rules', 'KUBE-FORWARD');
  hook(filter, 'FORWARD', fresh, 'kubernetes service portals', 'KUBE-SERVICES');
  hook(filter, 'FORWARD', fresh, 'kubernetes externally-visible service portals', 'KUBE-EXTERNAL-SERVICES');
  hook(filter, 'OUTPUT', fresh, 'kubernetes load balancer firewall', 'KUBE-PROXY-FIREWALL');
  hook(filter, 'OUTPUT', fresh, 'kubernetes service portals', 'KUBE-SERVICES');
  if (kubeFirewall) filter.add('OUTPUT', ['-j', 'KUBE-FIREWALL']);
  hook(nat, 'PREROUTING', [], 'kubernetes service portals', 'KUBE-SERVICES');
  hook(nat, 'OUTPUT', [], 'kubernetes service portals', 'KUBE-SERVICES');
  hook(nat, 'POSTROUTING', [], 'kubernetes postrouting rules', 'KUBE-POSTROUTING');
}

interface ProxiedPort {
  readonly service: Service;
  readonly port: ServicePort;
  readonly name: string;
}

/**
 * The Service ports kube-proxy programs: every port of a Service with a ClusterIP (headless and
 * ExternalName Services get no rules), sorted by their `ns/name:port` so the output is stable.
 */
function proxiedPorts(services: readonly Service[]): ProxiedPort[] {
  const ports: ProxiedPort[] = [];
  for (const service of services) {
    if (service.headless || service.type === 'ExternalName' || service.clusterIP === undefined) continue;
    for (const port of service.ports) ports.push({ service, port, name: servicePortName(service.namespace, service.name, port.name) });
  }
  // Two ports of one Service may share a name only if unnamed (a one-port Service); protocol breaks the tie.
  return ports.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.port.protocol < b.port.protocol ? -1 : a.port.protocol > b.port.protocol ? 1 : 0));
}

/** The node's own addresses: its InternalIP, the CNI bridge and tunnel addresses, and loopback. */
function nodeAddresses(node: ClusterNode): string[] {
  const addresses = [node.internalIP];
  for (const device of [node.bridge, node.tunnel]) {
    const ip = device?.cidr?.split('/')[0];
    if (ip !== undefined && !addresses.includes(ip)) addresses.push(ip);
  }
  addresses.push('127.0.0.0/8');
  return addresses;
}

/** `--nodeport-addresses`: the node's addresses inside the given CIDRs (127.0.0.1 only with localhost NodePorts). */
function nodePortIPs(localAddresses: readonly string[], cidrs: readonly string[], localhost: boolean): string[] {
  const ips = localAddresses.map((a) => (a === '127.0.0.0/8' ? '127.0.0.1' : a));
  return ips.filter((ip) => (ip !== '127.0.0.1' || localhost) && cidrs.some((c) => prefixContains(parsePrefix(c), ip)));
}
