import type { Cluster, ClusterNode, Route } from '../cluster/types';
import type { PolicyVerdict } from '../policy/evaluate';
import { elementId } from '../topology/ids';
import { hash32 } from '../util/hash';
import { onNode } from './capture';
import type { HopList } from './hop-list';
import { egressDevice, ownsAddress, type EgressDevice } from './node-addresses';
import { eth0Of, gatewayMac, wireBetween } from './node-network';
import { enterPod, isNamespaced, switchToPod, type LegContext, type NamespacedPod } from './pod-side';
import { noRoute } from './no-route';
import { formatRoute, lookupRoute } from './routing';
import type { Packet } from './types';

/**
 * The way of a packet that a node's own IP stack holds — sent by a process in the node's
 * namespace, arrived on its eth0 from outside, or coming up from a pod towards one of the
 * node's addresses — to wherever its destination address leads: a pod (on this node or, through
 * the CNI's tunnel or the node network, on another), one of a node's own addresses, or out of
 * the default route towards the rest of the world. Pod-to-pod legs keep their own modules
 * (`routed-leg.ts`); this one serves the paths whose ends are not both pods.
 */

/** What the caller knows about the packet's way. */
export interface HostLeg {
  readonly cluster: Cluster;
  /** The tcpdump filter that matches this leg's packets. */
  readonly filter: string;
  /** A connection's first packet: the node ARPs for a pod on its bridge. Replies know their neighbours. */
  readonly needsArp: boolean;
  /** The NetworkPolicy verdict judged where the packet enters a pod; absent when nothing is enforced (and on replies). */
  readonly policy?: PolicyVerdict;
  /**
   * nat POSTROUTING once a node has chosen the outgoing device: kube-proxy's MASQUERADE on the
   * first packet, conntrack undoing a DNAT on a reply. Gives the packet that leaves.
   */
  readonly postrouting?: (list: HopList, packet: Packet, node: ClusterNode, device: EgressDevice) => Packet;
  /** The host veth the packet came in on, when a pod sent it: a bridge sending it back out there is hairpinning. */
  readonly ingressVeth?: string;
}

export type HostRouteEnd =
  /** The packet reached a pod (or was dropped by NetworkPolicy in front of it). */
  | { readonly kind: 'pod'; readonly node: ClusterNode; readonly pod: NamespacedPod; readonly packet: Packet; readonly dropped: boolean }
  /** The packet is for one of this node's own addresses: the node's stack takes it in (nat PREROUTING, then INPUT). */
  | { readonly kind: 'local'; readonly node: ClusterNode; readonly packet: Packet }
  /** The packet left the node by its default route, towards the node network's router and the world beyond. */
  | { readonly kind: 'outside'; readonly node: ClusterNode; readonly packet: Packet; readonly route: Route }
  /** The node had no route for the packet, or a blackhole route: it discarded it (the last hop, a drop, says how). */
  | { readonly kind: 'unreachable'; readonly node: ClusterNode; readonly packet: Packet; readonly explanation: string };

/** How the route-lookup hop starts and where it is drawn. */
export interface RouteStart {
  readonly where: string;
  /** Forwarded packets lose one TTL; a packet a local process sends does not. */
  readonly forwarded: boolean;
  /** The sentence's beginning, e.g. "With the destination rewritten to 10.244.1.2, node-1 routes the packet". */
  readonly lead: string;
  /** The packet just came in on eth0 from another node (Cilium's bpf_host on eth0 may deliver it before the stack routes it). */
  readonly fromWire?: boolean;
}

/** The namespaced pod that holds an address, if any. */
function podAt(cluster: Cluster, ip: string): NamespacedPod | undefined {
  const pod = cluster.pods.find((p) => p.ip === ip && p.network.kind === 'pod');
  return pod !== undefined && isNamespaced(pod) ? pod : undefined;
}

/**
 * The node's route lookup and everything after it. Recurses onto the next node when the route
 * leads there (through a tunnel or over the node network).
 */
