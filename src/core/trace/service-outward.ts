import type { Cluster, ClusterNode, Container } from '../cluster/types';
import type { ServiceLookup, ServiceOutcome } from '../kube-proxy/types';
import { elementId } from '../topology/ids';
import { policiesToAddress } from './address-policy';
import { onNode } from './capture';
import { formatFlow } from './flow';
import { HopList } from './hop-list';
import { answererOf } from './host-destination';
import { hostEntry, leavePodForHost } from './pod-to-host-stack';
import { nodeOwning, ownsAddress } from './node-addresses';
import { carryOut } from './pod-outward';
import { sideHop, type NamespacedPod } from './pod-side';
import type { Flow, Packet, ServiceStep, Trace, TraceResult } from './types';

/** Where a pod → Service trace stands when kube-proxy's rules chose an endpoint that is no pod's own namespace. */
export interface ServiceOutward {
  readonly cluster: Cluster;
  readonly flow: Flow;
  readonly node: ClusterNode;
  readonly source: NamespacedPod;
  readonly container: Container;
  readonly lookup: ServiceLookup;
  readonly outcome: Extract<ServiceOutcome, { kind: 'dnat' }>;
  /** The address and port the client called (the ClusterIP and the Service port). */
  readonly address: string;
  readonly port: number;
  /** The first packet after the DNAT: in the node's stack, or (socket load balancer) still in the pod's socket. */
  readonly rewritten: Packet;
  readonly forward: HopList;
  readonly reply: HopList;
  readonly step: ServiceStep;
  /** Whose rules balanced it, e.g. "kube-proxy's iptables rules". */
  readonly rules: string;
  /**
   * Cilium's socket load balancer (the kube-proxy replacement) translated inside connect(): the
   * packet leaves the pod already addressed to the endpoint, and no NAT is undone on the reply
   * (the recvmsg hook shows the application the Service address).
   */
  readonly socketLb?: boolean;
}

/**
 * A pod → Service connection whose endpoint is a node's own address — the API server behind
 * `kubernetes`, a hostNetwork pod — or an address outside the cluster (an Endpoints object
 * pointing there). After the DNAT it is a pod → address packet: on the endpoint's own node the
 * routing decision finds a local address and the node takes it in (nat PREROUTING, then INPUT:
 * no POSTROUTING, so nothing masquerades it); elsewhere the node routes it out and nat
 * POSTROUTING runs kube-proxy's KUBE-POSTROUTING (only for packets its rules marked — a pod
 * source is not) and the CNI's own rule for traffic leaving the pod network (pod-outward.ts).
 * conntrack undoes the masquerade and then the DNAT on the reply.
 */
export function traceServiceOutward(s: ServiceOutward): TraceResult {
  const { cluster, node, source, outcome, forward, reply } = s;
  const { endpoint } = outcome;
  const protocol = outcome.port.protocol;
  const filter = `host ${endpoint.ip} and ${protocol.toLowerCase()} port ${endpoint.port}`;
  const local = ownsAddress(node, endpoint.ip);
  const owner = nodeOwning(cluster, endpoint.ip);
  // NetworkPolicy judges the packet after the DNAT: the endpoint's address, which only an ipBlock peer admits.
  const socketLb = s.socketLb === true;
  const inStack = socketLb ? leavePodForHost(forward, s.rewritten, source, node, filter, true) : s.rewritten;
  const policy = policiesToAddress(cluster, source, endpoint.ip, endpoint.port, protocol);
  if (policy !== undefined) {
    const verdict = policy.egress;
    sideHop(forward, inStack, { plugin: cluster.settings.cni, direction: 'egress', verdict, pod: source }, elementId.hostVeth(node.name, source.network.hostVeth.name), onNode(source.network.hostVeth.name, filter));
    if (verdict.kind === 'denied') {
      return done(s, 'dropped', `${formatFlow(s.flow)} is dropped by NetworkPolicy on the source side, after kube-proxy chose ${endpoint.ip}:${endpoint.port}: policies judge the endpoint's address, and ${owner === undefined ? 'an address outside the cluster' : "a node's address"} is admitted only by an ipBlock. ${policy.message}`, new HopList());
    }
  }
  const end = carryOut({
    cluster,
    source,
    container: s.container,
    node,
    forward,
    reply,
    packet: inStack,
    protocol,
    filter,
    start: socketLb
      ? { where: hostEntry(node, source), forwarded: true, lead: `${node.name} routes the packet` }
      : { where: elementId.kubeProxy(node.name), forwarded: true, lead: `With the destination rewritten to ${endpoint.ip}, ${node.name} routes the packet` },
    ...(socketLb ? {} : { called: { ip: s.address, port: s.port } }),
    ...(outcome.masquerade ? { kubeMasquerade: { rules: outcome.postrouting, why: 'the rules marked the packet (--masquerade-all)' } } : {}),
    via: local ? `kube-proxy's DNAT in nat PREROUTING made it one of ${node.name}'s own addresses` : `it came over the node network from ${node.name}`,
  });
  if (end.kind === 'unreachable') return done(s, 'dropped', `${formatFlow(s.flow)} is dropped after kube-proxy chose ${endpoint.ip}:${endpoint.port}: ${end.explanation}`, new HopList());
  const chose = `${s.rules} on ${node.name} send ${s.address}:${s.port} to endpoint ${outcome.index + 1} of ${outcome.candidates.length}, ${endpoint.ip}:${endpoint.port}`;
  const nat =
    end.masqueradedBy !== undefined
      ? `${end.masqueradedBy} masquerades it to ${end.seenFrom} on the way out, and conntrack undoes ${socketLb ? 'that' : 'both rewrites'} on the reply`
      : local
        ? `the node takes it in locally (no POSTROUTING, so no masquerade: the server sees ${source.ip})${socketLb ? '' : ', and conntrack undoes the DNAT on the reply'}`
        : `it keeps the pod's address ${source.ip} (${end.kept ?? 'no rule masquerades it'})${socketLb ? '' : ', and conntrack undoes the DNAT on the reply'}`;
  const undone = socketLb ? `; the socket hook (cil_sock4_recvmsg) shows the application ${s.address}:${s.port} as the answer's source` : '';
  if (end.kind === 'outside') {
    return done(s, 'delivered', `${formatFlow(s.flow)}: ${chose}, an address outside the cluster; ${nat}${undone}. (Beyond the router nothing is modelled: the server is assumed to answer.)`, reply);
  }
  const target = end.target;
  const where = target === undefined ? '' : `${target.node.name}'s own namespace`;
  return done(
    s,
    end.accepted ? 'delivered' : 'refused',
    end.accepted
      ? `${formatFlow(s.flow)}: ${chose}, where ${target === undefined ? 'a server' : answererOf(target)} listens in ${where}; ${nat}${undone}.`
      : `${formatFlow(s.flow)}: ${chose} in ${where}, where nothing the simulator knows listens (no hostNetwork pod declares ${protocol} ${endpoint.port}), so the node refuses it.`,
    reply,
  );
}

function done(s: ServiceOutward, verdict: Trace['verdict'], explanation: string, reply: HopList): TraceResult {
  return { ok: true, trace: { flow: s.flow, verdict, explanation, hops: s.forward.toArray(), reply: reply.toArray(), service: s.step } };
}
