import type { ClusterNode, IpipDevice, VxlanDevice } from '../cluster/types';
import { elementId } from '../topology/ids';
import { hash32 } from '../util/hash';
import { onNode } from './capture';
import type { HopList } from './hop-list';
import { enterPod, leavePod, switchToPod, type LegContext, type LegOutcome, type NamespacedPod } from './pod-side';
import { formatRoute, lookupRoute } from './routing';
import type { Packet } from './types';

/**
 * One direction between pods that the node's IP stack connects: pods on two nodes, or (with
 * Calico, which has no bridge) two pods on one node. The sending node routes the packet
 * (TTL −1); between nodes the CNI plugin carries it — in a VXLAN envelope (`flannel.1`,
 * `vxlan.calico`), in IP-in-IP (`tunl0`), or as a plain packet on the node network — and the
 * receiving node routes it again (TTL −1) to the pod's veth, through its bridge if it has one.
 */
export function routeBetween(list: HopList, start: Packet, leg: LegContext): LegOutcome {
  const framed = leavePod(list, start, leg);
  if (framed === undefined) return { dropped: true, direction: 'egress' };
  return routeOnward(list, framed, leg, 'from-pod');
}

/**
 * The rest of the way once the sending node's IP stack holds the packet: its route lookup and
 * whatever the CNI plugin does between the nodes, down to the pod. `after` says what came just
 * before: the frame straight from the pod, or kube-proxy's DNAT (then even a pod on this node
 * behind the same bridge is reached by routing, not switching).
 */
export function routeOnward(list: HopList, framed: Packet, leg: LegContext, after: 'from-pod' | 'dnat'): LegOutcome {
  const { fromNode, toNode, to } = leg;
  const route = lookupRoute(fromNode.routes, to.ip);
  if (route === undefined) throw new Error(`node ${fromNode.name} has no route to ${to.ip}`);
  const routed: Packet = { ...framed, ip: { ...framed.ip, ttl: framed.ip.ttl - 1 } };
  const entry = entryOf(fromNode, leg.from);
  const entered =
    after === 'dnat'
      ? `With the destination rewritten to ${to.ip}, ${fromNode.name} routes the packet (TTL ${framed.ip.ttl} → ${routed.ip.ttl})`
      : `${entry.device === 'bridge' ? `The frame is addressed to ${fromNode.bridge?.name ?? ''}'s own MAC, so` : `Arriving on ${leg.from.network.hostVeth.name},`} ${fromNode.name} routes the packet (TTL ${framed.ip.ttl} → ${routed.ip.ttl})`;

  if (fromNode === toNode && fromNode.bridge !== undefined) {
    // Back down onto the bridge the packet came from: routed by the node, then switched to the pod.
    const down = routeDown(list, framed, leg, toNode, entered);
    return deliver(list, down, leg, toNode);
  }

  if (fromNode === toNode) {
    // Calico on one node: a /32 route to the other pod's veth, and a static ARP entry for it.
    const delivered: Packet = { ...routed, eth: { src: to.network.hostVeth.mac, dst: to.network.eth0.mac } };
    list.add({
      where: entry.id,
      kind: 'route-lookup',
      summary: `${entered}: ${to.ip} has its own route through ${to.network.hostVeth.name}, and Felix's static ARP entry gives its MAC, so no ARP is needed.`,
      packet: delivered,
      rule: { kind: 'route', text: formatRoute(route), source: undefined },
      capture: onNode(to.network.hostVeth.name, leg.filter),
    });
    return deliver(list, delivered, leg, toNode, false);
  }

  const tunnel = fromNode.tunnel !== undefined && route.dev === fromNode.tunnel.name ? fromNode.tunnel : undefined;
  let onWire: Packet;
  if (tunnel?.kind === 'vxlan') onWire = vxlanOut(list, routed, leg, route, tunnel, entry.id, entered);
  else if (tunnel?.kind === 'ipip') onWire = ipipOut(list, routed, leg, route, tunnel, entry.id, entered);
  else {
    onWire = { ...routed, eth: { src: fromNode.eth0.mac, dst: toNode.eth0.mac } };
    list.add({
      where: entry.id,
      kind: 'route-lookup',
      summary:
        `${entered}: ${to.ip} is in ${toNode.name}'s pod range, and the route sends it straight to ${toNode.name}'s address on eth0, with no encapsulation ` +
        `(${routeOrigin(leg.plugin)}). ${noMasquerade(leg.plugin)}`,
      packet: onWire,
      rule: { kind: 'route', text: formatRoute(route), source: undefined },
      capture: onNode('eth0', leg.filter),
    });
  }

  crossWire(list, onWire, leg);

  let arrived: Packet = onWire;
  if (onWire.outer !== undefined && toNode.tunnel !== undefined) {
    const { outer, ...inner } = onWire;
    const peerTunnel = toNode.tunnel;
    // IP-in-IP carries no inner Ethernet header; after decapsulation the node routes the bare packet.
    arrived = peerTunnel.kind === 'ipip' ? { ...inner, eth: undefined } : inner;
    list.add({
      where: elementId.tunnel(toNode.name, peerTunnel.name),
      kind: 'decapsulate',
      summary:
        peerTunnel.kind === 'vxlan'
          ? `${peerTunnel.name} on ${toNode.name} strips the outer headers (VNI ${peerTunnel.vni}); the inner frame is addressed to its own MAC ${peerTunnel.mac}, so the node routes the inner packet.`
          : `${toNode.name} accepts IP protocol 4 from ${outer.ip.src} (Calico lets in IP-in-IP only from its own hosts) and ${peerTunnel.name} strips the outer IP header; the node routes the inner packet.`,
      packet: arrived,
      capture: onNode(peerTunnel.name, leg.filter),
    });
  }

  const delivered = routeDown(list, arrived, leg, toNode);
  return deliver(list, delivered, leg, toNode);
}

