import type { SecurityIdentity } from '../cluster/types';
import { CILIUM_VXLAN_PORT } from '../dataplane/cilium';
import { elementId } from '../topology/ids';
import type { HopList } from './hop-list';
import { onNode } from './capture';
import { podCapture, type LegContext, type LegOutcome, type NamespacedPod } from './pod-side';
import { crossWire } from './routed-leg';
import { formatRoute, lookupRoute } from './routing';
import { vxlanSourcePort } from './weave-leg';
import type { Capture, Packet } from './types';

/** Cilium's own view of a node's datapath events, run in the cilium agent pod on that node. */
const monitor = (type: 'trace' | 'policy-verdict' | 'drop'): Capture => ({
  command: `kubectl -n kube-system exec ds/cilium -c cilium-agent -- cilium-dbg monitor --type ${type}`,
  note: 'ds/cilium reaches one agent; on a cluster of several nodes pick the agent pod of this node (kubectl -n kube-system get pods -l k8s-app=cilium -o wide). tcpdump on the host veth misses packets eBPF redirects.',
});

const named = (pod: NamespacedPod): string => `${pod.namespace}/${pod.name}`;

/**
 * bpf_lxc's per-packet service load balancing, run on the sender's lxc before anything else
 * looks at the destination: adds its hops and gives the translated packet, or undefined when it
 * drops the packet (no backend). `ipcache` is the sentence about the backend's identity and
 * location, for the hop that picks it.
 */
export type ServiceTranslation = (list: HopList, framed: Packet, ipcache: string) => Packet | undefined;

function identityOf(pod: NamespacedPod): SecurityIdentity {
  const identity = pod.network.identity;
  if (identity === undefined) throw new Error(`pod ${named(pod)} has no Cilium identity`);
  return identity;
}

/**
 * One direction between two pods with Cilium. No bridge and, for pod traffic, no iptables:
 * eBPF programs at the tc hooks carry the packet. `bpf_lxc` (cil_from_container, on the tc
 * ingress of the sender's lxc veth) tracks the connection, applies the sender identity's egress
 * policy and looks the destination up in the ipcache; then
 * - same node: it tail-calls the receiver's policy program and redirects straight into its veth;
 * - tunnel mode: it sets the tunnel key (VNI = the sender's security identity, the remote node)
 *   and redirects to `cilium_vxlan`, whose collect-metadata driver encapsulates; on the other
 *   node `bpf_overlay` reads the identity back from the VNI;
 * - native routing: the host stack routes the plain packet to the peer node, where `bpf_host`
 *   on eth0 (cil_from_netdev) finds the source identity in the ipcache.
 * Local delivery rewrites the MACs and decrements the TTL. Replies match the connection in
 * Cilium's conntrack and skip the policy lookup.
 */
