import type { ClusterNode, Pod } from '../cluster/types';
import { elementId } from '../topology/ids';
import { connectionFilter } from './capture';
import type { EntryPoint } from './external-entry';
import { formatFlow } from './flow';
import type { HopList } from './hop-list';
import type { ResolvedFlow } from './resolve';
import { describeAnswer, refusalExplanation } from './socket-ends';
import { portOf } from './external-arrival';
import type { ExternalSource, Flow, Packet, ServiceStep, TraceResult } from './types';

export interface ClientReply {
  readonly flow: Flow;
  readonly from: ExternalSource;
  readonly forward: HopList;
  readonly reply: HopList;
  readonly entry: EntryPoint;
  /** The reply as it leaves the node towards the client. */
  readonly back: Packet;
  readonly answer: Packet;
  readonly listener: ResolvedFlow['listener'];
  readonly node: ClusterNode;
  readonly endpointPod: Pod;
  readonly endpointNode: ClusterNode;
  readonly endpoint: { readonly ip: string; readonly port: number };
  readonly step: ServiceStep;
  /** Whose rules balanced the connection, e.g. "kube-proxy's iptables rules". */
  readonly rules: string;
  /** What the pod saw and how the reply was un-NATed. */
  readonly seen: string;
}

/** The reply's way back to the client through the load balancer, and the trace. */
export function replyToClient(f: ClientReply): TraceResult {
  const { flow, from, entry, reply, node, endpointPod, endpointNode, endpoint, listener } = f;
  const { service } = entry;
  const protocol = entry.port.protocol;
  if (f.back.ip.src !== entry.address || portOf(f.back) !== entry.port2) return answeredFromElsewhere(f);
  if (entry.kind === 'load-balancer') {
    reply.add({
      where: elementId.loadBalancer(service.namespace, service.name),
      kind: 'load-balancer',
      summary:
        `The reply carries the load balancer's address ${entry.address}:${entry.port2} as its source again and goes back to the client through the cloud network ` +
        `(a pass-through load balancer lets the node answer the client directly; the flow's state is the same either way).`,
      packet: f.back,
      capture: { command: `tcpdump -ni any '${connectionFilter(from.ip, entry.address, protocol, entry.port2)}'`, note: 'On the client.' },
    });
  }
  reply.add({
    where: elementId.client(),
    kind: 'deliver',
    summary:
      listener !== undefined
        ? `${describeAnswer(f.answer)} reaches the client from ${entry.address}:${entry.port2}, the address it called: the connection is established.`
        : `${describeAnswer(f.answer)} reaches the client from ${entry.address}:${entry.port2}: the connection is refused.`,
    packet: f.back,
    capture: { command: `tcpdump -ni any '${connectionFilter(from.ip, entry.address, protocol, entry.port2)}'`, note: 'On the client.' },
  });
  const via = endpointNode === node ? `on ${node.name} itself` : `on ${endpointNode.name}, forwarded from ${node.name}`;
  return {
    ok: true,
    trace: {
      flow,
      verdict: listener !== undefined ? 'delivered' : 'refused',
      explanation:
        listener !== undefined
          ? `${formatFlow(flow)}: ${entry.kind === 'load-balancer' ? `the load balancer sends it to ${node.name}, whose ` : ''}${f.rules}${entry.kind === 'load-balancer' ? '' : ` on ${node.name}`} send it to ` +
            `${endpointPod.namespace}/${endpointPod.name} at ${endpoint.ip}:${endpoint.port} ${via}; ${f.seen}.`
          : refusalExplanation(flow, endpointPod, endpoint.port),
      hops: f.forward.toArray(),
      reply: reply.toArray(),
      service: f.step,
    },
  };
}

/**
 * The reply reaches the client from an address it never called: the endpoint's node sent it
 * straight out, and only the node that did the DNAT could have undone it (kube-proxy's IPVS
 * virtual servers send externalTrafficPolicy: Local traffic to other nodes' endpoints, without
 * masquerading, when the node has none of its own: "the reply will have the POD address and
 * will be discarded", kube-proxy's comment on PR #97081). No socket of the client matches it.
 */
function answeredFromElsewhere(f: ClientReply): TraceResult {
  const { flow, from, entry, reply, node, endpointPod, endpointNode, endpoint } = f;
  const protocol = entry.port.protocol;
  const source = `${f.back.ip.src}:${portOf(f.back)}`;
  const called = `${entry.address}:${entry.port2}`;
  const discard = protocol === 'TCP' ? 'its TCP stack answers it with a reset' : 'it is discarded';
  reply.add({
    where: elementId.client(),
    kind: 'drop',
    summary: `${describeAnswer(f.answer)} reaches the client from ${source}, not from ${called}, the address it called: no socket of the client expects it, so ${discard}, and the connection never starts.`,
    packet: f.back,
    capture: { command: `tcpdump -ni any '${connectionFilter(from.ip, f.back.ip.src, protocol, portOf(f.back))}'`, note: 'On the client.' },
  });
  return {
    ok: true,
    trace: {
      flow,
      verdict: 'dropped',
      explanation:
        `${formatFlow(flow)} fails: ${f.rules} on ${node.name} send it to ${endpointPod.namespace}/${endpointPod.name} at ${endpoint.ip}:${endpoint.port} on ${endpointNode.name} without masquerading it, ` +
        `so the pod answers the client directly from ${endpointNode.name}, where nothing undoes the DNAT; the client gets an answer from ${source} instead of ${called} and ${discard}.`,
      hops: f.forward.toArray(),
      reply: reply.toArray(),
      service: f.step,
    },
  };
}
