import type { ClusterNode, WeaveFastDatapath } from '../cluster/types';
import { weaveVni, WEAVE_VXLAN_PORT } from '../dataplane/weave';
import { isWeaveNode } from '../dataplane/weave-sleeve';
import { elementId } from '../topology/ids';
import { hash32 } from '../util/hash';
import { onNode } from './capture';
import type { HopList } from './hop-list';
import { enterPod, podCapture, policyHop, type LegContext, type LegOutcome, type NamespacedPod } from './pod-side';
import { crossWire } from './routed-leg';
import { formatRoute, lookupRoute } from './routing';
import type { Packet } from './types';
import { sleeveOverlay } from './weave-sleeve-leg';

/** The vxlan driver picks the outer source port from a hash of the inner flow, in the ephemeral range. */
export function vxlanSourcePort(inner: Packet, filter: string): number {
  return 32768 + (hash32(`vxlan:${inner.ip.src}:${inner.ip.dst}:${filter}`) % 28232);
}

const hex = (n: number): string => `0x${n.toString(16)}`;

/**
 * One direction between pods on two nodes with Weave Net. Nothing is routed: every pod has an
 * address of the whole range, so the frame is switched by the weave bridge out of vethwe-bridge
 * — with fast datapath into the Open vSwitch datapath, whose flow wraps it in VXLAN to the peer
 * that has the destination MAC (UDP 6784, VNI = the two peers' short IDs); in sleeve mode to the
 * weave router, which carries it in its own UDP encapsulation (6783) — and switched again on
 * the other side. The TTL never changes.
 */
export function weaveAcross(list: HopList, start: Packet, leg: LegContext): LegOutcome {
  const { fromNode, toNode, from, to } = leg;
  weaveOf(fromNode);
  weaveOf(toNode);
  const route = lookupRoute(from.network.routes, to.ip);
  if (route === undefined) throw new Error(`pod ${from.name} has no route to ${to.ip}`);
  const framed: Packet = { ...start, eth: { src: from.network.eth0.mac, dst: to.network.eth0.mac } };
  const fromEth0 = elementId.podInterface(from.namespace, from.name, from.network.eth0.name);
  const fromVeth = elementId.hostVeth(fromNode.name, from.network.hostVeth.name);

  list.add({
    where: fromEth0,
    kind: 'route-lookup',
    summary:
      `The route lookup in ${from.name}'s network namespace finds ${to.ip} on-link: Weave gives every pod an address with the prefix of the whole range (${route.destination}), ` +
      `so ${to.name} on ${toNode.name} is on the same Ethernet network as far as ${from.name} can tell; no gateway.` +
      (leg.needsArp ? '' : ` ${to.ip}'s MAC is already in the neighbour table, learned from ${to.name}'s own ARP request.`),
    packet: leg.needsArp ? start : framed,
    rule: { kind: 'route', text: formatRoute(route), source: undefined },
    capture: { command: `nsenter -t "$PID" -n ip route get ${to.ip}`, note: podCapture(from, leg.filter).note },
  });
  if (leg.needsArp) {
    list.add({
      where: elementId.bridge(fromNode.name, 'weave'),
      kind: 'arp',
      summary:
        `${from.name} broadcasts "who-has ${to.ip} tell ${from.ip}". The weave bridge floods it to its ports, vethwe-bridge among them, and the weave router ` +
        `sends broadcasts to every peer; on ${toNode.name} it comes out of the weave bridge and ${to.name} answers "${to.ip} is-at ${to.network.eth0.mac}". ` +
        `The answer comes back through vethwe-bridge, where ${fromNode.name}'s weave bridge learns that MAC.`,
      packet: framed,
      rule: { kind: 'neighbour', text: `${to.ip} dev eth0 lladdr ${to.network.eth0.mac} REACHABLE`, source: undefined },
      capture: onNode('weave', `arp and host ${to.ip}`),
    });
  }
  list.add({
    where: fromEth0,
    kind: 'veth-transmit',
    summary: `${from.name}'s eth0 sends the frame ${from.network.eth0.mac} → ${to.network.eth0.mac}, addressed to ${to.name} itself; eth0 is one end of a veth pair whose other end, ${from.network.hostVeth.name}, is a port of the weave bridge.`,
    packet: framed,
    capture: podCapture(from, leg.filter),
  });
  list.add({
    where: fromVeth,
    kind: 'veth-receive',
    summary: `The frame comes out of ${from.network.hostVeth.name} on ${fromNode.name}, a port of the weave bridge, which takes it in.`,
    packet: framed,
    capture: onNode(from.network.hostVeth.name, leg.filter),
  });
  if (leg.policy !== undefined && !policyHop(list, framed, leg, 'egress', fromVeth, onNode(from.network.hostVeth.name, leg.filter))) {
    return { dropped: true, direction: 'egress' };
  }
  return throughDatapath(
    list,
    framed,
    leg,
    `The weave bridge finds ${to.network.eth0.mac} behind its port vethwe-bridge and forwards the frame there, ${towards(fromNode)}. Switching, not routing: the TTL stays ${framed.ip.ttl}. ` +
      `(In iptables FORWARD, weave-npc's WEAVE-NPC chain accepts frames going out of vethwe-bridge: their ingress policy is judged on the node they go to.)`,
  );
}

