import type { Cluster, ClusterNode } from '../cluster/types';
import type { MatchedRule } from '../kube-proxy/types';
import type { PolicyVerdict } from '../policy/evaluate';
import { isWeave, isWeaveNode } from '../dataplane/weave-sleeve';
import { onNode } from './capture';
import { deliverToPod, leaveCiliumPod, REMOTE_NODE_ID, throughTunnel } from './external-cilium';
import type { HopList } from './hop-list';
import { egressOf } from './node-addresses';
import type { HostRouteEnd } from './host-path';
import { masqueradeHop, type Endpoint4 } from './nat-hops';
import type { LegContext, NamespacedPod } from './pod-side';
import { formatRoute, lookupRoute } from './routing';
import type { Packet, PortHeader } from './types';
import { weaveRoutedAcross, weaveToPeerBridge } from './weave-leg';

/**
 * A packet that a node's own stack sends to a pod on another node, on the plugins whose way
 * there is an overlay rather than the node's plain routes: Weave Net (the node's one route for
 * the whole range puts every pod on-link on the weave bridge) and Cilium in tunnel mode (the
 * route for the peer's pod CIDR leads into cilium_host, where bpf_host encapsulates).
 */

/** Whether a node reaches a pod on `podNode` through the plugin's overlay. */
export function overlayBetween(cluster: Cluster, node: ClusterNode, podNode: ClusterNode): boolean {
  return podNode !== node && (isWeave(cluster.settings.cni) || node.cilium?.routing === 'tunnel');
}

export interface OverlayStart {
  /** The element the route lookup is drawn at: the sender's socket. */
  readonly where: string;
  /** How the route lookup's sentence begins, e.g. "node-1's routing table sends 10.32.0.2 by this route". */
  readonly lead: string;
  /** nat POSTROUTING once the route chose the device (kube-proxy's MASQUERADE); gives the packet that leaves. */
  readonly postrouting?: (list: HopList, packet: Packet) => Packet;
}

/**
 * A node's packet to a pod on another node through the plugin's overlay. Weave: the node's one
 * route for the range puts the pod on-link on the weave bridge (source: the bridge's address),
 * and the fast datapath carries the frame. Cilium in tunnel mode: the route for the peer's pod
 * CIDR leads into cilium_host (source: the router IP), where bpf_host encapsulates the packet;
 * traffic from a host is presented to other nodes as identity 6, reserved:remote-node.
 */
export function overlayToPod(
  cluster: Cluster,
  list: HopList,
  request: Packet,
  node: ClusterNode,
  podNode: ClusterNode,
  pod: NamespacedPod,
  filter: string,
  policy: PolicyVerdict | undefined,
  start: OverlayStart,
): Extract<HostRouteEnd, { kind: 'pod' }> {
  if (isWeave(cluster.settings.cni)) {
    const leg: LegContext = { plugin: cluster.settings.cni, fromNode: node, toNode: podNode, from: pod, to: pod, filter, needsArp: true, ...(policy === undefined ? {} : { policy }) };
    const out = weaveRoutedAcross(list, request, leg, { where: start.where, local: start.lead, ...(start.postrouting === undefined ? {} : { postrouting: start.postrouting }) });
    return { kind: 'pod', node: podNode, pod, packet: list.packet ?? request, dropped: out.dropped };
  }
  const route = lookupRoute(node.routes, pod.ip);
  list.add({
    where: start.where,
    kind: 'route-lookup',
    summary: `${start.lead}: the route Cilium installs for ${podNode.name}'s pod CIDR in tunnel mode, via its own router IP on cilium_host, where bpf_host (cil_from_host) takes the packet.`,
    packet: request,
    ...(route === undefined ? {} : { rule: { kind: 'route' as const, text: formatRoute(route), source: undefined } }),
    capture: onNode('cilium_host', filter),
  });
  const leaving = start.postrouting === undefined ? request : start.postrouting(list, request);
  const inner = throughTunnel(list, leaving, node, podNode, REMOTE_NODE_ID, filter,
    `bpf_host looks ${pod.ip} up in the ipcache: identity ${pod.network.identity?.id ?? '?'} behind tunnel endpoint ${podNode.internalIP}. It sets VNI ${REMOTE_NODE_ID}: Cilium presents the host's traffic to other nodes as reserved:remote-node.`,
    `bpf_overlay reads the source identity ${REMOTE_NODE_ID} (reserved:remote-node) from the VNI; ${pod.ip} is a local endpoint.`);
  const delivered = deliverToPod(list, inner, podNode, pod, policy, filter, 'bpf_overlay');
  return { kind: 'pod', node: podNode, pod, packet: delivered ?? inner, dropped: delivered === undefined };
}