/** The last steps into the pod: conntrack's reverse NAT on a Service reply, the bridge if any, the veth. */
function deliver(list: HopList, packet: Packet, leg: LegContext, node: ClusterNode, viaBridge = node.bridge !== undefined): LegOutcome {
  const delivered = leg.beforeDelivery === undefined ? packet : leg.beforeDelivery(list, packet);
  if (viaBridge) switchToPod(list, delivered, node, leg.to, leg.filter, leg.policy !== undefined);
  return enterPod(list, delivered, leg) ? { dropped: false } : { dropped: true, direction: 'ingress' };
}

/** Where the sending node's IP stack takes the packet in: its bridge, or (Calico) the pod's veth. */
function entryOf(node: ClusterNode, from: NamespacedPod): { id: string; device: 'bridge' | 'veth' } {
  return node.bridge !== undefined
    ? { id: elementId.bridge(node.name, node.bridge.name), device: 'bridge' }
    : { id: elementId.hostVeth(node.name, from.network.hostVeth.name), device: 'veth' };
}

function vxlanOut(list: HopList, routed: Packet, leg: LegContext, route: ReturnType<typeof lookupRoute> & object, tunnel: VxlanDevice, entryId: string, entered: string): Packet {
  const { fromNode, toNode, to } = leg;
  const neighbour = fromNode.neighbours.find((n) => n.ip === route.via && n.dev === tunnel.name);
  const fdb = fromNode.fdb.find((f) => f.mac === neighbour?.mac);
  const inner: Packet = { ...routed, eth: { src: tunnel.mac, dst: neighbour?.mac ?? '' } };
  list.add({
    where: entryId,
    kind: 'route-lookup',
    summary:
      `${entered}: ${to.ip} is in ${toNode.name}'s pod range, reached through ${tunnel.name}, whose permanent neighbour entry gives ${route.via ?? ''} the VTEP MAC ${neighbour?.mac ?? '?'}. ` +
      noMasquerade(leg.plugin),
    packet: inner,
    rule: { kind: 'route', text: formatRoute(route), source: undefined },
    capture: onNode(tunnel.name, leg.filter),
  });
  const outer: Packet = {
    ...inner,
    outer: {
      eth: { src: fromNode.eth0.mac, dst: toNode.eth0.mac },
      ip: { src: fromNode.internalIP, dst: fdb?.dst ?? toNode.internalIP, ttl: 64, protocol: 'UDP' },
      // The vxlan driver derives the source port from a hash of the inner flow, within the ephemeral range.
      udp: { srcPort: 32768 + (hash32(`vxlan:${inner.ip.src}:${inner.ip.dst}:${leg.filter}`) % 28232), dstPort: tunnel.port },
      vxlan: { vni: tunnel.vni },
    },
  };
  const portNote = tunnel.port === 4789 ? "IANA's VXLAN port" : "the Linux vxlan driver's default, which Flannel keeps; not IANA's 4789";
  list.add({
    where: elementId.tunnel(fromNode.name, tunnel.name),
    kind: 'encapsulate',
    summary:
      `${tunnel.name} wraps the frame in VXLAN (VNI ${tunnel.vni}): its forwarding database sends VTEP ${neighbour?.mac ?? '?'} to ${fdb?.dst ?? '?'}, so the outer packet goes ` +
      `${fromNode.internalIP} → ${fdb?.dst ?? '?'} over UDP to port ${tunnel.port} (${portNote}). ` +
      `The 50 bytes of outer headers are why pods here have MTU ${tunnel.mtu}.`,
    packet: outer,
    rule: { kind: 'fdb', text: `${neighbour?.mac ?? '?'} dev ${tunnel.name} dst ${fdb?.dst ?? '?'} self permanent`, source: undefined },
    capture: onNode(tunnel.name, leg.filter),
  });
  return outer;
}

