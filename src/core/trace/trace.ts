import type { Cluster } from '../cluster/types';
import { elementId } from '../topology/ids';
import { crossBridge, isNamespaced } from './bridged-leg';
import { carryBetween } from './cni-legs';
import { checkPolicies } from './policy-check';
import { suggestPolicyFix } from '../policy-fix/suggest';
import { connectionFilter, insidePod } from './capture';
import { formatFlow } from './flow';
import { HopList } from './hop-list';
import { resolveFlow, type ResolvedFlow } from './resolve';
import { resolveDestination } from './destination';
import { traceServiceFlow } from './service-trace';
import { traceName } from './name-trace';
import { traceToOutside } from './egress-trace';
import { traceExternalFlow } from './external-trace';
import { hostTargetOf } from './host-destination';
import { traceNodeFlow } from './node-source';
import { tracePodToHost } from './pod-to-node';
import { findPod, resolveSource } from './resolve';
import {
  answerPacket,
  arrive,
  ephemeralPort,
  finishReply,
  INITIAL_TTL,
  LOCALHOST,
  openingFlags,
  openingVerb,
  refusalExplanation,
  refusalFilter,
} from './socket-ends';
import { sendingPath, uncheckedSizeNote, withPacketSize, withSizeNote } from './sender-size';
import { firstPacket, refusedTrace, sizeOutcome, sizeProblem } from './packet-size';
import { sleeveTooBig } from './sleeve-pmtu';
import type { Flow, FlowError, Packet, PodDestination, TraceOptions, TraceResult } from './types';
import { isWeaveNode } from '../dataplane/weave-sleeve';

/**
 * Follows one connection from a container's socket to its destination and back: every device
 * it crosses, every rule that decided, and what the headers look like there. A destination
 * given by name or address is first resolved to a pod or a Service.
 */
export function traceFlow(cluster: Cluster, flow: Flow, options: TraceOptions = {}): TraceResult {
  try {
    return traceSized(cluster, flow, options);
  } catch (error: unknown) {
    return { ok: false, error: lostPacket(cluster, error) };
  }
}

/**
 * A path that lost its packet half-way (a route that leads nowhere the model knows) is a bug, or
 * a cluster the model cannot be true to: pod addresses a dump states outside the pod network
 * the settings describe (a Flannel cluster's dump read as Weave's). Either way the page gets a
 * reason, not an exception.
 */
function lostPacket(cluster: Cluster, error: unknown): FlowError {
  const what = error instanceof Error ? error.message : String(error);
  const foreign = cluster.diagnostics.some((d) => d.code === 'pod-ip-outside-cidr');
  return {
    code: 'internal',
    message: foreign
      ? `The simulator cannot follow this flow (${what}): some pods' stated addresses lie outside the pod network of these settings (see the problems list), so the nodes' routes do not lead to them. The dump probably comes from a cluster with another CNI plugin or pod CIDR: set those in the cluster settings.`
      : `The simulator lost the packet on this path (${what}). This is a bug; please report it with the scenario's share link.`,
  };
}

function traceSized(cluster: Cluster, flow: Flow, options: TraceOptions): TraceResult {
  if (flow.size === undefined) return traceConnection(cluster, flow, options);
  const problem = sizeProblem(flow);
  if (problem !== undefined) return { ok: false, error: problem };
  const sending = sendingPath(cluster, flow);
  if (sending === undefined) {
    const result = traceConnection(cluster, flow, options);
    const note = uncheckedSizeNote(cluster, flow);
    return result.ok && note !== undefined ? { ok: true, trace: withSizeNote(result.trace, note) } : result;
  }
  if (sizeOutcome(flow, sending.path.mtu).kind === 'refused') return refusedTrace(cluster, flow, sending.sender, sending.source, sending.destination, sending.path);
  const result = traceConnection(cluster, flow, options);
  if (!result.ok) return result;
  const sized = withPacketSize(result.trace, flow, sending.path);
  const first = firstPacket(flow, sending.path.mtu);
  return { ok: true, trace: first === undefined ? sized : sleeveTooBig(cluster, sized, flow, first) };
}

function traceConnection(cluster: Cluster, flow: Flow, options: TraceOptions): TraceResult {
  // A hostNetwork pod looks names up through its resolv.conf like any pod (traceName), and reaches its own localhost by loopback.
  const podPath = flow.to.kind === 'name' || (flow.to.kind === 'pod' && flow.to.localhost === true);
  if (flow.from.kind !== 'pod' || (!podPath && findPod(cluster, flow.from.namespace, flow.from.pod)?.network.kind === 'host')) return traceFromOutsidePods(cluster, flow, options);
  if (flow.to.kind === 'name') return traceName(cluster, flow, flow.to, (next, own = options) => traceFlow(cluster, next, own));
  const host = hostTargetOf(cluster, flow);
  if (host !== undefined) {
    const client = resolveSource(cluster, flow.from);
    if (!client.ok) return client;
    const { source, container } = client.value;
    if (isNamespaced(source)) return tracePodToHost(cluster, flow, source, container, host);
  }
  const target = resolveDestination(cluster, flow);
  if (!target.ok && target.error.code === 'outside' && flow.to.kind === 'address') return traceToOutside(cluster, flow, flow.to.address);
  if (!target.ok) return target;
  if (target.value.kind === 'service') return traceServiceFlow(cluster, flow, target.value, options);
  return tracePodFlow(cluster, flow, target.value.pod);
}

