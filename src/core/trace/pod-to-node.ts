import type { Cluster, ClusterNode, Container } from '../cluster/types';
import { elementId } from '../topology/ids';
import { policiesToAddress } from './address-policy';
import { connectionFilter, insidePod, onNode } from './capture';
import { formatFlow } from './flow';
import { HopList } from './hop-list';
import { accepts, answererOf, deliverToHost, hostSocketAt, type HostTarget } from './host-destination';
import { routeFromNode } from './host-path';
import { hostEntry, leavePodForHost } from './pod-to-host-stack';
import { carryOut } from './pod-outward';
import { policyHop, sideHop, type LegContext, type NamespacedPod } from './pod-side';
import { describeAnswer, ephemeralPort, INITIAL_TTL, openingFlags, openingVerb } from './socket-ends';
import type { Flow, Packet, TraceResult } from './types';

/**
 * A pod (with its own network namespace) to a node's own namespace: a hostNetwork pod, or a
 * node address. On its own node the packet goes up the veth into the node's stack and is taken
 * in locally; to another node's address it leaves through the CNI's masquerade rules for
 * traffic leaving the pod network (tracePodToOtherNode).
 */
export function tracePodToHost(cluster: Cluster, flow: Flow, source: NamespacedPod, container: Container, target: HostTarget): TraceResult {
  const node = cluster.nodes.find((n) => n.name === source.nodeName);
  if (node === undefined) return fail('no-node', `The node of ${source.name} is not in the cluster.`);
  if (target.node !== node) return tracePodToOtherNode(cluster, flow, source, container, node, target);
  const plugin = cluster.settings.cni;
  const { protocol, port } = target;
  const { forward, reply, filter, framed } = sendToHost(flow, source, container, node, target);
  const policy = policiesToAddress(cluster, source, target.address, port, protocol);
  if (policy !== undefined) {
    const leg: LegContext = { plugin, fromNode: node, toNode: node, from: source, to: source, filter, needsArp: true, policy };
    if (!policyHop(forward, framed, leg, 'egress', elementId.hostVeth(node.name, source.network.hostVeth.name), onNode(source.network.hostVeth.name, filter))) {
      return done(flow, 'dropped', `${formatFlow(flow)} is dropped by NetworkPolicy on the source side. ${policy.message}`, forward, new HopList());
    }
  }
  const answer = deliverToHost(forward, reply, framed, target, `it came up ${source.network.hostVeth.name} from ${source.name}`);
  const end = routeFromNode(reply, answer, node, { cluster, filter, needsArp: false }, { where: hostSocketAt(target), forwarded: false, lead: `${node.name}'s routing table sends the reply to ${source.ip}` });
  if (end.kind !== 'pod') throw new Error('the reply did not reach the pod');
  reply.add({
    where: elementId.container(source.namespace, source.name, container.name),
    kind: 'deliver',
    summary:
      accepts(target)
        ? `${describeAnswer(end.packet)} reaches ${container.name}'s socket: the connection is established.`
        : `${describeAnswer(end.packet)} reaches ${container.name}'s socket: the connection is refused.`,
    packet: end.packet,
    capture: insidePod(source.namespace, source.name, container.name, `tcpdump -eni eth0 '${filter}'`),
  });
  return done(
    flow,
    accepts(target) ? 'delivered' : 'refused',
    accepts(target)
      ? `${formatFlow(flow)} goes up ${source.name}'s veth into ${node.name}'s own stack, which takes it in for its address ${target.address} and hands it to ${answererOf(target)}${target.listener === undefined ? '' : ' (hostNetwork)'}.`
      : `${formatFlow(flow)} is refused: no hostNetwork pod on ${node.name} declares ${protocol} ${port}.`,
    forward,
    reply,
  );
}

/**
 * A pod's connection to another node's own address: a hostNetwork pod there, a node process,
 * the API server. The pod's packet goes up its veth into its own node's stack like any packet
 * off the pod subnet; the node routes it over the node network, and on the way out nat
 * POSTROUTING runs the CNI plugin's rule for traffic leaving the pod network. Whether that rule
 * masquerades a destination that is a cluster node differs by plugin (cni-masquerade.ts):
 * flanneld, Calico's natOutgoing, Weave, kubenet and Cilium in tunnel mode do; Cilium in native
 * routing spares the nodes' addresses. The other node takes the packet in for its own address;
 * the answer comes back to the address the far end saw.
 */