function ipipOut(list: HopList, routed: Packet, leg: LegContext, route: ReturnType<typeof lookupRoute> & object, tunnel: IpipDevice, entryId: string, entered: string): Packet {
  const { fromNode, toNode, to } = leg;
  const bare: Packet = { ...routed, eth: undefined };
  list.add({
    where: entryId,
    kind: 'route-lookup',
    summary:
      `${entered}: BIRD learned ${to.ip}'s block from ${toNode.name} over BGP and routes it via ${route.via ?? ''} through ${tunnel.name}. ` +
      noMasquerade(leg.plugin),
    packet: bare,
    rule: { kind: 'route', text: formatRoute(route), source: undefined },
    capture: onNode(tunnel.name, leg.filter),
  });
  const outer: Packet = {
    ...bare,
    outer: {
      eth: { src: fromNode.eth0.mac, dst: toNode.eth0.mac },
      // tunl0 is configured with ttl 0 ("inherit"): the outer TTL copies the inner one.
      ip: { src: fromNode.internalIP, dst: route.via ?? toNode.internalIP, ttl: bare.ip.ttl, protocol: 'IPIP' },
      udp: undefined,
      vxlan: undefined,
    },
  };
  list.add({
    where: elementId.tunnel(fromNode.name, tunnel.name),
    kind: 'encapsulate',
    summary:
      `${tunnel.name} wraps the packet in a second IP header, ${fromNode.internalIP} → ${route.via ?? ''}, protocol 4 (IP-in-IP), with no inner Ethernet header. ` +
      `The 20 extra bytes are why pods here have MTU ${tunnel.mtu}.`,
    packet: outer,
    capture: onNode(tunnel.name, leg.filter),
  });
  return outer;
}

/** From the sending node's eth0 over the node network to the receiving node's eth0. */
export function crossWire(list: HopList, onWire: Packet, leg: LegContext): void {
  const { fromNode, toNode, to } = leg;
  const outer = onWire.outer;
  const wireFilter =
    outer === undefined
      ? leg.filter
      : outer.udp !== undefined
        ? `udp port ${outer.udp.dstPort} and host ${fromNode.internalIP} and host ${toNode.internalIP}`
        : `ip proto 4 and host ${fromNode.internalIP} and host ${toNode.internalIP}`;
  // Weave's sleeve format is its own: tcpdump shows it as plain UDP, with nothing to decode it as.
  const sleeve = outer?.sleeve !== undefined;
  const decode = outer?.udp !== undefined && outer.udp.dstPort !== 4789 && !sleeve ? ' -T vxlan' : '';
  const what = outer === undefined ? 'packet' : sleeve ? 'sleeve UDP packet' : outer.udp !== undefined ? 'VXLAN packet' : 'IP-in-IP packet';
  const underlayRoute = lookupRoute(fromNode.routes, toNode.internalIP);
  list.add({
    where: elementId.nodeInterface(fromNode.name, fromNode.eth0.name),
    kind: 'nic-transmit',
    summary: `${fromNode.name}'s eth0 sends the ${what} to ${toNode.internalIP} (${toNode.eth0.mac}), a neighbour on the node network that the nodes already know from their constant traffic.`,
    packet: onWire,
    ...(underlayRoute === undefined ? {} : { rule: { kind: 'route' as const, text: formatRoute(underlayRoute), source: undefined } }),
    capture: {
      command: `tcpdump -eni eth0 '${wireFilter}'${decode}`,
      note: decode === '' ? undefined : 'tcpdump decodes VXLAN by itself only on port 4789; -T vxlan makes it decode this port.',
    },
  });
  list.add({
    where: elementId.underlay(),
    kind: 'wire',
    summary: `The ${what} crosses the node network from ${fromNode.name} (${fromNode.internalIP}) to ${toNode.name} (${toNode.internalIP}).`,
    packet: onWire,
    capture: { command: `tcpdump -eni eth0 '${wireFilter}'${decode}`, note: 'On either node, or on a switch mirror port.' },
  });
  list.add({
    where: elementId.nodeInterface(toNode.name, toNode.eth0.name),
    kind: 'nic-receive',
    summary:
      outer === undefined
        ? `${toNode.name}'s eth0 receives the packet; its destination ${to.ip} is not the node's own address, so the node forwards it.`
        : sleeve && outer.udp !== undefined
          ? `${toNode.name}'s eth0 receives the outer packet for its own address, UDP port ${outer.udp.dstPort}, where the weave router's socket listens; the kernel hands the datagram to that process.`
          : outer.udp !== undefined
            ? `${toNode.name}'s eth0 receives the outer packet for its own address, UDP port ${outer.udp.dstPort}, where the vxlan driver listens.`
            : `${toNode.name}'s eth0 receives the outer packet for its own address, IP protocol 4, which the ipip module takes.`,
    packet: onWire,
    capture: { command: `tcpdump -eni eth0 '${wireFilter}'${decode}`, note: undefined },
  });
}

