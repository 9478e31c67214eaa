import type { Cluster, ClusterNode } from '../cluster/types';
import type { ServiceOutcome } from '../kube-proxy/types';
import type { HopList } from './hop-list';
import { deliverToHost, hostSocketAt, hostTarget, type HostTarget } from './host-destination';
import { egressOf, nodeOwning, routeFromNode, type EgressDevice } from './host-path';
import { masqueradeHop, masqueradePort, unDnatHop, unSnatHop, type ConntrackEntry, type Endpoint4 } from './nat-hops';
import type { Packet, PortHeader } from './types';

/** A node's (or hostNetwork pod's) Service connection after nat OUTPUT chose an endpoint in a node's own namespace. */
export interface NodeServiceToHost {
  readonly cluster: Cluster;
  readonly node: ClusterNode;
  readonly forward: HopList;
  readonly reply: HopList;
  /** The first packet after the DNAT. */
  readonly rewritten: Packet;
  readonly outcome: Extract<ServiceOutcome, { kind: 'dnat' }>;
  /** The address and port the sender called, which conntrack restores on the reply. */
  readonly called: Endpoint4;
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
  const owner = nodeOwning(cluster, endpoint.ip);
  if (owner === undefined) return undefined;
  const protocol = outcome.port.protocol;
  const sent = a.rewritten.l4 as PortHeader;
  const why = `the Service rule's "! -s ${cluster.settings.clusterCIDR} -j KUBE-MARK-MASQ" set it: the source ${a.rewritten.ip.src} is not a pod address`;
  const masquerade = (list: HopList, packet: Packet, device: EgressDevice): Packet => (outcome.masquerade ? masqueradeHop(list, packet, node, device, outcome.postrouting, why) : packet);
  const target = hostTarget(cluster, owner, endpoint.ip, endpoint.port, protocol);
  let arrived: Packet;
  if (owner === node) {
    const route = egressOf(node, endpoint.ip)?.route;
    if (route === undefined) throw new Error(`node ${node.name} has no route to its own ${endpoint.ip}`);
    arrived = masquerade(forward, a.rewritten, { name: 'lo', address: node.internalIP, addressOf: node.eth0.name, route: { ...route, dev: 'lo' } });
  } else {
    const end = routeFromNode(forward, a.rewritten, node, { cluster, filter: a.filter, needsArp: true, postrouting: (list, packet, at, device) => (at === node ? masquerade(list, packet, device) : packet) }, {
      where: a.socket,
      forwarded: false,
      lead: `nat OUTPUT rewrote the destination after the first route lookup, so ${node.name} routes the packet again, to ${endpoint.ip}`,
    });
    if (end.kind !== 'local' || end.node !== owner) throw new Error(`the packet for ${endpoint.ip} did not reach ${owner.name}`);
    arrived = end.packet;
  }
  const seenFrom = arrived.ip.src;
  const natPort = outcome.masquerade ? masqueradePort(outcome.postrouting, a.rewritten) : sent.srcPort;
  const conntrack: ConntrackEntry = {
    protocol,
    original: { src: { ip: a.rewritten.ip.src, port: sent.srcPort }, dst: a.called },
    reply: { src: { ip: endpoint.ip, port: endpoint.port }, dst: { ip: seenFrom, port: natPort } },
  };
  const answer = deliverToHost(forward, reply, arrived, target, owner === node ? `kube-proxy's DNAT in nat OUTPUT made it ${node.name}'s own address, and the loopback device carries it` : `it came over the node network from ${node.name}`);
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