export function ciliumBetween(list: HopList, start: Packet, leg: LegContext, translate?: ServiceTranslation): LegOutcome {
  const { fromNode, toNode, from, to } = leg;
  const source = identityOf(from);
  const destination = identityOf(to);
  const target = leg.addressed ?? to.ip;
  const route = lookupRoute(from.network.routes, target);
  if (route === undefined || route.via === undefined) throw new Error(`pod ${from.name} has no route to ${target}`);
  const lxc = from.network.hostVeth;
  const lxcId = elementId.hostVeth(fromNode.name, lxc.name);
  const fromEth0 = elementId.podInterface(from.namespace, from.name, from.network.eth0.name);
  let framed: Packet = { ...start, eth: { src: from.network.eth0.mac, dst: lxc.mac } };

  list.add({
    where: fromEth0,
    kind: 'route-lookup',
    summary:
      `The route lookup in ${from.name}'s network namespace sends ${target} to the gateway ${route.via}, the router IP on ${fromNode.name}'s cilium_host: a Cilium pod has a /32 and routes everything there.` +
      (route.mtu !== undefined && route.mtu < from.network.eth0.mtu ? ` The route's mtu ${route.mtu} leaves room for the 50 bytes of VXLAN headers; eth0 itself keeps MTU ${from.network.eth0.mtu}.` : '') +
      (leg.needsArp ? '' : ` The gateway's MAC is already in the neighbour table.`),
    packet: leg.needsArp ? start : framed,
    rule: { kind: 'route', text: formatRoute(route), source: undefined },
    capture: { command: `nsenter -t "$PID" -n ip route get ${target}`, note: podCapture(from, leg.filter).note },
  });
  if (leg.needsArp) {
    list.add({
      where: lxcId,
      kind: 'arp',
      summary: `${from.name} asks "who-has ${route.via} tell ${from.ip}". No device holds that address on this link: bpf_lxc, on ${lxc.name}'s tc ingress, answers the ARP itself with ${lxc.name}'s MAC, ${lxc.mac}.`,
      packet: framed,
      rule: { kind: 'neighbour', text: `${route.via} dev eth0 lladdr ${lxc.mac} REACHABLE`, source: undefined },
      capture: onNode(lxc.name, 'arp'),
    });
  }
  list.add({
    where: fromEth0,
    kind: 'veth-transmit',
    summary: `${from.name}'s eth0 sends the frame ${from.network.eth0.mac} → ${lxc.mac}; eth0 is one end of a veth pair whose other end, ${lxc.name}, is in the node's namespace.`,
    packet: framed,
    capture: podCapture(from, leg.filter),
  });
  const where = fromNode === toNode ? 'a pod on this node' : leg.plugin === 'cilium-vxlan' ? `a pod behind tunnel endpoint ${toNode.internalIP}` : `a pod on ${toNode.name} (${toNode.internalIP})`;
  list.add({
    where: lxcId,
    kind: 'veth-receive',
    summary:
      `The packet arrives on ${lxc.name}, and its tc ingress hook runs bpf_lxc (cil_from_container) before the host stack sees it. ` +
      (leg.policy === undefined && !leg.needsArp
        ? `Cilium's conntrack finds the connection: a reply, which no policy is asked about. `
        : `Cilium's conntrack has no entry yet: a new connection. `) +
      (translate === undefined
        ? `The ipcache says ${to.ip} is identity ${destination.id}, ${where}.`
        : `${target} is no endpoint's address: bpf_lxc looks it up in Cilium's service map first.`),
    packet: framed,
    capture: monitor('trace'),
  });
  if (translate !== undefined) {
    const translated = translate(list, framed, `The ipcache says ${to.ip} is identity ${destination.id}, ${where}.`);
    // Dropped by the load balancer itself (a frontend without backends); the translation added the hop.
    if (translated === undefined) return { dropped: true, direction: 'egress' };
    framed = translated;
  }
  if (leg.policy !== undefined && !identityPolicyHop(list, framed, leg, 'egress', source, destination)) return { dropped: true, direction: 'egress' };

  if (fromNode === toNode) return deliverLocally(list, framed, leg, `bpf_lxc tail-calls ${to.name}'s policy program`, source, destination);

  if (leg.plugin === 'cilium-vxlan') {
    const tunnel = fromNode.tunnel;
    const peerTunnel = toNode.tunnel;
    if (tunnel === undefined || peerTunnel === undefined) throw new Error('Cilium tunnel mode without cilium_vxlan');
    const wrapped: Packet = {
      ...framed,
      outer: {
        eth: { src: fromNode.eth0.mac, dst: toNode.eth0.mac },
        ip: { src: fromNode.internalIP, dst: toNode.internalIP, ttl: 64, protocol: 'UDP' },
        udp: { srcPort: vxlanSourcePort(framed, leg.filter), dstPort: CILIUM_VXLAN_PORT },
        vxlan: { vni: source.id },
      },
    };
    list.add({
      where: elementId.tunnel(fromNode.name, tunnel.name),
      kind: 'encapsulate',
      summary:
        `bpf_lxc sets the tunnel key — VNI ${source.id}, ${from.name}'s security identity, and remote ${toNode.internalIP} — and redirects the packet to ${tunnel.name}. ` +
        `The vxlan driver (collect-metadata mode) wraps it: outer IP ${fromNode.internalIP} → ${toNode.internalIP}, TTL 64, UDP to port ${CILIUM_VXLAN_PORT}. ` +
        `Only this outer packet passes through the host's netfilter; the pod packet never did.`,
      packet: wrapped,
      capture: onNode(tunnel.name, leg.filter),
    });
    crossWire(list, wrapped, leg);
    list.add({
      where: elementId.tunnel(toNode.name, peerTunnel.name),
      kind: 'decapsulate',
      summary:
        `${peerTunnel.name} on ${toNode.name} strips the outer headers, and bpf_overlay (cil_from_overlay, on its tc ingress) reads the sender's identity from the VNI: ${source.id}. ` +
        `${to.ip} is a local endpoint.`,
      packet: framed,
      capture: onNode(peerTunnel.name, leg.filter),
    });
    return deliverLocally(list, framed, leg, `bpf_overlay tail-calls ${to.name}'s policy program`, source, destination);
  }

  // Native routing: the host stack routes the plain packet (auto-direct-node-routes).
  const hostRoute = lookupRoute(fromNode.routes, to.ip);
  if (hostRoute === undefined) throw new Error(`node ${fromNode.name} has no route to ${to.ip}`);
  const routed: Packet = { ...framed, eth: { src: fromNode.eth0.mac, dst: toNode.eth0.mac }, ip: { ...framed.ip, ttl: framed.ip.ttl - 1 } };
  list.add({
    where: lxcId,
    kind: 'route-lookup',
    summary:
      `bpf_lxc passes the packet to ${fromNode.name}'s IP stack, which routes it (TTL ${framed.ip.ttl} → ${routed.ip.ttl}) by the route auto-direct-node-routes installed for ${toNode.name}'s pod CIDR: ` +
      `straight to ${toNode.internalIP} on eth0, no encapsulation. (With eBPF host routing, bpf_lxc does this lookup itself and redirects to eth0, skipping the stack.)`,
    packet: routed,
    rule: { kind: 'route', text: formatRoute(hostRoute), source: undefined },
    capture: onNode('eth0', leg.filter),
  });
  crossWire(list, routed, leg);
  list.add({
    where: elementId.nodeInterface(toNode.name, toNode.eth0.name),
    kind: 'route-lookup',
    summary: `bpf_host (cil_from_netdev, on eth0's tc ingress) takes the packet first: the ipcache gives the source ${from.ip} identity ${source.id}, and ${to.ip} is a local endpoint.`,
    packet: routed,
    capture: monitor('trace'),
  });
  return deliverLocally(list, routed, leg, `bpf_host tail-calls ${to.name}'s policy program`, source, destination);
}

