import type { Cluster, ClusterNode } from '../cluster/types';
import type { MatchedRule } from '../kube-proxy/types';
import type { PolicyVerdict } from '../policy/evaluate';
import { policiesFromAddress } from './address-policy';
import type { CarriedIdentity } from './cilium-identity';
import type { HopList } from './hop-list';
import { routeFromNode, type HostLeg } from './host-path';
import { unDnatHop, unSnatHop, type ConntrackEntry, type Endpoint4 } from './nat-hops';
import type { NamespacedPod } from './pod-side';
import type { ResolvedFlow } from './resolve';
import { receiveAndAnswer } from './socket-ends';
import type { Capture, Packet, PortHeader } from './types';

/**
 * Traffic from outside the cluster once the receiving node has chosen an endpoint, on the plugins
 * whose way to it is not the node's plain routing (Weave Net: external-cni.ts; Cilium:
 * external-cilium.ts): what both are given, what they give back, and the steps they share.
 */
export type Listener = ResolvedFlow['listener'];

export interface ExternalArrival {
  readonly cluster: Cluster;
  readonly forward: HopList;
  readonly reply: HopList;
  /** The node that received the packet from outside. */
  readonly node: ClusterNode;
  readonly endpointPod: NamespacedPod;
  readonly endpointNode: ClusterNode;
  /** The packet after the DNAT, still on `node`. */
  readonly rewritten: Packet;
  readonly client: Endpoint4;
  /** The address and port the client called: the load balancer's, or the node's NodePort. */
  readonly called: Endpoint4;
  /** kube-proxy marked the packet for masquerade (kube-proxy present). */
  readonly masquerade: boolean;
  readonly postrouting: readonly MatchedRule[];
  /** Why kube-proxy marked it, for the masquerade hop. */
  readonly why: string;
  /** Cilium replaces kube-proxy (mode `none`). */
  readonly kpr: boolean;
}

export type CniOutcome =
  | { readonly kind: 'dropped'; readonly seenFrom: string; readonly masqueraded: boolean }
  | { readonly kind: 'answered'; readonly seenFrom: string; readonly masqueraded: boolean; readonly listener: Listener; readonly answer: Packet; readonly back: Packet };

export const agent = (command: string): Capture => ({
  command: `kubectl -n kube-system exec ds/cilium -c cilium-agent -- ${command}`,
  note: 'ds/cilium reaches one agent; pick the agent pod of this node (kubectl -n kube-system get pods -l k8s-app=cilium -o wide).',
});

export const portOf = (p: Packet): number => (p.l4 as PortHeader).srcPort;

export function filterOf(a: ExternalArrival): string {
  return `host ${a.rewritten.ip.dst} and ${a.rewritten.l4.protocol.toLowerCase()} port ${(a.rewritten.l4 as PortHeader).dstPort}`;
}

export function entryOf(a: ExternalArrival, seenFrom: Endpoint4): ConntrackEntry {
  return {
    protocol: a.rewritten.l4.protocol,
    original: { src: a.client, dst: a.called },
    reply: { src: { ip: a.rewritten.ip.dst, port: (a.rewritten.l4 as PortHeader).dstPort }, dst: seenFrom },
  };
}

export function policyFor(a: ExternalArrival, seenFrom: string, carried?: CarriedIdentity): PolicyVerdict | undefined {
  const l4 = a.rewritten.l4 as PortHeader;
  return policiesFromAddress(a.cluster, seenFrom, a.endpointPod, l4.dstPort, l4.protocol, carried);
}

/** The endpoint answers; gives the answer packet and the listener. */
export function answer(a: ExternalArrival, atPod: Packet): { answer: Packet; listener: Listener } {
  const l4 = atPod.l4 as PortHeader;
  return receiveAndAnswer(a.forward, a.reply, a.endpointPod, atPod, l4.dstPort, l4.protocol);
}

/** The rest of a reply once the receiving node's stack holds it again: conntrack's un-SNAT, routing out, un-DNAT in POSTROUTING. */
export function unNatAndLeave(a: ExternalArrival, packet: Packet, conntrack: ConntrackEntry, where: string): Packet {
  const { node, reply } = a;
  const unmasked = unSnatHop(reply, packet, node, conntrack, 'Routing then sends it towards the client.');
  const leg: HostLeg = {
    cluster: a.cluster,
    filter: filterOf(a),
    needsArp: false,
    postrouting: (list, p, at) => (at === node && p.ip.dst === a.client.ip ? unDnatHop(list, p, at, conntrack, 'POSTROUTING', 'The packet leaves as the address the client called would answer.') : p),
  };
  const back = routeFromNode(reply, unmasked, node, leg, { where, forwarded: true, lead: `${node.name} routes the reply` });
  if (back.kind !== 'outside') throw new Error('the reply did not leave the cluster');
  return back.packet;
}