/**
 * The receiving node routes the packet to the pod (TTL −1): onto its bridge, resolving the pod's
 * MAC by ARP the first time, or (Calico) straight to the pod's veth with a static ARP entry.
 */
function routeDown(list: HopList, packet: Packet, leg: LegContext, node: ClusterNode, entered?: string): Packet {
  const { to } = leg;
  const route = lookupRoute(node.routes, to.ip);
  const ttl = packet.ip.ttl - 1;
  const rule = route === undefined ? {} : { rule: { kind: 'route' as const, text: formatRoute(route), source: undefined } };
  if (node.bridge === undefined) {
    const framed: Packet = { ...packet, eth: { src: to.network.hostVeth.mac, dst: to.network.eth0.mac }, ip: { ...packet.ip, ttl } };
    list.add({
      where: elementId.hostVeth(node.name, to.network.hostVeth.name),
      kind: 'route-lookup',
      summary: `${node.name} routes ${to.ip} by its own /32 route to ${to.network.hostVeth.name} (TTL ${packet.ip.ttl} → ${ttl}); Felix's static ARP entry gives the pod's MAC.`,
      packet: framed,
      ...rule,
      capture: onNode(to.network.hostVeth.name, leg.filter),
    });
    return framed;
  }
  const gateway = (node.bridge.cidr ?? '').split('/')[0] ?? '';
  const framed: Packet = { ...packet, eth: { src: node.bridge.mac, dst: to.network.eth0.mac }, ip: { ...packet.ip, ttl } };
  list.add({
    where: elementId.bridge(node.name, node.bridge.name),
    kind: 'route-lookup',
    summary:
      (entered === undefined
        ? `${node.name} routes ${to.ip} onto its bridge: it is in the node's own pod range, connected on ${node.bridge.name} (TTL ${packet.ip.ttl} → ${ttl}).`
        : `${entered}: ${to.ip} is in the node's own pod range, connected on ${node.bridge.name}, so it goes back out onto the bridge.`) +
      (leg.needsArp ? '' : ` ${to.ip}'s MAC is already in the neighbour table, learned when ${to.name} asked for its gateway's MAC.`),
    packet: leg.needsArp ? { ...packet, ip: framed.ip } : framed,
    ...rule,
    capture: onNode(node.bridge.name, leg.filter),
  });
  if (leg.needsArp) {
    list.add({
      where: elementId.bridge(node.name, node.bridge.name),
      kind: 'arp',
      summary:
        `${node.name} has no neighbour entry for ${to.ip} yet, so it asks on ${node.bridge.name}: "who-has ${to.ip} tell ${gateway}". ` +
        `${to.name} answers "${to.ip} is-at ${to.network.eth0.mac}", and learns its gateway's MAC from the request, so its replies need no ARP.`,
      packet: framed,
      rule: { kind: 'neighbour', text: `${to.ip} dev ${node.bridge.name} lladdr ${to.network.eth0.mac} REACHABLE`, source: undefined },
      capture: onNode(node.bridge.name, `arp and host ${to.ip}`),
    });
  }
  return framed;
}

function routeOrigin(plugin: LegContext['plugin']): string {
  if (plugin === 'bridge') return 'routes like this one come from the cloud route controller or static routes, not from the CNI plugin';
  if (plugin === 'calico-bgp') return "BIRD learned it over BGP from the node that owns the block";
  return 'host-gw needs the nodes on one L2 segment';
}

/** Why a packet between pods keeps its source address on the way out of the node. */
function noMasquerade(plugin: LegContext['plugin']): string {
  if (plugin === 'bridge') return 'The masquerade rule only rewrites traffic leaving the non-masquerade range (the pod network), so the pod address stays.';
  if (plugin.startsWith('calico')) return "Calico's cali-nat-outgoing only masquerades traffic from a pool to addresses outside every pool, so the pod address stays.";
  return "Flannel's FLANNEL-POSTRTG chain returns early for pod-to-pod traffic, so nothing is masqueraded.";
}
