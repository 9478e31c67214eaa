import type { Cluster, ClusterNode, CniPlugin } from '../cluster/types';
import { parsePrefix, prefixContains } from '../net/ipv4';
import { elementId } from '../topology/ids';
import { policiesToAddress } from './address-policy';
import { connectionFilter, insidePod, onNode } from './capture';
import { formatFlow } from './flow';
import { HopList } from './hop-list';
import { eth0Of, hostEntry, leavePodForHost, routeFromNode, type EgressDevice } from './host-path';
import { randomSourcePort, type ConntrackEntry, unSnatHop } from './nat-hops';
import { isNamespaced, sideHop } from './pod-side';
import { resolveSource } from './resolve';
import { answerPacket, ephemeralPort, finishReply, INITIAL_TTL, openingFlags, openingVerb } from './socket-ends';
import type { Flow, Packet, PortHeader, Trace, TraceResult } from './types';

/**
 * A pod's connection to an address outside the cluster (`--to 203.0.113.9:443`): out of the pod
 * to its gateway, the node's default route to the router, and on the way out the CNI plugin's
 * masquerade rule rewriting the pod's source to the node's address — pod addresses mean nothing
 * outside the cluster. The answer comes back to the node's address, where conntrack undoes the
 * masquerade, and goes down to the pod. The world beyond the router is not modelled: the server
 * is assumed to answer.
 */
