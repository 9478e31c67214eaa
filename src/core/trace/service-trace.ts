import type { Cluster, ClusterNode, Pod, Service, ServicePort } from '../cluster/types';
import { kubeProxyBackend } from '../kube-proxy';
import type { MatchedRule, ServiceLookup } from '../kube-proxy/types';
import { suggestPolicyFix } from '../policy-fix/suggest';
import { elementId } from '../topology/ids';
import { hash32 } from '../util/hash';
import { crossBridge, isNamespaced, type NamespacedPod } from './bridged-leg';
import { connectionFilter, insidePod, onNode } from './capture';
import { formatFlow } from './flow';
import { HopList } from './hop-list';
import { checkPolicies } from './policy-check';
import { leavePod, policyHop, type LegContext } from './pod-side';
import { findPod, listenerOf, resolveSource, type ResolvedFlow } from './resolve';
import { routeOnward } from './routed-leg';
import { carryBetween } from './cni-legs';
import { traceMasqueradedService } from './hairpin';
import { traceWeaveMasqueradedService } from './weave-masquerade';
import { traceCiliumClusterIP } from './cilium-service';
import { traceCiliumLoadBalancerIP } from './cilium-lb-ip';
import { traceServiceOutward } from './service-outward';
import { weaveRoutedAcross } from './weave-leg';
import {
  answerPacket,
  arrive,
  ephemeralPort,
  finishReply,
  INITIAL_TTL,
  openingFlags,
  openingVerb,
  refusalExplanation,
  refusalFilter,
} from './socket-ends';
import type { Flow, Packet, PortHeader, ServiceStep, Trace, TraceOptions, TraceResult } from './types';
import { isWeave } from '../dataplane/weave-sleeve';

export interface ServiceTarget {
  readonly service: Service;
  readonly port: ServicePort;
  /** The address the client wrote: the ClusterIP, or a load balancer IP that kube-proxy short-circuits. */
  readonly address: string;
}

/**
 * A pod's connection to a Service address. The packet leaves the pod for its gateway like any
 * packet off the pod's subnet; in the node's IP stack, kube-proxy's rules (nat PREROUTING, before
 * the routing decision) pick an endpoint and rewrite the destination; from there it is an
 * ordinary pod-to-pod packet, judged by NetworkPolicy against the endpoint pod. On the way back,
 * conntrack on the client's node undoes the rewrite so that the client sees the address it called.
 */
