import type { Cluster, ClusterNode } from '../cluster/types';
import type { ServiceOutcome } from '../kube-proxy/types';
import type { HopList } from './hop-list';
import { hostTarget, type HostTarget } from './host-destination';
import { routeFromNode, type RouteStart } from './host-path';
import { masqueradeHop, masqueradePort, type ConntrackEntry, type Endpoint4 } from './nat-hops';
import { nodeOwning } from './node-addresses';
import type { Packet } from './types';

/**
 * The steps a Service connection shares, whoever sent it (a client outside: external-host.ts; a
 * node: node-service-host.ts), once kube-proxy's DNAT chose an endpoint in a node's own network
 * namespace: a hostNetwork pod, the API server.
 */

/** What both senders' paths are given. */
export interface HostEndpointConnection {
  readonly cluster: Cluster;
  /** The node whose rules rewrote the packet. */
  readonly node: ClusterNode;
  readonly forward: HopList;
  readonly reply: HopList;
  /** The first packet after the DNAT, still on `node`. */
  readonly rewritten: Packet;
  readonly outcome: Extract<ServiceOutcome, { kind: 'dnat' }>;
  /** The address and port the sender called (a ClusterIP, a load balancer's, a NodePort), which conntrack restores on the reply. */
  readonly called: Endpoint4;
}

/** The node whose own address the endpoint is, and what answers there; undefined when the endpoint is no node's address. */
export function hostEndpoint(c: HostEndpointConnection): { readonly owner: ClusterNode; readonly target: HostTarget } | undefined {
  const { cluster, outcome } = c;
  const { endpoint } = outcome;
  const owner = nodeOwning(cluster, endpoint.ip);
  if (owner === undefined) return undefined;
  return { owner, target: hostTarget(cluster, owner, endpoint.ip, endpoint.port, outcome.port.protocol) };
}

/**
 * The DNATed packet's way from the node whose rules rewrote it to the endpoint's node, over the
 * node network. KUBE-POSTROUTING on the first node masquerades it when kube-proxy marked it;
 * `why` says what marked it.
 */
export function routeToOwner(c: HostEndpointConnection, owner: ClusterNode, filter: string, why: string, start: RouteStart): Packet {
  const { cluster, node, outcome } = c;
  const end = routeFromNode(c.forward, c.rewritten, node, {
    cluster,
    filter,
    needsArp: true,
    postrouting: (list, packet, at, device) => (outcome.masquerade && at === node ? masqueradeHop(list, packet, at, device, outcome.postrouting, why) : packet),
  }, start);
  if (end.kind !== 'local' || end.node !== owner) throw new Error(`the packet for ${outcome.endpoint.ip} did not reach ${owner.name}`);
  return end.packet;
}

/** conntrack's entry: the connection as the sender sent it, and the reply it expects from the endpoint to the address the endpoint saw. */
export function hostConntrack(c: HostEndpointConnection, sender: Endpoint4, seenFrom: string, masqueraded: boolean): ConntrackEntry {
  const { outcome } = c;
  const { endpoint } = outcome;
  return {
    protocol: outcome.port.protocol,
    original: { src: sender, dst: c.called },
    reply: { src: { ip: endpoint.ip, port: endpoint.port }, dst: { ip: seenFrom, port: masqueraded ? masqueradePort(outcome.postrouting, c.rewritten) : sender.port } },
  };
}