/** A packet that came into the node elsewhere than from the weave bridge (from eth0), before it is routed onto the bridge. */
export interface WeaveEntry {
  /** The element the route lookup is drawn at. */
  readonly where: string;
  /** nat POSTROUTING once the route chose the weave bridge (kube-proxy's MASQUERADE); gives the packet that leaves. */
  readonly postrouting?: (list: HopList, packet: Packet) => Packet;
  /** A packet a process on the node itself sends: routed without losing a TTL, and with this sentence instead of the DNAT's. */
  readonly local?: string;
}

/**
 * A pod's packet to another peer's bridge address — the reply to a connection that peer's node
 * masqueraded to its weave address. The address is on-link for the pod (the whole range is), and
 * its MAC is known from the ARP request that node sent for the pod; the frame is switched by both
 * weave bridges and carried by the fast datapath (or the sleeve router), and since it is addressed to the far bridge's
 * own MAC, that node's IP stack takes it in. Gives the packet as the stack holds it.
 */
export function weaveToPeerBridge(list: HopList, start: Packet, pod: NamespacedPod, podNode: ClusterNode, node: ClusterNode, filter: string): Packet {
  const bridge = node.bridge;
  if (bridge === undefined) throw new Error(`node ${node.name} has no weave bridge`);
  const dst = start.ip.dst;
  const route = lookupRoute(pod.network.routes, dst);
  if (route === undefined) throw new Error(`pod ${pod.name} has no route to ${dst}`);
  const framed: Packet = { ...start, eth: { src: pod.network.eth0.mac, dst: bridge.mac } };
  const leg: LegContext = { plugin: 'weave', fromNode: podNode, toNode: node, from: pod, to: pod, filter, needsArp: false };
  list.add({
    where: elementId.podInterface(pod.namespace, pod.name, pod.network.eth0.name),
    kind: 'route-lookup',
    summary:
      `The route lookup in ${pod.name}'s network namespace finds ${dst} on-link in the Weave range: it is ${node.name}'s weave bridge address. ` +
      `Its MAC, ${bridge.mac}, is already in the neighbour table, learned from the ARP request ${node.name} sent for ${pod.ip}.`,
    packet: framed,
    rule: { kind: 'route', text: formatRoute(route), source: undefined },
    capture: { command: `nsenter -t "$PID" -n ip route get ${dst}`, note: podCapture(pod, filter).note },
  });
  list.add({
    where: elementId.podInterface(pod.namespace, pod.name, pod.network.eth0.name),
    kind: 'veth-transmit',
    summary: `${pod.name}'s eth0 sends the frame ${pod.network.eth0.mac} → ${bridge.mac}; it crosses the veth pair to ${pod.network.hostVeth.name}, a port of ${podNode.name}'s weave bridge.`,
    packet: framed,
    capture: podCapture(pod, filter),
  });
  list.add({
    where: elementId.hostVeth(podNode.name, pod.network.hostVeth.name),
    kind: 'veth-receive',
    summary: `The frame comes out of ${pod.network.hostVeth.name} on ${podNode.name}, into the weave bridge.`,
    packet: framed,
    capture: onNode(pod.network.hostVeth.name, filter),
  });
  list.add({
    where: elementId.bridge(podNode.name, 'weave'),
    kind: 'bridge-forward',
    summary: `The weave bridge finds ${bridge.mac}, ${node.name}'s bridge, behind its port vethwe-bridge and forwards the frame there, ${towards(podNode)}. Switching, not routing: the TTL stays ${framed.ip.ttl}.`,
    packet: framed,
    rule: { kind: 'fdb', text: `${bridge.mac} dev vethwe-bridge master weave`, source: undefined },
    capture: onNode('weave', filter),
  });
  overlay(list, framed, leg);
  list.add({
    where: elementId.bridge(node.name, 'weave'),
    kind: 'bridge-forward',
    summary: `The frame is addressed to the weave bridge's own MAC ${bridge.mac}, so the bridge passes it up to ${node.name}'s IP stack: ${dst} is the node's own address.`,
    packet: framed,
    capture: onNode('weave', filter),
  });
  return framed;
}