export function traceServiceFlow(cluster: Cluster, flow: Flow, target: ServiceTarget, options: TraceOptions): TraceResult {
  const client = resolveSource(cluster, flow.from);
  if (!client.ok) return client;
  const { source, container } = client.value;
  if (!isNamespaced(source)) {
    // traceFlow sends a hostNetwork sender to node-source.ts, which follows it through nat OUTPUT.
    return fail('host-network', `${source.namespace}/${source.name} uses hostNetwork: its Service traffic starts in ${source.nodeName}'s own namespace (nat OUTPUT); trace it with traceFlow.`);
  }
  const node = nodeOf(cluster, source);
  if (node === undefined) return fail('no-node', `The node of ${source.name} is not in the cluster.`);
  const plugin = cluster.settings.cni;
  // With kube-proxy still running, Cilium balances ClusterIPs per packet in bpf_lxc, before kube-proxy's rules see the packet.
  const cilium = plugin === 'cilium-vxlan' || plugin === 'cilium-native';
  if (cilium && cluster.settings.kubeProxyMode !== 'none' && target.address === target.service.clusterIP) {
    return traceCiliumClusterIP(cluster, flow, target, source, container, node, options);
  }
  if (cilium && cluster.settings.kubeProxyMode !== 'none') {
    // Not a ClusterIP: bpf_lxc lets it through to kube-proxy's rules in the host stack (cilium-lb-ip.ts).
    return traceCiliumLoadBalancerIP(cluster, flow, target, source, container, node, options);
  }
  const { protocol } = target.port;
  const request: Packet = {
    eth: undefined,
    ip: { src: source.ip, dst: target.address, ttl: INITIAL_TTL, protocol },
    l4: { protocol, srcPort: ephemeralPort(flow), dstPort: flow.to.port, flags: openingFlags(protocol) },
  };
  const sport = (request.l4 as PortHeader).srcPort;
  const lookup = kubeProxyBackend(cluster.settings.kubeProxyMode).lookup(
    cluster,
    node.name,
    { src: source.ip, dst: target.address, protocol, dstPort: flow.to.port, origin: 'pod' },
    { seed: hash32(`endpoint:${formatFlow(flow)}`), ...(options.endpoint === undefined ? {} : { pin: options.endpoint }) },
  );
  const outcome = lookup.outcome;
  if (outcome.kind === 'not-a-service') {
    return fail('no-rules', `${node.name}'s ${lookup.backend} rules have nothing for ${target.address}:${flow.to.port}/${protocol}.`);
  }

  const forward = new HopList();
  const reply = new HopList();
  forward.add({
    where: elementId.container(source.namespace, source.name, container.name),
    kind: 'socket-send',
    summary:
      `Container ${container.name} in ${source.namespace}/${source.name} ${openingVerb(protocol)} ${target.address}:${flow.to.port}, ` +
      `${target.service.namespace}/${target.service.name}'s ${target.address === target.service.clusterIP ? 'ClusterIP' : 'load balancer IP'}, from ${source.ip}:${sport}, an ephemeral port the kernel picked.`,
    packet: request,
    capture: insidePod(source.namespace, source.name, container.name, `tcpdump -eni eth0 '${connectionFilter(source.ip, target.address, protocol, flow.to.port)}'`),
    fresh: true,
  });

  const endpointPod = outcome.kind === 'dnat' && outcome.endpoint.pod !== undefined ? findPod(cluster, outcome.endpoint.pod.namespace, outcome.endpoint.pod.name) : undefined;
  const toClusterIP: LegContext = {
    plugin: cluster.settings.cni,
    fromNode: node,
    toNode: node,
    from: source,
    // Until the rules pick one, the packet is for no pod; the leg needs a pod only for on-link next hops, which a Service address never is.
    to: endpointPod !== undefined && isNamespaced(endpointPod) ? endpointPod : source,
    filter: connectionFilter(source.ip, target.address, protocol, flow.to.port),
    needsArp: true,
    addressed: target.address,
  };
  // Cilium's socket load balancer translates inside connect(): the first packet already carries the backend.
  const socketLb = lookup.backend === 'none';
  const framed = socketLb ? request : leavePod(forward, request, toClusterIP);
  if (framed === undefined) throw new Error('no policy is judged before the Service rules');
  const rulesAt = socketLb ? elementId.container(source.namespace, source.name, container.name) : elementId.kubeProxy(node.name);
  const rewritten = walkRules(forward, framed, lookup, rulesAt);
  const step = serviceStep(target, node, lookup);

  if (socketLb && outcome.kind !== 'dnat') {
    // Refused inside connect() itself: no packet is ever sent.
    forward.add({ where: rulesAt, kind: 'refuse', summary: outcome.reason, packet: request, capture: { command: 'cilium-dbg service list', note: 'Run it in the Cilium agent pod on this node.' } });
    return done({ flow, verdict: 'refused', explanation: `${formatFlow(flow)} fails in the client's own kernel: ${outcome.reason}`, hops: forward.toArray(), reply: [], service: step });
  }
  if (outcome.kind === 'reject' || (outcome.kind === 'unserved' && outcome.verdict === 'reject')) {
    return rejected(flow, forward, reply, rewritten, node, source, container.name, outcome.reason, step);
  }
  if (outcome.kind === 'drop' || outcome.kind === 'unserved') {
    forward.add({
      where: elementId.kubeProxy(node.name),
      kind: 'drop',
      summary: `${outcome.reason} The client gets no answer and retries until it gives up.`,
      packet: rewritten,
      capture: onNode(node.bridge?.name ?? source.network.hostVeth.name, toClusterIP.filter),
    });
    return done({ flow, verdict: 'dropped', explanation: `${formatFlow(flow)} is dropped on ${node.name}: ${outcome.reason}`, hops: forward.toArray(), reply: [], service: step });
  }
  if (endpointPod === undefined || !isNamespaced(endpointPod)) {
    // A node's own address (the API server, a hostNetwork pod) or one outside the cluster: service-outward.ts.
    const at = { address: target.address, port: flow.to.port };
    return traceServiceOutward({ cluster, flow, node, source, container, lookup, outcome, ...at, rewritten, forward, reply, step, rules: RULES_OF[lookup.backend], socketLb });
  }
  if (!socketLb && (endpointPod === source || outcome.masquerade)) {
    const endpointNode = nodeOf(cluster, endpointPod);
    if (endpointNode === undefined) return fail('no-node', `The node of ${endpointPod.name} is not in the cluster.`);
    const at = { address: target.address, port: flow.to.port };
    const masqueraded = { cluster, flow, node, source, container, endpointPod, endpointNode, lookup, outcome, endpoint: outcome.endpoint, ...at, request, rewritten, forward, reply, step };
    // Between Weave peers the masqueraded packet takes the overlay (weave-masquerade.ts).
    return isWeave(plugin) && endpointNode !== node ? traceWeaveMasqueradedService(masqueraded) : traceMasqueradedService(masqueraded);
  }
  if (endpointPod === source || outcome.masquerade) {
    return fail('hairpin', `kube-proxy chose ${endpointPod.namespace}/${endpointPod.name} and masquerades the packet (a pod reaching itself through its Service: hairpin); this path is not simulated yet. Pin another endpoint to follow it.`);
  }
  const endpointNode = nodeOf(cluster, endpointPod);
  if (endpointNode === undefined) return fail('no-node', `The node of ${endpointPod.name} is not in the cluster.`);
  const { endpoint } = outcome;

  // NetworkPolicy runs in filter FORWARD, after the DNAT: it judges the endpoint pod, never the ClusterIP.
  const policy = cluster.networkPolicies.length > 0 ? checkPolicies(cluster, source, endpointPod, endpoint.port, protocol) : undefined;
  const filter = connectionFilter(source.ip, endpoint.ip, protocol, endpoint.port);
  const toEndpoint: LegContext = {
    plugin: cluster.settings.cni,
    fromNode: node,
    toNode: endpointNode,
    from: source,
    to: endpointPod,
    filter,
    needsArp: true,
    ...(policy === undefined ? {} : { policy }),
  };
  const vethId = elementId.hostVeth(node.name, source.network.hostVeth.name);
  const sameBridge = endpointNode === node && node.bridge !== undefined;
  if (socketLb) {
    // From here it is an ordinary pod-to-pod packet: the node never sees the Service address.
    const leg = sameBridge ? crossBridge(forward, rewritten, toEndpoint) : carryBetween(forward, rewritten, toEndpoint);
    if (leg.dropped) return policyDrop(flow, forward, source, endpointPod, endpoint.port, policy, leg.direction, step);
  } else {
    if (policy !== undefined && !policyHop(forward, rewritten, toEndpoint, 'egress', vethId, onNode(source.network.hostVeth.name, filter))) {
      return policyDrop(flow, forward, source, endpointPod, endpoint.port, policy, 'egress', step);
    }
    // Weave: the node routes the packet back onto the weave bridge, and the fast datapath (or the sleeve router) carries it to the endpoint's node.
    const leg = isWeave(plugin) && endpointNode !== node ? weaveRoutedAcross(forward, rewritten, toEndpoint) : routeOnward(forward, rewritten, toEndpoint, 'dnat');
    if (leg.dropped) return policyDrop(flow, forward, source, endpointPod, endpoint.port, policy, leg.direction, step);
  }

  const arrived = forward.packet ?? rewritten;
  const listener = listenerOf(endpointPod, endpoint.port, protocol);
  const resolved: ResolvedFlow = { source, container, destination: endpointPod, listener };
  const answer = answerPacket(arrived, resolved);
  arrive(forward, reply, resolved, arrived, answer);
  const replyFilter = answer.l4.protocol === 'ICMP' ? refusalFilter(arrived) : filter;
  const back: LegContext = {
    plugin: cluster.settings.cni,
    fromNode: endpointNode,
    toNode: node,
    from: endpointPod,
    to: source,
    filter: replyFilter,
    // On Weave the client is on-link for the endpoint, which only ever heard an ARP request from the client node's bridge address: it asks for the client's MAC.
    needsArp: isWeave(plugin) && !socketLb && endpointNode !== node,
    ...(socketLb ? {} : { beforeDelivery: (list: HopList, packet: Packet) => undoDnat(list, packet, node, target, flow.to.port, request, endpoint) }),
  };
  if (sameBridge) crossBridge(reply, answer, back);
  else carryBetween(reply, answer, back);
  finishReply(reply, resolved, reply.packet ?? answer, protocol, replyFilter);

  const via = endpointNode === node ? `on ${node.name}` : `on ${endpointNode.name}, routed from ${node.name}`;
  const undone = socketLb
    ? `the reply comes back from ${endpoint.ip}:${endpoint.port} unchanged, and the socket hook (cil_sock4_recvmsg) shows the application ${target.address}:${flow.to.port}`
    : `conntrack rewrites the reply's source back to ${target.address}:${flow.to.port}`;
  return done({
    flow,
    verdict: listener !== undefined ? 'delivered' : 'refused',
    explanation:
      listener !== undefined
        ? `${formatFlow(flow)}: ${RULES_OF[lookup.backend]} on ${node.name} send ${target.address}:${flow.to.port} to endpoint ${outcome.index + 1} of ${outcome.candidates.length}, ` +
          `${endpointPod.namespace}/${endpointPod.name} at ${endpoint.ip}:${endpoint.port} ${via}; ${undone}.`
        : refusalExplanation(flow, endpointPod, endpoint.port),
    hops: forward.toArray(),
    reply: reply.toArray(),
    service: step,
  });
}

