import type { Cluster, Pod, Protocol } from '../cluster/types';
import { elementId } from '../topology/ids';
import { hash32 } from '../util/hash';
import { crossBridge, isNamespaced } from './bridged-leg';
import { routeBetween } from './routed-leg';
import { checkPolicies } from './policy-check';
import { suggestPolicyFix } from '../policy-fix/suggest';
import { connectionFilter, insidePod } from './capture';
import { formatFlow } from './flow';
import { HopList } from './hop-list';
import { resolveFlow, type ResolvedFlow } from './resolve';
import type { Flow, Packet, PortHeader, TraceResult, TransportHeader } from './types';

/** Linux picks a client's source port from net.ipv4.ip_local_port_range, 32768–60999 by default. */
const EPHEMERAL_FIRST = 32768;
const EPHEMERAL_COUNT = 60999 - 32768 + 1;
const INITIAL_TTL = 64;
const LOCALHOST = '127.0.0.1';

/**
 * Follows one connection from a container's socket to the destination pod and back:
 * every device it crosses, what each one decided and what the headers look like there.
 */
export function traceFlow(cluster: Cluster, flow: Flow): TraceResult {
  const resolved = resolveFlow(cluster, flow);
  if (!resolved.ok) return resolved;
  const { source, destination } = resolved.value;
  if (flow.to.localhost === true && source !== destination) {
    return { ok: false, error: { code: 'localhost-other-pod', message: `localhost is ${source.namespace}/${source.name}'s own loopback; another pod cannot be reached through it.` } };
  }
  const fromNode = cluster.nodes.find((n) => n.name === source.nodeName);
  const toNode = cluster.nodes.find((n) => n.name === destination.nodeName);
  if (fromNode === undefined || toNode === undefined) {
    return { ok: false, error: { code: 'no-node', message: `The node of ${source.name} or ${destination.name} is not in the cluster.` } };
  }
  const sameNode = fromNode === toNode;
  const sourcePort = ephemeralPort(flow);
  const address = flow.to.localhost === true ? LOCALHOST : undefined;
  const request: Packet = {
    eth: undefined,
    ip: { src: address ?? source.ip, dst: address ?? destination.ip, ttl: INITIAL_TTL, protocol: flow.to.protocol },
    l4: { protocol: flow.to.protocol, srcPort: sourcePort, dstPort: flow.to.port, flags: openingFlags(flow.to.protocol) },
  };

  const forward = new HopList();
  const reply = new HopList();
  const { container } = resolved.value;
  forward.add({
    where: elementId.container(source.namespace, source.name, container.name),
    kind: 'socket-send',
    summary: `Container ${container.name} in ${source.namespace}/${source.name} ${openingVerb(flow.to.protocol)} ${request.ip.dst}:${flow.to.port} from ${request.ip.src}:${sourcePort}, an ephemeral port the kernel picked.`,
    packet: request,
    capture: insidePod(source.namespace, source.name, container.name, `tcpdump -${address === undefined ? 'eni eth0' : 'ni lo'} '${connectionFilter(request.ip.src, request.ip.dst, flow.to.protocol, flow.to.port)}'`),
    fresh: true,
  });

  if (source === destination) {
    return loopbackTrace(flow, resolved.value, request, forward, reply);
  }

  if (!isNamespaced(source) || !isNamespaced(destination)) {
    const host = isNamespaced(source) ? destination : source;
    return {
      ok: false,
      error: { code: 'host-network', message: `${host.namespace}/${host.name} uses hostNetwork (the node's own network namespace); traffic from or to such pods is not simulated yet.` },
    };
  }
  const filter = connectionFilter(source.ip, destination.ip, flow.to.protocol, flow.to.port);
  // Policies are only shown where there are some: a cluster without any has nothing to check.
  const policy = cluster.networkPolicies.length > 0 ? checkPolicies(cluster, source, destination, flow.to.port, flow.to.protocol) : undefined;
  const leg = { plugin: cluster.settings.cni, fromNode, toNode, from: source, to: destination, filter, needsArp: true, ...(policy === undefined ? {} : { policy }) };
  const bridged = sameNode && fromNode.bridge !== undefined;
  const outcome = bridged ? crossBridge(forward, request, leg) : routeBetween(forward, request, leg);
  if (outcome.dropped) {
    const fix =
      policy === undefined
        ? undefined
        : suggestPolicyFix(source, destination, flow.to.port, flow.to.protocol, {
            egress: policy.egress.kind === 'denied',
            ingress: policy.ingress.kind === 'denied',
          });
    return {
      ok: true,
      trace: {
        ...(fix === undefined ? {} : { fix }),
        flow,
        verdict: 'dropped',
        explanation: `${formatFlow(flow)} is dropped by NetworkPolicy on the ${outcome.direction === 'egress' ? 'source' : 'destination'} side. ${policy?.message ?? ''}`.trim(),
        hops: forward.toArray(),
        reply: [],
      },
    };
  }
  const arrived = forward.packet ?? request;
  const answer = answerPacket(arrived, resolved.value);
  const accepted = resolved.value.listener !== undefined;
  arrive(forward, reply, resolved.value, arrived, answer, flow);
  const replyFilter = answer.l4.protocol === 'ICMP' ? refusalFilter(arrived) : filter;
  const back = { plugin: cluster.settings.cni, fromNode: toNode, toNode: fromNode, from: destination, to: source, filter: replyFilter, needsArp: false };
  if (bridged) crossBridge(reply, answer, back);
  else routeBetween(reply, answer, back);
  finishReply(reply, resolved.value, reply.packet ?? answer, flow, replyFilter);

  return {
    ok: true,
    trace: {
      flow,
      verdict: accepted ? 'delivered' : 'refused',
      explanation: accepted
        ? sameNode
          ? `${formatFlow(flow)} is delivered to container ${resolved.value.listener?.container.name ?? ''} ${fromNode.bridge === undefined ? 'through the routing table' : `across ${fromNode.bridge.name}`} on ${fromNode.name}, and the reply returns the same way.`
          : `${formatFlow(flow)} is delivered to container ${resolved.value.listener?.container.name ?? ''}: routed from ${fromNode.name} to ${toNode.name} ${fromNode.tunnel === undefined ? 'over the node network' : `through ${fromNode.tunnel.name} (${fromNode.tunnel.kind === 'vxlan' ? 'VXLAN' : 'IP-in-IP'})`}, and the reply returns the same way.`
        : refusalExplanation(flow, destination),
      hops: forward.toArray(),
      reply: reply.toArray(),
    },
  };
}

