import type { Cluster, ClusterNode, CniPlugin, Pod, Protocol, Route } from '../cluster/types';
import { elementId } from '../topology/ids';
import { connectionFilter, insidePod } from './capture';
import { formatFlow } from './flow';
import { HopList } from './hop-list';
import { isNamespaced } from './pod-side';
import { formatRoute, lookupRoute } from './routing';
import { ephemeralPort, INITIAL_TTL, openingFlags } from './socket-ends';
import type { Capture, Flow, FlowError, Packet, PortHeader, TraceResult } from './types';

/**
 * What a large write becomes at the sender, before any device sees a packet. The kernel checks
 * a packet's size against the path MTU of the route it takes — the route's own `mtu` when it has
 * one (Cilium's pod routes), else the device's — when the socket builds it, not when a device
 * sends it:
 * - TCP never sends a segment larger than that: its MSS is the route MTU − 40 (RFC 879, 6691),
 *   so a large write goes out as several full segments, each with DF set (path MTU discovery);
 * - SCTP cuts a large message into DATA chunks that fit the path MTU (RFC 9260, 6.9);
 * - a UDP datagram larger than the MTU is fragmented by the sending kernel with the socket's
 *   default IP_PMTUDISC_WANT, or refused with EMSGSIZE under IP_PMTUDISC_DO ("The kernel will
 *   reject (with EMSGSIZE) datagrams that are bigger than the known path MTU", ip(7)).
 * A datagram that fits is sent whole, with DF set under both modes.
 *
 * Every device after the sender has at least that MTU on every simulated plugin (each sets its
 * pods' MTU to what its tunnel leaves room for), so a packet that leaves a pod or a node is
 * never too large further on: the sender is where size matters here.
 */

/** The largest IPv4 packet: the total length field has 16 bits. */
export const MAX_PACKET_SIZE = 65535;
const IP_HEADER = 20;
const TRANSPORT_HEADER: Record<Protocol, number> = { TCP: 20, UDP: 8, SCTP: 12 };

/** The smallest packet a flow of this protocol can make: an IP header and an empty transport header. */
export const minimumPacketSize = (protocol: Protocol): number => IP_HEADER + TRANSPORT_HEADER[protocol];

/** Why a flow's size cannot be a packet, or undefined when it can. */
export function sizeProblem(flow: Flow): FlowError | undefined {
  const { size } = flow;
  if (size === undefined) return undefined;
  const least = minimumPacketSize(flow.to.protocol);
  if (!Number.isInteger(size) || size < least || size > MAX_PACKET_SIZE) {
    return {
      code: 'bad-size',
      message: `A ${flow.to.protocol} packet's size (its IP total length) is a whole number of bytes from ${least} (the headers alone) to ${MAX_PACKET_SIZE}, not ${String(size)}.`,
    };
  }
  if (flow.dontFragment === true && flow.to.protocol !== 'UDP') {
    return {
      code: 'bad-dont-fragment',
      message: `Don't-fragment is a choice for UDP sockets (IP_MTU_DISCOVER); ${flow.to.protocol} always sets DF and does path MTU discovery itself.`,
    };
  }
  return undefined;
}

/** The route a sender's packet takes and the MTU that route allows. */
export interface SendPath {
  readonly route: Route;
  readonly mtu: number;
  /** The device whose MTU that is, or the route when it carries its own `mtu`. */
  readonly device: string;
  readonly fromRoute: boolean;
  /** The element the device is drawn as. */
  readonly where: string;
}

/** The path MTU a pod in its own network namespace sends with towards an address. */
export function podSendPath(pod: Pod, destination: string): SendPath | undefined {
  if (!isNamespaced(pod)) return undefined;
  const route = lookupRoute(pod.network.routes, destination);
  if (route === undefined) return undefined;
  const eth0 = pod.network.eth0;
  return {
    route,
    mtu: route.mtu ?? eth0.mtu,
    device: eth0.name,
    fromRoute: route.mtu !== undefined,
    where: elementId.podInterface(pod.namespace, pod.name, eth0.name),
  };
}

/** The path MTU a process in a node's own network namespace sends with towards an address. */
export function nodeSendPath(cluster: Cluster, node: ClusterNode, destination: string): SendPath | undefined {
  const route = lookupRoute(node.routes, destination);
  if (route === undefined || route.type === 'blackhole') return undefined;
  const device = nodeDevice(cluster, node, route.dev);
  if (device === undefined) return undefined;
  return { route, mtu: route.mtu ?? device.mtu, device: route.dev, fromRoute: route.mtu !== undefined, where: device.where };
}

