import type { Cluster, ClusterNode, Container, Protocol } from '../cluster/types';
import type { MatchedRule } from '../kube-proxy/types';
import { onNode } from './capture';
import { cniPostrouting, masqueradeOut } from './cni-masquerade';
import type { HopList } from './hop-list';
import { accepts, deliverToHost, hostSocketAt, hostTarget, type HostTarget } from './host-destination';
import { eth0Of } from './node-network';
import { routeFromNode, type HostLeg, type RouteStart } from './host-path';
import { masqueradeHop, masqueradePort, unDnatHop, unSnatHop, type ConntrackEntry, type Endpoint4 } from './nat-hops';
import type { NamespacedPod } from './pod-side';
import type { ResolvedFlow } from './resolve';
import { answerPacket, finishReply, INITIAL_TTL } from './socket-ends';
import type { Packet, PortHeader } from './types';

/**
 * The rest of a pod's connection once its packet is in its node's IP stack with a destination
 * that is no pod: another node's own address (a node process, a hostNetwork pod, the API
 * server) or an address outside the cluster. The node routes it; on the way out nat
 * POSTROUTING applies the CNI plugin's masquerade rule for traffic leaving the pod network (or
 * kube-proxy's, when its rules marked the packet); it arrives in the other node's namespace or
 * leaves for the world; the answer comes back, conntrack undoes the masquerade (and a Service's
 * DNAT), and the node routes it down to the pod.
 */
export interface Outward {
  readonly cluster: Cluster;
  readonly source: NamespacedPod;
  readonly container: Container;
  readonly node: ClusterNode;
  readonly forward: HopList;
  readonly reply: HopList;
  /** The packet in the node's stack: after the pod's veth, and after kube-proxy's DNAT for a Service. */
  readonly packet: Packet;
  readonly protocol: Protocol;
  readonly filter: string;
  /** Where the node's route lookup is drawn and how its sentence starts. */
  readonly start: RouteStart;
  /** For a Service: the address the client called, which conntrack restores as the reply's source. */
  readonly called?: Endpoint4;
  /** kube-proxy marked the packet (KUBE-MARK-MASQ): its KUBE-POSTROUTING masquerades, with these rules and this reason. */
  readonly kubeMasquerade?: { readonly rules: readonly MatchedRule[]; readonly why: string };
  /**
   * Undoes the Service translation on the reply just before the pod gets it, instead of netfilter's
   * conntrack: Cilium's endpoint program reversing bpf_lxc's DNAT from its own conntrack.
   */
  readonly reverse?: (list: HopList, packet: Packet) => Packet;
  /** Says how the packet reached a node's own address, for that node's local-delivery hop. */
  readonly via: string;
}

export type OutwardEnd =
  | { readonly kind: 'unreachable'; readonly explanation: string }
  | {
      readonly kind: 'host' | 'outside';
      /** The node's own namespace that took the packet in; undefined when it left the cluster. */
      readonly target: HostTarget | undefined;
      /** The source address the far end saw, and the rule that gave it, or why the pod's address was kept. */
      readonly seenFrom: string;
      readonly masqueradedBy: string | undefined;
      readonly kept: string | undefined;
      readonly accepted: boolean;
    };