export function traceToOutside(cluster: Cluster, flow: Flow, address: string): TraceResult {
  const client = resolveSource(cluster, flow.from);
  if (!client.ok) return client;
  const { source, container } = client.value;
  if (!isNamespaced(source)) return fail('host-network', `${source.namespace}/${source.name} uses hostNetwork: its traffic leaves with the node's own address; trace it from node/${source.nodeName}.`);
  const node = cluster.nodes.find((n) => n.name === source.nodeName);
  if (node === undefined) return fail('no-node', `The node of ${source.name} is not in the cluster.`);
  const masquerade = MASQUERADE[cluster.settings.cni]?.(cluster);
  if (masquerade === undefined) return fail('not-simulated', `Traffic leaving the cluster on ${cluster.settings.cni} is not simulated yet.`);

  const { port, protocol } = flow.to;
  const request: Packet = {
    eth: undefined,
    ip: { src: source.ip, dst: address, ttl: INITIAL_TTL, protocol },
    l4: { protocol, srcPort: ephemeralPort(flow), dstPort: port, flags: openingFlags(protocol) },
  };
  const filter = connectionFilter(source.ip, address, protocol, port);
  const forward = new HopList();
  const reply = new HopList();
  forward.add({
    where: elementId.container(source.namespace, source.name, container.name),
    kind: 'socket-send',
    summary: `Container ${container.name} in ${source.namespace}/${source.name} ${openingVerb(protocol)} ${address}:${port}, an address outside the cluster, from ${source.ip}:${(request.l4 as PortHeader).srcPort}.`,
    packet: request,
    capture: insidePod(source.namespace, source.name, container.name, `tcpdump -eni eth0 '${filter}'`),
    fresh: true,
  });
  const framed = leavePodForHost(forward, request, source, node, filter, true);

  // Egress NetworkPolicy judges the destination address itself: only ipBlock peers can admit it.
  const policy = policiesToAddress(cluster, source, address, port, protocol);
  if (policy !== undefined) {
    const verdict = policy.egress;
    sideHop(forward, framed, { plugin: cluster.settings.cni, direction: 'egress', verdict, pod: source }, elementId.hostVeth(node.name, source.network.hostVeth.name), onNode(source.network.hostVeth.name, filter));
    if (verdict.kind === 'denied') {
      return done({
        flow,
        verdict: 'dropped',
        explanation: `${formatFlow(flow)} is dropped by NetworkPolicy as it leaves ${source.name}: to reach an address outside the cluster, an egress rule must admit it with an ipBlock. ${policy.message}`,
        hops: forward.toArray(),
        reply: [],
      });
    }
  }

  let entry: ConntrackEntry | undefined;
  const out = routeFromNode(forward, framed, node, {
    cluster,
    filter,
    needsArp: true,
    postrouting: (list, packet, at, device) => {
      // Every plugin's masquerade rule leaves the pod network's own addresses alone (FLANNEL-POSTRTG's RETURN, Calico's pool set, Weave's ! -d R).
      if (prefixContains(parsePrefix(cluster.settings.clusterCIDR), address)) return packet;
      const rewritten = masqueradeOut(list, packet, at, device, masquerade);
      const l4 = packet.l4 as PortHeader;
      const moved = rewritten.l4 as PortHeader;
      entry = {
        protocol,
        original: { src: { ip: packet.ip.src, port: l4.srcPort }, dst: { ip: address, port } },
        reply: { src: { ip: address, port }, dst: { ip: rewritten.ip.src, port: moved.srcPort } },
      };
      return rewritten;
    },
  }, { where: hostEntry(node, source), forwarded: true, lead: `${node.name} routes the packet` });
  if (out.kind === 'unreachable') {
    // A node without a route for it (or Calico's blackhole for an unused address of a block) discards it: no-route.ts.
    return done({ flow, verdict: 'dropped', explanation: `${formatFlow(flow)} is dropped: ${out.explanation}`, hops: forward.toArray(), reply: [] });
  }
  if (out.kind !== 'outside' || entry === undefined) {
    return fail('not-outside', `${address} is reached inside the cluster's networks; it is not an address outside the cluster.`);
  }
  const wire = out.packet;
  const natted = entry as ConntrackEntry;
  forward.add({
    where: eth0Of(node),
    kind: 'wire',
    summary:
      `Beyond the router the packet crosses networks the simulator does not model, to ${address}:${port}. The server sees the connection come from ${wire.ip.src}:${(wire.l4 as PortHeader).srcPort} — ` +
      `${node.name}'s address, never the pod's — and, the simulator assumes, answers.`,
    packet: wire,
    capture: onNode('eth0', `host ${address}`),
  });

  // The answer: to the node's address, un-masqueraded by conntrack, routed down to the pod.
  const arriving = answerPacket(wire, { source, container, destination: source, listener: { container, port: { name: undefined, containerPort: port, protocol, span: source.span } } });
  const onEth0: Packet = { ...arriving, eth: { src: wire.eth?.dst ?? '', dst: node.eth0.mac }, ip: { ...arriving.ip, ttl: INITIAL_TTL - 10 } };
  reply.add({
    where: eth0Of(node),
    kind: 'nic-receive',
    summary: `${address}'s answer arrives from the router on ${node.name}'s eth0, addressed to ${wire.ip.src}, the address the masquerade gave the connection (the TTL shows hops the simulator does not model).`,
    packet: onEth0,
    capture: onNode('eth0', `host ${address}`),
    fresh: true,
  });
  const restored = unSnatHop(reply, onEth0, node, natted, `The reply is for ${source.name} again.`);
  const down = routeFromNode(reply, restored, node, { cluster, filter, needsArp: false }, { where: eth0Of(node), forwarded: true, lead: `${node.name} routes the reply` });
  finishReply(reply, { source, container, destination: source, listener: { container, port: { name: undefined, containerPort: port, protocol, span: source.span } } }, down.packet, protocol, filter);
  return done({
    flow,
    verdict: 'delivered',
    explanation:
      `${formatFlow(flow)} leaves by ${node.name}'s default route; ${masquerade.who} rewrites the source ${source.ip} to ${wire.ip.src} on the way out, ` +
      `and conntrack rewrites the answer's destination back to ${source.ip}. (Beyond the router nothing is modelled: the server is assumed to answer.)`,
    hops: forward.toArray(),
    reply: reply.toArray(),
  });
}

/** The CNI plugin's rule that masquerades pod traffic leaving the cluster, as it writes it. */
interface Masquerade {
  readonly who: string;
  readonly chain: string;
  readonly rules: readonly string[];
  readonly random: boolean;
  readonly capture: string;
}

