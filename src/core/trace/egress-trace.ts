import type { Cluster } from '../cluster/types';
import { elementId } from '../topology/ids';
import { policiesToAddress } from './address-policy';
import { connectionFilter, insidePod, onNode } from './capture';
import { formatFlow } from './flow';
import { HopList } from './hop-list';
import { eth0Of } from './node-network';
import { hostEntry, leavePodForHost } from './pod-to-host-stack';
import { routeFromNode } from './host-path';
import { type ConntrackEntry, unSnatHop } from './nat-hops';
import { cniPostrouting, masqueradeOut, type CniMasquerade } from './cni-masquerade';
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
  let kept: string | undefined;
  let masquerade: CniMasquerade | undefined;
  const out = routeFromNode(forward, framed, node, {
    cluster,
    filter,
    needsArp: true,
    postrouting: (list, packet, at, device) => {
      const verdict = cniPostrouting(cluster, at, packet, device);
      if (verdict.kind === 'kept') {
        kept = verdict.why;
        return packet;
      }
      masquerade = verdict.rule;
      const rewritten = masqueradeOut(list, packet, at, device, verdict.rule);
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
  if (out.kind !== 'outside') {
    return fail('not-outside', `${address} is reached inside the cluster's networks; it is not an address outside the cluster.`);
  }
  const wire = out.packet;
  const natted: ConntrackEntry | undefined = entry;
  const rule: CniMasquerade | undefined = masquerade;
  forward.add({
    where: eth0Of(node),
    kind: 'wire',
    summary:
      `Beyond the router the packet crosses networks the simulator does not model, to ${address}:${port}. The server sees the connection come from ${wire.ip.src}:${(wire.l4 as PortHeader).srcPort} — ` +
      (natted === undefined
        ? `the pod's own address: ${kept ?? 'no rule masquerades it'}, so the network must route ${node.podCIDR} back to ${node.name} — and, the simulator assumes, answers.`
        : `${node.name}'s address, never the pod's — and, the simulator assumes, answers.`),
    packet: wire,
    capture: onNode('eth0', `host ${address}`),
  });

  // The answer: to the node's address, un-masqueraded by conntrack, routed down to the pod.
  const arriving = answerPacket(wire, { source, container, destination: source, listener: { container, port: { name: undefined, containerPort: port, protocol, span: source.span } } });
  const onEth0: Packet = { ...arriving, eth: { src: wire.eth?.dst ?? '', dst: node.eth0.mac }, ip: { ...arriving.ip, ttl: INITIAL_TTL - 10 } };
  reply.add({
    where: eth0Of(node),
    kind: 'nic-receive',
    summary:
      `${address}'s answer arrives from the router on ${node.name}'s eth0, addressed to ${wire.ip.src}, ` +
      `${natted === undefined ? "the pod's own address" : 'the address the masquerade gave the connection'} (the TTL shows hops the simulator does not model).`,
    packet: onEth0,
    capture: onNode('eth0', `host ${address}`),
    fresh: true,
  });
  const restored = natted === undefined ? onEth0 : unSnatHop(reply, onEth0, node, natted, `The reply is for ${source.name} again.`);
  const down = routeFromNode(reply, restored, node, { cluster, filter, needsArp: false }, { where: eth0Of(node), forwarded: true, lead: `${node.name} routes the reply` });
  finishReply(reply, { source, container, destination: source, listener: { container, port: { name: undefined, containerPort: port, protocol, span: source.span } } }, down.packet, protocol, filter);
  return done({
    flow,
    verdict: 'delivered',
    explanation:
      (rule === undefined
        ? `${formatFlow(flow)} leaves by ${node.name}'s default route with the pod's own address: ${kept ?? 'no rule masquerades it'}. `
        : `${formatFlow(flow)} leaves by ${node.name}'s default route; ${rule.who} rewrites the source ${source.ip} to ${wire.ip.src} on the way out, ` +
          `and conntrack rewrites the answer's destination back to ${source.ip}. `) +
      `(Beyond the router nothing is modelled: the server is assumed to answer.)`,
    hops: forward.toArray(),
    reply: reply.toArray(),
  });
}

function done(trace: Trace): TraceResult {
  return { ok: true, trace };
}

function fail(code: string, message: string): TraceResult {
  return { ok: false, error: { code, message } };
}
