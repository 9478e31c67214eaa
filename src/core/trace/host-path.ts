import type { Cluster, ClusterNode, Route } from '../cluster/types';
import { deterministicMac } from '../net/mac';
import type { PolicyVerdict } from '../policy/evaluate';
import { elementId } from '../topology/ids';
import { hash32 } from '../util/hash';
import { onNode } from './capture';
import type { HopList } from './hop-list';
import { enterPod, isNamespaced, podCapture, switchToPod, type LegContext, type NamespacedPod } from './pod-side';
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

/** The device a route sends a packet out of, and the address MASQUERADE would give it there. */
export interface EgressDevice {
  readonly name: string;
  readonly address: string;
  /** The device that holds `address`: `name` itself, or eth0 when `name` has no address (a Calico veth). */
  readonly addressOf: string;
  readonly route: Route;
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

/** The node's own addresses: its InternalIP, its bridge's and its tunnel device's. */
export function nodeAddresses(node: ClusterNode): string[] {
  const addresses = [node.internalIP];
  // Cilium's router IP on cilium_host is one of the node's own addresses too (the pods' gateway).
  for (const device of [node.bridge, node.tunnel, node.cilium?.host]) {
    const ip = device?.cidr?.split('/')[0];
    if (ip !== undefined && !addresses.includes(ip)) addresses.push(ip);
  }
  return addresses;
}

export function ownsAddress(node: ClusterNode, ip: string): boolean {
  return nodeAddresses(node).includes(ip);
}

/** The node that holds an address, if any. */
export function nodeOwning(cluster: Cluster, ip: string): ClusterNode | undefined {
  return cluster.nodes.find((n) => ownsAddress(n, ip));
}

/**
 * The address of a device on the node, as source address selection and MASQUERADE pick it.
 * A device without an address of its own (a Calico veth) makes the kernel take the first
 * global address of another device: eth0's.
 */
export function deviceAddress(node: ClusterNode, device: string): string {
  if (node.bridge !== undefined && device === node.bridge.name && node.bridge.cidr !== undefined) return node.bridge.cidr.split('/')[0]!;
  if (node.tunnel !== undefined && device === node.tunnel.name && node.tunnel.cidr !== undefined) return node.tunnel.cidr.split('/')[0]!;
  if (node.cilium !== undefined && device === node.cilium.host.name && node.cilium.host.cidr !== undefined) return node.cilium.host.cidr.split('/')[0]!;
  return node.internalIP;
}

/** The route a node takes to an address and the device it leaves by. */
export function egressOf(node: ClusterNode, destination: string): EgressDevice | undefined {
  const route = lookupRoute(node.routes, destination);
  if (route === undefined) return undefined;
  return egressDevice(node, route.dev, route);
}

function egressDevice(node: ClusterNode, device: string, route: Route): EgressDevice {
  const address = deviceAddress(node, device);
  const own = device === node.eth0.name || device === node.bridge?.name || device === node.tunnel?.name || device === node.cilium?.host.name;
  return { name: device, address, addressOf: own ? device : node.eth0.name, route };
}

/**
 * The source address the kernel gives a socket that did not bind one: the route's `src` when
 * it has one, otherwise the outgoing device's address. Says which it was, for the hop.
 */
export function sourceAddressFor(node: ClusterNode, destination: string): { address: string; route: Route; why: string } | undefined {
  const egress = egressOf(node, destination);
  if (egress === undefined) return undefined;
  const { route } = egress;
  if (route.src !== undefined) return { address: route.src, route, why: `the route's src ${route.src}` };
  const own = deviceAddress(node, route.dev);
  const why =
    own === node.internalIP && route.dev !== node.eth0.name
      ? `${route.dev} has no address of its own, so the kernel takes ${node.name}'s first global address, eth0's ${own}`
      : `the route has no src, so the kernel takes ${route.dev}'s address ${own}`;
  return { address: own, route, why };
}

/** The namespaced pod that holds an address, if any. */
function podAt(cluster: Cluster, ip: string): NamespacedPod | undefined {
  const pod = cluster.pods.find((p) => p.ip === ip && p.network.kind === 'pod');
  return pod !== undefined && isNamespaced(pod) ? pod : undefined;
}

/** The router's MAC on the node network: the simulator knows no real router, so it derives one from the gateway address. */
export function gatewayMac(gateway: string): string {
  return deterministicMac(`gateway:${gateway}`);
}

/** The element a node's routing decision is drawn at when the packet came in on eth0. */
export const eth0Of = (node: ClusterNode): string => elementId.nodeInterface(node.name, node.eth0.name);

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

/** From one node's eth0 over the node network to another's. */
export function wireBetween(list: HopList, packet: Packet, from: ClusterNode, to: ClusterNode, filter: string): void {
  const outer = packet.outer;
  const wireFilter =
    outer === undefined
      ? filter
      : outer.udp !== undefined
        ? `udp port ${outer.udp.dstPort} and host ${from.internalIP} and host ${to.internalIP}`
        : `ip proto 4 and host ${from.internalIP} and host ${to.internalIP}`;
  const decode = outer?.udp !== undefined && outer.udp.dstPort !== 4789 ? ' -T vxlan' : '';
  const what = outer === undefined ? 'packet' : outer.udp !== undefined ? 'VXLAN packet' : 'IP-in-IP packet';
  const capture = { command: `tcpdump -eni eth0 '${wireFilter}'${decode}`, note: decode === '' ? undefined : 'tcpdump decodes VXLAN by itself only on port 4789; -T vxlan makes it decode this port.' };
  list.add({
    where: eth0Of(from),
    kind: 'nic-transmit',
    summary: `${from.name}'s eth0 sends the ${what} to ${to.internalIP} (${to.eth0.mac}), a neighbour on the node network.`,
    packet,
    capture,
  });
  list.add({
    where: elementId.underlay(),
    kind: 'wire',
    summary: `The ${what} crosses the node network from ${from.name} (${from.internalIP}) to ${to.name} (${to.internalIP}).`,
    packet,
    capture: { ...capture, note: 'On either node, or on a switch mirror port.' },
  });
  const forUs = outer !== undefined || ownsAddress(to, packet.ip.dst);
  list.add({
    where: eth0Of(to),
    kind: 'nic-receive',
    summary:
      outer === undefined
        ? forUs
          ? `${to.name}'s eth0 receives the packet for its own address ${packet.ip.dst}.`
          : `${to.name}'s eth0 receives the packet; its destination ${packet.ip.dst} is not the node's own address, so the node forwards it.`
        : outer.udp !== undefined
          ? `${to.name}'s eth0 receives the outer packet for its own address, UDP port ${outer.udp.dstPort}, where the vxlan driver listens.`
          : `${to.name}'s eth0 receives the outer packet for its own address, IP protocol 4, which the ipip module takes.`,
    packet,
    capture,
  });
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

/**
 * From a pod's socket layer up to its node's IP stack, for a packet to an address that is not a
 * pod: one of the node's own addresses (the bridge's on-link, or another node's), or the
 * world. The pod's route lookup, ARP for the gateway on a first packet, and the veth crossing.
 */
export function leavePodForHost(list: HopList, start: Packet, pod: NamespacedPod, node: ClusterNode, filter: string, needsArp: boolean): Packet {
  const net = pod.network;
  const dst = start.ip.dst;
  const route = lookupRoute(net.routes, dst);
  if (route === undefined) throw new Error(`pod ${pod.name} has no route to ${dst}`);
  const nextHop = route.via ?? dst;
  const bridge = node.bridge;
  // On-link only the bridge's own address can be meant here: it answers with its own MAC.
  const nextMac = bridge?.mac ?? net.hostVeth.mac;
  const framed: Packet = { ...start, eth: { src: net.eth0.mac, dst: nextMac } };
  const fromEth0 = elementId.podInterface(pod.namespace, pod.name, net.eth0.name);
  list.add({
    where: fromEth0,
    kind: 'route-lookup',
    summary:
      (route.via === undefined
        ? `The route lookup in ${pod.name}'s network namespace finds ${dst} on-link: it is ${bridge?.name ?? 'the node'}'s own address in the pod subnet, so the packet goes straight out of eth0.`
        : `The route lookup in ${pod.name}'s network namespace sends ${dst} to the gateway ${route.via} on eth0: it is not in the pod's own subnet.`) +
      (needsArp ? '' : ` The MAC of ${nextHop} is already in the neighbour table.`),
    packet: needsArp ? start : framed,
    rule: { kind: 'route', text: formatRoute(route), source: undefined },
    capture: { command: `nsenter -t "$PID" -n ip route get ${dst}`, note: podCapture(pod, filter).note },
  });
  if (needsArp) {
    list.add({
      where: bridge === undefined ? elementId.hostVeth(node.name, net.hostVeth.name) : elementId.bridge(node.name, bridge.name),
      kind: 'arp',
      summary:
        bridge === undefined
          ? node.cilium !== undefined
            ? `${pod.name} asks "who-has ${nextHop} tell ${pod.ip}". No device holds that address on this link: bpf_lxc, on ${net.hostVeth.name}'s tc ingress, answers the ARP itself with ${net.hostVeth.name}'s MAC, ${nextMac}.`
            : `${pod.name} broadcasts "who-has ${nextHop} tell ${pod.ip}"; ${net.hostVeth.name} has proxy ARP on, so the host answers with ${nextMac}.`
          : `${pod.name} broadcasts "who-has ${nextHop} tell ${pod.ip}". The address belongs to ${bridge.name} itself, so ${node.name} answers "${nextHop} is-at ${nextMac}".`,
      packet: framed,
      rule: { kind: 'neighbour', text: `${nextHop} dev eth0 lladdr ${nextMac} REACHABLE`, source: undefined },
      capture: onNode(bridge?.name ?? net.hostVeth.name, `arp and host ${nextHop}`),
    });
  }
  list.add({
    where: fromEth0,
    kind: 'veth-transmit',
    summary: `${pod.name}'s eth0 sends the frame ${net.eth0.mac} → ${nextMac}; it crosses the veth pair to ${net.hostVeth.name} on ${node.name}.`,
    packet: framed,
    capture: podCapture(pod, filter),
  });
  list.add({
    where: elementId.hostVeth(node.name, net.hostVeth.name),
    kind: 'veth-receive',
    summary:
      bridge === undefined
        ? node.cilium !== undefined
          ? `The packet arrives on ${net.hostVeth.name}, whose tc ingress hook runs bpf_lxc (cil_from_container): ${dst} is no pod's address, so after its policy check it hands the packet to ${node.name}'s IP stack ` +
            `(legacy host routing: eBPF host routing, which would bypass the stack, needs BPF masquerading, and Helm's default masquerades in iptables).`
          : `The frame comes out of ${net.hostVeth.name} in ${node.name}'s own network namespace, where the node routes it.`
        : `The frame comes out of ${net.hostVeth.name}, a port of ${bridge.name}; it is addressed to the bridge's own MAC, so the bridge hands it up to ${node.name}'s IP stack.`,
    packet: framed,
    capture: onNode(net.hostVeth.name, filter),
  });
  return framed;
}

/** Where a node's stack takes in a packet that came up from a pod: the bridge, or (no bridge) the pod's veth. */
export function hostEntry(node: ClusterNode, pod: NamespacedPod): string {
  return node.bridge !== undefined ? elementId.bridge(node.name, node.bridge.name) : elementId.hostVeth(node.name, pod.network.hostVeth.name);
}