export const RULES_OF: Readonly<Record<ServiceLookup['backend'], string>> = {
  iptables: "kube-proxy's iptables rules",
  ipvs: "kube-proxy's IPVS virtual servers",
  nftables: "kube-proxy's nftables rules",
  none: "Cilium's eBPF service maps",
};

/**
 * One hop per rule up to the one that decides (the DNAT, a REJECT or DROP), so that each jump
 * between kube-proxy's chains can be stepped through; rules matched after the DNAT (filter
 * FORWARD's jumps into kube-proxy's chains, which let the packet on) share one hop per table.
 */
export function walkRules(list: HopList, framed: Packet, lookup: ServiceLookup, where: string): Packet {
  const outcome = lookup.outcome;
  const rules = lookup.rules;
  const flagged = rules.findIndex((r) => r.dnat === true);
  const rewriting = flagged >= 0 ? flagged : outcome.kind === 'dnat' ? rules.length - 1 : -1;
  const deciding = rewriting >= 0 ? rewriting : rules.length - 1;
  let packet = framed;
  rules.slice(0, deciding + 1).forEach((rule, i) => {
    if (i === rewriting && outcome.kind === 'dnat') {
      const l4 = packet.l4 as PortHeader;
      packet = { ...packet, ip: { ...packet.ip, dst: outcome.endpoint.ip }, l4: { ...l4, dstPort: outcome.endpoint.port } };
    }
    list.add({
      where,
      kind: 'service-rule',
      summary: describeRule(rule, i === rewriting ? lookup : undefined, framed),
      packet,
      rule: { kind: 'service-rule', text: rule.text, source: undefined },
      capture: captureFor(lookup.backend, rule),
    });
  });
  const after = rules.slice(deciding + 1);
  for (const table of [...new Set(after.map((r) => r.table))]) {
    const group = after.filter((r) => r.table === table);
    const chains = [...new Set(group.map((r) => r.chain))].join(', ');
    list.add({
      where,
      kind: 'service-rule',
      summary: `${table} ${chains}: the packet passes kube-proxy's ${group.length === 1 ? 'rule' : `${group.length} rules`} here, which only act on other traffic (load balancer source ranges, invalid connections, Services without endpoints).`,
      packet,
      rule: { kind: 'service-rule', text: group.map((r) => r.text).join('\n'), source: undefined },
      capture: captureFor(lookup.backend, group[0]!),
    });
  }
  return packet;
}

