import type { ClusterNode, CniPlugin, Pod, PodNamespaceNetwork } from '../cluster/types';
import type { PolicyVerdict, SideVerdict } from '../policy/evaluate';
import { elementId } from '../topology/ids';
import { insidePod, onNode } from './capture';
import type { HopList } from './hop-list';
import { formatRoute, lookupRoute } from './routing';
import { enforcementPoint } from './policy-point';
import type { Capture, Packet } from './types';

/** A pod with its own network namespace, the only kind that sits behind a bridge port. */
export type NamespacedPod = Pod & { readonly network: PodNamespaceNetwork };

export function isNamespaced(pod: Pod): pod is NamespacedPod {
  return pod.network.kind === 'pod';
}

/** One direction of a connection between two pods, and what the path needs to know about it. */
export interface LegContext {
  readonly plugin: CniPlugin;
  readonly fromNode: ClusterNode;
  readonly toNode: ClusterNode;
  readonly from: NamespacedPod;
  readonly to: NamespacedPod;
  /** The tcpdump filter that matches this leg's packets. */
  readonly filter: string;
  /**
   * Whether senders must ARP. On the first packet of a connection they do; on the reply nobody
   * does, because each kernel learned its peer's MAC from the ARP request it answered.
   */
  readonly needsArp: boolean;
  /** The NetworkPolicy verdict for this connection; absent on replies and when nothing is enforced. */
  readonly policy?: PolicyVerdict;
  /**
   * The address the sender wrote when it is not `to.ip`: a Service's ClusterIP, which the
   * sending node's kube-proxy rules rewrite. The pod's route lookup and ARP use this address.
   */
  readonly addressed?: string;
  /**
   * A hop the receiving side adds just before the packet is switched or routed into the pod:
   * on a Service reply, conntrack undoing the connection's NAT. Gives the rewritten packet.
   */
  readonly beforeDelivery?: (list: HopList, packet: Packet) => Packet;
}

export type LegOutcome = { readonly dropped: false } | { readonly dropped: true; readonly direction: 'egress' | 'ingress' };

export const podCapture = (pod: NamespacedPod, filter: string): Capture =>
  insidePod(pod.namespace, pod.name, pod.containers[0]?.name ?? '', `tcpdump -eni eth0 '${filter}'`);

/**
 * From the sending pod's socket layer to the host end of its veth: the pod's route lookup,
 * ARP for the next hop (the destination itself on the same subnet, else the gateway the bridge
 * holds), the veth crossing, and the egress NetworkPolicy check where the packet enters the host.
 * Gives the framed packet, or undefined when policy drops it.
 */
