import type { ClusterNode } from '../cluster/types';
import { CILIUM_VXLAN_PORT } from '../dataplane/cilium';
import type { PolicyVerdict } from '../policy/evaluate';
import { elementId } from '../topology/ids';
import { onNode } from './capture';
import type { HopList } from './hop-list';
import { egressOf } from './node-addresses';
import { eth0Of, gatewayMac, wireBetween } from './node-network';
import { routeFromNode, type HostLeg } from './host-path';
import { conntrackText, masqueradeHop } from './nat-hops';
import { podCapture, sideHop, type NamespacedPod } from './pod-side';
import { formatRoute, lookupRoute } from './routing';
import type { Packet, PortHeader } from './types';
import { vxlanSourcePort } from './weave-leg';
import { agent, answer, entryOf, filterOf, policyFor, portOf, unNatAndLeave, type CniOutcome, type ExternalArrival } from './external-arrival';

/**
 * Traffic from outside the cluster on Cilium, after the receiving node chose an endpoint (eBPF on
 * cilium_host, cilium_vxlan and eth0).
 *
 * Cilium with kube-proxy running (kubeProxyReplacement=false): Cilium's service map holds only
 * ClusterIPs — its documentation says that default "only enables per-packet in-cluster
 * load-balancing of ClusterIP services" — so NodePort and LoadBalancer traffic is kube-proxy's,
 * in the host's nat table; bpf_host then carries the DNATed packet like any host traffic.
 *
 * Cilium as the kube-proxy replacement (mode `none`), loadBalancer.mode snat (the default):
 * bpf_host's cil_from_netdev on eth0 balances the packet (nodeport_lb4 in bpf/lib/nodeport.h).
 * A backend on this node gets the packet unchanged but for the DNAT — `backend_local` skips the
 * SNAT, so the pod sees the client. A remote backend gets it SNATed to the node's address
 * (tail_nodeport_nat_egress_ipv4: IPV4_DIRECT_ROUTING, ports NODEPORT_PORT_MIN_NAT..MAX_NAT,
 * 32768–65535, keeping the client's port when it is free) and, in tunnel mode, encapsulated with
 * the source identity WORLD_ID, which nodeport.h keeps so that "the remote node [does not]
 * assume that the request originated from a cluster node". The reply comes back to this node,
 * where nodeport_lb4 finds no service, reverses the SNAT (tail_nodeport_nat_ingress_ipv4) and
 * the DNAT (rev_nodeport_lb4), and redirects it out of eth0 by a FIB lookup.
 */

/** Cilium's reserved security identities (pkg/identity: host 1, world 2, remote-node 6). */
const WORLD_ID = 2;
export const REMOTE_NODE_ID = 6;

/**
 * Cilium with kube-proxy, endpoint on another node: after kube-proxy's DNAT the host stack
 * routes the packet by Cilium's route for that node's pod CIDR — into cilium_host in tunnel
 * mode, out of eth0 to the node in native routing — and KUBE-POSTROUTING masquerades it to the
 * address of that device. The endpoint answers that address; on this node the stack undoes both
 * rewrites and routes the reply out to the client.
 */