const MASQUERADE: Partial<Record<CniPlugin, (cluster: Cluster) => Masquerade>> = {
  // flanneld --ip-masq (the default manifest): FLANNEL-POSTRTG in nat POSTROUTING, --random-fully where iptables has it.
  'flannel-vxlan': flannel,
  'flannel-host-gw': flannel,
  // Calico with natOutgoing on the pool (the default): cali-nat-outgoing; Felix's rule comments carry a hash, left out here.
  'calico-ipip': calico,
  'calico-vxlan': calico,
  'calico-bgp': calico,
  // kubenet: kubelet's own rule; destinations in the non-masquerade CIDR (10.0.0.0/8 by default) keep the pod address.
  bridge: () => ({
    who: "kubenet's POSTROUTING rule",
    chain: 'POSTROUTING',
    rules: ['-A POSTROUTING ! -d 10.0.0.0/8 -m comment --comment "kubenet: SNAT for outbound traffic from cluster" -m addrtype ! --dst-type LOCAL -j MASQUERADE'],
    random: false,
    capture: 'iptables -t nat -S POSTROUTING',
  }),
  /*
   * Cilium: iptables masquerading, CILIUM_POST_nat in nat POSTROUTING. Helm's defaults are
   * enableIPv4Masquerade=true and bpf.masquerade=false; BPF masquerading is opt-in (and needs the
   * kube-proxy replacement), so the default cluster, with or without kube-proxy, masquerades in
   * iptables. The rule excludes the node's own pod CIDR in tunnel mode and the native-routing
   * CIDR (here the cluster CIDR) in native routing; `! -o cilium_+` leaves tunnel traffic alone.
   * --random-fully only with --iptables-random-fully, off by default.
   */
  'cilium-vxlan': (cluster) => cilium(cluster, 'tunnel'),
  'cilium-native': (cluster) => cilium(cluster, 'native'),
  // weave: the WEAVE chain's "-s R ! -d R" rule for traffic leaving the Weave range.
  weave: (cluster) => ({
    who: "Weave's WEAVE chain",
    chain: 'WEAVE',
    rules: [`-A WEAVE -s ${cluster.settings.clusterCIDR} ! -d ${cluster.settings.clusterCIDR} -j MASQUERADE`],
    random: false,
    capture: 'iptables -t nat -S WEAVE',
  }),
};

function flannel(cluster: Cluster): Masquerade {
  const cidr = cluster.settings.clusterCIDR;
  return {
    who: "flanneld's FLANNEL-POSTRTG chain",
    chain: 'FLANNEL-POSTRTG',
    rules: [
      '-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG',
      `-A FLANNEL-POSTRTG -s ${cidr} ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully`,
    ],
    random: true,
    capture: 'iptables -t nat -S FLANNEL-POSTRTG',
  };
}

function cilium(cluster: Cluster, routing: 'tunnel' | 'native'): Masquerade {
  return {
    who: "Cilium's CILIUM_POST_nat chain",
    chain: 'CILIUM_POST_nat',
    rules: [
      '-A POSTROUTING -m comment --comment "cilium-feeder: CILIUM_POST_nat" -j CILIUM_POST_nat',
      // Filled in per node by masqueradeOut: -s <node pod CIDR> ! -d <node pod CIDR | native-routing CIDR>.
      `-A CILIUM_POST_nat -s {podCIDR} ! -d ${routing === 'tunnel' ? '{podCIDR}' : cluster.settings.clusterCIDR} ! -o cilium_+ -m comment --comment "cilium masquerade non-cluster" -j MASQUERADE`,
    ],
    random: false,
    capture: 'iptables -t nat -S CILIUM_POST_nat',
  };
}

function calico(): Masquerade {
  return {
    who: "Calico's cali-nat-outgoing chain",
    chain: 'cali-nat-outgoing',
    rules: [
      '-A cali-POSTROUTING -j cali-nat-outgoing',
      '-A cali-nat-outgoing -m set --match-set cali40masq-ipam-pools src -m set ! --match-set cali40all-ipam-pools dst -j MASQUERADE --random-fully',
    ],
    random: true,
    capture: 'iptables -t nat -S cali-nat-outgoing',
  };
}

function masqueradeOut(list: HopList, packet: Packet, node: ClusterNode, device: EgressDevice, rule: Masquerade): Packet {
  const l4 = packet.l4 as PortHeader;
  const port = rule.random ? randomSourcePort(packet) : l4.srcPort;
  const rewritten: Packet = { ...packet, ip: { ...packet.ip, src: device.address }, l4: { ...l4, srcPort: port } };
  list.add({
    where: elementId.nodeInterface(node.name, node.eth0.name),
    kind: 'masquerade',
    summary:
      `nat POSTROUTING on ${node.name}: ${rule.who} MASQUERADEs the packet: the source ${packet.ip.src}:${l4.srcPort} becomes ${device.address}, the address of ${device.addressOf}, ` +
      `the device the default route chose${port !== l4.srcPort ? `, with a random source port ${port} (--random-fully)` : ''}. conntrack remembers the rewrite to undo it on the answer.`,
    packet: rewritten,
    rule: { kind: 'service-rule', text: rule.rules.join('\n').replaceAll('{podCIDR}', node.podCIDR), source: undefined },
    capture: { command: rule.capture, note: `conntrack -L -p ${l4.protocol.toLowerCase()} --orig-src ${packet.ip.src} shows the rewrite.` },
  });
  return rewritten;
}

function done(trace: Trace): TraceResult {
  return { ok: true, trace };
}

function fail(code: string, message: string): TraceResult {
  return { ok: false, error: { code, message } };
}