export function tracePodToOtherNode(cluster: Cluster, flow: Flow, source: NamespacedPod, container: Container, node: ClusterNode, target: HostTarget): TraceResult {
  const { protocol, port } = target;
  const { forward, reply, filter, framed } = sendToHost(flow, source, container, node, target);
  // Egress policy judges the node's address itself: only an ipBlock peer admits it.
  const policy = policiesToAddress(cluster, source, target.address, port, protocol);
  if (policy !== undefined) {
    const verdict = policy.egress;
    const at = elementId.hostVeth(node.name, source.network.hostVeth.name);
    sideHop(forward, framed, { plugin: cluster.settings.cni, direction: 'egress', verdict, pod: source }, at, onNode(source.network.hostVeth.name, filter));
    if (verdict.kind === 'denied') {
      return done(flow, 'dropped', `${formatFlow(flow)} is dropped by NetworkPolicy as it leaves ${source.name}: a node's address is no pod, so only an egress ipBlock admits it. ${policy.message}`, forward, new HopList());
    }
  }
  const end = carryOut({
    cluster,
    source,
    container,
    node,
    forward,
    reply,
    packet: framed,
    protocol,
    filter,
    start: { where: hostEntry(node, source), forwarded: true, lead: `${node.name} routes the packet` },
    via: `it came over the node network from ${node.name}`,
  });
  if (end.kind === 'unreachable') return done(flow, 'dropped', `${formatFlow(flow)} is dropped: ${end.explanation}`, forward, new HopList());
  const nat =
    end.masqueradedBy === undefined
      ? `keeps its pod address ${source.ip} (${end.kept ?? 'no rule masquerades it'})`
      : `is masqueraded to ${end.seenFrom} by ${end.masqueradedBy} on the way out`;
  return done(
    flow,
    end.accepted ? 'delivered' : 'refused',
    end.accepted
      ? `${formatFlow(flow)} leaves ${node.name} for ${target.node.name}'s own address and ${nat}; ${answererOf(end.target ?? target)} answers in ${target.node.name}'s namespace` +
          `${end.masqueradedBy === undefined ? '' : `, and conntrack on ${node.name} restores ${source.ip} on the reply`}.`
      : `${formatFlow(flow)} is refused: nothing the simulator knows listens on ${protocol} ${port} in ${target.node.name}'s namespace (no hostNetwork pod there declares it). The packet ${nat}.`,
    forward,
    reply,
  );
}

/** The pod's socket opens the connection, and the packet goes up its veth into its node's stack like any packet off the pod subnet. */
function sendToHost(flow: Flow, source: NamespacedPod, container: Container, node: ClusterNode, target: HostTarget): { forward: HopList; reply: HopList; filter: string; framed: Packet } {
  const { protocol, port } = target;
  const forward = new HopList();
  const reply = new HopList();
  const sport = ephemeralPort(flow);
  const filter = connectionFilter(source.ip, target.address, protocol, port);
  const request: Packet = {
    eth: undefined,
    ip: { src: source.ip, dst: target.address, ttl: INITIAL_TTL, protocol },
    l4: { protocol, srcPort: sport, dstPort: port, flags: openingFlags(protocol) },
  };
  forward.add({
    where: elementId.container(source.namespace, source.name, container.name),
    kind: 'socket-send',
    summary: `Container ${container.name} in ${source.namespace}/${source.name} ${openingVerb(protocol)} ${target.address}:${port}, ${target.node.name}'s own address, from ${source.ip}:${sport}.`,
    packet: request,
    capture: insidePod(source.namespace, source.name, container.name, `tcpdump -eni eth0 '${filter}'`),
    fresh: true,
  });
  const framed = leavePodForHost(forward, request, source, node, filter, true);
  return { forward, reply, filter, framed };
}

function done(flow: Flow, verdict: 'delivered' | 'refused' | 'dropped', explanation: string, forward: HopList, reply: HopList): TraceResult {
  return { ok: true, trace: { flow, verdict, explanation, hops: forward.toArray(), reply: reply.toArray() } };
}

function fail(code: string, message: string): TraceResult {
  return { ok: false, error: { code, message } };
}
