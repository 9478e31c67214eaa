import type { Cluster, ClusterNode, Container, Pod } from '../cluster/types';
import { kubeProxyBackend } from '../kube-proxy';
import { elementId } from '../topology/ids';
import { hash32 } from '../util/hash';
import { policiesFromAddress } from './address-policy';
import { connectionFilter, insidePod, onNode } from './capture';
import { resolveDestination } from './destination';
import { formatFlow } from './flow';
import { HopList } from './hop-list';
import { accepts, answererOf, deliverToHost, hostSocketAt, hostTargetOf, type HostTarget } from './host-destination';
import { nodeServiceToHost } from './node-service-host';
import { egressOf, sourceAddressFor } from './node-addresses';
import { hostEntry, leavePodForHost } from './pod-to-host-stack';
import { routeFromNode, type HostLeg, type HostRouteEnd } from './host-path';
import { masqueradeHop, masqueradePort, unDnatHop, unSnatHop, type ConntrackEntry, type Endpoint4 } from './nat-hops';
import { isNamespaced, type NamespacedPod } from './pod-side';
import { overlayBack, overlayBetween, overlayToPod, serviceThroughOverlay } from './node-overlay';
import { findPod } from './resolve';
import { RULES_OF, walkRules } from './service-rules';
import { serviceStep } from './service-step';
import { describeAnswer, ephemeralPort, INITIAL_TTL, openingFlags, openingVerb, receiveAndAnswer, refusalExplanation } from './socket-ends';
import type { Capture, Flow, Packet, Trace, TraceOptions, TraceResult } from './types';
import { isWeave } from '../dataplane/weave-sleeve';

/**
 * A sender in a node's own network namespace: a node process such as kubelet (`node/NAME`), or
 * a hostNetwork pod's container, which shares that namespace. Its packets start in the node's
 * IP stack: no veth, no bridge port of their own, and no NetworkPolicy on their way out.
 */
export interface NodeSender {
  readonly node: ClusterNode;
  /** The hostNetwork pod and container that send, when it is one. */
  readonly pod?: { readonly pod: Pod; readonly container: Container };
}

export function traceNodeFlow(cluster: Cluster, flow: Flow, sender: NodeSender, options: TraceOptions): TraceResult {
  if (flow.to.kind === 'name') {
    return fail('node-dns', `A process in ${sender.node.name}'s own namespace resolves names through the node's /etc/resolv.conf, not the cluster's DNS; give the address instead.`);
  }
  if (flow.to.kind === 'pod' && flow.to.localhost === true) return fail('localhost-node', 'localhost from a node is the node itself; give the node address and port instead.');
  const host = hostTargetOf(cluster, flow);
  if (host !== undefined) return nodeToHost(cluster, flow, sender, host);
  const target = resolveDestination(cluster, flow);
  if (!target.ok) return target;
  if (target.value.kind === 'pod') {
    const pod = findPod(cluster, target.value.pod.namespace, target.value.pod.pod);
    if (pod === undefined) return fail('unknown-destination', `The destination pod ${target.value.pod.namespace}/${target.value.pod.pod} is not in the manifests.`);
    if (!isNamespaced(pod)) return fail('host-network', `${pod.namespace}/${pod.name} uses hostNetwork.`);
    return nodeToPod(cluster, flow, sender, pod);
  }
  return nodeToService(cluster, flow, sender, target.value, options);
}

/** Where a node sender's socket is drawn: its container, or the node itself. */
function socketAt(sender: NodeSender): string {
  const p = sender.pod;
  return p === undefined ? elementId.node(sender.node.name) : elementId.container(p.pod.namespace, p.pod.name, p.container.name);
}

function who(sender: NodeSender): string {
  const p = sender.pod;
  return p === undefined
    ? `A process in ${sender.node.name}'s own network namespace (kubelet, say)`
    : `Container ${p.container.name} of ${p.pod.namespace}/${p.pod.name}, a hostNetwork pod that shares ${sender.node.name}'s network namespace,`;
}

function socketCapture(sender: NodeSender, filter: string): Capture {
  const p = sender.pod;
  return p === undefined ? onNode('any', filter) : insidePod(p.pod.namespace, p.pod.name, p.container.name, `tcpdump -ni any '${filter}'`);
}

