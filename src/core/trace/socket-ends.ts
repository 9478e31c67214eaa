import type { Pod, Protocol } from '../cluster/types';
import { elementId } from '../topology/ids';
import { hash32 } from '../util/hash';
import { connectionFilter, insidePod } from './capture';
import { formatFlow } from './flow';
import type { HopList } from './hop-list';
import { listenerOf, type ResolvedFlow } from './resolve';
import type { Flow, Packet, PortHeader, TransportHeader } from './types';

/**
 * The two ends of a connection, whatever lies between them: the client's socket that opens it,
 * the server's socket that accepts it (or the kernel that refuses it), and the answer's way
 * back into the client's socket.
 */

/** Linux picks a client's source port from net.ipv4.ip_local_port_range, 32768–60999 by default. */
export const EPHEMERAL_FIRST = 32768;
export const EPHEMERAL_COUNT = 60999 - 32768 + 1;
export const INITIAL_TTL = 64;
export const LOCALHOST = '127.0.0.1';

/** Delivery to the listening container, or the kernel's refusal, then the first reply hop. */
export function arrive(forward: HopList, reply: HopList, resolved: ResolvedFlow, arrived: Packet, answer: Packet): void {
  const { destination, listener } = resolved;
  const { dstPort: port, protocol } = arrived.l4 as PortHeader;
  if (listener !== undefined) {
    const named = listener.port.name === undefined ? '' : ` ("${listener.port.name}")`;
    forward.add({
      where: elementId.container(destination.namespace, destination.name, listener.container.name),
      kind: 'deliver',
      summary: `The ${describeOpening(protocol)} reaches the socket of container ${listener.container.name}, which declares containerPort ${port}/${protocol}${named}.`,
      packet: arrived,
      rule: { kind: 'container-port', text: `${listener.container.name}: containerPort ${port}/${protocol}${named}`, source: destination.implicit ? undefined : listener.port.span },
      capture: insidePod(destination.namespace, destination.name, listener.container.name, `ss -lnp${protocol === 'UDP' ? 'u' : protocol === 'TCP' ? 't' : ''} 'sport = :${port}'`),
    });
    reply.add({
      where: elementId.container(destination.namespace, destination.name, listener.container.name),
      kind: 'socket-send',
      summary: `${listener.container.name} answers: ${describeAnswer(answer)} from ${arrived.ip.dst}:${port} back to ${arrived.ip.src}.`,
      packet: answer,
      capture: insidePod(destination.namespace, destination.name, listener.container.name, `tcpdump -${arrived.ip.dst === LOCALHOST ? 'ni lo' : 'eni eth0'} '${connectionFilter(arrived.ip.src, arrived.ip.dst, protocol, port)}'`),
      fresh: true,
    });
    return;
  }
  forward.add({
    where: elementId.pod(destination.namespace, destination.name),
    kind: 'refuse',
    summary:
      `No container of ${destination.namespace}/${destination.name} declares ${protocol} ${port}, so no socket listens there. ` +
      `(Kubernetes treats declared ports as informational; the simulator assumes a container listens exactly on the ports it declares.)`,
    packet: arrived,
    rule: { kind: 'container-port', text: declaredPorts(destination), source: undefined },
    capture: insidePod(destination.namespace, destination.name, destination.containers[0]?.name ?? '', `ss -lntu`),
  });
  reply.add({
    where: elementId.pod(destination.namespace, destination.name),
    kind: 'kernel-reply',
    summary: `${destination.name}'s kernel answers on its own: ${describeAnswer(answer)} to ${arrived.ip.src}.`,
    packet: answer,
    capture: insidePod(destination.namespace, destination.name, destination.containers[0]?.name ?? '', `tcpdump -eni eth0 '${refusalFilter(arrived)}'`),
    fresh: true,
  });
}

/**
 * A pod takes in a packet from a sender it does not know as a pod (a node, a client outside, a
 * source a NAT rewrote) and answers: delivery or refusal, then the first reply hop. arrive() and
 * answerPacket() read only the receiving side of a ResolvedFlow, so the pod stands on both sides.
 */
export function receiveAndAnswer(forward: HopList, reply: HopList, pod: Pod, arrived: Packet, port: number, protocol: Protocol): { answer: Packet; listener: ResolvedFlow['listener'] } {
  const listener = listenerOf(pod, port, protocol);
  const receiving: ResolvedFlow = { source: pod, container: pod.containers[0]!, destination: pod, listener };
  const answer = answerPacket(arrived, receiving);
  arrive(forward, reply, receiving, arrived, answer);
  return { answer, listener };
}

