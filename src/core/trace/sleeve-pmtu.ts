import type { Cluster } from '../cluster/types';
import { sleeveMtu } from '../dataplane/weave-sleeve';
import { formatFlow } from './flow';
import type { Flow, Trace } from './types';

/**
 * Weave's sleeve mode is the one simulated dataplane where a packet can leave its pod and still
 * be too large further on: sleeve gives pods the weave bridge's MTU (65535 with WEAVE_MTU
 * unset), while the router can only carry frames that fit its connection's MTU (the underlay's
 * less 62 bytes). For a frame with DF that does not fit, the router sends nothing and answers
 * the sender with ICMP "fragmentation needed" carrying that MTU (weaveworks/weave
 * router/sleeve.go: a DF frame for which `frameTooBig` holds gets `makeICMPFragNeeded(mtu)`
 * handed back towards its source; a frame without DF the router fragments itself). A UDP socket sets DF on a datagram that fits its own path MTU
 * (IP_PMTUDISC_WANT), so even the default socket meets this.
 *
 * `length` and `flags` are the sender's first packet, as `firstPacket` gives them.
 */
export function sleeveTooBig(cluster: Cluster, trace: Trace, flow: Flow, first: { readonly length: number; readonly flags: 'DF' | 'MF' }): Trace {
  if (first.flags !== 'DF') return trace;
  const at = trace.hops.findIndex((h) => h.kind === 'encapsulate' && h.packet.outer?.sleeve !== undefined);
  if (at < 0) return trace;
  const wrap = trace.hops[at]!;
  const outer = wrap.packet.outer!;
  const from = cluster.nodes.find((n) => n.internalIP === outer.ip.src);
  const to = cluster.nodes.find((n) => n.internalIP === outer.ip.dst);
  if (from === undefined || to === undefined) return trace;
  const mtu = sleeveMtu(from, to);
  if (first.length <= mtu) return trace;
  const sender = wrap.packet.ip.src;
  const next =
    flow.dontFragment === true
      ? `the next send() of this size fails with EMSGSIZE (IP_PMTUDISC_DO)`
      : `the next datagram of this size is fragmented by the sending kernel to fit ${mtu} (IP_PMTUDISC_WANT)`;
  const drop = {
    ...wrap,
    kind: 'drop' as const,
    packet: { ...wrap.packet, outer: undefined },
    changes: [],
    summary:
      `The weave router on ${from.name} cannot carry this ${first.length}-byte packet: its sleeve connection to ${to.name} has MTU ${mtu} ` +
      `(the ${Math.min(from.eth0.mtu, to.eth0.mtu)}-byte underlay less 62 bytes of sleeve overhead), and the packet has DF set. ` +
      `It sends nothing to ${to.name} and answers ${sender} with ICMP type 3 code 4 ("fragmentation needed", next-hop MTU ${mtu}). ` +
      `The sender's kernel caches ${mtu} as the path MTU to ${wrap.packet.ip.dst} (ip route get shows it): this datagram is lost, and ${next}.`,
    capture: { command: `tcpdump -ni weave 'icmp[icmptype] == icmp-unreach and icmp[icmpcode] == 4'`, note: 'The router injects its ICMP answer into the weave bridge towards the sender.' },
  };
  return {
    ...trace,
    verdict: 'dropped',
    explanation: `${formatFlow(flow)} is dropped by the weave router on ${from.name}: the ${first.length}-byte packet with DF is larger than the sleeve connection's MTU ${mtu}, and the sender gets ICMP "fragmentation needed".`,
    hops: [...trace.hops.slice(0, at), drop],
    reply: [],
  };
}
