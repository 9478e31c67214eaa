import type { Cluster, ClusterNode, Pod } from '../cluster/types';
import { kubeProxyBackend } from '../kube-proxy';
import { suggestPolicyFix } from '../policy-fix/suggest';
import { elementId } from '../topology/ids';
import { hash32 } from '../util/hash';
import { crossBridge, isNamespaced } from './bridged-leg';
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
import { rejectForPod } from './service-reject';
import { RULES_OF, walkRules } from './service-rules';
import { serviceStep, type ServiceTarget } from './service-step';
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
    return rejectForPod(flow, forward, reply, rewritten, node, source, container.name, outcome.reason, step);
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

function nodeOf(cluster: Cluster, pod: Pod): ClusterNode | undefined {
  return cluster.nodes.find((n) => n.name === pod.nodeName);
}

function done(trace: Trace): TraceResult {
  return { ok: true, trace };
}

function fail(code: string, message: string): TraceResult {
  return { ok: false, error: { code, message } };
}
