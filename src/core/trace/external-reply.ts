import type { ClusterNode, Pod } from '../cluster/types';
import { elementId } from '../topology/ids';
import { connectionFilter } from './capture';
import type { EntryPoint } from './external-entry';
import { formatFlow } from './flow';
import type { HopList } from './hop-list';
import type { ResolvedFlow } from './resolve';
import { describeAnswer, refusalExplanation } from './socket-ends';
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
