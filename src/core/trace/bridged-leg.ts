import type { ClusterNode, Pod, PodNamespaceNetwork } from '../cluster/types';
import { elementId } from '../topology/ids';
import { insidePod, onNode } from './capture';
import type { HopList } from './hop-list';
import { formatRoute, lookupRoute } from './routing';
import type { Capture, Packet } from './types';
import type { PolicyVerdict } from '../policy/evaluate';

/** A pod with its own network namespace, the only kind that sits behind a bridge port. */
export type NamespacedPod = Pod & { readonly network: PodNamespaceNetwork };

export function isNamespaced(pod: Pod): pod is NamespacedPod {
  return pod.network.kind === 'pod';
}

export interface LegContext {
  readonly node: ClusterNode;
  readonly from: NamespacedPod;
  readonly to: NamespacedPod;
  /** The tcpdump filter that matches this leg's packets. */
  readonly filter: string;
  /**
   * Whether the sender must ARP first. The client does on its first packet; the server
   * never does, because the kernel learned the client's MAC from the client's ARP request.
   */
  readonly needsArp: boolean;
  /** The NetworkPolicy verdict for this connection; absent on replies and when nothing is enforced. */
  readonly policy?: PolicyVerdict;
}

export type LegOutcome = { readonly dropped: false } | { readonly dropped: true; readonly direction: 'egress' | 'ingress' };

/**
 * One direction across a node's bridge, from a pod's `eth0` to another pod's `eth0` on the
 * same node: route lookup, neighbour resolution, veth, bridge forwarding by MAC, veth.
 * The frame is bridged, never routed, so the TTL does not change.
 */
export function crossBridge(list: HopList, start: Packet, leg: LegContext): LegOutcome {
  const { node, from, to } = leg;
  const src = from.network;
  const dst = to.network;
  const bridge = node.bridge.name;
  const filter = leg.filter;
  const fromEth0 = elementId.podInterface(from.namespace, from.name, src.eth0.name);
  const toEth0 = elementId.podInterface(to.namespace, to.name, dst.eth0.name);
  const podCapture = (pod: NamespacedPod) =>
    insidePod(pod.namespace, pod.name, pod.containers[0]?.name ?? '', `tcpdump -eni eth0 '${filter}'`);

  const route = lookupRoute(src.routes, to.ip);
  if (route === undefined) throw new Error(`pod ${from.name} has no route to ${to.ip}`);
  const onLink = route.via === undefined;
  const framed: Packet = { ...start, eth: { src: src.eth0.mac, dst: dst.eth0.mac } };

  list.add({
    where: fromEth0,
    kind: 'route-lookup',
    summary: onLink
      ? `The route lookup in ${from.name}'s network namespace finds ${to.ip} on-link: it is in the pod subnet, so the packet goes straight out of eth0 to ${to.name}, with no gateway.` +
        (leg.needsArp ? '' : ` The MAC of ${to.ip} is already in the neighbour table, learned from ${to.name}'s own ARP request.`)
      : `The route lookup sends ${to.ip} via the gateway ${route.via ?? ''} on eth0.`,
    packet: leg.needsArp ? start : framed,
    rule: { kind: 'route', text: formatRoute(route), source: undefined },
    capture: { command: `nsenter -t "$PID" -n ip route get ${to.ip}`, note: podCapture(from).note },
  });

  if (leg.needsArp) {
    list.add({
      where: elementId.bridge(node.name, bridge),
      kind: 'arp',
      summary:
        `${from.name} has no neighbour entry for ${to.ip}, so it broadcasts "who-has ${to.ip} tell ${from.ip}". ` +
        `${bridge} floods the request out of every port and learns ${src.eth0.mac} on ${src.hostVeth.name}; ` +
        `${to.name} answers "${to.ip} is-at ${dst.eth0.mac}", and ${bridge} learns that MAC on ${dst.hostVeth.name}.`,
      packet: framed,
      rule: { kind: 'neighbour', text: `${to.ip} dev eth0 lladdr ${dst.eth0.mac} REACHABLE`, source: undefined },
      capture: onNode(bridge, `arp and host ${to.ip}`),
    });
  }

  list.add({
    where: fromEth0,
    kind: 'veth-transmit',
    summary: `${from.name}'s eth0 sends the frame ${src.eth0.mac} → ${dst.eth0.mac}; eth0 is one end of a veth pair whose other end, ${src.hostVeth.name}, is in the node's namespace.`,
    packet: framed,
    capture: podCapture(from),
  });
  list.add({
    where: elementId.hostVeth(node.name, src.hostVeth.name),
    kind: 'veth-receive',
    summary: `The frame comes out of ${src.hostVeth.name} on ${node.name}, a port of the ${bridge} bridge, which takes it in.`,
    packet: framed,
    capture: onNode(src.hostVeth.name, filter),
  });
  if (leg.policy !== undefined && !policyHop(list, framed, leg, 'egress', elementId.hostVeth(node.name, src.hostVeth.name), onNode(src.hostVeth.name, filter))) {
    return { dropped: true, direction: 'egress' };
  }
  list.add({
    where: elementId.bridge(node.name, bridge),
    kind: 'bridge-forward',
    summary:
      `${bridge} looks up ${dst.eth0.mac} in its forwarding database, finds it on port ${dst.hostVeth.name} and forwards the frame there. ` +
      `This is switching, not routing: the TTL stays ${framed.ip.ttl}. ` +
      (leg.policy === undefined
        ? '(With br_netfilter loaded, bridged frames also pass iptables FORWARD; nothing in this scenario filters them.)'
        : "(br_netfilter passes bridged frames through iptables FORWARD, where the policy engine's per-veth chains run.)"),
    packet: framed,
    rule: { kind: 'fdb', text: `${dst.eth0.mac} dev ${dst.hostVeth.name} master ${bridge}`, source: undefined },
    capture: onNode(bridge, filter),
  });
  if (leg.policy !== undefined && !policyHop(list, framed, leg, 'ingress', elementId.hostVeth(node.name, dst.hostVeth.name), onNode(dst.hostVeth.name, filter))) {
    return { dropped: true, direction: 'ingress' };
  }
  list.add({
    where: elementId.hostVeth(node.name, dst.hostVeth.name),
    kind: 'veth-transmit',
    summary: `${bridge} sends the frame out of ${dst.hostVeth.name}; it crosses the veth pair into ${to.name}'s network namespace.`,
    packet: framed,
    capture: onNode(dst.hostVeth.name, filter),
  });
  list.add({
    where: toEth0,
    kind: 'veth-receive',
    summary: `${to.name}'s eth0 receives the frame. Its destination MAC and IP are the pod's own, so the kernel passes it up to ${framed.ip.protocol}.`,
    packet: framed,
    capture: podCapture(to),
  });
  return { dropped: false };
}

