import type { Cluster, ClusterNode, Container, Endpoint } from '../cluster/types';
import type { ServiceLookup, ServiceOutcome } from '../kube-proxy/types';
import { formatFlow } from './flow';
import type { HopList } from './hop-list';
import { policiesFromAddress } from './address-policy';
import { egressOf } from './node-addresses';
import { hostEntry, leavePodForHost } from './pod-to-host-stack';
import { routeFromNode, type HostLeg } from './host-path';
import { masqueradeHop, masqueradePort, unDnatHop, unSnatHop, type ConntrackEntry } from './nat-hops';
import type { NamespacedPod } from './pod-side';
import type { ResolvedFlow } from './resolve';
import { finishReply, receiveAndAnswer, refusalExplanation } from './socket-ends';
import type { Flow, Packet, PortHeader, ServiceStep, TraceResult } from './types';

/** Where a pod → Service trace stands when kube-proxy's rules chose to masquerade the packet. */
export interface MasqueradedService {
  readonly cluster: Cluster;
  readonly flow: Flow;
  readonly node: ClusterNode;
  readonly source: NamespacedPod;
  readonly container: Container;
  readonly endpointPod: NamespacedPod;
  readonly endpointNode: ClusterNode;
  readonly lookup: ServiceLookup;
  readonly outcome: Extract<ServiceOutcome, { kind: 'dnat' }>;
  readonly endpoint: Endpoint;
  /** The address and port the client called (the ClusterIP and the Service port). */
  readonly address: string;
  readonly port: number;
  /** The first packet as the client sent it, and after the DNAT. */
  readonly request: Packet;
  readonly rewritten: Packet;
  readonly forward: HopList;
  readonly reply: HopList;
  readonly step: ServiceStep;
}

/**
 * A pod → Service connection whose first packet kube-proxy marked for masquerade. The common
 * case is hairpin: the pod reaches its own Service and the rules pick the pod itself. The
 * KUBE-SEP chain's `-s <podIP> -j KUBE-MARK-MASQ` matched, so KUBE-POSTROUTING rewrites the
 * source to the node's address on the device towards the pod (the bridge's, for bridge CNIs):
 * without it the pod would answer itself directly and the reply would skip the reverse NAT. On
 * a bridge the frame leaves by the port it came in on, which hairpin mode on that veth allows.
 * The pod sees the connection come from the node, and conntrack undoes both rewrites on the
 * reply. (`--masquerade-all` takes the same way to any endpoint.)
 */
export function traceMasqueradedService(m: MasqueradedService): TraceResult {
  const { cluster, flow, node, source, endpointPod, endpoint, outcome, forward, reply } = m;
  const protocol = outcome.port.protocol;
  const hairpin = endpointPod === source;
  const egress = egressOf(node, endpoint.ip);
  if (egress === undefined) throw new Error(`node ${node.name} has no route to ${endpoint.ip}`);
  const sport = (m.request.l4 as PortHeader).srcPort;
  const natPort = masqueradePort(outcome.postrouting, m.rewritten);
  const seenFrom = egress.address;
  const filter = `host ${endpoint.ip} and ${protocol.toLowerCase()} port ${endpoint.port}`;
  const policy = policiesFromAddress(cluster, seenFrom, endpointPod, endpoint.port, protocol);
  const why = hairpin
    ? `the KUBE-SEP rule "-s ${source.ip} -j KUBE-MARK-MASQ" set it: the packet comes from the endpoint itself`
    : `the rules marked the packet (--masquerade-all)`;
  const leg: HostLeg = {
    cluster,
    filter,
    needsArp: false,
    ...(policy === undefined ? {} : { policy }),
    ingressVeth: source.network.hostVeth.name,
    postrouting: (list, packet, at, device) => (at === node ? masqueradeHop(list, packet, at, device, outcome.postrouting, why) : packet),
  };
  const end = routeFromNode(forward, m.rewritten, node, leg, {
    where: hostEntry(node, source),
    forwarded: true,
    lead: `With the destination rewritten to ${endpoint.ip}${hairpin ? ` — ${source.name}'s own address —` : ''}, ${node.name} routes the packet`,
  });
  if (end.kind !== 'pod') throw new Error(`the packet for ${endpoint.ip} did not reach a pod`);
  if (end.dropped) {
    return {
      ok: true,
      trace: {
        flow,
        verdict: 'dropped',
        explanation: `${formatFlow(flow)} is dropped by NetworkPolicy in front of ${endpointPod.namespace}/${endpointPod.name}, which sees the source ${seenFrom}. ${policy?.message ?? ''}`.trim(),
        hops: forward.toArray(),
        reply: [],
        service: m.step,
      },
    };
  }
  const { answer, listener } = receiveAndAnswer(forward, reply, endpointPod, end.packet, endpoint.port, protocol);

  const conntrack: ConntrackEntry = {
    protocol,
    original: { src: { ip: source.ip, port: sport }, dst: { ip: m.address, port: m.port } },
    reply: { src: { ip: endpoint.ip, port: endpoint.port }, dst: { ip: seenFrom, port: natPort } },
  };
  const back: HostLeg = {
    cluster,
    filter,
    needsArp: false,
    ingressVeth: endpointPod.network.hostVeth.name,
    postrouting: (list, packet, at) => (at === node ? unDnatHop(list, packet, at, conntrack, 'POSTROUTING', 'The client sees the answer come from the Service address it called.') : packet),
  };
  const framed = leavePodForHost(reply, answer, endpointPod, m.endpointNode, filter, false);
  let up = routeFromNode(reply, framed, m.endpointNode, back, { where: hostEntry(m.endpointNode, endpointPod), forwarded: true, lead: `${m.endpointNode.name} routes the reply` });
  if (up.kind !== 'local' || up.node !== node) throw new Error('the reply did not come back to the node that masqueraded it');
  const unmasked = unSnatHop(reply, up.packet, node, conntrack, `Routing then sends it back towards ${source.name}.`);
  up = routeFromNode(reply, unmasked, node, back, { where: hostEntry(node, source), forwarded: true, lead: `${node.name} routes the reply` });
  if (up.kind !== 'pod') throw new Error('the reply did not reach the client pod');
  const resolved: ResolvedFlow = { source, container: m.container, destination: endpointPod, listener };
  finishReply(reply, resolved, up.packet, protocol, filter);

  return {
    ok: true,
    trace: {
      flow,
      verdict: listener !== undefined ? 'delivered' : 'refused',
      explanation:
        listener !== undefined
          ? hairpin
            ? `${formatFlow(flow)} hairpins: kube-proxy on ${node.name} picks ${source.name} itself as the endpoint, masquerades the packet to ${seenFrom} (${egress.addressOf}'s address)` +
              `${node.bridge !== undefined ? ` and ${node.bridge.name} sends it back out of the port it came in on (hairpin mode)` : ''}; the pod sees the connection come from ${seenFrom}, and conntrack undoes both rewrites on the reply.`
            : `${formatFlow(flow)}: kube-proxy on ${node.name} sends it to ${endpointPod.namespace}/${endpointPod.name}, masqueraded to ${seenFrom}; conntrack undoes both rewrites on the reply.`
          : refusalExplanation(flow, endpointPod, endpoint.port),
      hops: forward.toArray(),
      reply: reply.toArray(),
      service: m.step,
    },
  };
}