/**
 * After kube-proxy's DNAT on the client's node, towards an endpoint on another node. The node
 * routes the packet (TTL −1) by its one route for the whole Weave range, which is on-link on the
 * weave bridge wherever the endpoint runs: no per-node route, no gateway. The node ARPs for the
 * endpoint from the bridge's address (weave carries the broadcast to every peer), and the frame,
 * now from the bridge's MAC to the endpoint's, takes the fast datapath (or sleeve) like any pod's frame.
 */
export function weaveRoutedAcross(list: HopList, framed: Packet, leg: LegContext, entry?: WeaveEntry): LegOutcome {
  const { fromNode, to } = leg;
  weaveOf(fromNode);
  const bridge = fromNode.bridge;
  if (bridge === undefined) throw new Error(`node ${fromNode.name} has no weave bridge`);
  const route = lookupRoute(fromNode.routes, to.ip);
  if (route === undefined) throw new Error(`node ${fromNode.name} has no route to ${to.ip}`);
  const ttl = entry?.local === undefined ? framed.ip.ttl - 1 : framed.ip.ttl;
  let routed: Packet = { ...framed, eth: { src: bridge.mac, dst: to.network.eth0.mac }, ip: { ...framed.ip, ttl } };
  const bridgeIP = (bridge.cidr ?? '').split('/')[0] ?? '';
  list.add({
    where: entry?.where ?? elementId.bridge(fromNode.name, 'weave'),
    kind: 'route-lookup',
    summary:
      (entry?.local ?? `With the destination rewritten to ${to.ip}, ${fromNode.name} routes the packet (TTL ${framed.ip.ttl} → ${ttl})`) +
      `. Its one route for the Weave range puts ${to.ip} on-link on the weave bridge, ` +
      `although ${to.name} runs on ${leg.toNode.name}: the node sends the packet ${entry === undefined ? 'back out onto the bridge it came from' : 'out onto the weave bridge'}.`,
    packet: { ...framed, ip: routed.ip },
    rule: { kind: 'route', text: formatRoute(route), source: undefined },
    capture: onNode('weave', leg.filter),
  });
  // nat POSTROUTING runs once the route chose the device, before the neighbour lookup.
  if (entry?.postrouting !== undefined) routed = entry.postrouting(list, routed);
  list.add({
    where: elementId.bridge(fromNode.name, 'weave'),
    kind: 'arp',
    summary:
      `${fromNode.name} has no neighbour entry for ${to.ip}, so it asks on weave: "who-has ${to.ip} tell ${bridgeIP}". The weave router sends the broadcast to every peer; ` +
      `on ${leg.toNode.name} ${to.name} answers "${to.ip} is-at ${to.network.eth0.mac}", and the answer comes back through vethwe-bridge.`,
    packet: routed,
    rule: { kind: 'neighbour', text: `${to.ip} dev weave lladdr ${to.network.eth0.mac} REACHABLE`, source: undefined },
    capture: onNode('weave', `arp and host ${to.ip}`),
  });
  return throughDatapath(
    list,
    routed,
    leg,
    `The frame, ${bridge.mac} (the bridge's own) → ${to.network.eth0.mac}, goes out onto the weave bridge, which finds that MAC behind its port vethwe-bridge and forwards it there, ${towards(fromNode)}.`,
  );
}

