import { deliverToHost, hostSocketAt, type HostTarget } from './host-destination';
import { hostConntrack, hostEndpoint, routeToOwner, type HostEndpointConnection } from './host-endpoint';
import { egressOf, type EgressDevice } from './node-addresses';
import { routeFromNode } from './host-path';
import { masqueradeHop, unDnatHop, unSnatHop } from './nat-hops';
import type { Packet, PortHeader } from './types';

/** A node's (or hostNetwork pod's) Service connection after nat OUTPUT chose an endpoint in a node's own namespace. */
export interface NodeServiceToHost extends HostEndpointConnection {
  /** Where the sender's socket is drawn. */
  readonly socket: string;
  readonly filter: string;
}

export interface NodeServiceEnd {
  readonly target: HostTarget;
  /** The reply as it reaches the sender's socket, with the Service address as its source again. */
  readonly back: Packet;
  readonly seenFrom: string;
}

/**
 * The endpoint is a node's own address: the API server behind `kubernetes`, a hostNetwork pod.
 * kube-proxy's Service rule marked the packet (its source, a node address, is no pod's), so
 * KUBE-POSTROUTING masquerades it in nat POSTROUTING — which a locally generated packet
 * traverses even when the route is the loopback device. On the endpoint's own node the local
 * route sends it through lo, where lo has no global address of its own, so MASQUERADE takes the
 * node's first one; to another node it goes out of eth0. conntrack undoes the masquerade (nat
 * PREROUTING) and the DNAT (before the socket, in INPUT) on the reply. Undefined when the
 * endpoint is no node's address.
 */
export function nodeServiceToHost(a: NodeServiceToHost): NodeServiceEnd | undefined {
  const { cluster, node, outcome, forward, reply } = a;
  const { endpoint } = outcome;
  const found = hostEndpoint(a);
  if (found === undefined) return undefined;
  const { owner, target } = found;
  const sent = a.rewritten.l4 as PortHeader;
  const why = `the Service rule's "! -s ${cluster.settings.clusterCIDR} -j KUBE-MARK-MASQ" set it: the source ${a.rewritten.ip.src} is not a pod address`;
  let arrived: Packet;
  if (owner === node) {
    // Unlike external-host.ts: a locally generated packet meets POSTROUTING even on its way through lo, so it is masqueraded here too.
    const route = egressOf(node, endpoint.ip)?.route;
    if (route === undefined) throw new Error(`node ${node.name} has no route to its own ${endpoint.ip}`);
    const lo: EgressDevice = { name: 'lo', address: node.internalIP, addressOf: node.eth0.name, route: { ...route, dev: 'lo' } };
    arrived = outcome.masquerade ? masqueradeHop(forward, a.rewritten, node, lo, outcome.postrouting, why) : a.rewritten;
  } else {
    arrived = routeToOwner(a, owner, a.filter, why, {
      where: a.socket,
      forwarded: false,
      lead: `nat OUTPUT rewrote the destination after the first route lookup, so ${node.name} routes the packet again, to ${endpoint.ip}`,
    });
  }
  const seenFrom = arrived.ip.src;
  const conntrack = hostConntrack(a, { ip: a.rewritten.ip.src, port: sent.srcPort }, seenFrom, outcome.masquerade);
  const answer = deliverToHost(forward, reply, arrived, target, owner === node ? `kube-proxy's DNAT in nat OUTPUT made it ${node.name}'s own address, and the loopback device carries it` : `it came over the node network from ${node.name}`);
  // Unlike external-host.ts, the reply ends at a local socket: conntrack undoes the DNAT in INPUT, not POSTROUTING.
  let back = answer;
  if (owner !== node) {
    const end = routeFromNode(reply, answer, owner, { cluster, filter: a.filter, needsArp: false }, { where: hostSocketAt(target), forwarded: false, lead: `${owner.name}'s routing table sends the reply back to ${seenFrom}` });
    if (end.kind !== 'local' || end.node !== node) throw new Error('the reply did not come back to the sending node');
    back = end.packet;
  }
  if (outcome.masquerade) back = unSnatHop(reply, back, node, conntrack, 'The packet is for this node, so it goes on to filter INPUT.');
  back = unDnatHop(reply, back, node, conntrack, 'INPUT', '');
  return { target, back, seenFrom };
}