/** Senders that are not a pod with its own network namespace: a client outside the cluster, a node, a hostNetwork pod. */
function traceFromOutsidePods(cluster: Cluster, flow: Flow, options: TraceOptions): TraceResult {
  const from = flow.from;
  if (from.kind === 'external') return traceExternalFlow(cluster, flow, from, options);
  if (from.kind === 'node') {
    const node = cluster.nodes.find((n) => n.name === from.node);
    if (node === undefined) {
      return { ok: false, error: { code: 'unknown-node', message: `There is no node ${from.node} (nodes: ${cluster.nodes.map((n) => n.name).join(', ')}).` } };
    }
    return traceNodeFlow(cluster, flow, { node }, options);
  }
  const client = resolveSource(cluster, from);
  if (!client.ok) return client;
  const node = cluster.nodes.find((n) => n.name === client.value.source.nodeName);
  if (node === undefined) return { ok: false, error: { code: 'no-node', message: `The node of ${client.value.source.name} is not in the cluster.` } };
  return traceNodeFlow(cluster, flow, { node, pod: { pod: client.value.source, container: client.value.container } }, options);
}

/** A connection to a pod's own address (or to localhost inside the pod). */
function tracePodFlow(cluster: Cluster, flow: Flow, to: PodDestination): TraceResult {
  const resolved = resolveFlow(cluster, flow.from, to);
  if (!resolved.ok) return resolved;
  const { source, destination } = resolved.value;
  if (to.localhost === true && source !== destination) {
    return { ok: false, error: { code: 'localhost-other-pod', message: `localhost is ${source.namespace}/${source.name}'s own loopback; another pod cannot be reached through it.` } };
  }
  const fromNode = cluster.nodes.find((n) => n.name === source.nodeName);
  const toNode = cluster.nodes.find((n) => n.name === destination.nodeName);
  if (fromNode === undefined || toNode === undefined) {
    return { ok: false, error: { code: 'no-node', message: `The node of ${source.name} or ${destination.name} is not in the cluster.` } };
  }
  const sameNode = fromNode === toNode;
  const sourcePort = ephemeralPort(flow);
  const address = to.localhost === true ? LOCALHOST : undefined;
  const request: Packet = {
    eth: undefined,
    ip: { src: address ?? source.ip, dst: address ?? destination.ip, ttl: INITIAL_TTL, protocol: flow.to.protocol },
    l4: { protocol: flow.to.protocol, srcPort: sourcePort, dstPort: flow.to.port, flags: openingFlags(flow.to.protocol) },
  };

  const forward = new HopList();
  const reply = new HopList();
  const { container } = resolved.value;
  forward.add({
    where: elementId.container(source.namespace, source.name, container.name),
    kind: 'socket-send',
    summary: `Container ${container.name} in ${source.namespace}/${source.name} ${openingVerb(flow.to.protocol)} ${request.ip.dst}:${flow.to.port} from ${request.ip.src}:${sourcePort}, an ephemeral port the kernel picked.`,
    packet: request,
    capture: insidePod(source.namespace, source.name, container.name, `tcpdump -${address === undefined ? 'eni eth0' : 'ni lo'} '${connectionFilter(request.ip.src, request.ip.dst, flow.to.protocol, flow.to.port)}'`),
    fresh: true,
  });

  if (source === destination) {
    return loopbackTrace(flow, resolved.value, request, forward, reply);
  }

  if (!isNamespaced(source) || !isNamespaced(destination)) {
    // The node's own namespace at either end: traceConnection sends these to node-source.ts before they get here.
    const host = isNamespaced(source) ? destination : source;
    return {
      ok: false,
      error: { code: 'host-network', message: `${host.namespace}/${host.name} uses hostNetwork (the node's own network namespace): trace it with traceFlow, which follows it from or to ${host.nodeName}'s namespace.` },
    };
  }
  const filter = connectionFilter(source.ip, destination.ip, flow.to.protocol, flow.to.port);
  // Policies are only shown where there are some: a cluster without any has nothing to check.
  const policy = cluster.networkPolicies.length > 0 ? checkPolicies(cluster, source, destination, flow.to.port, flow.to.protocol) : undefined;
  const leg = { plugin: cluster.settings.cni, fromNode, toNode, from: source, to: destination, filter, needsArp: true, ...(policy === undefined ? {} : { policy }) };
  const bridged = sameNode && fromNode.bridge !== undefined;
  const outcome = bridged ? crossBridge(forward, request, leg) : carryBetween(forward, request, leg);
  if (outcome.dropped) {
    const fix =
      policy === undefined
        ? undefined
        : suggestPolicyFix(source, destination, flow.to.port, flow.to.protocol, {
            egress: policy.egress.kind === 'denied',
            ingress: policy.ingress.kind === 'denied',
          });
    return {
      ok: true,
      trace: {
        ...(fix === undefined ? {} : { fix }),
        flow,
        verdict: 'dropped',
        explanation: `${formatFlow(flow)} is dropped by NetworkPolicy on the ${outcome.direction === 'egress' ? 'source' : 'destination'} side. ${policy?.message ?? ''}`.trim(),
        hops: forward.toArray(),
        reply: [],
      },
    };
  }
  const arrived = forward.packet ?? request;
  const answer = answerPacket(arrived, resolved.value);
  const accepted = resolved.value.listener !== undefined;
  arrive(forward, reply, resolved.value, arrived, answer);
  const replyFilter = answer.l4.protocol === 'ICMP' ? refusalFilter(arrived) : filter;
  const back = { plugin: cluster.settings.cni, fromNode: toNode, toNode: fromNode, from: destination, to: source, filter: replyFilter, needsArp: false };
  if (bridged) crossBridge(reply, answer, back);
  else carryBetween(reply, answer, back);
  finishReply(reply, resolved.value, reply.packet ?? answer, flow.to.protocol, replyFilter);

  return {
    ok: true,
    trace: {
      flow,
      verdict: accepted ? 'delivered' : 'refused',
      explanation: accepted
        ? sameNode
          ? `${formatFlow(flow)} is delivered to container ${resolved.value.listener?.container.name ?? ''} ${fromNode.cilium !== undefined ? 'by eBPF redirect' : fromNode.bridge === undefined ? 'through the routing table' : `across ${fromNode.bridge.name}`} on ${fromNode.name}, and the reply returns the same way.`
          : `${formatFlow(flow)} is delivered to container ${resolved.value.listener?.container.name ?? ''}: ${isWeaveNode(fromNode) ? 'switched' : fromNode.cilium !== undefined ? 'carried by eBPF' : 'routed'} from ${fromNode.name} to ${toNode.name} ${fromNode.weaveSleeve !== undefined ? "by the weave routers' sleeve encapsulation (UDP 6783)" : fromNode.tunnel === undefined ? 'over the node network' : `through ${fromNode.tunnel.name} (${fromNode.tunnel.kind === 'vxlan' ? 'VXLAN' : 'IP-in-IP'})`}, and the reply returns the same way.`
        : refusalExplanation(flow, destination, flow.to.port),
      hops: forward.toArray(),
      reply: reply.toArray(),
    },
  };
}