/** No policy judges the sending side: NetworkPolicies select pods, and the node's namespace is none of them. */
function senderPolicyHop(cluster: Cluster, list: HopList, packet: Packet, sender: NodeSender, filter: string): void {
  if (!cluster.settings.enforceNetworkPolicy || cluster.networkPolicies.length === 0) return;
  list.add({
    where: socketAt(sender),
    kind: 'network-policy',
    summary:
      `No NetworkPolicy judges the sender's side: policies select pods with their own network namespace, and ${sender.pod === undefined ? 'a node process' : 'a hostNetwork pod'} ` +
      `sends from the node's. (Policies do not apply to hostNetwork pods; the receiving pod's ingress rules still apply, and the common CNIs always let a pod's own node in, for kubelet's probes.)`,
    packet,
    capture: socketCapture(sender, filter),
  });
}

function openSocket(list: HopList, flow: Flow, sender: NodeSender, dst: string, source: { address: string; why: string }, note: string): Packet {
  const protocol = flow.to.protocol;
  const sport = ephemeralPort(flow);
  const packet: Packet = {
    eth: undefined,
    ip: { src: source.address, dst, ttl: INITIAL_TTL, protocol },
    l4: { protocol, srcPort: sport, dstPort: flow.to.port, flags: openingFlags(protocol) },
  };
  list.add({
    where: socketAt(sender),
    kind: 'socket-send',
    summary: `${who(sender)} ${openingVerb(protocol)} ${dst}:${flow.to.port}${note} from ${source.address}:${sport}. The socket binds no address, so the kernel takes the source from the route to ${dst}: ${source.why}.`,
    packet,
    capture: socketCapture(sender, connectionFilter(source.address, dst, protocol, flow.to.port)),
    fresh: true,
  });
  return packet;
}

/** The reply's way from a pod back to the node's own address. */
function podBackToNode(reply: HopList, answer: Packet, pod: NamespacedPod, cluster: Cluster, filter: string): HostRouteEnd {
  const podNode = cluster.nodes.find((n) => n.name === pod.nodeName)!;
  const framed = leavePodForHost(reply, answer, pod, podNode, filter, false);
  const leg: HostLeg = { cluster, filter, needsArp: false };
  return routeFromNode(reply, framed, podNode, leg, { where: hostEntry(podNode, pod), forwarded: true, lead: `${podNode.name} routes the reply` });
}

function finishAtSocket(reply: HopList, sender: NodeSender, packet: Packet, accepted: boolean, filter: string): void {
  reply.add({
    where: socketAt(sender),
    kind: 'deliver',
    summary: accepted
      ? `${describeAnswer(packet)} reaches the sender's socket in ${sender.node.name}'s namespace: the connection is established.`
      : `${describeAnswer(packet)} reaches the sender's socket: the connection is refused.`,
    packet,
    capture: socketCapture(sender, filter),
  });
}

function nodeToPod(cluster: Cluster, flow: Flow, sender: NodeSender, pod: NamespacedPod): TraceResult {
  const node = sender.node;
  const source = sourceAddressFor(node, pod.ip);
  if (source === undefined) return fail('no-route', `${node.name} has no route to ${pod.ip}.`);
  const forward = new HopList();
  const reply = new HopList();
  const { protocol, port } = flow.to;
  const filter = connectionFilter(source.address, pod.ip, protocol, port);
  const request = openSocket(forward, flow, sender, pod.ip, source, '');
  senderPolicyHop(cluster, forward, request, sender, filter);
  const policy = policiesFromAddress(cluster, source.address, pod, port, protocol);
  const leg: HostLeg = { cluster, filter, needsArp: true, ...(policy === undefined ? {} : { policy }) };
  const podNode = cluster.nodes.find((n) => n.name === pod.nodeName);
  if (podNode === undefined) return fail('no-node', `The node of ${pod.name} is not in the cluster.`);
  // Weave's range and Cilium's tunnel reach a pod on another node by the plugin's overlay, not by the node's routes alone.
  const overlay = overlayBetween(cluster, node, podNode);
  const end = overlay
    ? overlayToPod(cluster, forward, request, node, podNode, pod, filter, policy, { where: socketAt(sender), lead: `${node.name}'s routing table sends ${pod.ip} by this route` })
    : routeFromNode(forward, request, node, leg, { where: socketAt(sender), forwarded: false, lead: `${node.name}'s routing table sends ${pod.ip} by this route` });
  if (end.kind !== 'pod') throw new Error(`the packet for ${pod.ip} did not reach a pod`);
  if (end.dropped) {
    return done({ flow, verdict: 'dropped', explanation: `${formatFlow(flow)} is dropped by NetworkPolicy in front of ${pod.namespace}/${pod.name}. ${policy?.message ?? ''}`.trim(), hops: forward.toArray(), reply: [] });
  }
  const { answer, listener } = receiveAndAnswer(forward, reply, pod, end.packet, port, protocol);
  const back = overlay ? { kind: 'local' as const, node, packet: overlayBack(reply, answer, pod, podNode, node, filter) } : podBackToNode(reply, answer, pod, cluster, filter);
  if (back.kind !== 'local' || back.node !== node) throw new Error('the reply did not come back to the sending node');
  finishAtSocket(reply, sender, back.packet, listener !== undefined, filter);
  return done({
    flow,
    verdict: listener !== undefined ? 'delivered' : 'refused',
    explanation:
      listener !== undefined
        ? `${formatFlow(flow)}: ${node.name}'s routing table sends it straight to ${pod.namespace}/${pod.name} ${pod.nodeName === node.name ? 'on the same node' : `on ${pod.nodeName}`}, from ${source.address} (${source.why}); the reply comes back to that address.`
        : refusalExplanation(flow, pod, port),
    hops: forward.toArray(),
    reply: reply.toArray(),
  });
}

