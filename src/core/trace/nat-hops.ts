import type { ClusterNode } from '../cluster/types';
import type { MatchedRule } from '../kube-proxy/types';
import { elementId } from '../topology/ids';
import { hash32 } from '../util/hash';
import type { HopList } from './hop-list';
import type { EgressDevice } from './node-addresses';
import type { Packet, PortHeader } from './types';

/**
 * The NAT a node does besides kube-proxy's DNAT: MASQUERADE in nat POSTROUTING for a packet
 * KUBE-MARK-MASQ marked, and conntrack undoing both rewrites on the reply. conntrack keeps an
 * original tuple and a reply tuple; a reply matching the reply tuple is translated back, the
 * SNAT before routing (PREROUTING) and the DNAT after it (POSTROUTING, or INPUT for a local
 * socket).
 */

/** One address and port, as conntrack prints them. */
export interface Endpoint4 {
  readonly ip: string;
  readonly port: number;
}

/** A connection's two tuples: as the client sent it, and as the reply is expected back. */
export interface ConntrackEntry {
  readonly protocol: string;
  readonly original: { readonly src: Endpoint4; readonly dst: Endpoint4 };
  readonly reply: { readonly src: Endpoint4; readonly dst: Endpoint4 };
}

/** `conntrack -L`'s way of printing an entry (without timers and flags). */
export function conntrackText(entry: ConntrackEntry): string {
  const { original: o, reply: r } = entry;
  const proto = entry.protocol.toLowerCase();
  return `${proto} src=${o.src.ip} dst=${o.dst.ip} sport=${o.src.port} dport=${o.dst.port} src=${r.src.ip} dst=${r.dst.ip} sport=${r.src.port} dport=${r.dst.port}`;
}

/**
 * The source port MASQUERADE gives the connection. With `--random-fully` (kube-proxy's default
 * where iptables supports it; nftables' `fully-random`) the kernel draws it at random, so the
 * simulator draws it from the connection; without, the kernel keeps the client's port.
 */
export function masqueradePort(rules: readonly MatchedRule[], packet: Packet): number {
  const l4 = packet.l4 as PortHeader;
  const random = rules.some((r) => /random-fully|fully-random/.test(r.text));
  return random ? randomSourcePort(packet) : l4.srcPort;
}

/** The port a fully random MASQUERADE draws for the connection: deterministic here, from its addresses and ports. */
export function randomSourcePort(packet: Packet): number {
  const l4 = packet.l4 as PortHeader;
  return 1024 + (hash32(`masquerade:${packet.ip.src}:${l4.srcPort}:${packet.ip.dst}:${l4.dstPort}`) % (65536 - 1024));
}

/**
 * kube-proxy's KUBE-POSTROUTING: the packet carries the mark KUBE-MARK-MASQ set, so MASQUERADE
 * rewrites its source to the address of the device the route chose. `why` says why it was marked.
 */
export function masqueradeHop(list: HopList, packet: Packet, node: ClusterNode, device: EgressDevice, rules: readonly MatchedRule[], why: string): Packet {
  const l4 = packet.l4 as PortHeader;
  const port = masqueradePort(rules, packet);
  const rewritten: Packet = { ...packet, ip: { ...packet.ip, src: device.address }, l4: { ...l4, srcPort: port } };
  const random = port !== l4.srcPort ? `, with a random source port ${port} (--random-fully)` : '';
  list.add({
    where: elementId.kubeProxy(node.name),
    kind: 'masquerade',
    summary:
      `nat POSTROUTING on ${node.name}: KUBE-POSTROUTING finds kube-proxy's masquerade mark (${why}), clears it and MASQUERADEs: the source ${packet.ip.src}:${l4.srcPort} ` +
      `becomes ${device.address}, ${device.addressOf === device.name ? `the address of ${device.name}, the device the route chose` : `eth0's address: ${device.name}, the device the route chose, has none of its own`}${random}. ` +
      `conntrack remembers the rewrite to undo it on the reply.`,
    packet: rewritten,
    rule: { kind: 'service-rule', text: rules.map((r) => r.text).join('\n'), source: undefined },
    capture: { command: `conntrack -L -p ${l4.protocol.toLowerCase()} --orig-src ${packet.ip.src} --orig-port-src ${l4.srcPort}`, note: 'Run on the node; the reply tuple shows the masqueraded source.' },
  });
  return rewritten;
}

/** conntrack undoing the SNAT on a reply before routing: the destination goes back to the original client. */
export function unSnatHop(list: HopList, packet: Packet, node: ClusterNode, entry: ConntrackEntry, note: string): Packet {
  const client = entry.original.src;
  const restored = withAddress(packet, 'dst', client);
  list.add({
    where: elementId.kubeProxy(node.name),
    kind: 'conntrack',
    summary:
      `conntrack on ${node.name} knows this packet: it is the reply of a connection it masqueraded. In nat PREROUTING it rewrites the destination ` +
      `${packet.ip.dst}:${portOf(packet, 'dst')} back to ${client.ip}:${client.port}. ${note}`.trim(),
    packet: restored,
    rule: { kind: 'conntrack', text: conntrackText(entry), source: undefined },
    capture: { command: `conntrack -L -p ${entry.protocol.toLowerCase()} --reply-dst ${entry.reply.dst.ip}`, note: 'Run on the node; conntrack-tools lists the entry with both directions.' },
  });
  return restored;
}

/** conntrack undoing kube-proxy's DNAT on a reply: the source becomes the address the client called. */
export function unDnatHop(list: HopList, packet: Packet, node: ClusterNode, entry: ConntrackEntry, hook: 'POSTROUTING' | 'INPUT', note: string): Packet {
  const called = entry.original.dst;
  const restored = withAddress(packet, 'src', called);
  list.add({
    where: elementId.kubeProxy(node.name),
    kind: 'conntrack',
    summary:
      `conntrack on ${node.name} undoes kube-proxy's DNAT in nat ${hook}: the reply's source ${packet.ip.src}:${portOf(packet, 'src')} becomes ${called.ip}:${called.port}, ` +
      `the address the client called, so the client recognises the answer. ${note}`.trim(),
    packet: restored,
    rule: { kind: 'conntrack', text: conntrackText(entry), source: undefined },
    capture: { command: `conntrack -L -p ${entry.protocol.toLowerCase()} -d ${called.ip} --dport ${called.port}`, note: 'Run on the node; conntrack-tools lists the entry with both directions.' },
  });
  return restored;
}

function portOf(packet: Packet, side: 'src' | 'dst'): number | string {
  const l4 = packet.l4;
  if (l4.protocol === 'ICMP') return '-';
  return side === 'src' ? l4.srcPort : l4.dstPort;
}

function withAddress(packet: Packet, side: 'src' | 'dst', to: Endpoint4): Packet {
  const l4 = packet.l4;
  const ip = { ...packet.ip, [side]: to.ip };
  if (l4.protocol === 'ICMP') return { ...packet, ip };
  return { ...packet, ip, l4: side === 'src' ? { ...l4, srcPort: to.port } : { ...l4, dstPort: to.port } };
}