function describeRule(rule: MatchedRule, final: ServiceLookup | undefined, framed: Packet): string {
  const at = `${rule.table} ${rule.chain}`;
  const outcome = final?.outcome;
  if (outcome?.kind === 'dnat') {
    const l4 = framed.l4 as PortHeader;
    return `${at}: the rule DNATs ${framed.ip.dst}:${l4.dstPort} to ${outcome.endpoint.ip}:${outcome.endpoint.port}, endpoint ${outcome.index + 1} of ${outcome.candidates.length}. conntrack remembers the rewrite for the rest of the connection.`;
  }
  const note = rule.note === undefined ? '' : ` ${rule.note.endsWith('.') ? rule.note : `${rule.note}.`}`;
  // iptables and nftables rules name where they send the packet; say it in words.
  const jump = / -j (KUBE-[A-Z0-9-]+)\s*$/.exec(rule.text)?.[1];
  return `${at}: ${jump === undefined ? 'the rule matches' : `the rule matches and jumps to ${jump}`}.${note}`;
}

function captureFor(backend: ServiceLookup['backend'], rule: MatchedRule): { command: string; note: string | undefined } {
  switch (backend) {
    case 'iptables':
      return { command: `iptables-save -t ${rule.table} | grep -- '-A ${rule.chain} '`, note: 'Counters: iptables -t nat -L ' + rule.chain + ' -v -n shows how many packets each rule matched.' };
    case 'ipvs':
      return { command: 'ipvsadm -Ln --stats', note: undefined };
    case 'nftables':
      return { command: 'nft list table ip kube-proxy', note: undefined };
    case 'none':
      return { command: 'cilium-dbg service list', note: 'Run it in the Cilium agent pod on this node.' };
  }
}

