import { elementId } from '../topology/ids';
import { policiesFromAddress } from './address-policy';
import { onNode } from './capture';
import { formatFlow } from './flow';
import type { MasqueradedService } from './hairpin';
import { egressOf } from './node-addresses';
import { routeFromNode, type HostLeg } from './host-path';
import { masqueradeHop, masqueradePort, unDnatHop, unSnatHop, type ConntrackEntry } from './nat-hops';
import { checkPolicies } from './policy-check';
import { policyHop, type LegContext } from './pod-side';
import type { ResolvedFlow } from './resolve';
import { finishReply, receiveAndAnswer, refusalExplanation } from './socket-ends';
import type { PortHeader, TraceResult } from './types';
import { weaveRoutedAcross, weaveToPeerBridge } from './weave-leg';

/**
 * A pod → Service connection on Weave Net whose first packet kube-proxy marked for masquerade
 * (`--masquerade-all`, or the client's own Service answered from another peer), to an endpoint
 * on another peer. After the DNAT in nat PREROUTING the node routes the packet by its one route
 * for the Weave range, which puts the endpoint on-link on the weave bridge; KUBE-POSTROUTING then
 * MASQUERADEs it to the address of that device, the bridge's own (10.32.0.1-style: weave-kube
 * gives each peer's bridge an address in the range), and the fast datapath (or sleeve) carries
 * the frame to the endpoint's peer. The endpoint answers the bridge address, which is on-link for
 * it as well: the reply is switched back to the client's node and taken in by its stack, where
 * conntrack undoes the SNAT in PREROUTING, the node routes the reply to the client on the bridge,
 * and conntrack undoes the DNAT in POSTROUTING.
 *
 * NetworkPolicy: weave-npc judges the client's egress (WEAVE-NPC-EGRESS, in filter FORWARD,
 * before POSTROUTING's rewrite) against the endpoint pod; the endpoint's ingress sees the bridge
 * address, a node's, as the source.
 */
export function traceWeaveMasqueradedService(m: MasqueradedService): TraceResult {
  const { cluster, flow, node, source, endpointPod, endpointNode, endpoint, outcome, forward, reply } = m;
  const protocol = outcome.port.protocol;
  const egress = egressOf(node, endpoint.ip);
  if (egress === undefined) throw new Error(`node ${node.name} has no route to ${endpoint.ip}`);
  const seenFrom = egress.address;
  const sport = (m.request.l4 as PortHeader).srcPort;
  const natPort = masqueradePort(outcome.postrouting, m.rewritten);
  const filter = `host ${endpoint.ip} and ${protocol.toLowerCase()} port ${endpoint.port}`;
  const why = endpointPod === source ? `the KUBE-SEP rule "-s ${source.ip} -j KUBE-MARK-MASQ" set it: the packet comes from the endpoint itself` : `the rules marked the packet (--masquerade-all)`;
  const dropped = (side: string, message: string | undefined): TraceResult => ({
    ok: true,
    trace: { flow, verdict: 'dropped', explanation: `${formatFlow(flow)} is dropped by NetworkPolicy ${side}. ${message ?? ''}`.trim(), hops: forward.toArray(), reply: [], service: m.step },
  });

  const leg: LegContext = { plugin: cluster.settings.cni, fromNode: node, toNode: endpointNode, from: source, to: endpointPod, filter, needsArp: true };
  const outward = cluster.networkPolicies.length > 0 ? checkPolicies(cluster, source, endpointPod, endpoint.port, protocol) : undefined;
  if (outward !== undefined) {
    const veth = source.network.hostVeth.name;
    if (!policyHop(forward, m.rewritten, { ...leg, policy: outward }, 'egress', elementId.hostVeth(node.name, veth), onNode(veth, filter))) {
      return dropped(`as it leaves ${source.namespace}/${source.name}, after kube-proxy chose ${endpointPod.namespace}/${endpointPod.name}`, outward.egress.message);
    }
  }
  const inward = policiesFromAddress(cluster, seenFrom, endpointPod, endpoint.port, protocol);
  const across = weaveRoutedAcross(forward, m.rewritten, { ...leg, ...(inward === undefined ? {} : { policy: inward }) }, {
    where: elementId.bridge(node.name, 'weave'),
    postrouting: (list, packet) => masqueradeHop(list, packet, node, egress, outcome.postrouting, why),
  });
  if (across.dropped) return dropped(`in front of ${endpointPod.namespace}/${endpointPod.name}, which sees the source ${seenFrom}`, inward?.message);

  const arrived = forward.packet ?? m.rewritten;
  const { answer, listener } = receiveAndAnswer(forward, reply, endpointPod, arrived, endpoint.port, protocol);

  const conntrack: ConntrackEntry = {
    protocol,
    original: { src: { ip: source.ip, port: sport }, dst: { ip: m.address, port: m.port } },
    reply: { src: { ip: endpoint.ip, port: endpoint.port }, dst: { ip: seenFrom, port: natPort } },
  };
  const home = weaveToPeerBridge(reply, answer, endpointPod, endpointNode, node, filter);
  const unmasked = unSnatHop(reply, home, node, conntrack, `Routing then sends it to ${source.name}, on-link on the weave bridge.`);
  const back: HostLeg = {
    cluster,
    filter,
    needsArp: false,
    postrouting: (list, packet, at) => (at === node ? unDnatHop(list, packet, at, conntrack, 'POSTROUTING', 'The client sees the answer come from the Service address it called.') : packet),
  };
  const end = routeFromNode(reply, unmasked, node, back, { where: elementId.bridge(node.name, 'weave'), forwarded: true, lead: `${node.name} routes the reply` });
  if (end.kind !== 'pod') throw new Error('the reply did not reach the client pod');
  const resolved: ResolvedFlow = { source, container: m.container, destination: endpointPod, listener };
  finishReply(reply, resolved, end.packet, protocol, filter);

  return {
    ok: true,
    trace: {
      flow,
      verdict: listener !== undefined ? 'delivered' : 'refused',
      explanation:
        listener !== undefined
          ? `${formatFlow(flow)}: kube-proxy on ${node.name} sends it to ${endpointPod.namespace}/${endpointPod.name} on ${endpointNode.name}, masqueraded to ${seenFrom} (the weave bridge's address), ` +
            `over Weave's overlay; the reply comes back to that address on ${node.name}, where conntrack undoes both rewrites.`
          : refusalExplanation(flow, endpointPod, endpoint.port),
      hops: forward.toArray(),
      reply: reply.toArray(),
      service: m.step,
    },
  };
}