export function ciliumKubeProxyRemote(a: ExternalArrival): CniOutcome {
  const { node, endpointNode, endpointPod, forward, reply } = a;
  const filter = filterOf(a);
  const egress = egressOf(node, endpointPod.ip);
  if (egress === undefined) throw new Error(`node ${node.name} has no route to ${endpointPod.ip}`);
  const masqueraded = a.masquerade;
  const seenFrom = masqueraded ? egress.address : a.client.ip;
  const policy = policyFor(a, seenFrom);
  const tunnel = node.cilium?.routing === 'tunnel';
  const routed: Packet = { ...a.rewritten, ip: { ...a.rewritten.ip, ttl: a.rewritten.ip.ttl - 1 } };
  forward.add({
    where: eth0Of(node),
    kind: 'route-lookup',
    summary: tunnel
      ? `With the destination rewritten to ${endpointPod.ip}, ${node.name} routes the packet (TTL ${a.rewritten.ip.ttl} → ${routed.ip.ttl}) by the route Cilium installs for ${endpointNode.name}'s pod CIDR in tunnel mode: via its own router IP on cilium_host, where bpf_host takes over.`
      : `With the destination rewritten to ${endpointPod.ip}, ${node.name} routes the packet (TTL ${a.rewritten.ip.ttl} → ${routed.ip.ttl}) by the route auto-direct-node-routes installed for ${endpointNode.name}'s pod CIDR: straight to ${endpointNode.internalIP} on eth0.`,
    packet: tunnel ? routed : { ...routed, eth: { src: node.eth0.mac, dst: endpointNode.eth0.mac } },
    rule: { kind: 'route', text: formatRoute(egress.route), source: undefined },
    capture: onNode(tunnel ? 'cilium_host' : 'eth0', filter),
  });
  const leaving = masqueraded ? masqueradeHop(forward, tunnel ? routed : { ...routed, eth: { src: node.eth0.mac, dst: endpointNode.eth0.mac } }, node, egress, a.postrouting, a.why) : routed;
  const natPort = portOf(leaving);
  let arrived: Packet;
  if (tunnel) {
    arrived = throughTunnel(forward, leaving, node, endpointNode, REMOTE_NODE_ID, filter,
      `bpf_host (cil_from_host, on cilium_host's tc egress) looks ${endpointPod.ip} up in the ipcache: identity ${endpointPod.network.identity?.id ?? '?'} behind tunnel endpoint ${endpointNode.internalIP}. ` +
        `It sets the tunnel key — VNI ${REMOTE_NODE_ID}: the packet comes from the host, and Cilium presents host traffic to other nodes as reserved:remote-node — and redirects to cilium_vxlan.`,
      `bpf_overlay (cil_from_overlay) reads the source identity ${REMOTE_NODE_ID} (reserved:remote-node) from the VNI; ${endpointPod.ip} is a local endpoint.`);
  } else {
    wireBetween(forward, leaving, node, endpointNode, filter);
    arrived = leaving;
    forward.add({
      where: eth0Of(endpointNode),
      kind: 'route-lookup',
      summary: `bpf_host (cil_from_netdev, on eth0's tc ingress) takes the packet first: the ipcache gives its source ${leaving.ip.src} identity ${REMOTE_NODE_ID} (reserved:remote-node), and ${endpointPod.ip} is a local endpoint.`,
      packet: leaving,
      capture: agent('cilium-dbg monitor --type trace'),
    });
  }
  const atPod = deliverToPod(forward, arrived, endpointNode, endpointPod, policy, filter, tunnel ? 'bpf_overlay' : 'bpf_host');
  if (atPod === undefined) return { kind: 'dropped', seenFrom, masqueraded };
  const { answer: back, listener } = answer(a, atPod);
  const conntrack = entryOf(a, { ip: seenFrom, port: natPort });
  // Only an answer to this node's router IP goes back through the tunnel; one to the client itself is routed out by the endpoint's node.
  if (tunnel && masqueraded) {
    const framed = leaveCiliumPod(reply, back, endpointPod, endpointNode, filter,
      `bpf_lxc (cil_from_container) finds the connection in Cilium's conntrack; the ipcache says ${back.ip.dst} is ${node.name}'s router IP, identity ${REMOTE_NODE_ID} (reserved:remote-node) behind tunnel endpoint ${node.internalIP}.`);
    const taken = throughTunnel(reply, framed, endpointNode, node, endpointPod.network.identity?.id ?? 0, filter,
      `bpf_lxc sets the tunnel key — VNI ${endpointPod.network.identity?.id ?? '?'}, ${endpointPod.name}'s identity, remote ${node.internalIP} — and redirects to cilium_vxlan.`,
      `bpf_overlay finds ${back.ip.dst} is this node's own router IP and passes the packet to ${node.name}'s IP stack.`);
    return { kind: 'answered', seenFrom, masqueraded, listener, answer: back, back: unNatAndLeave(a, taken, conntrack, elementId.tunnel(node.name, node.tunnel?.name ?? 'cilium_vxlan')) };
  }
  // Native routing (or an unmasqueraded answer): the host stack routes it on the node network.
  const framed = leaveCiliumPod(reply, back, endpointPod, endpointNode, filter,
    `bpf_lxc (cil_from_container) finds the connection in Cilium's conntrack; ${back.ip.dst} is no endpoint, so it passes the packet to ${endpointNode.name}'s IP stack (legacy host routing).`);
  const hostLeg: HostLeg = { cluster: a.cluster, filter, needsArp: false };
  const end = routeFromNode(reply, framed, endpointNode, hostLeg, { where: elementId.hostVeth(endpointNode.name, endpointPod.network.hostVeth.name), forwarded: true, lead: `${endpointNode.name} routes the reply` });
  // Not masqueraded (IPVS sends externalTrafficPolicy: Local traffic to other nodes' endpoints
  // when this node has none): the reply leaves the endpoint's node for the client directly,
  // with nothing there to undo the DNAT (replyToClient says what the client makes of it).
  if (!masqueraded && end.kind === 'outside') return { kind: 'answered', seenFrom, masqueraded, listener, answer: back, back: end.packet };
  if (end.kind !== 'local') throw new Error(`the reply did not reach ${node.name}`);
  return { kind: 'answered', seenFrom, masqueraded, listener, answer: back, back: unNatAndLeave(a, end.packet, conntrack, eth0Of(node)) };
}