/**
 * A pod calling itself, by `localhost` or by its own IP: the kernel's local routing table sends
 * the packet through the loopback device of the pod's network namespace — which all its
 * containers share — and it never reaches eth0, the veth or the node.
 */
function loopbackTrace(flow: Flow, resolved: ResolvedFlow, request: Packet, forward: HopList, reply: HopList): TraceResult {
  const pod = resolved.source;
  const ip = request.ip.dst;
  const localhost = ip === LOCALHOST;
  forward.add({
    where: elementId.pod(pod.namespace, pod.name),
    kind: 'loopback',
    summary: localhost
      ? `localhost (${ip}) goes through lo, the loopback device of the pod's network namespace. All containers of ${pod.name} share that namespace, so one container reaches another's port here; nothing leaves the pod.`
      : `${ip} is the pod's own address: the local routing table delivers it through the loopback device; it never reaches eth0, the veth or ${pod.nodeName}'s bridge.`,
    packet: request,
    rule: {
      kind: 'route',
      text: localhost ? `local 127.0.0.0/8 dev lo table local proto kernel scope host src ${ip}` : `local ${ip} dev eth0 table local proto kernel scope host src ${ip}`,
      source: undefined,
    },
    capture: insidePod(pod.namespace, pod.name, resolved.container.name, `tcpdump -ni lo '${connectionFilter(ip, ip, flow.to.protocol, flow.to.port)}'`),
  });
  const answer = answerPacket(request, resolved);
  arrive(forward, reply, resolved, request, answer);
  const filter = connectionFilter(ip, ip, flow.to.protocol, flow.to.port);
  finishReply(reply, resolved, answer, flow.to.protocol, answer.l4.protocol === 'ICMP' ? refusalFilter(request) : filter);
  return {
    ok: true,
    trace: {
      flow,
      verdict: resolved.listener !== undefined ? 'delivered' : 'refused',
      explanation:
        resolved.listener !== undefined
          ? `${formatFlow(flow)} stays inside the pod: it goes through loopback to container ${resolved.listener.container.name}.`
          : refusalExplanation(flow, pod, flow.to.port),
      hops: forward.toArray(),
      reply: reply.toArray(),
    },
  };
}