/** conntrack on the client's node: the reply of a DNATed connection gets the Service address back as its source. */
function undoDnat(list: HopList, packet: Packet, node: ClusterNode, target: ServiceTarget, port: number, request: Packet, endpoint: { ip: string; port: number }): Packet {
  const l4 = packet.l4;
  const restored: Packet =
    l4.protocol === 'ICMP'
      ? { ...packet, ip: { ...packet.ip, src: target.address } }
      : { ...packet, ip: { ...packet.ip, src: target.address }, l4: { ...l4, srcPort: port } };
  const sport = (request.l4 as PortHeader).srcPort;
  const proto = request.ip.protocol.toString().toLowerCase();
  list.add({
    where: elementId.kubeProxy(node.name),
    kind: 'conntrack',
    summary:
      `conntrack on ${node.name} knows this packet: it is the reply of the connection kube-proxy's rule DNATed. It rewrites the source ${endpoint.ip}:${endpoint.port} back to ` +
      `${target.address}:${port}, so the client sees an answer from the address it called (and would drop it otherwise).`,
    packet: restored,
    rule: {
      kind: 'conntrack',
      text: `${proto} src=${request.ip.src} dst=${target.address} sport=${sport} dport=${port} src=${endpoint.ip} dst=${request.ip.src} sport=${endpoint.port} dport=${sport}`,
      source: undefined,
    },
    capture: { command: `conntrack -L -d ${target.address} -p ${proto} --dport ${port}`, note: 'Run on the node; conntrack-tools lists the entry with both directions.' },
  });
  return restored;
}

