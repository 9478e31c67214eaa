import type { Cluster, ClusterNode } from '../cluster/types';
import type { MatchedRule, ServiceOutcome } from '../kube-proxy/types';
import type { HopList } from './hop-list';
import { deliverToHost, hostSocketAt, hostTarget, type HostTarget } from './host-destination';
import { eth0Of, nodeOwning, routeFromNode, type HostLeg } from './host-path';
import { masqueradeHop, masqueradePort, unDnatHop, unSnatHop, type ConntrackEntry, type Endpoint4 } from './nat-hops';
import type { Packet, PortHeader } from './types';

/** A connection from outside, DNATed by a node's NodePort or load balancer rules, whose endpoint is a node's own address. */
export interface ExternalToHost {
  readonly cluster: Cluster;
  readonly node: ClusterNode;
  readonly forward: HopList;
  readonly reply: HopList;
  /** The packet after the DNAT, on the node that took it in. */
  readonly rewritten: Packet;
  readonly outcome: Extract<ServiceOutcome, { kind: 'dnat' }>;
  readonly client: Endpoint4;
  /** The address and port the client called: the load balancer's or the node's NodePort. */
  readonly called: Endpoint4;
  /** Why kube-proxy marked the packet for masquerade, when it did. */
  readonly why: string;
  readonly postrouting: readonly MatchedRule[];
}

export interface ExternalHostEnd {
  readonly target: HostTarget;
  /** The reply as it leaves the node towards the client, with the called address as its source. */
  readonly back: Packet;
  /** The source the endpoint saw: the node's address after the masquerade, or the client's. */
  readonly seenFrom: string;
  readonly masqueraded: boolean;
}

/**
 * The endpoint is a hostNetwork pod or another process in a node's own namespace (an ingress
 * controller on the host network, say). On the node that took the connection in, the DNATed
 * packet is for the node's own address: it goes up to INPUT and never reaches POSTROUTING, so
 * the masquerade mark KUBE-EXT set does nothing and the endpoint sees the client. On another
 * node it is forwarded out of eth0 and KUBE-POSTROUTING masquerades it (externalTrafficPolicy
 * Cluster). conntrack undoes the rewrites on the reply, which leaves by the default route
 * towards the client. Undefined when the endpoint is no node's address.
 */
export function externalToHost(e: ExternalToHost): ExternalHostEnd | undefined {
  const { cluster, node, outcome, forward, reply } = e;
  const { endpoint } = outcome;
  const owner = nodeOwning(cluster, endpoint.ip);
  if (owner === undefined) return undefined;
  const protocol = outcome.port.protocol;
  const filter = `host ${endpoint.ip} and ${protocol.toLowerCase()} port ${endpoint.port}`;
  const target = hostTarget(cluster, owner, endpoint.ip, endpoint.port, protocol);
  const masquerade = outcome.masquerade && owner !== node;
  let arrived = e.rewritten;
  if (owner !== node) {
    const leg: HostLeg = { cluster, filter, needsArp: true, postrouting: (list, packet, at, device) => (masquerade && at === node ? masqueradeHop(list, packet, at, device, e.postrouting, e.why) : packet) };
    const end = routeFromNode(forward, e.rewritten, node, leg, { where: eth0Of(node), forwarded: true, lead: `With the destination rewritten to ${endpoint.ip}, ${node.name} routes the packet` });
    if (end.kind !== 'local' || end.node !== owner) throw new Error(`the packet for ${endpoint.ip} did not reach ${owner.name}`);
    arrived = end.packet;
  }
  const seenFrom = arrived.ip.src;
  const conntrack: ConntrackEntry = {
    protocol,
    original: { src: e.client, dst: e.called },
    reply: { src: { ip: endpoint.ip, port: endpoint.port }, dst: { ip: seenFrom, port: masquerade ? masqueradePort(e.postrouting, e.rewritten) : e.client.port } },
  };
  const via =
    owner === node
      ? `kube-proxy's DNAT in nat PREROUTING made it ${node.name}'s own address, so it goes up to INPUT and never meets POSTROUTING: the masquerade mark has nothing to act on, and the endpoint sees the client`
      : `it came over the node network from ${node.name}`;
  const answer = deliverToHost(forward, reply, arrived, target, via);
  const undoDnat: HostLeg = {
    cluster,
    filter,
    needsArp: false,
    postrouting: (list, packet, at) => (at === node && packet.ip.dst === e.client.ip ? unDnatHop(list, packet, at, conntrack, 'POSTROUTING', 'The packet leaves with the address the client called.') : packet),
  };
  let back = routeFromNode(reply, answer, owner, owner === node ? undoDnat : { cluster, filter, needsArp: false }, {
    where: hostSocketAt(target),
    forwarded: false,
    lead: `${owner.name}'s routing table sends the reply to ${seenFrom}`,
  });
  if (back.kind === 'local') {
    if (back.node !== node || !masquerade) throw new Error('the reply came back to a node that did not masquerade it');
    const restored = unSnatHop(reply, back.packet, node, conntrack, 'Routing then sends it towards the client.');
    back = routeFromNode(reply, restored, node, undoDnat, { where: eth0Of(node), forwarded: true, lead: `${node.name} routes the reply` });
  }
  if (back.kind !== 'outside') throw new Error('the reply did not leave the cluster');
  const l4 = back.packet.l4 as PortHeader;
  if (back.packet.ip.src !== e.called.ip || l4.srcPort !== e.called.port) throw new Error('the reply did not get the called address back');
  return { target, back: back.packet, seenFrom, masqueraded: masquerade };
}