export function carryOut(o: Outward): OutwardEnd {
  const { cluster, node, source, forward, reply, protocol } = o;
  const sent = o.packet.l4 as PortHeader;
  const destination: Endpoint4 = { ip: o.packet.ip.dst, port: sent.dstPort };
  let nat: { address: string; port: number; who: string } | undefined;
  let kept: string | undefined;
  const leg: HostLeg = {
    cluster,
    filter: o.filter,
    needsArp: true,
    postrouting: (list, packet, at, device) => {
      if (at !== node) return packet;
      if (o.kubeMasquerade !== undefined) {
        const out = masqueradeHop(list, packet, at, device, o.kubeMasquerade.rules, o.kubeMasquerade.why);
        nat = { address: out.ip.src, port: masqueradePort(o.kubeMasquerade.rules, packet), who: "kube-proxy's KUBE-POSTROUTING" };
        return out;
      }
      const verdict = cniPostrouting(cluster, at, packet, device);
      if (verdict.kind === 'kept') {
        kept = verdict.why;
        return packet;
      }
      const out = masqueradeOut(list, packet, at, device, verdict.rule);
      nat = { address: out.ip.src, port: (out.l4 as PortHeader).srcPort, who: verdict.rule.who };
      return out;
    },
  };
  const end = routeFromNode(forward, o.packet, node, leg, o.start);
  if (end.kind === 'unreachable') return { kind: 'unreachable', explanation: end.explanation };
  if (end.kind === 'pod') throw new Error(`${destination.ip} is a pod's address, not a node's or an outside one`);
  const masq = nat as { address: string; port: number; who: string } | undefined;
  const seenFrom = masq?.address ?? source.ip;
  const conntrack: ConntrackEntry = {
    protocol,
    original: { src: { ip: source.ip, port: sent.srcPort }, dst: o.called ?? destination },
    reply: { src: destination, dst: { ip: seenFrom, port: masq?.port ?? sent.srcPort } },
  };
  const resolvedFor = (accepted: boolean): ResolvedFlow => ({
    source,
    container: o.container,
    destination: source,
    listener: accepted ? { container: o.container, port: { name: undefined, containerPort: destination.port, protocol, span: source.span } } : undefined,
  });
  // Down to the pod: conntrack restores the called address as the source in POSTROUTING (a Service's DNAT undone).
  const down: HostLeg = {
    cluster,
    filter: o.filter,
    needsArp: false,
    postrouting: (list, packet, at) => {
      if (at !== node) return packet;
      if (o.reverse !== undefined) return o.reverse(list, packet);
      return o.called !== undefined ? unDnatHop(list, packet, at, conntrack, 'POSTROUTING', `${source.name} sees the answer come from the Service address it called.`) : packet;
    },
  };
  // The answer reaches the masqueraded address, the node's own: conntrack restores the pod's (nat PREROUTING) and the node routes it down.
  const toPod = (packet: Packet, at: ClusterNode, start: RouteStart): Packet => {
    let back = routeFromNode(reply, packet, at, down, start);
    if (back.kind === 'local' && back.node === node && masq !== undefined) {
      const restored = unSnatHop(reply, back.packet, node, conntrack, `The reply is for ${source.name} again.`);
      back = routeFromNode(reply, restored, node, down, { where: eth0Of(node), forwarded: true, lead: `${node.name} routes the reply` });
    }
    if (back.kind !== 'pod') throw new Error(`the reply did not reach ${source.name}`);
    return back.packet;
  };

  if (end.kind === 'outside') {
    const wire = end.packet;
    const l4 = wire.l4 as PortHeader;
    forward.add({
      where: eth0Of(node),
      kind: 'wire',
      summary:
        `Beyond the router the packet crosses networks the simulator does not model, to ${destination.ip}:${destination.port}. The server sees the connection come from ${wire.ip.src}:${l4.srcPort} — ` +
        (masq === undefined
          ? `the pod's own address: ${kept ?? 'no rule masquerades it'}, so the network must route ${node.podCIDR} back to ${node.name} — and, the simulator assumes, answers.`
          : `${node.name}'s address, never the pod's — and, the simulator assumes, answers.`),
      packet: wire,
      capture: onNode('eth0', `host ${destination.ip}`),
    });
    const answer = answerPacket(wire, resolvedFor(true));
    const onEth0: Packet = { ...answer, eth: { src: wire.eth?.dst ?? '', dst: node.eth0.mac }, ip: { ...answer.ip, ttl: INITIAL_TTL - 10 } };
    reply.add({
      where: eth0Of(node),
      kind: 'nic-receive',
      summary:
        `${destination.ip}'s answer arrives from the router on ${node.name}'s eth0, addressed to ${wire.ip.src}, ` +
        `${masq === undefined ? "the pod's own address" : 'the address the masquerade gave the connection'} (the TTL shows hops the simulator does not model).`,
      packet: onEth0,
      capture: onNode('eth0', `host ${destination.ip}`),
      fresh: true,
    });
    const last = toPod(onEth0, node, { where: eth0Of(node), forwarded: true, lead: `${node.name} routes the reply` });
    finishReply(reply, resolvedFor(true), last, protocol, o.filter);
    return { kind: 'outside', target: undefined, seenFrom, masqueradedBy: masq?.who, kept, accepted: true };
  }

  const target = hostTarget(cluster, end.node, destination.ip, destination.port, protocol);
  const answer = deliverToHost(forward, reply, end.packet, target, o.via);
  const accepted = accepts(target);
  const start: RouteStart = { where: hostSocketAt(target), forwarded: false, lead: `${end.node.name}'s routing table sends the reply to ${end.packet.ip.src}` };
  const last = toPod(answer, end.node, start);
  finishReply(reply, resolvedFor(accepted), last, protocol, o.filter);
  return { kind: 'host', target, seenFrom, masqueradedBy: masq?.who, kept, accepted };
}
