import type { ClusterNode } from '../cluster/types';
import { elementId } from '../topology/ids';
import { hash32 } from '../util/hash';
import { onNode } from './capture';
import type { HopList } from './hop-list';
import { enterPod, leavePod, switchToPod, type LegContext, type LegOutcome } from './pod-side';
import { formatRoute, lookupRoute } from './routing';
import type { Packet } from './types';

/**
 * One direction between pods on two nodes. The frame's destination MAC is the bridge's own, so
 * the sending node routes the packet (TTL −1); the CNI plugin carries it to the peer node — in a
 * VXLAN envelope through `flannel.1`, or as a plain IP packet on the underlay (host-gw, kubenet) —
 * where the peer routes it down to its bridge (TTL −1 again) and into the pod.
 */
export function crossNodes(list: HopList, start: Packet, leg: LegContext): LegOutcome {
  const framed = leavePod(list, start, leg);
  if (framed === undefined) return { dropped: true, direction: 'egress' };
  const { fromNode, toNode, to } = leg;
  const route = lookupRoute(fromNode.routes, to.ip);
  if (route === undefined) throw new Error(`node ${fromNode.name} has no route to ${to.ip}`);
  const routed: Packet = { ...framed, ip: { ...framed.ip, ttl: framed.ip.ttl - 1 } };
  const viaTunnel = fromNode.tunnel !== undefined && route.dev === fromNode.tunnel.name;

  let onWire: Packet;
  if (viaTunnel) {
    const tunnel = fromNode.tunnel!;
    const neighbour = fromNode.neighbours.find((n) => n.ip === route.via && n.dev === tunnel.name);
    const fdb = fromNode.fdb.find((f) => f.mac === neighbour?.mac);
    const inner: Packet = { ...routed, eth: { src: tunnel.mac, dst: neighbour?.mac ?? '' } };
    list.add({
      where: elementId.bridge(fromNode.name, fromNode.bridge.name),
      kind: 'route-lookup',
      summary:
        `The frame is addressed to ${fromNode.bridge.name}'s own MAC, so ${fromNode.name} routes the packet (TTL ${framed.ip.ttl} → ${routed.ip.ttl}): ` +
        `${to.ip} is in ${toNode.name}'s pod range, reached through ${tunnel.name}, whose permanent neighbour entry gives ${route.via ?? ''} the VTEP MAC ${neighbour?.mac ?? '?'}. ` +
        noMasquerade(leg.plugin),
      packet: inner,
      rule: { kind: 'route', text: formatRoute(route), source: undefined },
      capture: onNode(tunnel.name, leg.filter),
    });
    onWire = {
      ...inner,
      outer: {
        eth: { src: fromNode.eth0.mac, dst: toNode.eth0.mac },
        ip: { src: fromNode.internalIP, dst: fdb?.dst ?? toNode.internalIP, ttl: 64, protocol: 'UDP' },
        // The vxlan driver derives the source port from a hash of the inner flow, within the ephemeral range.
        udp: { srcPort: 32768 + (hash32(`vxlan:${inner.ip.src}:${inner.ip.dst}:${leg.filter}`) % 28232), dstPort: tunnel.port },
        vxlan: { vni: tunnel.vni },
      },
    };
    list.add({
      where: elementId.tunnel(fromNode.name, tunnel.name),
      kind: 'encapsulate',
      summary:
        `${tunnel.name} wraps the frame in VXLAN (VNI ${tunnel.vni}): its forwarding database sends VTEP ${neighbour?.mac ?? '?'} to ${fdb?.dst ?? '?'}, so the outer packet goes ` +
        `${fromNode.internalIP} → ${fdb?.dst ?? '?'} over UDP to port ${tunnel.port} (the Linux vxlan default Flannel keeps; not IANA's 4789). ` +
        `The 50 bytes of outer headers are why pods here have MTU ${tunnel.mtu}.`,
      packet: onWire,
      rule: { kind: 'fdb', text: `${neighbour?.mac ?? '?'} dev ${tunnel.name} dst ${fdb?.dst ?? '?'} self permanent`, source: undefined },
      capture: onNode(tunnel.name, leg.filter),
    });
  } else {
    onWire = { ...routed, eth: { src: fromNode.eth0.mac, dst: toNode.eth0.mac } };
    list.add({
      where: elementId.bridge(fromNode.name, fromNode.bridge.name),
      kind: 'route-lookup',
      summary:
        `The frame is addressed to ${fromNode.bridge.name}'s own MAC, so ${fromNode.name} routes the packet (TTL ${framed.ip.ttl} → ${routed.ip.ttl}): ` +
        `${to.ip} is in ${toNode.name}'s pod range, and the route sends it straight to ${toNode.name}'s address on eth0, with no encapsulation ` +
        `(${leg.plugin === 'bridge' ? 'routes like this one come from the cloud route controller or static routes, not from the CNI plugin' : 'host-gw needs the nodes on one L2 segment'}). ` +
        noMasquerade(leg.plugin),
      packet: onWire,
      rule: { kind: 'route', text: formatRoute(route), source: undefined },
      capture: onNode('eth0', leg.filter),
    });
  }

  const wireFilter = onWire.outer === undefined ? leg.filter : `udp port ${onWire.outer.udp?.dstPort ?? ''} and host ${fromNode.internalIP} and host ${toNode.internalIP}`;
  const underlayRoute = lookupRoute(fromNode.routes, toNode.internalIP);
  list.add({
    where: elementId.nodeInterface(fromNode.name, fromNode.eth0.name),
    kind: 'nic-transmit',
    summary: `${fromNode.name}'s eth0 sends the ${onWire.outer === undefined ? 'packet' : 'outer packet'} to ${toNode.internalIP} (${toNode.eth0.mac}), a neighbour on the node network that the nodes already know from their constant traffic.`,
    packet: onWire,
    ...(underlayRoute === undefined ? {} : { rule: { kind: 'route' as const, text: formatRoute(underlayRoute), source: undefined } }),
    capture: { command: `tcpdump -eni eth0 '${wireFilter}'${onWire.outer === undefined ? '' : ' -T vxlan'}`, note: onWire.outer === undefined ? undefined : 'tcpdump decodes VXLAN by itself only on port 4789; -T vxlan makes it decode this port.' },
  });
  list.add({
    where: elementId.underlay(),
    kind: 'wire',
    summary: `The ${onWire.outer === undefined ? 'packet' : 'VXLAN packet'} crosses the node network from ${fromNode.name} (${fromNode.internalIP}) to ${toNode.name} (${toNode.internalIP}).`,
    packet: onWire,
    capture: { command: `tcpdump -eni eth0 '${wireFilter}'`, note: 'On either node, or on a switch mirror port.' },
  });
  list.add({
    where: elementId.nodeInterface(toNode.name, toNode.eth0.name),
    kind: 'nic-receive',
    summary: onWire.outer === undefined
      ? `${toNode.name}'s eth0 receives the packet; its destination ${to.ip} is not the node's own address, so the node forwards it.`
      : `${toNode.name}'s eth0 receives the outer packet for its own address, UDP port ${onWire.outer.udp?.dstPort ?? ''}, where the vxlan driver listens.`,
    packet: onWire,
    capture: { command: `tcpdump -eni eth0 '${wireFilter}'`, note: undefined },
  });

  let arrived: Packet = onWire;
  if (onWire.outer !== undefined && toNode.tunnel !== undefined) {
    const { outer: _outer, ...inner } = onWire;
    arrived = inner;
    list.add({
      where: elementId.tunnel(toNode.name, toNode.tunnel.name),
      kind: 'decapsulate',
      summary: `${toNode.tunnel.name} on ${toNode.name} strips the outer headers (VNI ${toNode.tunnel.vni}); the inner frame is addressed to its own MAC ${toNode.tunnel.mac}, so the node routes the inner packet.`,
      packet: arrived,
      capture: onNode(toNode.tunnel.name, leg.filter),
    });
  }

  const delivered = routeDown(list, arrived, leg, toNode);
  switchToPod(list, delivered, toNode, to, leg.filter, leg.policy !== undefined);
  return enterPod(list, delivered, leg) ? { dropped: false } : { dropped: true, direction: 'ingress' };
}