function nodeToService(cluster: Cluster, flow: Flow, sender: NodeSender, target: Extract<ReturnType<typeof resolveDestination>, { ok: true }>['value'] & { kind: 'service' }, options: TraceOptions): TraceResult {
  const node = sender.node;
  const { protocol } = target.port;
  const port = flow.to.port;
  const source = sourceAddressFor(node, target.address);
  if (source === undefined) return fail('no-route', `${node.name} has no route to ${target.address}.`);
  const forward = new HopList();
  const reply = new HopList();
  const isClusterIP = target.address === target.service.clusterIP;
  const request = openSocket(forward, flow, sender, target.address, source, `, ${target.service.namespace}/${target.service.name}'s ${isClusterIP ? 'ClusterIP' : 'address'},`);
  const lookup = kubeProxyBackend(cluster.settings.kubeProxyMode).lookup(
    cluster,
    node.name,
    { src: source.address, dst: target.address, protocol, dstPort: port, origin: 'node' },
    { seed: hash32(`endpoint:${formatFlow(flow)}`), ...(options.endpoint === undefined ? {} : { pin: options.endpoint }) },
  );
  const outcome = lookup.outcome;
  if (outcome.kind === 'not-a-service') return fail('no-rules', `${node.name}'s ${lookup.backend} rules have nothing for ${target.address}:${port}/${protocol}.`);
  const rewritten = walkRules(forward, request, lookup, elementId.kubeProxy(node.name));
  const step = serviceStep(target, node, lookup);
  if (outcome.kind !== 'dnat') {
    const verdict = outcome.kind === 'reject' || (outcome.kind === 'unserved' && outcome.verdict === 'reject') ? 'refused' : 'dropped';
    forward.add({
      where: elementId.kubeProxy(node.name),
      kind: verdict === 'refused' ? 'refuse' : 'drop',
      summary: verdict === 'refused' ? `${outcome.reason} kube-proxy's REJECT in filter OUTPUT makes connect() fail with ECONNREFUSED at once.` : `${outcome.reason} The sender gets no answer.`,
      packet: rewritten,
      capture: { command: 'iptables -t filter -L KUBE-SERVICES -v -n', note: undefined },
    });
    return done({ flow, verdict, explanation: `${formatFlow(flow)} is ${verdict} on ${node.name}: ${outcome.reason}`, hops: forward.toArray(), reply: [], service: step });
  }
  const { endpoint } = outcome;
  const pod = endpoint.pod === undefined ? undefined : findPod(cluster, endpoint.pod.namespace, endpoint.pod.name);
  if (pod === undefined || !isNamespaced(pod)) {
    // A node's own address (the API server, a hostNetwork pod): node-service-host.ts.
    const filter = `host ${endpoint.ip} and ${protocol.toLowerCase()} port ${endpoint.port}`;
    const called = { ip: target.address, port };
    const end = nodeServiceToHost({ cluster, node, forward, reply, rewritten, outcome, called, socket: socketAt(sender), filter });
    if (end === undefined) return fail('endpoint-not-a-pod', `kube-proxy chose ${endpoint.ip}:${endpoint.port}, which is neither a pod nor a node of the cluster; a node's Service connection to an address outside is not simulated yet.`);
    finishAtSocket(reply, sender, end.back, accepts(end.target), filter);
    const explanation = accepts(end.target)
      ? `${formatFlow(flow)}: ${RULES_OF[lookup.backend]} on ${node.name} (nat OUTPUT) send ${target.address}:${port} to ${endpoint.ip}:${endpoint.port}, where ${answererOf(end.target)} listens in ${end.target.node.name}'s own namespace; the other end sees ${end.seenFrom}, and conntrack undoes the NAT on the reply.`
      : `${formatFlow(flow)} is refused: ${RULES_OF[lookup.backend]} send it to ${endpoint.ip}:${endpoint.port}, where nothing the simulator knows listens (no hostNetwork pod on ${end.target.node.name} declares ${protocol} ${endpoint.port}).`;
    return done({ flow, verdict: accepts(end.target) ? 'delivered' : 'refused', explanation, hops: forward.toArray(), reply: reply.toArray(), service: step });
  }
  const endpointNode = cluster.nodes.find((n) => n.name === pod.nodeName);
  if (endpointNode === undefined) return fail('no-node', `The node of ${pod.name} is not in the cluster.`);
  const egress = egressOf(node, endpoint.ip);
  if (egress === undefined) throw new Error(`node ${node.name} has no route to ${endpoint.ip}`);
  const masquerade = outcome.masquerade;
  const sport = ephemeralPort(flow);
  const filter = `host ${endpoint.ip} and ${protocol.toLowerCase()} port ${endpoint.port}`;
  const policyFrom = (address: string) => policiesFromAddress(cluster, address, pod, endpoint.port, protocol);
  senderPolicyHop(cluster, forward, rewritten, sender, filter);
  const why = `the ClusterIP rule "! -s ${cluster.settings.clusterCIDR} -j KUBE-MARK-MASQ" set it: the source ${source.address} is not a pod address`;
  // Weave's range and Cilium's tunnel carry the DNATed packet to an endpoint on another node (node-overlay.ts).
  const overlay = overlayBetween(cluster, node, endpointNode);
  let arrived: { readonly packet: Packet; readonly seenFrom: Endpoint4 };
  if (overlay) {
    const end = serviceThroughOverlay({ cluster, node, endpointNode, pod, forward, rewritten, postrouting: outcome.postrouting, why, where: socketAt(sender), filter, policy: policyFrom }, masquerade);
    if (end.kind === 'no-masquerade') {
      return fail('not-simulated', `${RULES_OF[lookup.backend]} chose ${pod.namespace}/${pod.name} on ${pod.nodeName} without marking the packet for masquerade, so it would answer ${source.address} outside ${cluster.settings.cni}'s overlay; that path is not simulated yet. Pin an endpoint on ${node.name} to follow it.`);
    }
    if (end.kind === 'dropped') {
      return done({ flow, verdict: 'dropped', explanation: `${formatFlow(flow)} is dropped by NetworkPolicy in front of ${pod.namespace}/${pod.name}, which sees the source ${end.seenFrom}. ${end.policy?.message ?? ''}`.trim(), hops: forward.toArray(), reply: [], service: step });
    }
    arrived = { packet: end.atPod, seenFrom: end.seenFrom };
  } else {
    const seenFrom = masquerade ? egress.address : source.address;
    const policy = policyFrom(seenFrom);
    const leg: HostLeg = {
      cluster,
      filter,
      needsArp: true,
      ...(policy === undefined ? {} : { policy }),
      postrouting: (list, packet, at, device) => (masquerade && at === node ? masqueradeHop(list, packet, at, device, outcome.postrouting, why) : packet),
    };
    const end = routeFromNode(forward, rewritten, node, leg, {
      where: socketAt(sender),
      forwarded: false,
      lead: `nat OUTPUT rewrote the destination after the first route lookup, so ${node.name} routes the packet again, to ${endpoint.ip}`,
    });
    if (end.kind !== 'pod') throw new Error(`the packet for ${endpoint.ip} did not reach a pod`);
    if (end.dropped) {
      return done({ flow, verdict: 'dropped', explanation: `${formatFlow(flow)} is dropped by NetworkPolicy in front of ${pod.namespace}/${pod.name}, which sees the source ${seenFrom}. ${policy?.message ?? ''}`.trim(), hops: forward.toArray(), reply: [], service: step });
    }
    arrived = { packet: end.packet, seenFrom: { ip: seenFrom, port: masquerade ? masqueradePort(outcome.postrouting, rewritten) : sport } };
  }
  const { seenFrom } = arrived;
  const { answer, listener } = receiveAndAnswer(forward, reply, pod, arrived.packet, endpoint.port, protocol);
  const conntrack: ConntrackEntry = {
    protocol,
    original: { src: { ip: source.address, port: sport }, dst: { ip: target.address, port } },
    reply: { src: { ip: endpoint.ip, port: endpoint.port }, dst: seenFrom },
  };
  const back = overlay ? { kind: 'local' as const, node, packet: overlayBack(reply, answer, pod, endpointNode, node, filter) } : podBackToNode(reply, answer, pod, cluster, filter);
  if (back.kind !== 'local' || back.node !== node) throw new Error('the reply did not come back to the sending node');
  let packet = back.packet;
  if (masquerade) packet = unSnatHop(reply, packet, node, conntrack, 'The packet is for this node, so it goes on to filter INPUT.');
  packet = unDnatHop(reply, packet, node, conntrack, 'INPUT', '');
  finishAtSocket(reply, sender, packet, listener !== undefined, filter);
  return done({
    flow,
    verdict: listener !== undefined ? 'delivered' : 'refused',
    explanation:
      listener !== undefined
        ? `${formatFlow(flow)}: ${RULES_OF[lookup.backend]} on ${node.name} (nat OUTPUT) send ${target.address}:${port} to ${pod.namespace}/${pod.name} at ${endpoint.ip}:${endpoint.port}` +
          `${overlay ? ` on ${endpointNode.name}, through ${overlayName(cluster)}` : ''}` +
          `${masquerade ? `, masqueraded to ${seenFrom.ip} (${egress.addressOf}'s address)` : ''}; conntrack undoes the NAT on the reply.`
        : refusalExplanation(flow, pod, endpoint.port),
    hops: forward.toArray(),
    reply: reply.toArray(),
    service: step,
  });
}

/** The overlay's name for explanations. */
function overlayName(cluster: Cluster): string {
  return isWeave(cluster.settings.cni) ? "Weave's overlay (the weave bridge and the peers' datapath)" : "Cilium's tunnel (cilium_host, cilium_vxlan)";
}

function nodeToHost(cluster: Cluster, flow: Flow, sender: NodeSender, target: HostTarget): TraceResult {
  const node = sender.node;
  const forward = new HopList();
  const reply = new HopList();
  const { protocol, port } = target;
  const same = target.node === node;
  const source = same ? { address: target.address, why: `the destination is the node's own address, and the local route's src is that address` } : sourceAddressFor(node, target.address);
  if (source === undefined) return fail('no-route', `${node.name} has no route to ${target.address}.`);
  const filter = connectionFilter(source.address, target.address, protocol, port);
  const request = openSocket(forward, flow, sender, target.address, source, target.listener === undefined ? '' : `, where ${target.listener.pod.namespace}/${target.listener.pod.name} listens`);
  let arrived = request;
  if (!same) {
    const leg: HostLeg = { cluster, filter, needsArp: true };
    const end = routeFromNode(forward, request, node, leg, { where: socketAt(sender), forwarded: false, lead: `${node.name}'s routing table sends ${target.address} by this route` });
    if (end.kind !== 'local' || end.node !== target.node) throw new Error(`the packet for ${target.address} did not reach ${target.node.name}`);
    arrived = end.packet;
  }
  const answer = deliverToHost(forward, reply, arrived, target, same ? 'it never leaves the node: the loopback device carries it' : `it came over the node network from ${node.name}`);
  let back = answer;
  if (!same) {
    const end = routeFromNode(reply, answer, target.node, { cluster, filter, needsArp: false }, { where: hostSocketAt(target), forwarded: false, lead: `${target.node.name}'s routing table sends the reply back to ${source.address}` });
    if (end.kind !== 'local' || end.node !== node) throw new Error('the reply did not come back to the sending node');
    back = end.packet;
  }
  finishAtSocket(reply, sender, back, accepts(target), filter);
  return done({
    flow,
    verdict: accepts(target) ? 'delivered' : 'refused',
    explanation:
      accepts(target)
        ? `${formatFlow(flow)} reaches ${answererOf(target)}, which listens in ${target.node.name}'s own namespace${same ? ', over the loopback device' : ', over the node network'}.`
        : `${formatFlow(flow)} is refused: no hostNetwork pod on ${target.node.name} declares ${protocol} ${port}.`,
    hops: forward.toArray(),
    reply: reply.toArray(),
  });
}

function done(trace: Trace): TraceResult {
  return { ok: true, trace };
}

function fail(code: string, message: string): TraceResult {
  return { ok: false, error: { code, message } };
}