/**
 * Cilium as the kube-proxy replacement: the DNAT happened in cil_from_netdev; a local backend
 * gets the packet with the client's address, a remote one SNATed to this node's.
 */
export function ciliumReplacement(a: ExternalArrival): CniOutcome {
  const { node, endpointNode, endpointPod, forward, reply } = a;
  const filter = filterOf(a);
  const remote = endpointNode !== node;
  const tunnel = node.cilium?.routing === 'tunnel';
  const seenFrom = remote ? node.internalIP : a.client.ip;
  // In tunnel mode the endpoint's node takes the sender's identity from the VNI, WORLD_ID, not from the ipcache entry of the SNATed source (remote-node).
  const carried = remote && tunnel
    ? { identity: 'world' as const, why: `bpf_overlay took it from the VXLAN header (VNI ${WORLD_ID}), where ${node.name} put it because the request came from outside, and it stays with the packet through the ingress policy of bpf_lxc. The ipcache would have said ${REMOTE_NODE_ID} (reserved:remote-node) for ${node.internalIP}, the SNATed source.` }
    : undefined;
  const policy = policyFor(a, seenFrom, carried);
  let packet = a.rewritten;
  if (remote) {
    // The client's port is kept when it lies in the SNAT range and is free; ephemeral ports do.
    const snatted: Packet = { ...packet, ip: { ...packet.ip, src: node.internalIP } };
    forward.add({
      where: eth0Of(node),
      kind: 'masquerade',
      summary:
        `The backend runs on ${endpointNode.name}, so bpf_host SNATs the packet (loadBalancer.mode snat, the default; tail_nodeport_nat_egress_ipv4): the source ${a.client.ip}:${a.client.port} ` +
        `becomes ${node.internalIP}:${a.client.port}, ${node.name}'s address, keeping the port (Cilium's NodePort SNAT range is 32768–65535). Cilium's own NAT table remembers it; netfilter never sees the packet.`,
      packet: snatted,
      rule: { kind: 'conntrack', text: `${a.rewritten.l4.protocol} OUT ${a.client.ip}:${a.client.port} -> ${a.rewritten.ip.dst}:${(a.rewritten.l4 as PortHeader).dstPort} XLATE_SRC ${node.internalIP}:${a.client.port}`, source: undefined },
      capture: agent('cilium-dbg bpf nat list'),
    });
    packet = snatted;
    if (tunnel) {
      packet = throughTunnel(forward, packet, node, endpointNode, WORLD_ID, filter,
        `bpf_host looks ${endpointPod.ip} up in the ipcache: identity ${endpointPod.network.identity?.id ?? '?'} behind tunnel endpoint ${endpointNode.internalIP}. ` +
          `It encapsulates with VNI ${WORLD_ID} (reserved:world): the request came from outside, and Cilium keeps that so ${endpointNode.name} does not take it for traffic of a cluster node.`,
        `bpf_overlay (cil_from_overlay) reads the source identity ${WORLD_ID} (reserved:world) from the VNI; ${endpointPod.ip} is a local endpoint.`);
    } else {
      const route = lookupRoute(node.routes, endpointPod.ip);
      const framed: Packet = { ...packet, eth: { src: node.eth0.mac, dst: endpointNode.eth0.mac } };
      forward.add({
        where: eth0Of(node),
        kind: 'route-lookup',
        summary: `bpf_host asks the kernel's FIB for ${endpointPod.ip}: the route auto-direct-node-routes installed sends it to ${endpointNode.internalIP} on eth0, and bpf_host redirects the packet straight back out of eth0 — the host stack never routes it.`,
        packet: framed,
        ...(route === undefined ? {} : { rule: { kind: 'route' as const, text: formatRoute(route), source: undefined } }),
        capture: onNode('eth0', filter),
      });
      wireBetween(forward, framed, node, endpointNode, filter);
      packet = framed;
      forward.add({
        where: eth0Of(endpointNode),
        kind: 'route-lookup',
        summary: `bpf_host (cil_from_netdev) on ${endpointNode.name} takes the packet first: the ipcache gives its source ${node.internalIP} identity ${REMOTE_NODE_ID} (reserved:remote-node), and ${endpointPod.ip} is a local endpoint.`,
        packet,
        capture: agent('cilium-dbg monitor --type trace'),
      });
    }
  }
  const atPod = deliverToPod(forward, packet, endpointNode, endpointPod, policy, filter, remote ? (tunnel ? 'bpf_overlay' : 'bpf_host') : 'bpf_host (nodeport_lb4: the backend is a local endpoint, so no SNAT)');
  if (atPod === undefined) return { kind: 'dropped', seenFrom, masqueraded: remote };
  const { answer: back, listener } = answer(a, atPod);
  const called = a.called;
  const restore = (p: Packet, to: string): Packet => {
    const l4 = p.l4;
    const ip = { ...p.ip, src: called.ip, dst: to };
    return l4.protocol === 'ICMP' ? { ...p, ip } : { ...p, ip, l4: { ...l4, srcPort: called.port, dstPort: to === a.client.ip ? a.client.port : l4.dstPort } };
  };
  const gateway = node.routes.find((r) => r.destination === 'default');
  const outOfEth0 = (p: Packet, where: string): Packet => {
    const out: Packet = { ...p, eth: { src: node.eth0.mac, dst: gatewayMac(gateway?.via ?? node.internalIP) } };
    reply.add({
      where,
      kind: 'nic-transmit',
      summary: `A FIB lookup gives the default route for ${a.client.ip}; bpf_host redirects the reply out of ${node.name}'s eth0 to the router ${gateway?.via ?? '?'}, without the host stack.`,
      packet: out,
      ...(gateway === undefined ? {} : { rule: { kind: 'route' as const, text: formatRoute(gateway), source: undefined } }),
      capture: onNode('eth0', `host ${a.client.ip}`),
    });
    return out;
  };
  const entry = entryOf(a, { ip: seenFrom, port: a.client.port });

  if (!remote) {
    const framed = leaveCiliumPod(reply, back, endpointPod, node, filter,
      `bpf_lxc (cil_from_container) finds the connection in Cilium's conntrack as a reply of a NodePort connection.`);
    const restored = restore(framed, a.client.ip);
    reply.add({
      where: elementId.hostVeth(node.name, endpointPod.network.hostVeth.name),
      kind: 'conntrack',
      summary: `bpf_lxc reverses the service translation from the entry's reverse-NAT index (tail_rev_nodeport_lb4): the source ${back.ip.src}:${portOf(back)} becomes ${called.ip}:${called.port}, the address the client called.`,
      packet: restored,
      rule: { kind: 'conntrack', text: conntrackText(entry), source: undefined },
      capture: agent('cilium-dbg bpf ct list global'),
    });
    return { kind: 'answered', seenFrom, masqueraded: false, listener, answer: back, back: outOfEth0(restored, eth0Of(node)) };
  }

  let home: Packet;
  let where: string;
  if (tunnel) {
    const framed = leaveCiliumPod(reply, back, endpointPod, endpointNode, filter,
      `bpf_lxc (cil_from_container) finds the connection in Cilium's conntrack; the ipcache says ${node.internalIP} is ${node.name}, identity ${REMOTE_NODE_ID} (reserved:remote-node), behind tunnel endpoint ${node.internalIP}.`);
    home = throughTunnel(reply, framed, endpointNode, node, endpointPod.network.identity?.id ?? 0, filter,
      `bpf_lxc sets the tunnel key — VNI ${endpointPod.network.identity?.id ?? '?'}, ${endpointPod.name}'s identity, remote ${node.internalIP} — and redirects to cilium_vxlan.`,
      `bpf_overlay on ${node.name} takes the inner packet: it is for the node's own address, which nodeport_lb4 checks against its NAT table.`);
    where = elementId.tunnel(node.name, node.tunnel?.name ?? 'cilium_vxlan');
  } else {
    const framed = leaveCiliumPod(reply, back, endpointPod, endpointNode, filter,
      `bpf_lxc (cil_from_container) finds the connection in Cilium's conntrack; ${back.ip.dst} is no endpoint, so it passes the packet to ${endpointNode.name}'s IP stack (legacy host routing).`);
    const end = routeFromNode(reply, framed, endpointNode, { cluster: a.cluster, filter, needsArp: false }, {
      where: elementId.hostVeth(endpointNode.name, endpointPod.network.hostVeth.name),
      forwarded: true,
      lead: `${endpointNode.name} routes the reply`,
    });
    if (end.kind !== 'local') throw new Error(`the reply did not reach ${node.name}`);
    home = end.packet;
    where = eth0Of(node);
  }
  const restored = restore(home, a.client.ip);
  reply.add({
    where,
    kind: 'conntrack',
    summary:
      `nodeport_lb4 finds no service for ${home.ip.dst}:${(home.l4 as PortHeader).dstPort} but a NAT entry: tail_nodeport_nat_ingress_ipv4 reverses the SNAT (the destination becomes ${a.client.ip}:${a.client.port}), ` +
      `and rev_nodeport_lb4 the DNAT (the source ${back.ip.src}:${portOf(back)} becomes ${called.ip}:${called.port}).`,
    packet: restored,
    rule: { kind: 'conntrack', text: conntrackText(entry), source: undefined },
    capture: agent('cilium-dbg bpf nat list'),
  });
  return { kind: 'answered', seenFrom, masqueraded: true, listener, answer: back, back: outOfEth0(restored, eth0Of(node)) };
}