/**
 * One side of the NetworkPolicy check. Policy engines on bridge-based networks (Calico's Felix
 * in Canal, kube-router) filter at each pod's host veth: egress as the packet leaves the sending
 * pod, ingress before it enters the receiving one; br_netfilter makes bridged frames pass their
 * iptables chains. Adds a hop and says whether the packet goes on.
 */
function policyHop(list: HopList, packet: Packet, leg: LegContext, direction: 'egress' | 'ingress', where: string, capture: Capture): boolean {
  const verdict = direction === 'egress' ? leg.policy!.egress : leg.policy!.ingress;
  const pod = direction === 'egress' ? leg.from : leg.to;
  const side = direction === 'egress' ? `leaving ${pod.name}` : `entering ${pod.name}`;
  const first = verdict.kind === 'allowed' ? verdict.allows[0] : undefined;
  const rule = first === undefined
    ? undefined
    : { kind: 'network-policy' as const, text: `${first.policy.namespace}/${first.policy.name} ${direction} rule ${first.ruleIndex}`, source: first.ruleSpan };
  if (verdict.kind === 'denied') {
    const denial = verdict.denials[0];
    list.add({
      where,
      kind: 'drop',
      summary: `NetworkPolicy drops the packet ${side} (${direction}): ${verdict.message} The sender gets no answer; a TCP client retransmits its SYN until connect() times out.`,
      packet,
      ...(denial === undefined ? {} : { rule: { kind: 'network-policy' as const, text: `${denial.policy.namespace}/${denial.policy.name} selects ${pod.namespace}/${pod.name} for ${direction}`, source: denial.policy.span } }),
      capture,
      policy: { direction, verdict },
    });
    return false;
  }
  list.add({
    where,
    kind: 'network-policy',
    summary: `NetworkPolicy check for the packet ${side} (${direction}): ${verdict.message}`,
    packet,
    ...(rule === undefined ? {} : { rule }),
    capture,
    policy: { direction, verdict },
  });
  return true;
}
