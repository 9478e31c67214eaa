import type { Frontend } from '../kube-proxy/ebpf/index';
import { elementId } from '../topology/ids';
import { agent } from './external-arrival';
import { deliverToPod, leaveCiliumPod } from './external-cilium';
import { ciliumBetween, type ServiceTranslation } from './cilium-leg';
import type { CiliumServiceStart } from './cilium-outward';
import { connectionFilter } from './capture';
import { formatFlow } from './flow';
import type { LegContext } from './pod-side';
import { listenerOf, type ResolvedFlow } from './resolve';
import { answerPacket, arrive, finishReply, refusalExplanation, refusalFilter } from './socket-ends';
import type { Packet, PortHeader, TraceResult } from './types';

/**
 * IPV4_LOOPBACK: the address Cilium gives the source of a connection that its per-packet load
 * balancer sends back to the client itself. It is the agent's `--ipv4-service-loopback-address`,
 * 169.254.42.1 unless changed (cilium/cilium#15321 names the option; the datapath's debug output
 * in cilium/cilium#19406 and #27709 reads "Loopback SNAT from=<pod IP> to=169.254.42.1").
 */
export const SERVICE_LOOPBACK_ADDRESS = '169.254.42.1';

/** A pod → ClusterIP connection that bpf_lxc load-balanced to the client pod itself. */
export interface CiliumLoopback extends CiliumServiceStart {
  /** bpf_lxc's service translation hop (the DNAT to the backend). */
  readonly translate: ServiceTranslation;
  readonly frontend: Frontend;
  /** The ClusterIP and Service port the client called. */
  readonly address: string;
  readonly port: number;
}

/**
 * Hairpin on Cilium with kube-proxy still running: bpf_lxc balances the ClusterIP per packet on
 * the tc ingress of the client's lxc and picks the client itself. A packet from the pod's
 * address to the pod's address could not be answered through the service translation, so
 * lb4_local (bpf/lib/lb.h), seeing the backend equal the source, also rewrites the source to
 * IPV4_LOOPBACK and keeps the port. "As we can't establish a client -> client connection, the
 * requests are also SNATed with IPV4_LOOPBACK. Network policy in forward direction is explicitly
 * skipped (as the matched CT entries have the .loopback flag set)" (cilium/cilium#32480, quoting
 * its first patch); #15321: "Skip policy enforcements (ingress and egress) in such cases since we
 * should allow a pod to connect to itself". The packet is delivered straight back into the pod.
 * The reply, to 169.254.42.1, comes out of the same lxc; bpf_lxc finds the loopback entry, whose
 * reverse-NAT index turns the source back into the ClusterIP and the destination back into the
 * pod (#27602: the entry's rev_nat_index "can RevNAT replies in from-container"), and delivers it
 * to the pod without its ingress policy. Nothing leaves the pod's lxc, let alone the node.
 */
export function traceCiliumLoopback(c: CiliumLoopback): TraceResult {
  const { cluster, source, node, forward, reply, endpoint, frontend } = c;
  const protocol = c.frontend.protocol;
  const lxc = source.network.hostVeth.name;
  const lxcId = elementId.hostVeth(node.name, lxc);
  const filter = connectionFilter(SERVICE_LOOPBACK_ADDRESS, endpoint.ip, protocol, endpoint.port);
  const sport = (c.request.l4 as PortHeader).srcPort;

  const loopback: ServiceTranslation = (list, framed, ipcache) => {
    const dnat = c.translate(list, framed, ipcache);
    if (dnat === undefined) return undefined;
    const snat: Packet = { ...dnat, ip: { ...dnat.ip, src: SERVICE_LOOPBACK_ADDRESS } };
    list.add({
      where: lxcId,
      kind: 'masquerade',
      summary:
        `The backend is ${source.name} itself: a packet from ${source.ip} to ${source.ip} would reach the pod, but its answer would never pass back through the service translation. ` +
        `So bpf_lxc (lb4_local) also rewrites the source ${source.ip}:${sport} to ${SERVICE_LOOPBACK_ADDRESS}:${sport} — IPV4_LOOPBACK, the agent's --ipv4-service-loopback-address — ` +
        `and marks the connection's conntrack entries as loopback: Cilium enforces no NetworkPolicy on it, in either direction, because a pod may always reach itself.`,
      packet: snat,
      capture: agent('cilium-dbg bpf ct list global'),
    });
    return snat;
  };
  // No policy on this leg: the loopback flag skips both the egress and the ingress verdict.
  const there: LegContext = { plugin: cluster.settings.cni, fromNode: node, toNode: node, from: source, to: source, filter, needsArp: true, addressed: c.address };
  ciliumBetween(forward, c.request, there, loopback);
  const arrived = forward.packet ?? c.request;

  const listener = listenerOf(source, endpoint.port, protocol);
  const resolved: ResolvedFlow = { source, container: c.container, destination: source, listener };
  const answer = answerPacket(arrived, resolved);
  arrive(forward, reply, resolved, arrived, answer);
  const replyFilter = answer.l4.protocol === 'ICMP' ? refusalFilter(arrived) : filter;

  const framed = leaveCiliumPod(reply, answer, source, node, replyFilter,
    `Cilium's conntrack finds the connection as a reply, on the entry marked loopback: no policy is asked about it, and the entry holds the reverse-NAT index of frontend ${frontend.id}.`);
  const l4 = framed.l4;
  const ip = { ...framed.ip, src: c.address, dst: source.ip };
  const restored: Packet = l4.protocol === 'ICMP' ? { ...framed, ip } : { ...framed, ip, l4: { ...l4, srcPort: c.port } };
  reply.add({
    where: lxcId,
    kind: 'conntrack',
    summary:
      `bpf_lxc undoes both translations from that entry: the destination ${SERVICE_LOOPBACK_ADDRESS} becomes ${source.ip} again, and the source ${endpoint.ip}:${endpoint.port} becomes ` +
      `${c.address}:${c.port}, the address the client called. The pod sees an answer from its Service, not from itself. (Netfilter's conntrack never saw this connection.)`,
    packet: restored,
    capture: agent('cilium-dbg bpf ct list global'),
  });
  const delivered = deliverToPod(reply, restored, node, source, undefined, replyFilter, `bpf_lxc (a loopback reply skips ${source.name}'s ingress policy)`) ?? restored;
  finishReply(reply, resolved, delivered, protocol, replyFilter);

  return {
    ok: true,
    trace: {
      flow: c.flow,
      verdict: listener !== undefined ? 'delivered' : 'refused',
      explanation:
        listener !== undefined
          ? `${formatFlow(c.flow)} hairpins inside bpf_lxc on ${source.name}'s ${lxc}: Cilium picks ${c.chose}, which is ${source.name} itself, DNATs ${c.address}:${c.port} to ${endpoint.ip}:${endpoint.port} ` +
            `and SNATs the source to ${SERVICE_LOOPBACK_ADDRESS} (IPV4_LOOPBACK), so the pod sees the connection come from ${SERVICE_LOOPBACK_ADDRESS}; no NetworkPolicy is enforced on a loopback connection, ` +
            `nothing leaves ${node.name}, and the reply is translated back to ${c.address}:${c.port} on the same lxc.`
          : refusalExplanation(c.flow, source, endpoint.port),
      hops: forward.toArray(),
      reply: reply.toArray(),
      service: c.step,
    },
  };
}