export function leavePod(list: HopList, start: Packet, leg: LegContext): Packet | undefined {
  const { fromNode: node, from, to } = leg;
  const src = from.network;
  const bridge = node.bridge?.name;
  const hostVethId = elementId.hostVeth(node.name, src.hostVeth.name);
  const fromEth0 = elementId.podInterface(from.namespace, from.name, src.eth0.name);
  const target = leg.addressed ?? to.ip;
  const route = lookupRoute(src.routes, target);
  if (route === undefined) throw new Error(`pod ${from.name} has no route to ${target}`);
  const gateway = route.via;
  const nextHop = gateway ?? target;
  // The next hop's MAC: the destination's own on a shared subnet, the bridge's for its gateway
  // address, or — without a bridge (Calico) — the host veth's, which answers for the gateway.
  const nextMac = gateway === undefined ? to.network.eth0.mac : (node.bridge?.mac ?? src.hostVeth.mac);
  const framed: Packet = { ...start, eth: { src: src.eth0.mac, dst: nextMac } };

  const learned =
    gateway === undefined
      ? ` The MAC of ${target} is already in the neighbour table, learned from ${to.name}'s own ARP request.`
      : ` The MAC of ${gateway} is already in the neighbour table, learned from the node's ARP request for ${from.ip}.`;
  list.add({
    where: fromEth0,
    kind: 'route-lookup',
    summary:
      (gateway === undefined
        ? `The route lookup in ${from.name}'s network namespace finds ${target} on-link: it is in the pod subnet, so the packet goes straight out of eth0 to ${to.name}, with no gateway.`
        : bridge === undefined
          ? `The route lookup in ${from.name}'s network namespace sends ${target} to the gateway ${gateway} on eth0: a Calico pod has a /32 address and sends everything to that link-local gateway.`
          : leg.addressed !== undefined
            ? `The route lookup in ${from.name}'s network namespace sends ${target} to the gateway ${gateway} on eth0: a Service address is in no pod's subnet, so it takes the default route; only the node's kube-proxy rules know where it leads.`
            : `The route lookup in ${from.name}'s network namespace sends ${target} to the gateway ${gateway} on eth0: the destination is outside the pod's own subnet, on another node.`) +
      (leg.needsArp ? '' : learned),
    packet: leg.needsArp ? start : framed,
    rule: { kind: 'route', text: formatRoute(route), source: undefined },
    capture: { command: `nsenter -t "$PID" -n ip route get ${target}`, note: podCapture(from, leg.filter).note },
  });

  if (leg.needsArp && bridge === undefined) {
    list.add({
      where: hostVethId,
      kind: 'arp',
      summary:
        `${from.name} broadcasts "who-has ${gateway ?? nextHop} tell ${from.ip}". No device has that link-local address: ` +
        `${src.hostVeth.name} has proxy ARP turned on, so the host answers with the MAC every Calico veth carries, ${nextMac}. The pod never learns where it really goes.`,
      packet: framed,
      rule: { kind: 'neighbour', text: `${nextHop} dev eth0 lladdr ${nextMac} REACHABLE`, source: undefined },
      capture: onNode(src.hostVeth.name, `arp`),
    });
  } else if (leg.needsArp && bridge !== undefined) {
    list.add({
      where: elementId.bridge(node.name, bridge),
      kind: 'arp',
      summary:
        gateway === undefined
          ? `${from.name} has no neighbour entry for ${to.ip}, so it broadcasts "who-has ${to.ip} tell ${from.ip}". ` +
            `${bridge} floods the request out of every port and learns ${src.eth0.mac} on ${src.hostVeth.name}; ` +
            `${to.name} answers "${to.ip} is-at ${to.network.eth0.mac}", and ${bridge} learns that MAC on ${to.network.hostVeth.name}.`
          : `${from.name} has no neighbour entry for its gateway ${gateway}, so it broadcasts "who-has ${gateway} tell ${from.ip}". ` +
            `The address belongs to ${bridge} itself, so ${node.name} answers "${gateway} is-at ${nextMac}" (and learns ${from.ip} is-at ${src.eth0.mac}).`,
      packet: framed,
      rule: { kind: 'neighbour', text: `${nextHop} dev eth0 lladdr ${nextMac} REACHABLE`, source: undefined },
      capture: onNode(bridge, `arp and host ${nextHop}`),
    });
  }

  list.add({
    where: fromEth0,
    kind: 'veth-transmit',
    summary: `${from.name}'s eth0 sends the frame ${src.eth0.mac} → ${nextMac}; eth0 is one end of a veth pair whose other end, ${src.hostVeth.name}, is in the node's namespace.`,
    packet: framed,
    capture: podCapture(from, leg.filter),
  });
  list.add({
    where: elementId.hostVeth(node.name, src.hostVeth.name),
    kind: 'veth-receive',
    summary:
      bridge === undefined
        ? `The frame comes out of ${src.hostVeth.name} in ${node.name}'s own network namespace; no bridge here, the node routes it.`
        : `The frame comes out of ${src.hostVeth.name} on ${node.name}, a port of the ${bridge} bridge, which takes it in.`,
    packet: framed,
    capture: onNode(src.hostVeth.name, leg.filter),
  });
  if (leg.policy !== undefined && !policyHop(list, framed, leg, 'egress', hostVethId, onNode(src.hostVeth.name, leg.filter))) {
    return undefined;
  }
  return framed;
}

