import type { ClusterNode } from '../cluster/types';
import { elementId } from '../topology/ids';
import { onNode } from './capture';
import type { HopList } from './hop-list';
import { podCapture, type NamespacedPod } from './pod-side';
import { formatRoute, lookupRoute } from './routing';
import type { Packet } from './types';

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