export function routeFromNode(list: HopList, packet: Packet, node: ClusterNode, leg: HostLeg, start: RouteStart): HostRouteEnd {
  const dst = packet.ip.dst;
  if (ownsAddress(node, dst)) return { kind: 'local', node, packet };
  const route = lookupRoute(node.routes, dst);
  if (route === undefined || route.type === 'blackhole') return noRoute(list, packet, node, route, start);
  const ttl = start.forwarded ? packet.ip.ttl - 1 : packet.ip.ttl;
  const routed: Packet = { ...packet, ip: { ...packet.ip, ttl } };
  const lead = start.forwarded ? `${start.lead} (TTL ${packet.ip.ttl} → ${ttl})` : start.lead;
  const ruleOf = { kind: 'route' as const, text: formatRoute(route), source: undefined };
  const post = (p: Packet, device: string): Packet =>
    leg.postrouting === undefined ? p : leg.postrouting(list, p, node, egressDevice(node, device, route));
  const pod = podAt(leg.cluster, dst);
  const local = pod !== undefined && pod.nodeName === node.name ? pod : undefined;

  if (local !== undefined && node.bridge !== undefined && route.dev === node.bridge.name) {
    const bridge = node.bridge;
    const gateway = (bridge.cidr ?? '').split('/')[0] ?? '';
    const framed: Packet = { ...routed, eth: { src: bridge.mac, dst: local.network.eth0.mac } };
    list.add({
      where: start.where,
      kind: 'route-lookup',
      summary:
        `${lead}: ${dst} is in the node's own pod range, connected on ${bridge.name}, so the packet goes out onto the bridge.` +
        (leg.needsArp ? '' : ` ${dst}'s MAC is already in the neighbour table.`),
      packet: leg.needsArp ? { ...packet, ip: routed.ip } : framed,
      rule: ruleOf,
      capture: onNode(bridge.name, leg.filter),
    });
    if (leg.needsArp) {
      list.add({
        where: elementId.bridge(node.name, bridge.name),
        kind: 'arp',
        summary: `${node.name} has no neighbour entry for ${dst} yet, so it asks on ${bridge.name}: "who-has ${dst} tell ${gateway}". ${local.name} answers "${dst} is-at ${local.network.eth0.mac}".`,
        packet: framed,
        rule: { kind: 'neighbour', text: `${dst} dev ${bridge.name} lladdr ${local.network.eth0.mac} REACHABLE`, source: undefined },
        capture: onNode(bridge.name, `arp and host ${dst}`),
      });
    }
    const out = post(framed, bridge.name);
    if (leg.ingressVeth === local.network.hostVeth.name) hairpinForward(list, out, node, local, leg.filter);
    else switchToPod(list, out, node, local, leg.filter, leg.policy !== undefined);
    return { kind: 'pod', node, pod: local, packet: out, dropped: !enterPod(list, out, podLeg(leg, node, local)) };
  }

  if (local !== undefined && route.dev === local.network.hostVeth.name) {
    // Calico: a /32 route to the pod's veth and a static ARP entry for it.
    const framed: Packet = { ...routed, eth: { src: local.network.hostVeth.mac, dst: local.network.eth0.mac } };
    list.add({
      where: start.where,
      kind: 'route-lookup',
      summary: `${lead}: ${dst} has its own route through ${local.network.hostVeth.name}, and Felix's static ARP entry gives its MAC, so no ARP is needed.`,
      packet: framed,
      rule: ruleOf,
      capture: onNode(local.network.hostVeth.name, leg.filter),
    });
    const out = post(framed, local.network.hostVeth.name);
    return { kind: 'pod', node, pod: local, packet: out, dropped: !enterPod(list, out, podLeg(leg, node, local)) };
  }

  if (local !== undefined && node.cilium !== undefined && route.dev === node.cilium.host.name) {
    // Cilium without eBPF host routing: the stack routes the packet into cilium_host, where
    // bpf_host (cil_from_host, on its tc egress) finds the local endpoint and delivers it as
    // bpf_lxc would: MACs rewritten, TTL −1, redirected into the pod's lxc.
    const lxc = local.network.hostVeth;
    // From another node on eth0: bpf_host's cil_from_netdev finds the local endpoint and delivers it before the stack routes it; one TTL less, not two.
    const wire = start.fromWire === true;
    const framed: Packet = { ...routed, eth: { src: lxc.mac, dst: local.network.eth0.mac }, ip: { ...routed.ip, ttl: (wire ? packet.ip.ttl : routed.ip.ttl) - 1 } };
    list.add({
      where: start.where,
      kind: 'route-lookup',
      summary: wire
        ? `bpf_host (cil_from_netdev, on eth0's tc ingress) takes the packet before ${node.name}'s stack routes it: ${dst} is ${local.name}'s endpoint, so it delivers the packet itself: ` +
          `the MACs become ${lxc.mac} (${lxc.name}) → ${local.network.eth0.mac} and the TTL drops to ${framed.ip.ttl}.`
        : `${lead}: ${dst} is in the node's own pod CIDR, routed via the router IP on ${route.dev}. bpf_host (cil_from_host, on ${route.dev}'s tc egress) finds ${local.name}'s endpoint and delivers ` +
          `the packet itself: the MACs become ${lxc.mac} (${lxc.name}) → ${local.network.eth0.mac} and the TTL drops to ${framed.ip.ttl}.`,
      packet: framed,
      rule: ruleOf,
      capture: onNode(lxc.name, leg.filter),
    });
    const out = post(framed, route.dev);
    return { kind: 'pod', node, pod: local, packet: out, dropped: !enterPod(list, out, podLeg(leg, node, local)) };
  }

  const tunnel = node.tunnel !== undefined && route.dev === node.tunnel.name ? node.tunnel : undefined;
  if (tunnel !== undefined) {
    const neighbour = node.neighbours.find((n) => n.ip === route.via && n.dev === tunnel.name);
    const fdb = tunnel.kind === 'vxlan' ? node.fdb.find((f) => f.mac === neighbour?.mac) : undefined;
    const peerIP = tunnel.kind === 'vxlan' ? fdb?.dst : route.via;
    const peer = leg.cluster.nodes.find((n) => n.internalIP === peerIP);
    if (peer === undefined || peer.tunnel === undefined) throw new Error(`node ${node.name}: ${tunnel.name} leads to no node for ${dst}`);
    const inner: Packet = tunnel.kind === 'vxlan' ? { ...routed, eth: { src: tunnel.mac, dst: neighbour?.mac ?? '' } } : { ...routed, eth: undefined };
    list.add({
      where: start.where,
      kind: 'route-lookup',
      summary:
        tunnel.kind === 'vxlan'
          ? `${lead}: ${dst} is in ${peer.name}'s range, reached through ${tunnel.name}, whose permanent neighbour entry gives ${route.via ?? ''} the VTEP MAC ${neighbour?.mac ?? '?'}.`
          : `${lead}: ${dst} is in ${peer.name}'s block, which BIRD learned over BGP; the route sends it via ${route.via ?? ''} through ${tunnel.name}.`,
      packet: inner,
      rule: ruleOf,
      capture: onNode(tunnel.name, leg.filter),
    });
    const leaving = post(inner, tunnel.name);
    const outer: Packet = {
      ...leaving,
      outer:
        tunnel.kind === 'vxlan'
          ? {
              eth: { src: node.eth0.mac, dst: peer.eth0.mac },
              ip: { src: node.internalIP, dst: peer.internalIP, ttl: 64, protocol: 'UDP' },
              udp: { srcPort: 32768 + (hash32(`vxlan:${leaving.ip.src}:${leaving.ip.dst}:${leg.filter}`) % 28232), dstPort: tunnel.port },
              vxlan: { vni: tunnel.vni },
            }
          : { eth: { src: node.eth0.mac, dst: peer.eth0.mac }, ip: { src: node.internalIP, dst: peer.internalIP, ttl: leaving.ip.ttl, protocol: 'IPIP' }, udp: undefined, vxlan: undefined },
    };
    list.add({
      where: elementId.tunnel(node.name, tunnel.name),
      kind: 'encapsulate',
      summary:
        tunnel.kind === 'vxlan'
          ? `${tunnel.name} wraps the frame in VXLAN (VNI ${tunnel.vni}): its forwarding database sends VTEP ${neighbour?.mac ?? '?'} to ${peer.internalIP}, so the outer packet goes ${node.internalIP} → ${peer.internalIP} over UDP to port ${tunnel.port}.`
          : `${tunnel.name} wraps the packet in a second IP header, ${node.internalIP} → ${peer.internalIP}, protocol 4 (IP-in-IP).`,
      packet: outer,
      ...(tunnel.kind === 'vxlan' ? { rule: { kind: 'fdb' as const, text: `${neighbour?.mac ?? '?'} dev ${tunnel.name} dst ${peer.internalIP} self permanent`, source: undefined } } : {}),
      capture: onNode(tunnel.name, leg.filter),
    });
    wireBetween(list, outer, node, peer, leg.filter);
    const { outer: wrapper, ...unwrapped } = outer;
    const arrived: Packet = peer.tunnel.kind === 'ipip' ? { ...unwrapped, eth: undefined } : unwrapped;
    list.add({
      where: elementId.tunnel(peer.name, peer.tunnel.name),
      kind: 'decapsulate',
      summary:
        peer.tunnel.kind === 'vxlan'
          ? `${peer.tunnel.name} on ${peer.name} strips the outer headers (VNI ${peer.tunnel.vni}); the inner frame is addressed to its own MAC, so the node takes the inner packet.`
          : `${peer.name} accepts IP protocol 4 from ${wrapper?.ip.src ?? ''} and ${peer.tunnel.name} strips the outer IP header; the node takes the inner packet.`,
      packet: arrived,
      capture: onNode(peer.tunnel.name, leg.filter),
    });
    return arriveOn(list, arrived, peer, leg, elementId.tunnel(peer.name, peer.tunnel.name));
  }

  // eth0: to another node's address (directly or as the gateway to its pods), or to the router.
  const nextHop = route.via ?? dst;
  const peer = leg.cluster.nodes.find((n) => n.internalIP === nextHop);
  if (peer !== undefined) {
    const framed: Packet = { ...routed, eth: { src: node.eth0.mac, dst: peer.eth0.mac } };
    list.add({
      where: start.where,
      kind: 'route-lookup',
      summary:
        route.via === undefined
          ? `${lead}: ${dst} is on the node network itself, on-link on eth0.`
          : `${lead}: ${dst} is in ${peer.name}'s pod range, and the route sends it straight to ${peer.name}'s address on eth0, with no encapsulation.`,
      packet: framed,
      rule: ruleOf,
      capture: onNode('eth0', leg.filter),
    });
    const out = post(framed, node.eth0.name);
    wireBetween(list, out, node, peer, leg.filter);
    return arriveOn(list, out, peer, leg, eth0Of(peer));
  }
  const framed: Packet = { ...routed, eth: { src: node.eth0.mac, dst: gatewayMac(nextHop) } };
  list.add({
    where: start.where,
    kind: 'route-lookup',
    summary: `${lead}: ${dst} is outside the cluster and the node network, so the default route sends it to the router ${nextHop} on eth0.`,
    packet: framed,
    rule: ruleOf,
    capture: onNode('eth0', leg.filter),
  });
  const out = post(framed, node.eth0.name);
  list.add({
    where: eth0Of(node),
    kind: 'nic-transmit',
    summary: `${node.name}'s eth0 sends the packet to the router ${nextHop}, towards ${out.ip.dst}.`,
    packet: out,
    rule: ruleOf,
    capture: onNode('eth0', `host ${out.ip.dst}`),
  });
  return { kind: 'outside', node, packet: out, route };
}