/** A device of a node's namespace: its MTU and the element it is drawn as. */
function nodeDevice(cluster: Cluster, node: ClusterNode, name: string): { mtu: number; where: string } | undefined {
  if (name === node.eth0.name) return { mtu: node.eth0.mtu, where: elementId.nodeInterface(node.name, name) };
  if (node.bridge?.name === name) return { mtu: node.bridge.mtu, where: elementId.bridge(node.name, name) };
  if (node.tunnel?.name === name) return { mtu: node.tunnel.mtu, where: elementId.tunnel(node.name, name) };
  if (node.cilium?.host.name === name) return { mtu: node.cilium.host.mtu, where: elementId.nodeInterface(node.name, name) };
  // A pod's host veth (Calico routes to each one).
  for (const pod of cluster.pods) {
    if (pod.nodeName === node.name && isNamespaced(pod) && pod.network.hostVeth.name === name) {
      return { mtu: pod.network.hostVeth.mtu, where: elementId.hostVeth(node.name, name) };
    }
  }
  return undefined;
}

/** What the sending kernel makes of the flow's packet on that path. */
export type SizeOutcome =
  | { readonly kind: 'fits' }
  /** TCP or SCTP: cut to fit by the protocol itself; `largest` is the largest packet it sends. */
  | { readonly kind: 'cut'; readonly largest: number; readonly count: number }
  /** UDP without DF: IP fragments of these total lengths, the first carrying the UDP header. */
  | { readonly kind: 'fragmented'; readonly fragments: readonly number[] }
  /** UDP with DF: sendmsg() fails with EMSGSIZE. */
  | { readonly kind: 'refused' };

export function sizeOutcome(flow: Flow, mtu: number): SizeOutcome {
  const size = flow.size;
  if (size === undefined || size <= mtu) return { kind: 'fits' };
  const protocol = flow.to.protocol;
  if (protocol === 'UDP') return flow.dontFragment === true ? { kind: 'refused' } : { kind: 'fragmented', fragments: fragmentSizes(size, mtu) };
  const header = minimumPacketSize(protocol);
  // TCP: MSS = MTU − 40; SCTP: the DATA chunk's 16-byte header also has to fit (counted in the data here).
  const room = mtu - header;
  const payload = size - header;
  return { kind: 'cut', largest: mtu, count: Math.ceil(payload / room) };
}

/**
 * The total lengths of the IP fragments of a packet on a link of this MTU (RFC 791): every
 * fragment but the last carries a multiple of 8 bytes of the original payload.
 */
export function fragmentSizes(size: number, mtu: number): number[] {
  const payload = size - IP_HEADER;
  const step = Math.floor((mtu - IP_HEADER) / 8) * 8;
  const sizes: number[] = [];
  for (let offset = 0; offset < payload; offset += step) sizes.push(IP_HEADER + Math.min(step, payload - offset));
  return sizes;
}

/** Why the plugin gives pods (or its tunnel) this MTU, in a sentence. */
export function mtuReason(plugin: CniPlugin): string {
  switch (plugin) {
    case 'flannel-vxlan':
      return 'Flannel gives pods the MTU of flannel.1, 1450: the underlay\'s 1500 less the 50 bytes of VXLAN headers (outer IP 20, UDP 8, VXLAN 8, inner Ethernet 14).';
    case 'calico-ipip':
      return "Calico gives pods the MTU of tunl0, 1480: the underlay's 1500 less the 20-byte outer IP header of IP-in-IP.";
    case 'calico-vxlan':
      return "Calico gives pods the MTU of vxlan.calico, 1450: the underlay's 1500 less the 50 bytes of VXLAN headers.";
    case 'cilium-vxlan':
      return "Cilium leaves the devices at 1500 but puts mtu 1450 on the pods' default route (and its routes to other nodes' pods): 1500 less the 50 bytes of VXLAN headers.";
    case 'weave':
      return "Weave's default MTU is 1376: 1460 less the fast datapath's VXLAN headers and room for encryption.";
    case 'weave-sleeve':
      return "With fast datapath off and WEAVE_MTU unset, Weave leaves the weave bridge, and so the pods, at MTU 65535; the sleeve router finds each connection's real limit itself (the underlay's less 62 bytes) and answers a larger frame with DF by an ICMP \"fragmentation needed\".";
    case 'bridge':
    case 'flannel-host-gw':
    case 'calico-bgp':
    case 'cilium-native':
      return "Nothing encapsulates the packets here, so pods have the underlay's own MTU, 1500.";
  }
}

/** The sentence the sending hop adds about the packet's size; empty when the flow gives none. */
export function sizeNote(flow: Flow, path: SendPath): string {
  const size = flow.size;
  if (size === undefined) return '';
  const { mtu, device } = path;
  const limit = path.fromRoute ? `the route's mtu ${mtu}` : `${device}'s MTU ${mtu}`;
  const outcome = sizeOutcome(flow, mtu);
  switch (outcome.kind) {
    case 'fits':
      return flow.to.protocol === 'UDP'
        ? ` The ${size}-byte datagram fits ${limit}, so it goes out whole, with DF set (IP_PMTUDISC_${flow.dontFragment === true ? 'DO' : 'WANT'}).`
        : ` A ${size}-byte packet fits ${limit}: the data goes out in one packet, with DF set.`;
    case 'cut':
      return flow.to.protocol === 'TCP'
        ? ` The SYN advertises MSS ${mtu - 40} (${limit} − 40), so a write that would make a ${size}-byte packet goes out as ${outcome.count} segments of at most ${mtu} bytes, each with DF set: TCP never hands IP more than fits.`
        : ` SCTP cuts a message that would make a ${size}-byte packet into DATA chunks that fit ${limit}: ${outcome.count} packets of at most ${mtu} bytes.`;
    case 'fragmented':
      return (
        ` The ${size}-byte datagram is larger than ${limit}, so the sending kernel fragments it (IP_PMTUDISC_WANT, a UDP socket's default): ` +
        `${outcome.fragments.length} fragments of ${outcome.fragments.join(', ')} bytes, DF clear. The hops follow the first, which carries the UDP header; ` +
        'the receiver reassembles the datagram, and losing any fragment loses all of it.'
      );
    case 'refused':
      return '';
  }
}

