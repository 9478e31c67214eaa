import { deliverToHost, hostSocketAt, type HostTarget } from './host-destination';
import { hostConntrack, hostEndpoint, routeToOwner, type HostEndpointConnection } from './host-endpoint';
import { eth0Of } from './node-network';
import { routeFromNode, type HostLeg } from './host-path';
import { unDnatHop, unSnatHop, type Endpoint4 } from './nat-hops';
import type { Packet, PortHeader } from './types';

/** A connection from outside, DNATed by a node's NodePort or load balancer rules, whose endpoint is a node's own address. */
export interface ExternalToHost extends HostEndpointConnection {
  readonly client: Endpoint4;
  /** Why kube-proxy marked the packet for masquerade, when it did. */
  readonly why: string;
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
  const found = hostEndpoint(e);
  if (found === undefined) return undefined;
  const { owner, target } = found;
  const filter = `host ${endpoint.ip} and ${outcome.port.protocol.toLowerCase()} port ${endpoint.port}`;
  // Unlike node-service-host.ts: a packet from outside for this node's own address goes up to INPUT and never meets POSTROUTING.
  const masquerade = outcome.masquerade && owner !== node;
  const arrived =
    owner === node
      ? e.rewritten
      : routeToOwner(e, owner, filter, e.why, { where: eth0Of(node), forwarded: true, lead: `With the destination rewritten to ${endpoint.ip}, ${node.name} routes the packet` });
  const seenFrom = arrived.ip.src;
  const conntrack = hostConntrack(e, e.client, seenFrom, masquerade);
  const via =
    owner === node
      ? `kube-proxy's DNAT in nat PREROUTING made it ${node.name}'s own address, so it goes up to INPUT and never meets POSTROUTING: the masquerade mark has nothing to act on, and the endpoint sees the client`
      : `it came over the node network from ${node.name}`;
  const answer = deliverToHost(forward, reply, arrived, target, via);
  // Unlike node-service-host.ts, the reply leaves for the client: conntrack undoes the DNAT in POSTROUTING, not INPUT.
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