/** Why a packet between pods keeps its source address on the way out of the node. */
function noMasquerade(plugin: LegContext['plugin']): string {
  return plugin === 'bridge'
    ? 'The masquerade rule only rewrites traffic leaving the non-masquerade range (the pod network), so the pod address stays.'
    : "Flannel's FLANNEL-POSTRTG chain returns early for pod-to-pod traffic, so nothing is masqueraded.";
}

/** The receiving node routes the packet onto its bridge (TTL −1) and resolves the pod's MAC. */
function routeDown(list: HopList, packet: Packet, leg: LegContext, node: ClusterNode): Packet {
  const { to } = leg;
  const route = lookupRoute(node.routes, to.ip);
  const gateway = (node.bridge.cidr ?? '').split('/')[0] ?? '';
  const framed: Packet = { ...packet, eth: { src: node.bridge.mac, dst: to.network.eth0.mac }, ip: { ...packet.ip, ttl: packet.ip.ttl - 1 } };
  list.add({
    where: elementId.bridge(node.name, node.bridge.name),
    kind: 'route-lookup',
    summary:
      `${node.name} routes ${to.ip} onto its bridge: it is in the node's own pod range, connected on ${node.bridge.name} (TTL ${packet.ip.ttl} → ${framed.ip.ttl}).` +
      (leg.needsArp ? '' : ` ${to.ip}'s MAC is already in the neighbour table, learned when ${to.name} asked for its gateway's MAC.`),
    packet: leg.needsArp ? { ...packet, ip: framed.ip } : framed,
    ...(route === undefined ? {} : { rule: { kind: 'route' as const, text: formatRoute(route), source: undefined } }),
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
