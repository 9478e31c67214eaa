import type { ClusterNode } from '../cluster/types';
import { elementId } from '../topology/ids';
import { insidePod, onNode } from './capture';
import { formatFlow } from './flow';
import type { HopList } from './hop-list';
import { gatewayMac } from './node-network';
import type { NamespacedPod } from './pod-side';
import { INITIAL_TTL } from './socket-ends';
import type { Flow, IcmpHeader, Packet, ServiceStep, TraceResult } from './types';

/**
 * kube-proxy's REJECT for a Service port without endpoints: the node answers ICMP port
 * unreachable in place of a server, so the client fails at once instead of timing out. The rule
 * sits in filter KUBE-SERVICES for traffic from pods and in KUBE-EXTERNAL-SERVICES for traffic
 * from outside.
 */

const PORT_UNREACHABLE: IcmpHeader = { protocol: 'ICMP', type: 3, code: 3, description: 'destination unreachable: port unreachable' };

function rejectHop(forward: HopList, packet: Packet, node: ClusterNode, reason: string, chain: string): void {
  forward.add({
    where: elementId.kubeProxy(node.name),
    kind: 'refuse',
    summary: `${reason} kube-proxy's REJECT answers in place of a server.`,
    packet,
    capture: { command: `iptables -t filter -L ${chain} -v -n`, note: undefined },
  });
}

/** A pod's connection: the ICMP error goes back down the route to the pod. */
export function rejectForPod(flow: Flow, forward: HopList, reply: HopList, packet: Packet, node: ClusterNode, source: NamespacedPod, container: string, reason: string, step: ServiceStep): TraceResult {
  // The ICMP error leaves by the route back to the pod; its source is that route's address on the node.
  const from = node.bridge?.cidr?.split('/')[0] ?? node.internalIP;
  const icmp: Packet = {
    eth: { src: node.bridge?.mac ?? source.network.hostVeth.mac, dst: source.network.eth0.mac },
    ip: { src: from, dst: source.ip, ttl: INITIAL_TTL, protocol: 'ICMP' },
    l4: PORT_UNREACHABLE,
  };
  rejectHop(forward, packet, node, reason, 'KUBE-SERVICES');
  reply.add({
    where: elementId.kubeProxy(node.name),
    kind: 'kernel-reply',
    summary: `${node.name} sends ICMP type 3 code 3 (port unreachable) from ${from} to ${source.ip}.`,
    packet: icmp,
    capture: onNode(source.network.hostVeth.name, `icmp and host ${source.ip}`),
    fresh: true,
  });
  reply.add({
    where: elementId.podInterface(source.namespace, source.name, source.network.eth0.name),
    kind: 'veth-receive',
    summary: `The ICMP error crosses ${source.network.hostVeth.name} into ${source.name}'s eth0.`,
    packet: icmp,
    capture: insidePod(source.namespace, source.name, container, `tcpdump -eni eth0 'icmp'`),
  });
  reply.add({
    where: elementId.container(source.namespace, source.name, container),
    kind: 'deliver',
    summary:
      flow.to.protocol === 'UDP'
        ? `The port-unreachable reaches ${container}: a connected UDP socket reports ECONNREFUSED on its next call.`
        : `The port-unreachable reaches ${container}'s socket: connect() fails with ECONNREFUSED ("connection refused"), not a timeout.`,
    packet: icmp,
    capture: insidePod(source.namespace, source.name, container, `ss -tanp`),
  });
  return { ok: true, trace: { flow, verdict: 'refused', explanation: `${formatFlow(flow)} is refused on ${node.name}: ${reason}`, hops: forward.toArray(), reply: reply.toArray(), service: step } };
}

/** A client outside the cluster: the ICMP error leaves by eth0 towards the router. */
export function rejectForClient(flow: Flow, forward: HopList, reply: HopList, packet: Packet, node: ClusterNode, client: string, reason: string, step: ServiceStep): TraceResult {
  const icmp: Packet = {
    eth: { src: node.eth0.mac, dst: gatewayMac(node.routes.find((r) => r.destination === 'default')?.via ?? node.internalIP) },
    ip: { src: node.internalIP, dst: client, ttl: INITIAL_TTL, protocol: 'ICMP' },
    l4: PORT_UNREACHABLE,
  };
  rejectHop(forward, packet, node, reason, 'KUBE-EXTERNAL-SERVICES');
  reply.add({
    where: elementId.kubeProxy(node.name),
    kind: 'kernel-reply',
    summary: `${node.name} sends ICMP type 3 code 3 (port unreachable) from ${node.internalIP} to ${client}, out of eth0.`,
    packet: icmp,
    capture: { command: `tcpdump -eni eth0 'icmp and host ${client}'`, note: undefined },
    fresh: true,
  });
  reply.add({
    where: elementId.client(),
    kind: 'deliver',
    summary: `The port-unreachable reaches the client: connect() fails with ECONNREFUSED ("connection refused").`,
    packet: icmp,
    capture: { command: `tcpdump -ni any 'icmp and host ${client}'`, note: 'On the client.' },
  });
  return { ok: true, trace: { flow, verdict: 'refused', explanation: `${formatFlow(flow)} is refused on ${node.name}: ${reason}`, hops: forward.toArray(), reply: reply.toArray(), service: step } };
}