/** The receiver's policy program, then local delivery: MACs rewritten, TTL −1, redirected into the pod. */
function deliverLocally(list: HopList, arriving: Packet, leg: LegContext, caller: string, source: SecurityIdentity, destination: SecurityIdentity): LegOutcome {
  const { toNode, to } = leg;
  const lxc = to.network.hostVeth;
  if (leg.policy !== undefined && !identityPolicyHop(list, arriving, leg, 'ingress', source, destination, caller)) return { dropped: true, direction: 'ingress' };
  // A reply of a load-balanced connection: the receiver's program reverses the service translation from its conntrack entry.
  const packet = leg.beforeDelivery === undefined ? arriving : leg.beforeDelivery(list, arriving);
  const delivered: Packet = { ...packet, eth: { src: lxc.mac, dst: to.network.eth0.mac }, ip: { ...packet.ip, ttl: packet.ip.ttl - 1 } };
  list.add({
    where: elementId.hostVeth(toNode.name, lxc.name),
    kind: 'veth-transmit',
    summary:
      `Local delivery in eBPF: the MACs become ${lxc.mac} (${lxc.name}) → ${to.network.eth0.mac}, the TTL drops to ${delivered.ip.ttl} as for any routed hop, ` +
      `and the packet is redirected to ${lxc.name} and across into ${to.name}'s namespace (bpf_redirect_peer where the kernel has it) — no bridge, no host routing table.`,
    packet: delivered,
    capture: { command: `hubble observe --pod ${named(to)} --ip ${packet.ip.src}`, note: 'Needs Hubble (cilium hubble enable). tcpdump on the lxc device may miss packets redirected into the pod.' },
  });
  list.add({
    where: elementId.podInterface(to.namespace, to.name, to.network.eth0.name),
    kind: 'veth-receive',
    summary: `${to.name}'s eth0 receives the frame. Its destination MAC and IP are the pod's own, so the kernel passes it up to ${delivered.ip.protocol}.`,
    packet: delivered,
    capture: podCapture(to, leg.filter),
  });
  return { dropped: false };
}