/** The pod's answer to the other node's overlay address: back through the datapath or the tunnel to that node's stack. */
export function overlayBack(list: HopList, answer: Packet, pod: NamespacedPod, podNode: ClusterNode, node: ClusterNode, filter: string): Packet {
  if (isWeaveNode(node)) return weaveToPeerBridge(list, answer, pod, podNode, node, filter);
  const framed = leaveCiliumPod(list, answer, pod, podNode, filter,
    `bpf_lxc finds the connection in Cilium's conntrack; the ipcache says ${answer.ip.dst} is ${node.name}'s router IP, identity ${REMOTE_NODE_ID} (reserved:remote-node) behind tunnel endpoint ${node.internalIP}.`);
  return throughTunnel(list, framed, podNode, node, pod.network.identity?.id ?? 0, filter,
    `bpf_lxc sets the tunnel key — VNI ${pod.network.identity?.id ?? '?'}, ${pod.name}'s identity, remote ${node.internalIP} — and redirects to cilium_vxlan.`,
    `bpf_overlay finds ${answer.ip.dst} is this node's own router IP and passes the packet to ${node.name}'s IP stack, to the waiting socket.`);
}

/** A node's Service connection after kube-proxy's DNAT in nat OUTPUT, to an endpoint on another node. */
export interface OverlayServiceLeg {
  readonly cluster: Cluster;
  readonly node: ClusterNode;
  readonly endpointNode: ClusterNode;
  readonly pod: NamespacedPod;
  readonly forward: HopList;
  /** The packet after the DNAT, still in the sending node's stack. */
  readonly rewritten: Packet;
  /** The rules KUBE-POSTROUTING matched, for the MASQUERADE's port choice. */
  readonly postrouting: readonly MatchedRule[];
  /** Why KUBE-MARK-MASQ marked the packet. */
  readonly why: string;
  readonly where: string;
  readonly filter: string;
  readonly policy: (seenFrom: string) => PolicyVerdict | undefined;
}

export type OverlayServiceEnd =
  | { readonly kind: 'no-masquerade' }
  | { readonly kind: 'dropped'; readonly seenFrom: string; readonly policy: PolicyVerdict | undefined }
  | { readonly kind: 'arrived'; readonly seenFrom: Endpoint4; readonly atPod: Packet; readonly device: string };

/**
 * nat OUTPUT rewrote the destination to the endpoint, so the kernel routes the packet again
 * (ip_route_me_harder): the route now chosen is the overlay's — `10.32.0.0/12 dev weave` on
 * Weave, the peer's pod CIDR via cilium_host on Cilium — but the source the socket took from
 * the first lookup (the ClusterIP's) stays. KUBE-MARK-MASQ marked the packet (its source is no
 * pod address), so KUBE-POSTROUTING masquerades it to the address of the device the new route
 * chose: the weave bridge's, or Cilium's router IP. The endpoint answers that address, which
 * brings the reply back through the overlay to this node's stack.
 */
export function serviceThroughOverlay(a: OverlayServiceLeg, masquerade: boolean): OverlayServiceEnd {
  // Without the mark the endpoint would answer the node's eth0 address, outside the overlay: a path not modelled here.
  if (!masquerade) return { kind: 'no-masquerade' };
  const egress = egressOf(a.node, a.pod.ip);
  if (egress === undefined) throw new Error(`node ${a.node.name} has no route to ${a.pod.ip}`);
  const seenFrom = egress.address;
  const policy = a.policy(seenFrom);
  let natPort = (a.rewritten.l4 as PortHeader).srcPort;
  const end = overlayToPod(a.cluster, a.forward, a.rewritten, a.node, a.endpointNode, a.pod, a.filter, policy, {
    where: a.where,
    lead: `nat OUTPUT rewrote the destination after the first route lookup, so ${a.node.name} routes the packet again, to ${a.pod.ip}, by this route`,
    postrouting: (list, packet) => {
      const moved = masqueradeHop(list, packet, a.node, egress, a.postrouting, a.why);
      natPort = (moved.l4 as PortHeader).srcPort;
      return moved;
    },
  });
  if (end.dropped) return { kind: 'dropped', seenFrom, policy };
  return { kind: 'arrived', seenFrom: { ip: seenFrom, port: natPort }, atPod: end.packet, device: egress.route.dev };
}
