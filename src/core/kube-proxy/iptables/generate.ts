import type { Cluster, ClusterNode, Endpoint, Protocol, Service, ServicePort } from '../../cluster/types';
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

  for (const { service, port, name: sp } of proxied) {
    const proto = protocolName(port.protocol);
    const owner: RuleOwner = { service, port, servicePort: sp };
    const categories = categorizeEndpoints(service, port, nodeName);
    const hasEndpoints = categories.hasAnyEndpoints;
    // Chain names are looked up only when a rule needs them: most ports use one or two of the four.
    const names = portNames(port, sp);
    const lbIPs = service.loadBalancerIPs;
    const externalIPs = service.externalIPs ?? [];
    const sourceRanges = service.loadBalancerSourceRanges ?? [];

    const usesClusterChain = categories.cluster.length > 0 && categories.usesCluster;
    const usesLocalChain = categories.local.length > 0 && categories.usesLocal;
    const iTPLocal = internalPolicyLocal(service);
    const eTPLocal = service.externalTrafficPolicy === 'Local';
    const hasInternalEndpoints = hasEndpoints && !(iTPLocal && categories.local.length === 0);
    const hasExternalEndpoints = hasEndpoints && !(eTPLocal && categories.local.length === 0);
    // The EXT chain exists with endpoints anywhere: its short-circuit for pod and node traffic works without local ones.
    const usesExtChain = hasEndpoints && externallyAccessible(service, port);
    const usesFwChain = hasEndpoints && lbIPs.length > 0 && sourceRanges.length > 0;

    let internalFilter: FilterRule | undefined;
    let externalFilter: FilterRule | undefined;
    if (!hasEndpoints || !hasInternalEndpoints || !hasExternalEndpoints) {
      const reasons = verdictReasons(sp, service, port, nodeName);
      internalFilter = !hasEndpoints
        ? { target: 'REJECT', comment: `"${sp} has no endpoints"`, owner: { ...owner, verdict: { kind: 'reject', reason: reasons.noEndpoints } } }
        : !hasInternalEndpoints
          ? { target: 'DROP', comment: `"${sp} has no local endpoints"`, owner: { ...owner, verdict: { kind: 'drop', reason: reasons.noLocalInternal } } }
          : undefined;
      externalFilter = !hasEndpoints
        ? internalFilter
        : !hasExternalEndpoints
          ? { target: 'DROP', comment: `"${sp} has no local endpoints"`, owner: { ...owner, verdict: { kind: 'drop', reason: reasons.noLocalExternal } } }
          : undefined;
    }

    const clusterIP = service.clusterIP!;
    const servicePort = `${port.port}`;
    // 1. The ClusterIP.
    if (hasInternalEndpoints) {
      nat.add('KUBE-SERVICES', ['-m', 'comment', '--comment', `"${sp} cluster IP"`, '-m', proto, '-p', proto, '-d', clusterIP, '--dport', servicePort, '-j', portChain(names, iTPLocal ? 'KUBE-SVL-' : 'KUBE-SVC-')], owner);
    } else if (internalFilter !== undefined) {
      filter.add('KUBE-SERVICES', ['-m', 'comment', '--comment', internalFilter.comment, '-m', proto, '-p', proto, '-d', clusterIP, '--dport', servicePort, '-j', internalFilter.target], internalFilter.owner);
    }
    // 2. externalIPs.
    for (const ip of externalIPs) {
      if (hasEndpoints) nat.add('KUBE-SERVICES', ['-m', 'comment', '--comment', `"${sp} external IP"`, '-m', proto, '-p', proto, '-d', ip, '--dport', servicePort, '-j', portChain(names, 'KUBE-EXT-')], owner);
      if (externalFilter !== undefined) {
        filter.add('KUBE-EXTERNAL-SERVICES', ['-m', 'comment', '--comment', externalFilter.comment, '-m', proto, '-p', proto, '-d', ip, '--dport', servicePort, '-j', externalFilter.target], externalFilter.owner);
      }
    }
    // 3. LoadBalancer ingress IPs.
    for (const ip of lbIPs) {
      if (hasEndpoints) nat.add('KUBE-SERVICES', ['-m', 'comment', '--comment', `"${sp} loadbalancer IP"`, '-m', proto, '-p', proto, '-d', ip, '--dport', servicePort, '-j', portChain(names, usesFwChain ? 'KUBE-FW-' : 'KUBE-EXT-')], owner);
      if (usesFwChain) {
        const reasons = verdictReasons(sp, service, port, nodeName);
        filter.add('KUBE-PROXY-FIREWALL', ['-m', 'comment', '--comment', `"${sp} traffic not accepted by ${portChain(names, 'KUBE-FW-')}"`, '-m', proto, '-p', proto, '-d', ip, '--dport', servicePort, '-j', 'DROP'], {
          ...owner,
          verdict: { kind: 'drop', reason: reasons.sourceRanges(sourceRanges) },
        });
      }
    }
    if (externalFilter !== undefined) {
      for (const ip of lbIPs) {
        filter.add('KUBE-EXTERNAL-SERVICES', ['-m', 'comment', '--comment', externalFilter.comment, '-m', proto, '-p', proto, '-d', ip, '--dport', servicePort, '-j', externalFilter.target], externalFilter.owner);
      }
    }
    // 4. The NodePort.
    if (port.nodePort !== undefined) {
      const nodePort = `${port.nodePort}`;
      if (hasEndpoints) {
        if (nfacct && localhostNodePorts) {
          nat.add('KUBE-NODEPORTS', ['-m', 'comment', '--comment', sp, '-m', proto, '-p', proto, '-d', '127.0.0.0/8', '--dport', nodePort, '-m', 'nfacct', '--nfacct-name', LOCALHOST_NODEPORTS_COUNTER, '-j', portChain(names, 'KUBE-EXT-')], owner);
        }
        nat.add('KUBE-NODEPORTS', ['-m', 'comment', '--comment', sp, '-m', proto, '-p', proto, '--dport', nodePort, '-j', portChain(names, 'KUBE-EXT-')], owner);
      }
      if (externalFilter !== undefined) {
        filter.add('KUBE-EXTERNAL-SERVICES', ['-m', 'comment', '--comment', externalFilter.comment, '-m', 'addrtype', '--dst-type', 'LOCAL', '-m', proto, '-p', proto, '--dport', nodePort, '-j', externalFilter.target], externalFilter.owner);
      }
    }
    // 5. The load balancer's health check (always TCP).
    if (service.healthCheckNodePort !== undefined) {
      filter.add('KUBE-NODEPORTS', ['-m', 'comment', '--comment', `"${sp} health check node port"`, '-m', 'tcp', '-p', 'tcp', '--dport', `${service.healthCheckNodePort}`, '-j', 'ACCEPT'], owner);
    }
    if (!hasEndpoints) continue;

    // 6. Masquerade ClusterIP traffic from outside the pods (all of it with --masquerade-all).
    if (hasInternalEndpoints && (proxy.masqueradeAll || localCIDR !== undefined)) {
      const chain = portChain(names, iTPLocal ? 'KUBE-SVL-' : 'KUBE-SVC-');
      nat.declare(chain);
      const args = ['-m', 'comment', '--comment', `"${sp} cluster IP"`, '-m', proto, '-p', proto, '-d', clusterIP, '--dport', servicePort, '-j', 'KUBE-MARK-MASQ'];
      if (!proxy.masqueradeAll) args.splice(args.length - 2, 0, '!', '-s', localCIDR!);
      nat.add(chain, args, owner);
    }
    // 7. The external entry chain.
    if (usesExtChain) {
      const ext = portChain(names, 'KUBE-EXT-');
      nat.declare(ext);
      if (!eTPLocal) {
        nat.add(ext, ['-m', 'comment', '--comment', `"masquerade traffic for ${sp} external destinations"`, '-j', 'KUBE-MARK-MASQ'], owner);
      } else {
        // Pods and the node itself reach an eTP Local Service's external addresses with Cluster semantics.
        if (localCIDR !== undefined) nat.add(ext, ['-m', 'comment', '--comment', `"pod traffic for ${sp} external destinations"`, '-s', localCIDR, '-j', portChain(names, 'KUBE-SVC-')], owner);
        nat.add(ext, ['-m', 'comment', '--comment', `"masquerade LOCAL traffic for ${sp} external destinations"`, '-m', 'addrtype', '--src-type', 'LOCAL', '-j', 'KUBE-MARK-MASQ'], owner);
        nat.add(ext, ['-m', 'comment', '--comment', `"route LOCAL traffic for ${sp} external destinations"`, '-m', 'addrtype', '--src-type', 'LOCAL', '-j', portChain(names, 'KUBE-SVC-')], owner);
      }
      if (hasExternalEndpoints) nat.add(ext, ['-j', portChain(names, eTPLocal ? 'KUBE-SVL-' : 'KUBE-SVC-')], owner);
    }
    // 8. loadBalancerSourceRanges.
    if (usesFwChain) {
      const fw = portChain(names, 'KUBE-FW-');
      nat.declare(fw);
      for (const cidr of sourceRanges) nat.add(fw, ['-m', 'comment', '--comment', `"${sp} loadbalancer IP"`, '-s', cidr, '-j', portChain(names, 'KUBE-EXT-')], owner);
      // A VIP the node holds itself loops requests from the node back with the VIP as source.
      if (sourceRanges.some((cidr) => prefixContains(parsePrefix(cidr), node.internalIP))) {
        for (const ip of lbIPs) nat.add(fw, ['-m', 'comment', '--comment', `"${sp} loadbalancer IP"`, '-s', ip, '-j', portChain(names, 'KUBE-EXT-')], owner);
      }
      nat.add(fw, ['-m', 'comment', '--comment', `"other traffic to ${sp} will be dropped by KUBE-PROXY-FIREWALL"`], owner);
    }
    // 9. The policy chains: one rule per endpoint.
    const affinitySeconds = service.sessionAffinity === 'ClientIP' ? `${service.sessionAffinityTimeoutSeconds ?? 10800}` : undefined;
    if (usesClusterChain) dispatch(nat, dispatchers, portChain(names, 'KUBE-SVC-'), { owner, policy: 'Cluster', endpoints: categories.cluster }, names, affinitySeconds, largeCluster);
    if (usesLocalChain) dispatch(nat, dispatchers, portChain(names, 'KUBE-SVL-'), { owner, policy: 'Local', endpoints: categories.local }, names, affinitySeconds, largeCluster);
    // 10. One DNAT chain per endpoint this node can reach.
    for (const endpoint of categories.reachable) {
      const sep = endpointChainOf(names, endpoint);
      const epOwner: RuleOwner = { ...owner, endpoint };
      nat.declare(sep);
      // A pod that reaches itself through the Service must be masqueraded, or its reply would skip the reverse NAT.
      nat.add(sep, largeCluster ? ['-s', endpoint.ip, '-j', 'KUBE-MARK-MASQ'] : ['-m', 'comment', '--comment', sp, '-s', endpoint.ip, '-j', 'KUBE-MARK-MASQ'], epOwner);
      const dnat = largeCluster ? [] : ['-m', 'comment', '--comment', sp];
      if (affinitySeconds !== undefined) dnat.push('-m', 'recent', '--name', sep, '--set');
      dnat.push('-m', proto, '-p', proto, '-j', 'DNAT', '--to-destination', endpointString(endpoint));
      nat.add(sep, dnat, epOwner);
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

interface FilterRule {
  readonly target: 'REJECT' | 'DROP';
  readonly comment: string;
  readonly owner: RuleOwner;
}

/**
 * A KUBE-SVC- or KUBE-SVL- chain: with ClientIP affinity one `-m recent --rcheck` rule per
 * endpoint first, then one rule per endpoint, each but the last taken with probability
 * 1/(endpoints left).
 */
function dispatch(
  nat: TableBuilder,
  dispatchers: Map<string, Dispatcher>,
  chain: string,
  dispatcher: Dispatcher,
  names: PortNames,
  affinitySeconds: string | undefined,
  largeCluster: boolean,
): void {
  const { owner, endpoints } = dispatcher;
  nat.declare(chain);
  dispatchers.set(chain, dispatcher);
  const sp = owner.servicePort;
  if (affinitySeconds !== undefined) {
    for (const endpoint of endpoints) {
      const sep = endpointChainOf(names, endpoint);
      const recent = ['-m', 'recent', '--name', sep, '--rcheck', '--seconds', affinitySeconds, '--reap', '-j', sep];
      nat.add(chain, largeCluster ? recent : ['-m', 'comment', '--comment', `"${sp} -> ${endpointString(endpoint)}"`, ...recent], owner);
    }
  }
  const last = endpoints.length - 1;
  for (let i = 0; i <= last; i++) {
    const endpoint = endpoints[i]!;
    const args: string[] = largeCluster ? [] : ['-m', 'comment', '--comment', `"${sp} -> ${endpointString(endpoint)}"`];
    if (i < last) args.push('-m', 'statistic', '--mode', 'random', '--probability', probabilityText(endpoints.length - i));
    args.push('-j', endpointChainOf(names, endpoint));
    nat.add(chain, args, owner);
  }
}

/**
 * A Service port's chain names. They are sha256 hashes (chain-names.ts) and the same on every
 * node, so they are kept with the ServicePort and Endpoint objects of the cluster model
 * (immutable values): a second node's ruleset computes none again. Each name is computed the
 * first time a rule needs it; most ports use one or two of the four per-port chains.
 */
interface PortNames {
  readonly servicePort: string;
  readonly protocol: Protocol;
  readonly chains: Map<PortChainPrefix, string>;
  /** A plain Map: it lives and dies with its ServicePort's entry, and ephemerons are costly for the GC. */
  readonly endpoints: Map<Endpoint, string>;
}

type PortChainPrefix = 'KUBE-SVC-' | 'KUBE-SVL-' | 'KUBE-EXT-' | 'KUBE-FW-';
const PORT_CHAIN: Record<PortChainPrefix, (servicePort: string, protocol: Protocol) => string> = {
  'KUBE-SVC-': serviceChain,
  'KUBE-SVL-': serviceLocalChain,
  'KUBE-EXT-': externalChain,
  'KUBE-FW-': firewallChain,
};

const namesByPort = new WeakMap<ServicePort, PortNames>();

function portNames(port: ServicePort, servicePort: string): PortNames {
  let names = namesByPort.get(port);
  // A port object reused under another Service name (a spread copy) gets names of its own.
  if (names === undefined || names.servicePort !== servicePort || names.protocol !== port.protocol) {
    names = { servicePort, protocol: port.protocol, chains: new Map(), endpoints: new Map() };
    namesByPort.set(port, names);
  }
  return names;
}

function portChain(names: PortNames, prefix: PortChainPrefix): string {
  let chain = names.chains.get(prefix);
  if (chain === undefined) {
    chain = PORT_CHAIN[prefix](names.servicePort, names.protocol);
    names.chains.set(prefix, chain);
  }
  return chain;
}

function endpointChainOf(names: PortNames, endpoint: Endpoint): string {
  let chain = names.endpoints.get(endpoint);
  if (chain === undefined) {
    chain = endpointChain(names.servicePort, names.protocol, endpointString(endpoint));
    names.endpoints.set(endpoint, chain);
  }
  return chain;
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