const labelsOf = (identity: SecurityIdentity): string => identity.labels.join(', ');

/**
 * Cilium's policy verdict for one side, phrased as Cilium reports it: by security identity.
 * The verdict itself is the NetworkPolicy engine's; Cilium enforces Kubernetes NetworkPolicies
 * as identity-based rules.
 */
function identityPolicyHop(
  list: HopList,
  packet: Packet,
  leg: LegContext,
  direction: 'egress' | 'ingress',
  source: SecurityIdentity,
  destination: SecurityIdentity,
  caller?: string,
): boolean {
  const verdict = direction === 'egress' ? leg.policy!.egress : leg.policy!.ingress;
  const pod = direction === 'egress' ? leg.from : leg.to;
  const node = direction === 'egress' ? leg.fromNode : leg.toNode;
  const where = elementId.hostVeth(node.name, pod.network.hostVeth.name);
  const l4 = packet.l4.protocol === 'ICMP' ? 'ICMP' : `${packet.l4.protocol}/${packet.l4.dstPort}`;
  const subject =
    direction === 'egress'
      ? `egress of identity ${source.id} (${named(leg.from)}) to identity ${destination.id} on ${l4}`
      : `ingress of identity ${destination.id} (${named(leg.to)}) from identity ${source.id} on ${l4}`;
  const program = direction === 'egress' ? 'bpf_lxc' : `${caller ?? 'bpf_lxc'}, which`;
  const labels = `Identity ${source.id} is {${labelsOf(source)}}; ${destination.id} is {${labelsOf(destination)}}.`;
  if (verdict.kind === 'denied') {
    const denial = verdict.denials[0];
    list.add({
      where,
      kind: 'drop',
      summary: `${program} looks up the policy map for ${subject}: no entry allows it, so the packet is dropped ("Policy denied"). ${verdict.message} ${labels}`,
      packet,
      ...(denial === undefined
        ? {}
        : { rule: { kind: 'network-policy' as const, text: `${denial.policy.namespace}/${denial.policy.name} selects ${pod.namespace}/${pod.name} for ${direction}`, source: denial.policy.span } }),
      capture: monitor('drop'),
      policy: { direction, verdict },
    });
    return false;
  }
  const first = verdict.kind === 'allowed' ? verdict.allows[0] : undefined;
  list.add({
    where,
    kind: 'network-policy',
    summary: `${program} looks up the policy map for ${subject}: allowed. ${verdict.message} ${labels}`,
    packet,
    ...(first === undefined
      ? {}
      : { rule: { kind: 'network-policy' as const, text: `${first.policy.namespace}/${first.policy.name} ${direction} rule ${first.ruleIndex}`, source: first.ruleSpan } }),
    capture: monitor('policy-verdict'),
    policy: { direction, verdict },
  });
  return true;
}