/** cilium_vxlan on one node, the node network, cilium_vxlan on the other; gives the inner packet. */
export function throughTunnel(list: HopList, inner: Packet, from: ClusterNode, to: ClusterNode, vni: number, filter: string, encap: string, decap: string): Packet {
  const device = from.tunnel?.name ?? 'cilium_vxlan';
  const wrapped: Packet = {
    ...inner,
    outer: {
      eth: { src: from.eth0.mac, dst: to.eth0.mac },
      ip: { src: from.internalIP, dst: to.internalIP, ttl: 64, protocol: 'UDP' },
      udp: { srcPort: vxlanSourcePort(inner, filter), dstPort: CILIUM_VXLAN_PORT },
      vxlan: { vni },
    },
  };
  list.add({
    where: elementId.tunnel(from.name, device),
    kind: 'encapsulate',
    summary: `${encap} The vxlan driver wraps the packet: outer IP ${from.internalIP} → ${to.internalIP}, TTL 64, UDP to port ${CILIUM_VXLAN_PORT}, VNI ${vni}.`,
    packet: wrapped,
    capture: onNode(device, filter),
  });
  wireBetween(list, wrapped, from, to, filter);
  list.add({
    where: elementId.tunnel(to.name, to.tunnel?.name ?? 'cilium_vxlan'),
    kind: 'decapsulate',
    summary: `${to.tunnel?.name ?? 'cilium_vxlan'} on ${to.name} strips the outer headers. ${decap}`,
    packet: inner,
    capture: onNode(to.tunnel?.name ?? 'cilium_vxlan', filter),
  });
  return inner;
}