/** Delivery to the listening container, or the kernel's refusal, then the first reply hop. */
function arrive(forward: HopList, reply: HopList, resolved: ResolvedFlow, arrived: Packet, answer: Packet, flow: Flow): void {
  const { destination, listener } = resolved;
  const { port, protocol } = flow.to;
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

/** The last reply hop: the answer reaches the client's socket. `captureFilter` matches the answer packets. */
function finishReply(reply: HopList, resolved: ResolvedFlow, packet: Packet, flow: Flow, captureFilter: string): void {
  const { source, container, listener } = resolved;
  reply.add({
    where: elementId.container(source.namespace, source.name, container.name),
    kind: 'deliver',
    summary: listener !== undefined ? establishedText(flow.to.protocol, container.name) : refusedText(flow.to.protocol, container.name),
    packet,
    capture: insidePod(
      source.namespace,
      source.name,
      container.name,
      listener !== undefined && flow.to.protocol !== 'SCTP'
        ? `ss -${flow.to.protocol === 'TCP' ? 't' : 'u'}np dst ${packet.ip.src}`
        : `tcpdump -eni eth0 '${captureFilter}'`,
    ),
  });
}

/**
 * A pod calling itself, by `localhost` or by its own IP: the kernel's local routing table sends
 * the packet through the loopback device of the pod's network namespace — which all its
 * containers share — and it never reaches eth0, the veth or the node.
 */
function loopbackTrace(flow: Flow, resolved: ResolvedFlow, request: Packet, forward: HopList, reply: HopList): TraceResult {
  const pod = resolved.source;
  const ip = request.ip.dst;
  const localhost = ip === LOCALHOST;
  forward.add({
    where: elementId.pod(pod.namespace, pod.name),
    kind: 'loopback',
    summary: localhost
      ? `localhost (${ip}) goes through lo, the loopback device of the pod's network namespace. All containers of ${pod.name} share that namespace, so one container reaches another's port here; nothing leaves the pod.`
      : `${ip} is the pod's own address: the local routing table delivers it through the loopback device; it never reaches eth0, the veth or ${pod.nodeName}'s bridge.`,
    packet: request,
    rule: {
      kind: 'route',
      text: localhost ? `local 127.0.0.0/8 dev lo table local proto kernel scope host src ${ip}` : `local ${ip} dev eth0 table local proto kernel scope host src ${ip}`,
      source: undefined,
    },
    capture: insidePod(pod.namespace, pod.name, resolved.container.name, `tcpdump -ni lo '${connectionFilter(ip, ip, flow.to.protocol, flow.to.port)}'`),
  });
  const answer = answerPacket(request, resolved);
  arrive(forward, reply, resolved, request, answer, flow);
  const filter = connectionFilter(ip, ip, flow.to.protocol, flow.to.port);
  finishReply(reply, resolved, answer, flow, answer.l4.protocol === 'ICMP' ? refusalFilter(request) : filter);
  return {
    ok: true,
    trace: {
      flow,
      verdict: resolved.listener !== undefined ? 'delivered' : 'refused',
      explanation:
        resolved.listener !== undefined
          ? `${formatFlow(flow)} stays inside the pod: it goes through loopback to container ${resolved.listener.container.name}.`
          : refusalExplanation(flow, pod),
      hops: forward.toArray(),
      reply: reply.toArray(),
    },
  };
}

/** The first packet back: the server's answer, or the kernel's reset / ICMP error. */
function answerPacket(arrived: Packet, resolved: ResolvedFlow): Packet {
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

function ephemeralPort(flow: Flow): number {
  return EPHEMERAL_FIRST + (hash32(`sport:${formatFlow(flow)}`) % EPHEMERAL_COUNT);
}

function openingFlags(protocol: Protocol): string | undefined {
  return protocol === 'TCP' ? 'SYN' : protocol === 'SCTP' ? 'INIT' : undefined;
}

function answerFlags(protocol: Protocol): string | undefined {
  return protocol === 'TCP' ? 'SYN-ACK' : protocol === 'SCTP' ? 'INIT-ACK' : undefined;
}

function openingVerb(protocol: Protocol): string {
  return protocol === 'TCP' ? 'opens a TCP connection (SYN) to' : protocol === 'SCTP' ? 'opens an SCTP association (INIT) to' : 'sends a UDP datagram to';
}

function describeOpening(protocol: Protocol): string {
  return protocol === 'TCP' ? 'SYN' : protocol === 'SCTP' ? 'INIT chunk' : 'datagram';
}

function describeAnswer(packet: Packet): string {
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

function refusalExplanation(flow: Flow, destination: Pod): string {
  return `${formatFlow(flow)} is refused: ${destination.namespace}/${destination.name} is reachable, but none of its containers declares ${flow.to.protocol} ${flow.to.port} (${declaredPorts(destination)}).`;
}

function refusalFilter(arrived: Packet): string {
  const l4 = arrived.l4 as PortHeader;
  return l4.protocol === 'UDP'
    ? `icmp and host ${arrived.ip.src}`
    : connectionFilter(arrived.ip.src, arrived.ip.dst, l4.protocol, l4.dstPort);
}

function declaredPorts(pod: Pod): string {
  const ports = pod.containers.flatMap((c) => c.ports.map((p) => `${c.name} ${p.containerPort}/${p.protocol}`));
  return ports.length === 0 ? 'it declares no ports' : `declared: ${ports.join(', ')}`;
}