/**
 * From the sending node's weave bridge to the receiving pod: vethwe-bridge, the Open vSwitch
 * datapath and its VXLAN vport, the node network, and the same devices in reverse on the peer.
 * The frame keeps its MACs; `forwarding` says how the sending bridge came to forward it.
 */
function throughDatapath(list: HopList, framed: Packet, leg: LegContext, forwarding: string): LegOutcome {
  const { fromNode, toNode, to } = leg;
  list.add({
    where: elementId.bridge(fromNode.name, 'weave'),
    kind: 'bridge-forward',
    summary: forwarding,
    packet: framed,
    rule: { kind: 'fdb', text: `${to.network.eth0.mac} dev vethwe-bridge master weave`, source: undefined },
    capture: onNode('weave', leg.filter),
  });
  overlay(list, framed, leg);
  // A Service reply: bridged, not routed, on the client's node; br_netfilter (bridge-nf-call-iptables=1, set by weave-kube) lets conntrack see it and undo the DNAT.
  const delivered = leg.beforeDelivery === undefined ? framed : leg.beforeDelivery(list, framed);
  list.add({
    where: elementId.bridge(toNode.name, 'weave'),
    kind: 'bridge-forward',
    summary:
      `The weave bridge finds ${to.network.eth0.mac} on port ${to.network.hostVeth.name} and forwards the frame there; the TTL is still ${delivered.ip.ttl}. ` +
      (delivered === framed ? '' : `The frame was only bridged on ${toNode.name}, never routed: br_netfilter (bridge-nf-call-iptables=1, which weave-kube sets) is what let conntrack see it and undo the NAT. `) +
      `(iptables FORWARD: WEAVE-NPC-EGRESS returns at once for frames that came in through vethwe-bridge — their egress was judged on ${fromNode.name}.)`,
    packet: delivered,
    rule: { kind: 'fdb', text: `${to.network.eth0.mac} dev ${to.network.hostVeth.name} master weave`, source: undefined },
    capture: onNode('weave', leg.filter),
  });
  return enterPod(list, delivered, leg) ? { dropped: false } : { dropped: true, direction: 'ingress' };
}

/**
 * From the sending node's vethwe-bridge to the receiving node's: the veth pair into the Open
 * vSwitch datapath, its flow and VXLAN vport, the node network, and the same in reverse. The
 * frame keeps its MACs and its TTL.
 */