/** A Cilium pod's reply to an address that is not a pod: its route lookup, the veth, and bpf_lxc's decision (`then`). */
export function leaveCiliumPod(list: HopList, start: Packet, pod: NamespacedPod, node: ClusterNode, filter: string, then: string): Packet {
  const net = pod.network;
  const route = lookupRoute(net.routes, start.ip.dst);
  if (route === undefined) throw new Error(`pod ${pod.name} has no route to ${start.ip.dst}`);
  const framed: Packet = { ...start, eth: { src: net.eth0.mac, dst: net.hostVeth.mac } };
  const eth0 = elementId.podInterface(pod.namespace, pod.name, net.eth0.name);
  list.add({
    where: eth0,
    kind: 'route-lookup',
    summary: `The route lookup in ${pod.name}'s network namespace sends ${start.ip.dst} to the gateway ${route.via ?? '?'}, the router IP on ${node.name}'s cilium_host; its MAC (${net.hostVeth.name}'s, which bpf_lxc answers ARP with) is already known.`,
    packet: framed,
    rule: { kind: 'route', text: formatRoute(route), source: undefined },
    capture: { command: `nsenter -t "$PID" -n ip route get ${start.ip.dst}`, note: podCapture(pod, filter).note },
  });
  list.add({
    where: eth0,
    kind: 'veth-transmit',
    summary: `${pod.name}'s eth0 sends the frame ${net.eth0.mac} → ${net.hostVeth.mac}; it crosses the veth pair to ${net.hostVeth.name} on ${node.name}.`,
    packet: framed,
    capture: podCapture(pod, filter),
  });
  list.add({
    where: elementId.hostVeth(node.name, net.hostVeth.name),
    kind: 'veth-receive',
    summary: `The packet arrives on ${net.hostVeth.name}, whose tc ingress hook runs bpf_lxc. ${then}`,
    packet: framed,
    capture: agent('cilium-dbg monitor --type trace'),
  });
  return framed;
}