/**
 * The IP total length and flags of the sender's first packet, when the flow gives a size and it
 * is UDP (TCP opens with a SYN). A UDP socket's default, IP_PMTUDISC_WANT, sets DF on a datagram
 * that fits the path MTU and fragments one that does not (DF clear, MF on all but the last
 * fragment); IP_PMTUDISC_DO sets DF always (ip(7), and ip_dont_fragment() in the kernel).
 */
export function firstPacket(flow: Flow, mtu: number): { readonly length: number; readonly flags: 'DF' | 'MF' } | undefined {
  if (flow.size === undefined || flow.to.protocol !== 'UDP') return undefined;
  const outcome = sizeOutcome(flow, mtu);
  return outcome.kind === 'fragmented' ? { length: outcome.fragments[0]!, flags: 'MF' } : { length: flow.size, flags: 'DF' };
}

/** Who sends: a container in a pod, or a process in a node's own namespace. */
export type Sender = { readonly pod: Pod; readonly container: string } | { readonly node: ClusterNode };

/**
 * The trace of a UDP datagram with DF that its own kernel refuses: the socket's send and the
 * drop where the MTU is, with no packet on any wire and no ICMP (the error is local).
 */
export function refusedTrace(cluster: Cluster, flow: Flow, sender: Sender, source: string, destination: string, path: SendPath): TraceResult {
  const size = flow.size ?? 0;
  const port = flow.to.port;
  const request: Packet = {
    eth: undefined,
    ip: { src: source, dst: destination, ttl: INITIAL_TTL, length: size, flags: 'DF', protocol: 'UDP' },
    l4: { protocol: 'UDP', srcPort: ephemeralPort(flow), dstPort: port, flags: openingFlags('UDP') },
  };
  const filter = connectionFilter(source, destination, 'UDP', port);
  const capture = (command: string): Capture =>
    'pod' in sender ? insidePod(sender.pod.namespace, sender.pod.name, sender.container, command) : { command, note: undefined };
  const list = new HopList();
  const who = 'pod' in sender ? `Container ${sender.container} in ${sender.pod.namespace}/${sender.pod.name}` : `A process on ${sender.node.name}`;
  list.add({
    where: 'pod' in sender ? elementId.container(sender.pod.namespace, sender.pod.name, sender.container) : elementId.node(sender.node.name),
    kind: 'socket-send',
    summary:
      `${who} sends a ${size}-byte UDP datagram (IP total length) to ${destination}:${port} from ${source}:${(request.l4 as PortHeader).srcPort}, ` +
      'on a socket with IP_MTU_DISCOVER set to IP_PMTUDISC_DO: DF on every packet, no fragmenting.',
    packet: request,
    capture: capture(`tcpdump -eni ${'pod' in sender ? 'eth0' : path.device} '${filter}'`),
    fresh: true,
  });
  const limit = path.fromRoute
    ? `the route to ${destination} carries mtu ${path.mtu} (${path.device} itself allows more)`
    : `the route to ${destination} leaves by ${path.device}, whose MTU is ${path.mtu}`;
  const underlay = 'node' in sender && path.device === sender.node.eth0.name;
  list.add({
    where: path.where,
    kind: 'drop',
    summary:
      `sendmsg() fails with EMSGSIZE ("Message too long"): ${limit}, and a ${size}-byte packet with DF may be neither sent whole nor fragmented. ` +
      'The kernel refuses it before any device sees it: nothing shows in a capture and no ICMP is sent; the error goes to the application, which must send smaller datagrams.' +
      (underlay ? '' : ` ${mtuReason(cluster.settings.cni)}`),
    packet: request,
    rule: { kind: 'route', text: formatRoute(path.route), source: undefined },
    capture: capture(path.fromRoute ? `ip route get ${destination}` : `ip link show ${path.device}`),
  });
  return {
    ok: true,
    trace: {
      flow,
      verdict: 'dropped',
      explanation:
        `${formatFlow(flow)} never leaves the sender: the ${size}-byte UDP datagram with DF is larger than the path MTU ${path.mtu} ` +
        `(${path.fromRoute ? "the route's mtu" : `${path.device}'s`}), so sendmsg() fails with EMSGSIZE.`,
      hops: list.toArray(),
      reply: [],
    },
  };
}