/** kube-proxy rejects a Service port without endpoints: the node answers with ICMP port unreachable. */
function rejected(flow: Flow, forward: HopList, reply: HopList, packet: Packet, node: ClusterNode, source: NamespacedPod, container: string, reason: string, step: ServiceStep): TraceResult {
  // The ICMP error leaves by the route back to the pod; its source is that route's address on the node.
  const from = node.bridge?.cidr?.split('/')[0] ?? node.internalIP;
  const icmp: Packet = {
    eth: { src: node.bridge?.mac ?? source.network.hostVeth.mac, dst: source.network.eth0.mac },
    ip: { src: from, dst: source.ip, ttl: INITIAL_TTL, protocol: 'ICMP' },
    l4: { protocol: 'ICMP', type: 3, code: 3, description: 'destination unreachable: port unreachable' },
  };
  forward.add({
    where: elementId.kubeProxy(node.name),
    kind: 'refuse',
    summary: `${reason} kube-proxy's REJECT answers in place of a server.`,
    packet,
    capture: { command: `iptables -t filter -L KUBE-SERVICES -v -n`, note: undefined },
  });
  reply.add({
    where: elementId.kubeProxy(node.name),
    kind: 'kernel-reply',
    summary: `${node.name} sends ICMP type 3 code 3 (port unreachable) from ${from} to ${source.ip}.`,
    packet: icmp,
    capture: onNode(source.network.hostVeth.name, `icmp and host ${source.ip}`),
    fresh: true,
  });
  reply.add({
    where: elementId.podInterface(source.namespace, source.name, source.network.eth0.name),
    kind: 'veth-receive',
    summary: `The ICMP error crosses ${source.network.hostVeth.name} into ${source.name}'s eth0.`,
    packet: icmp,
    capture: insidePod(source.namespace, source.name, container, `tcpdump -eni eth0 'icmp'`),
  });
  reply.add({
    where: elementId.container(source.namespace, source.name, container),
    kind: 'deliver',
    summary:
      flow.to.protocol === 'UDP'
        ? `The port-unreachable reaches ${container}: a connected UDP socket reports ECONNREFUSED on its next call.`
        : `The port-unreachable reaches ${container}'s socket: connect() fails with ECONNREFUSED ("connection refused"), not a timeout.`,
    packet: icmp,
    capture: insidePod(source.namespace, source.name, container, `ss -tanp`),
  });
  return done({ flow, verdict: 'refused', explanation: `${formatFlow(flow)} is refused on ${node.name}: ${reason}`, hops: forward.toArray(), reply: reply.toArray(), service: step });
}

function policyDrop(
  flow: Flow,
  forward: HopList,
  source: Pod,
  endpointPod: Pod,
  port: number,
  policy: ReturnType<typeof checkPolicies>,
  direction: 'egress' | 'ingress',
  step: ServiceStep,
): TraceResult {
  const fix =
    policy === undefined
      ? undefined
      : suggestPolicyFix(source, endpointPod, port, flow.to.protocol, { egress: policy.egress.kind === 'denied', ingress: policy.ingress.kind === 'denied' });
  return done({
    ...(fix === undefined ? {} : { fix }),
    flow,
    verdict: 'dropped',
    explanation:
      `${formatFlow(flow)} is dropped by NetworkPolicy on the ${direction === 'egress' ? 'source' : 'destination'} side, after kube-proxy chose ${endpointPod.namespace}/${endpointPod.name}: ` +
      `policies judge the endpoint pod and its target port ${port}, not the Service. ${policy?.message ?? ''}`.trim(),
    hops: forward.toArray(),
    reply: [],
    service: step,
  });
}

export function serviceStep(target: ServiceTarget, node: ClusterNode, lookup: ServiceLookup): ServiceStep {
  const outcome = lookup.outcome;
  const candidates = outcome.kind === 'dnat' ? outcome.candidates : [];
  return {
    namespace: target.service.namespace,
    name: target.service.name,
    address: target.address,
    port: target.port.port,
    node: node.name,
    backend: lookup.backend,
    rules: lookup.rules,
    endpoints: candidates.map((e) => ({ ip: e.ip, port: e.port, pod: e.pod === undefined ? undefined : `${e.pod.namespace}/${e.pod.name}` })),
    chosen: outcome.kind === 'dnat' ? outcome.index : undefined,
  };
}

function nodeOf(cluster: Cluster, pod: Pod): ClusterNode | undefined {
  return cluster.nodes.find((n) => n.name === pod.nodeName);
}

function done(trace: Trace): TraceResult {
  return { ok: true, trace };
}

function fail(code: string, message: string): TraceResult {
  return { ok: false, error: { code, message } };
}