/** The last reply hop: the answer reaches the client's socket. `captureFilter` matches the answer packets. */
export function finishReply(reply: HopList, resolved: ResolvedFlow, packet: Packet, protocol: Protocol, captureFilter: string): void {
  const { source, container, listener } = resolved;
  reply.add({
    where: elementId.container(source.namespace, source.name, container.name),
    kind: 'deliver',
    summary: listener !== undefined ? establishedText(protocol, container.name) : refusedText(protocol, container.name),
    packet,
    capture: insidePod(
      source.namespace,
      source.name,
      container.name,
      listener !== undefined && protocol !== 'SCTP'
        ? `ss -${protocol === 'TCP' ? 't' : 'u'}np dst ${packet.ip.src}`
        : `tcpdump -eni eth0 '${captureFilter}'`,
    ),
  });
}

/** The first packet back: the server's answer, or the kernel's reset / ICMP error. */
export function answerPacket(arrived: Packet, resolved: ResolvedFlow): Packet {
  const l4 = arrived.l4 as PortHeader;
  const swapped = { src: arrived.ip.dst, dst: arrived.ip.src, ttl: INITIAL_TTL };
  if (resolved.listener !== undefined) {
    return {
      eth: undefined,
      ip: { ...swapped, protocol: l4.protocol },
      l4: { protocol: l4.protocol, srcPort: l4.dstPort, dstPort: l4.srcPort, flags: answerFlags(l4.protocol) },
    };
  }
  if (l4.protocol === 'UDP') {
    const icmp: TransportHeader = { protocol: 'ICMP', type: 3, code: 3, description: 'destination unreachable: port unreachable' };
    return { eth: undefined, ip: { ...swapped, protocol: 'ICMP' }, l4: icmp };
  }
  return {
    eth: undefined,
    ip: { ...swapped, protocol: l4.protocol },
    l4: { protocol: l4.protocol, srcPort: l4.dstPort, dstPort: l4.srcPort, flags: l4.protocol === 'TCP' ? 'RST-ACK' : 'ABORT' },
  };
}

/** The client's source port: deterministic per flow, as if the kernel had drawn it. */
export function ephemeralPort(flow: Flow): number {
  return EPHEMERAL_FIRST + (hash32(`sport:${formatFlow(flow)}`) % EPHEMERAL_COUNT);
}

export function openingFlags(protocol: Protocol): string | undefined {
  return protocol === 'TCP' ? 'SYN' : protocol === 'SCTP' ? 'INIT' : undefined;
}

function answerFlags(protocol: Protocol): string | undefined {
  return protocol === 'TCP' ? 'SYN-ACK' : protocol === 'SCTP' ? 'INIT-ACK' : undefined;
}

export function openingVerb(protocol: Protocol): string {
  return protocol === 'TCP' ? 'opens a TCP connection (SYN) to' : protocol === 'SCTP' ? 'opens an SCTP association (INIT) to' : 'sends a UDP datagram to';
}

function describeOpening(protocol: Protocol): string {
  return protocol === 'TCP' ? 'SYN' : protocol === 'SCTP' ? 'INIT chunk' : 'datagram';
}

export function describeAnswer(packet: Packet): string {
  const l4 = packet.l4;
  if (l4.protocol === 'ICMP') return `ICMP type ${l4.type} code ${l4.code} (${l4.description})`;
  if (l4.protocol === 'UDP') return 'a UDP datagram';
  return `${l4.protocol} ${l4.flags ?? ''}`.trim();
}

function establishedText(protocol: Protocol, container: string): string {
  if (protocol === 'TCP') return `The SYN-ACK reaches ${container}'s socket: the connection is established (the client's ACK and the data follow this same path).`;
  if (protocol === 'SCTP') return `The INIT-ACK reaches ${container}'s socket; the association completes with COOKIE-ECHO/COOKIE-ACK over the same path.`;
  return `The reply datagram reaches ${container}'s socket.`;
}

function refusedText(protocol: Protocol, container: string): string {
  if (protocol === 'UDP') return `The ICMP port-unreachable reaches ${container}: a connected UDP socket reports ECONNREFUSED on its next call; an unconnected one never notices.`;
  if (protocol === 'SCTP') return `The ABORT reaches ${container}'s socket: the association attempt fails.`;
  return `The reset reaches ${container}'s socket: connect() fails with ECONNREFUSED ("connection refused").`;
}

export function refusalExplanation(flow: Flow, destination: Pod, port: number): string {
  return `${formatFlow(flow)} is refused: ${destination.namespace}/${destination.name} is reachable, but none of its containers declares ${flow.to.protocol} ${port} (${declaredPorts(destination)}).`;
}

export function refusalFilter(arrived: Packet): string {
  const l4 = arrived.l4 as PortHeader;
  return l4.protocol === 'UDP'
    ? `icmp and host ${arrived.ip.src}`
    : connectionFilter(arrived.ip.src, arrived.ip.dst, l4.protocol, l4.dstPort);
}

export function declaredPorts(pod: Pod): string {
  const ports = pod.containers.flatMap((c) => c.ports.map((p) => `${c.name} ${p.containerPort}/${p.protocol}`));
  return ports.length === 0 ? 'it declares no ports' : `declared: ${ports.join(', ')}`;
}