/** The endpoint's ingress policy (by identity, in its policy program), then local delivery: MACs rewritten, TTL −1. */
export function deliverToPod(list: HopList, packet: Packet, node: ClusterNode, pod: NamespacedPod, policy: PolicyVerdict | undefined, filter: string, by: string): Packet | undefined {
  const lxc = pod.network.hostVeth;
  const where = elementId.hostVeth(node.name, lxc.name);
  if (policy !== undefined && !sideHop(list, packet, { plugin: 'cilium-vxlan', direction: 'ingress', verdict: policy.ingress, pod }, where, agent('cilium-dbg monitor --type policy-verdict'))) return undefined;
  const delivered: Packet = { ...packet, eth: { src: lxc.mac, dst: pod.network.eth0.mac }, ip: { ...packet.ip, ttl: packet.ip.ttl - 1 } };
  list.add({
    where,
    kind: 'veth-transmit',
    summary:
      `${by} delivers the packet to ${pod.name}'s endpoint in eBPF: the MACs become ${lxc.mac} (${lxc.name}) → ${pod.network.eth0.mac}, the TTL drops to ${delivered.ip.ttl}, ` +
      `and the packet is redirected across ${lxc.name} into the pod.`,
    packet: delivered,
    capture: { command: `hubble observe --pod ${pod.namespace}/${pod.name} --ip ${packet.ip.src}`, note: 'Needs Hubble. tcpdump on the lxc device may miss packets redirected into the pod.' },
  });
  list.add({
    where: elementId.podInterface(pod.namespace, pod.name, pod.network.eth0.name),
    kind: 'veth-receive',
    summary: `${pod.name}'s eth0 receives the frame. Its destination MAC and IP are the pod's own, so the kernel passes it up to ${delivered.ip.protocol}.`,
    packet: delivered,
    capture: podCapture(pod, filter),
  });
  return delivered;
}