function overlay(list: HopList, framed: Packet, leg: LegContext): void {
  if (leg.fromNode.weaveSleeve !== undefined) return sleeveOverlay(list, framed, leg);
  const { fromNode, toNode, from, to } = leg;
  const sending = devicesOf(fromNode);
  const receiving = devicesOf(toNode);
  const eth = framed.eth ?? { src: from.network.eth0.mac, dst: to.network.eth0.mac };
  list.add({
    where: elementId.hostVeth(fromNode.name, sending.bridgePort.name),
    kind: 'veth-transmit',
    summary: `vethwe-bridge sends the frame across its veth pair to vethwe-datapath, a port (vport) of the Open vSwitch kernel datapath "datapath".`,
    packet: framed,
    capture: onNode('vethwe-bridge', leg.filter),
  });

  const vni = weaveVni(sending.shortId, receiving.shortId);
  const tunnelKey = `tun_id=${hex(vni)},src=${fromNode.internalIP},dst=${toNode.internalIP},ttl=64,flags(df)`;
  list.add({
    where: elementId.datapath(fromNode.name, sending.datapath.name),
    kind: 'bridge-forward',
    summary:
      `The datapath matches the frame against its flows: from vethwe-datapath to ${to.network.eth0.mac}, which the weave router (it learned the MAC on peer ${toNode.name}) installed on the first packet. ` +
      `The flow's actions set the tunnel — VNI ${hex(vni)}: this peer's short ID ${sending.shortId} in the low 12 bits, ${toNode.name}'s ${receiving.shortId} above — and output to ${vportOf(fromNode)}.`,
    packet: framed,
    rule: {
      kind: 'fdb',
      text: `in_port(vethwe-datapath),eth(src=${eth.src},dst=${eth.dst}) actions:set(tunnel(${tunnelKey})),output:${vportOf(fromNode)}`,
      source: undefined,
    },
    capture: onNode('vethwe-datapath', leg.filter),
  });
  const wrapped: Packet = {
    ...framed,
    outer: {
      eth: { src: fromNode.eth0.mac, dst: toNode.eth0.mac },
      ip: { src: fromNode.internalIP, dst: toNode.internalIP, ttl: 64, protocol: 'UDP' },
      udp: { srcPort: vxlanSourcePort(framed, leg.filter), dstPort: WEAVE_VXLAN_PORT },
      vxlan: { vni },
    },
  };
  list.add({
    where: elementId.tunnel(fromNode.name, vportOf(fromNode)),
    kind: 'encapsulate',
    summary:
      `${vportOf(fromNode)}, the datapath's VXLAN vport, wraps the whole Ethernet frame: outer IP ${fromNode.internalIP} → ${toNode.internalIP} (TTL 64, don't fragment), ` +
      `UDP to port ${WEAVE_VXLAN_PORT} (weave's port 6783 plus one), VNI ${hex(vni)}. The inner frame keeps its own MACs. ` +
      `Pods have MTU ${from.network.eth0.mtu}, Weave's default: a 1460-byte underlay (GCE's) less these 50 bytes of headers and 34 for encryption (ESP).`,
    packet: wrapped,
    capture: {
      command: `tcpdump -eni eth0 'udp port ${WEAVE_VXLAN_PORT} and host ${fromNode.internalIP} and host ${toNode.internalIP}' -T vxlan`,
      note: 'tcpdump decodes VXLAN by itself only on port 4789; -T vxlan makes it decode this port.',
    },
  });

  crossWire(list, wrapped, leg);

  list.add({
    where: elementId.tunnel(toNode.name, vportOf(toNode)),
    kind: 'decapsulate',
    summary:
      `${vportOf(toNode)} on ${toNode.name} strips the outer headers. The VNI ${hex(vni)} names the peers: source short ID ${vni & 0xfff} (${fromNode.name}), ` +
      `destination ${(vni >> 12) & 0xfff} (${toNode.name}, this one).`,
    packet: framed,
    capture: onNode('vethwe-datapath', leg.filter),
  });
  list.add({
    where: elementId.datapath(toNode.name, receiving.datapath.name),
    kind: 'bridge-forward',
    summary: `${toNode.name}'s datapath flow for this tunnel and these MACs outputs the frame to vethwe-datapath, back towards the weave bridge.`,
    packet: framed,
    rule: {
      kind: 'fdb',
      text: `tunnel(tun_id=${hex(vni)},src=${fromNode.internalIP},dst=${toNode.internalIP}),in_port(${vportOf(toNode)}),eth(src=${eth.src},dst=${eth.dst}) actions:output:vethwe-datapath`,
      source: undefined,
    },
    capture: onNode('vethwe-datapath', leg.filter),
  });
  list.add({
    where: elementId.hostVeth(toNode.name, receiving.datapathPort.name),
    kind: 'veth-transmit',
    summary: `vethwe-datapath sends the frame across its veth pair to vethwe-bridge, into ${toNode.name}'s weave bridge.`,
    packet: framed,
    capture: onNode('vethwe-bridge', leg.filter),
  });
}

/** Where vethwe-bridge leads: the fast datapath, or the sleeve router's capture. */
function towards(node: ClusterNode): string {
  return node.weaveSleeve !== undefined ? "towards the weave router's capture on vethwe-pcap" : 'towards the datapath';
}

/** Checks that the node runs Weave Net, in either mode. */
function weaveOf(node: ClusterNode): void {
  if (!isWeaveNode(node)) throw new Error(`node ${node.name} does not run Weave Net`);
}

function devicesOf(node: ClusterNode): WeaveFastDatapath {
  if (node.weave === undefined) throw new Error(`node ${node.name} has no Weave fast datapath`);
  return node.weave;
}

/** The name of the node's VXLAN vport (`vxlan-6784`). */
function vportOf(node: ClusterNode): string {
  return node.tunnel?.name ?? 'vxlan-6784';
}