/** On arrival at a node: for one of its own addresses the node takes it in; otherwise it routes it on. */
function arriveOn(list: HopList, packet: Packet, node: ClusterNode, leg: HostLeg, where: string): HostRouteEnd {
  if (ownsAddress(node, packet.ip.dst)) return { kind: 'local', node, packet };
  return routeFromNode(list, packet, node, leg, { where, forwarded: true, lead: `${node.name} routes the packet`, fromWire: where === eth0Of(node) });
}

/**
 * A bridge forwarding a frame back out of the port it came in on. A Linux bridge never does
 * that unless hairpin mode is on for the port; the CNI bridge plugin (and Flannel's delegate,
 * `"hairpinMode": true`) turns it on for every pod's veth, so a pod can reach itself through a
 * Service.
 */
function hairpinForward(list: HopList, framed: Packet, node: ClusterNode, pod: NamespacedPod, filter: string): void {
  const bridge = node.bridge?.name ?? '';
  const veth = pod.network.hostVeth.name;
  list.add({
    where: elementId.bridge(node.name, bridge),
    kind: 'bridge-forward',
    summary:
      `${bridge} finds ${pod.network.eth0.mac} on port ${veth} — the port this frame came in on. A bridge sends a frame back out of its ingress port only when ` +
      `hairpin mode is on for that port; the CNI plugin turns it on for every pod's veth (hairpinMode), so the frame goes back to ${pod.name}.`,
    packet: framed,
    rule: { kind: 'fdb', text: `${pod.network.eth0.mac} dev ${veth} master ${bridge}\n# bridge -d link show dev ${veth}: hairpin on`, source: undefined },
    capture: onNode(bridge, filter),
  });
}

/** The pod-side context `enterPod` reads: only the receiving side, its node and the policy. */
function podLeg(leg: HostLeg, node: ClusterNode, pod: NamespacedPod): LegContext {
  return {
    plugin: leg.cluster.settings.cni,
    fromNode: node,
    toNode: node,
    // enterPod judges ingress only, which reads the receiving pod; the sender is not a pod here.
    from: pod,
    to: pod,
    filter: leg.filter,
    needsArp: leg.needsArp,
    ...(leg.policy === undefined ? {} : { policy: leg.policy }),
  };
}
