import { findPod } from './resolve';
import type { Cluster, ClusterNode, Container, ContainerPort, Pod, Protocol } from '../cluster/types';
import { elementId } from '../topology/ids';
import { insidePod, onNode } from './capture';
import type { HopList } from './hop-list';
import { nodeOwning } from './node-addresses';
import type { Flow, Packet, PortHeader } from './types';

/**
 * A destination in a node's own network namespace: one of the node's addresses, where the
 * sockets of the node's processes and of its hostNetwork pods listen.
 */
export interface HostTarget {
  readonly node: ClusterNode;
  readonly address: string;
  readonly port: number;
  readonly protocol: Protocol;
  /** The hostNetwork pod and container that declare the port, if one does. */
  readonly listener: { readonly pod: Pod; readonly container: Container; readonly port: ContainerPort } | undefined;
  /**
   * A server of the node's own that no manifest declares but the cluster says is there: the API
   * server behind the `kubernetes` Service's endpoints. Only when no hostNetwork pod declares the port.
   */
  readonly daemon?: HostDaemon;
}

export interface HostDaemon {
  readonly name: string;
  /** Why the simulator knows it listens, for the hop. */
  readonly why: string;
}

/** Whether a socket takes the connection: a hostNetwork pod's declared port, or a known server of the node. */
export function accepts(target: HostTarget): boolean {
  return target.listener !== undefined || target.daemon !== undefined;
}

/** Who answers at the target, in words. */
export function answererOf(target: HostTarget): string {
  if (target.listener !== undefined) return `${target.listener.pod.namespace}/${target.listener.pod.name}'s container ${target.listener.container.name}`;
  return target.daemon === undefined ? 'nothing' : target.daemon.name;
}

/**
 * The flow's destination when it is a node's own namespace: a hostNetwork pod by name, or an
 * address a node holds (its InternalIP without a NodePort on that port, its bridge's or tunnel's
 * address). Undefined for everything else.
 */
export function hostTargetOf(cluster: Cluster, flow: Flow): HostTarget | undefined {
  const to = flow.to;
  if (to.kind === 'pod') {
    const pod = findPod(cluster, to.namespace, to.pod);
    if (pod === undefined || pod.network.kind !== 'host' || to.localhost === true) return undefined;
    const node = cluster.nodes.find((n) => n.name === pod.nodeName);
    return node === undefined ? undefined : hostTarget(cluster, node, node.internalIP, to.port, to.protocol);
  }
  if (to.kind !== 'address') return undefined;
  const node = nodeOwning(cluster, to.address);
  if (node === undefined) return undefined;
  // A NodePort on the node's address is a Service, which kube-proxy's rules take.
  const nodePort = cluster.services.some((s) => s.ports.some((p) => p.nodePort === to.port && p.protocol === to.protocol));
  if (nodePort) return undefined;
  return hostTarget(cluster, node, to.address, to.port, to.protocol);
}

/** The node's own namespace at one of its addresses, and who listens on the port there. */
export function hostTarget(cluster: Cluster, node: ClusterNode, address: string, port: number, protocol: Protocol): HostTarget {
  for (const pod of cluster.pods.filter((p) => p.nodeName === node.name && p.network.kind === 'host')) {
    for (const container of pod.containers) {
      const found = container.ports.find((p) => p.containerPort === port && p.protocol === protocol);
      if (found !== undefined) return { node, address, port, protocol, listener: { pod, container, port: found } };
    }
  }
  const daemon = apiServerAt(cluster, address, port, protocol);
  return { node, address, port, protocol, listener: undefined, ...(daemon === undefined ? {} : { daemon }) };
}

/**
 * The API server, where default/kubernetes says it is: its endpoints are the API servers' own
 * addresses and secure port (the API server writes them itself), on the host network. kubeadm's
 * static pod kube-apiserver declares no containerPort, so the port is known from the Service.
 */
function apiServerAt(cluster: Cluster, address: string, port: number, protocol: Protocol): HostDaemon | undefined {
  const api = cluster.services.find((s) => s.namespace === 'default' && s.name === 'kubernetes');
  const published = api?.ports.some((p) => p.protocol === protocol && p.endpoints.some((e) => e.ip === address && e.port === port));
  if (published !== true) return undefined;
  return { name: 'kube-apiserver', why: `default/kubernetes lists ${address}:${port} as its endpoint: the API server publishes its own address and secure port there` };
}

/** The device that holds one of the node's addresses, for the local route `ip route show table local` prints. */
export function localRoute(node: ClusterNode, address: string): string {
  const device =
    node.bridge?.cidr?.split('/')[0] === address ? node.bridge.name : node.tunnel?.cidr?.split('/')[0] === address ? node.tunnel.name : node.eth0.name;
  return `local ${address} dev ${device} table local proto kernel scope host src ${address}`;
}

/** The element a packet for the node's own address is drawn at: where its listening socket is, or the node's eth0. */
export function hostSocketAt(target: HostTarget): string {
  const l = target.listener;
  if (l !== undefined) return elementId.container(l.pod.namespace, l.pod.name, l.container.name);
  return target.daemon === undefined ? elementId.nodeInterface(target.node.name, target.node.eth0.name) : elementId.node(target.node.name);
}

/**
 * The node takes in a packet for one of its own addresses and hands it to the socket listening
 * there (a hostNetwork pod's container), or its kernel refuses it. Gives the first reply packet.
 */
