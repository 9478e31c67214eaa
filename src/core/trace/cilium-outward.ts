import type { Cluster, ClusterNode, Container } from '../cluster/types';
import { elementId } from '../topology/ids';
import { policiesToAddress } from './address-policy';
import { onNode } from './capture';
import { formatFlow } from './flow';
import { HopList } from './hop-list';
import { answererOf } from './host-destination';
import { leavePodForHost } from './pod-to-host-stack';
import { carryOut } from './pod-outward';
import { sideHop, type NamespacedPod } from './pod-side';
import type { Flow, Packet, ServiceStep, Trace, TraceResult } from './types';

/** A pod → ClusterIP connection that bpf_lxc balanced, as the paths after its choice get it. */
export interface CiliumServiceStart {
  readonly cluster: Cluster;
  readonly flow: Flow;
  readonly source: NamespacedPod;
  readonly container: Container;
  readonly node: ClusterNode;
  readonly forward: HopList;
  readonly reply: HopList;
  /** The first packet as the client sent it, to the ClusterIP. */
  readonly request: Packet;
  readonly endpoint: { readonly ip: string; readonly port: number };
  /** "backend 1 of 1 of default/kubernetes (frontend 3)", for the explanation. */
  readonly chose: string;
  readonly step: ServiceStep;
}

/** A pod → ClusterIP connection on Cilium whose backend is no pod with its own namespace. */
export interface CiliumOutward extends CiliumServiceStart {
  /** bpf_lxc's service translation hop (the DNAT to the backend). */
  readonly translate: (list: HopList, framed: Packet, note: string) => Packet | undefined;
  /** The endpoint program's reverse translation on the reply. */
  readonly reverse: (list: HopList, packet: Packet) => Packet;
}

/**
 * bpf_lxc balances the ClusterIP per packet (kube-proxy still runs) and picks a backend that is a
 * node's own address — the API server behind `kubernetes`, a hostNetwork pod — or an address
 * outside. It DNATs the packet on the tc ingress of the pod's lxc, and since the new destination
 * is no local endpoint (and a node address has no tunnel endpoint in the ipcache) it hands the
 * packet to the host's stack (legacy host routing). From there it is a pod → address packet:
 * routed out of eth0, with CILIUM_POST_nat's masquerade rule, to the other node or the world
 * (pod-outward.ts). On the reply netfilter's conntrack undoes the masquerade, and the pod's
 * endpoint program undoes the DNAT from Cilium's own conntrack before the pod gets it.
 */
export function traceCiliumOutward(c: CiliumOutward): TraceResult {
  const { cluster, node, source, forward, reply, endpoint } = c;
  const protocol = c.request.ip.protocol === 'UDP' ? 'UDP' : c.request.ip.protocol === 'SCTP' ? 'SCTP' : 'TCP';
  const filter = `host ${endpoint.ip} and ${protocol.toLowerCase()} port ${endpoint.port}`;
  const lxc = source.network.hostVeth.name;
  const framed = leavePodForHost(forward, c.request, source, node, filter, true);
  const rewritten = c.translate(forward, framed, `${endpoint.ip} is no local endpoint and has no tunnel endpoint in the ipcache, so bpf_lxc passes the packet to ${node.name}'s stack.`);
  if (rewritten === undefined) throw new Error('a chosen backend always translates');
  const policy = policiesToAddress(cluster, source, endpoint.ip, endpoint.port, protocol);
  if (policy !== undefined) {
    const verdict = policy.egress;
    sideHop(forward, rewritten, { plugin: cluster.settings.cni, direction: 'egress', verdict, pod: source }, elementId.hostVeth(node.name, lxc), onNode(lxc, filter));
    if (verdict.kind === 'denied') {
      return done(c, 'dropped', `${formatFlow(c.flow)} is dropped by NetworkPolicy as it leaves ${source.name}, after bpf_lxc chose ${endpoint.ip}:${endpoint.port}: an address that is no pod's is admitted only by an ipBlock. ${policy.message}`, new HopList());
    }
  }
  const end = carryOut({
    cluster,
    source,
    container: c.container,
    node,
    forward,
    reply,
    packet: rewritten,
    protocol,
    filter,
    start: { where: elementId.hostVeth(node.name, lxc), forwarded: true, lead: `${node.name} routes the packet bpf_lxc handed it` },
    reverse: c.reverse,
    via: `it came over the node network from ${node.name}`,
  });
  if (end.kind === 'unreachable') return done(c, 'dropped', `${formatFlow(c.flow)} is dropped after bpf_lxc chose ${endpoint.ip}:${endpoint.port}: ${end.explanation}`, new HopList());
  const local = end.target?.node === node;
  const nat = local
    ? `is taken in by ${node.name}'s own stack (no POSTROUTING, so no masquerade)`
    : end.masqueradedBy === undefined
      ? `keeps the pod's address ${source.ip} (${end.kept ?? 'no rule masquerades it'})`
      : `is masqueraded to ${end.seenFrom} by ${end.masqueradedBy}`;
  const head = `${formatFlow(c.flow)}: bpf_lxc on ${source.name}'s ${lxc} picks ${c.chose}, ${endpoint.ip}:${endpoint.port}, and DNATs the packet before kube-proxy's rules could; it ${local ? 'goes' : `leaves ${node.name}`} by the host's stack and ${nat}`;
  if (end.kind === 'outside') return done(c, 'delivered', `${head}. (Beyond the router nothing is modelled: the server is assumed to answer.)`, reply);
  const target = end.target;
  return done(
    c,
    end.accepted ? 'delivered' : 'refused',
    end.accepted && target !== undefined
      ? `${head}; ${answererOf(target)} answers in ${target.node.name}'s own namespace, and ${source.name}'s endpoint program restores the ClusterIP as the reply's source.`
      : `${head}; nothing the simulator knows listens on ${protocol} ${endpoint.port} there, so the node refuses it.`,
    reply,
  );
}

function done(c: CiliumOutward, verdict: Trace['verdict'], explanation: string, reply: HopList): TraceResult {
  return { ok: true, trace: { flow: c.flow, verdict, explanation, hops: c.forward.toArray(), reply: reply.toArray(), service: c.step } };
}