/**
 * From the receiving pod's host veth into the pod: the ingress NetworkPolicy check, the veth
 * crossing, and arrival on the pod's eth0. False when policy drops the packet.
 */
export function enterPod(list: HopList, framed: Packet, leg: LegContext): boolean {
  const { toNode: node, to } = leg;
  const dst = to.network;
  const sender = node.bridge?.name ?? node.name;
  if (leg.policy !== undefined && !policyHop(list, framed, leg, 'ingress', elementId.hostVeth(node.name, dst.hostVeth.name), onNode(dst.hostVeth.name, leg.filter))) {
    return false;
  }
  list.add({
    where: elementId.hostVeth(node.name, dst.hostVeth.name),
    kind: 'veth-transmit',
    summary: `${sender} sends the frame out of ${dst.hostVeth.name}; it crosses the veth pair into ${to.name}'s network namespace.`,
    packet: framed,
    capture: onNode(dst.hostVeth.name, leg.filter),
  });
  list.add({
    where: elementId.podInterface(to.namespace, to.name, dst.eth0.name),
    kind: 'veth-receive',
    summary: `${to.name}'s eth0 receives the frame. Its destination MAC and IP are the pod's own, so the kernel passes it up to ${framed.ip.protocol}.`,
    packet: framed,
    capture: podCapture(to, leg.filter),
  });
  return true;
}

/** The bridge switching a frame to the port that leads to the destination pod. */
export function switchToPod(list: HopList, framed: Packet, node: ClusterNode, to: NamespacedPod, filter: string, policies: boolean): void {
  const bridge = node.bridge?.name ?? '';
  list.add({
    where: elementId.bridge(node.name, bridge),
    kind: 'bridge-forward',
    summary:
      `${bridge} looks up ${to.network.eth0.mac} in its forwarding database, finds it on port ${to.network.hostVeth.name} and forwards the frame there. ` +
      `This is switching, not routing: the TTL stays ${framed.ip.ttl}. ` +
      (policies
        ? "(br_netfilter passes bridged frames through iptables FORWARD, where the policy engine's per-veth chains run.)"
        : '(With br_netfilter loaded, bridged frames also pass iptables FORWARD; nothing in this scenario filters them.)'),
    packet: framed,
    rule: { kind: 'fdb', text: `${to.network.eth0.mac} dev ${to.network.hostVeth.name} master ${bridge}`, source: undefined },
    capture: onNode(bridge, filter),
  });
}

/**
 * One side of the NetworkPolicy check. Policy engines on bridge-based networks (Calico's Felix
 * in Canal, kube-router) filter at each pod's host veth: egress as the packet leaves the sending
 * pod, ingress before it enters the receiving one; br_netfilter makes bridged frames pass their
 * iptables chains. Adds a hop and says whether the packet goes on.
 */
export function policyHop(list: HopList, packet: Packet, leg: LegContext, direction: 'egress' | 'ingress', where: string, capture: Capture): boolean {
  const verdict = direction === 'egress' ? leg.policy!.egress : leg.policy!.ingress;
  const pod = direction === 'egress' ? leg.from : leg.to;
  return sideHop(list, packet, { plugin: leg.plugin, direction, verdict, pod }, where, capture);
}

/** The hop for one side's verdict, wherever the other end is (a pod, a node, an address outside). */
export function sideHop(
  list: HopList,
  packet: Packet,
  check: { readonly plugin: CniPlugin; readonly direction: 'egress' | 'ingress'; readonly verdict: SideVerdict; readonly pod: NamespacedPod },
  where: string,
  capture: Capture,
): boolean {
  const { direction, verdict, pod } = check;
  const veth = pod.network.hostVeth.name;
  // Felix judges a workload's egress in cali-fw-<iface>, weave-npc in WEAVE-NPC-EGRESS, and so on.
  const chain = enforcementPoint(check.plugin, direction, veth);
  const side = (direction === 'egress' ? `leaving ${pod.name}` : `entering ${pod.name}`) + chain;
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