export function deliverToHost(forward: HopList, reply: HopList, packet: Packet, target: HostTarget, via: string): Packet {
  const l4 = packet.l4 as PortHeader;
  const { node, listener } = target;
  forward.add({
    where: elementId.nodeInterface(node.name, node.eth0.name),
    kind: 'route-lookup',
    summary: `${packet.ip.dst} is ${node.name}'s own address (${via}): the local routing table takes the packet in — nat PREROUTING, then filter INPUT — instead of forwarding it.`,
    packet,
    rule: { kind: 'route', text: localRoute(node, packet.ip.dst), source: undefined },
    capture: onNode('any', `host ${packet.ip.src} and ${l4.protocol.toLowerCase()} port ${l4.dstPort}`),
  });
  const swapped = { src: packet.ip.dst, dst: packet.ip.src, ttl: 64 };
  if (listener !== undefined) {
    const named = listener.port.name === undefined ? '' : ` ("${listener.port.name}")`;
    forward.add({
      where: elementId.container(listener.pod.namespace, listener.pod.name, listener.container.name),
      kind: 'deliver',
      summary:
        `The ${l4.protocol === 'UDP' ? 'datagram' : l4.protocol === 'TCP' ? 'SYN' : 'INIT chunk'} reaches the socket of container ${listener.container.name} of ${listener.pod.namespace}/${listener.pod.name}, ` +
        `which uses hostNetwork and declares containerPort ${l4.dstPort}/${l4.protocol}${named}: it listens in ${node.name}'s own network namespace. ` +
        `No NetworkPolicy applies to it: policies select pods with their own network namespace, and a hostNetwork pod's traffic is the node's.`,
      packet,
      rule: { kind: 'container-port', text: `${listener.container.name}: containerPort ${l4.dstPort}/${l4.protocol}${named} (hostNetwork)`, source: listener.pod.implicit ? undefined : listener.port.span },
      capture: insidePod(listener.pod.namespace, listener.pod.name, listener.container.name, `ss -lnp${l4.protocol === 'UDP' ? 'u' : 't'} 'sport = :${l4.dstPort}'`),
    });
    const answer: Packet = {
      eth: undefined,
      ip: { ...swapped, protocol: l4.protocol },
      l4: { protocol: l4.protocol, srcPort: l4.dstPort, dstPort: l4.srcPort, flags: l4.protocol === 'TCP' ? 'SYN-ACK' : l4.protocol === 'SCTP' ? 'INIT-ACK' : undefined },
    };
    reply.add({
      where: elementId.container(listener.pod.namespace, listener.pod.name, listener.container.name),
      kind: 'socket-send',
      summary: `${listener.container.name} answers from ${packet.ip.dst}:${l4.dstPort} back to ${packet.ip.src}.`,
      packet: answer,
      capture: { command: `tcpdump -ni any 'host ${packet.ip.src} and ${l4.protocol.toLowerCase()} port ${l4.dstPort}'`, note: `On ${node.name}.` },
      fresh: true,
    });
    return answer;
  }
  const daemon = target.daemon;
  if (daemon !== undefined) {
    forward.add({
      where: elementId.node(node.name),
      kind: 'deliver',
      summary:
        `The ${l4.protocol === 'TCP' ? 'SYN' : 'packet'} reaches ${daemon.name}, which listens on ${l4.protocol} ${l4.dstPort} in ${node.name}'s own network namespace: ${daemon.why}. ` +
        `No NetworkPolicy applies to it: policies select pods with their own network namespace.`,
      packet,
      capture: { command: `ss -lntp 'sport = :${l4.dstPort}'`, note: `On ${node.name}.` },
    });
    const answer: Packet = {
      eth: undefined,
      ip: { ...swapped, protocol: l4.protocol },
      l4: { protocol: l4.protocol, srcPort: l4.dstPort, dstPort: l4.srcPort, flags: l4.protocol === 'TCP' ? 'SYN-ACK' : l4.protocol === 'SCTP' ? 'INIT-ACK' : undefined },
    };
    reply.add({
      where: elementId.node(node.name),
      kind: 'socket-send',
      summary: `${daemon.name} answers from ${packet.ip.dst}:${l4.dstPort} back to ${packet.ip.src}.`,
      packet: answer,
      capture: { command: `tcpdump -ni any 'host ${packet.ip.src} and ${l4.protocol.toLowerCase()} port ${l4.dstPort}'`, note: `On ${node.name}.` },
      fresh: true,
    });
    return answer;
  }
  forward.add({
    where: elementId.nodeInterface(node.name, node.eth0.name),
    kind: 'refuse',
    summary:
      `No hostNetwork pod on ${node.name} declares ${l4.protocol} ${l4.dstPort}, so the simulator assumes no socket listens there. ` +
      `(It knows the ports hostNetwork pods declare; it does not model the node's own daemons, such as kubelet on 10250.)`,
    packet,
    capture: { command: `ss -lntu`, note: `On ${node.name}.` },
  });
  const answer: Packet =
    l4.protocol === 'UDP'
      ? { eth: undefined, ip: { ...swapped, protocol: 'ICMP' }, l4: { protocol: 'ICMP', type: 3, code: 3, description: 'destination unreachable: port unreachable' } }
      : { eth: undefined, ip: { ...swapped, protocol: l4.protocol }, l4: { protocol: l4.protocol, srcPort: l4.dstPort, dstPort: l4.srcPort, flags: l4.protocol === 'TCP' ? 'RST-ACK' : 'ABORT' } };
  reply.add({
    where: elementId.nodeInterface(node.name, node.eth0.name),
    kind: 'kernel-reply',
    summary: `${node.name}'s kernel answers on its own: ${l4.protocol === 'UDP' ? 'ICMP port unreachable' : l4.protocol === 'TCP' ? 'TCP RST-ACK' : 'SCTP ABORT'} to ${packet.ip.src}.`,
    packet: answer,
    capture: { command: `tcpdump -ni any 'host ${packet.ip.src}'`, note: `On ${node.name}.` },
    fresh: true,
  });
  return answer;
}
