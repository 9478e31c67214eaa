import type { ClusterNode, Route } from '../cluster/types';
import type { HopList } from './hop-list';
import { formatRoute } from './routing';
import type { Packet } from './types';

/** Where the route lookup happens and whether the packet was forwarded (else a local process sent it). */
interface LookupStart {
  readonly where: string;
  readonly forwarded: boolean;
  readonly lead: string;
}

/**
 * A node's route lookup that finds nowhere to send the packet, as the kernel's main table
 * decides it (net/ipv4/route.c, `ip_route_input_slow` and `ip_error`):
 * - no route at all (not even a default route): the lookup fails with ENETUNREACH. A forwarded
 *   packet is dropped and its sender gets ICMP destination unreachable, code 0 (network
 *   unreachable), from this node; a local process gets ENETUNREACH ("Network is unreachable").
 * - a `blackhole` route: the lookup fails with EINVAL, and `ip_error` drops the packet without a
 *   word — no ICMP. A local process gets EINVAL. Calico's BIRD installs one for the node's own
 *   block, so an address in it that no pod holds (there is no /32 route for it) ends here.
 * Adds the drop hop and says how the connection ends, for the trace's explanation.
 */
export function noRoute(list: HopList, packet: Packet, node: ClusterNode, route: Route | undefined, start: LookupStart): { kind: 'unreachable'; node: ClusterNode; packet: Packet; explanation: string } {
  const dst = packet.ip.dst;
  const lead = start.lead;
  const waits =
    packet.l4.protocol === 'TCP'
      ? 'a TCP client retransmits its SYN until connect() times out'
      : packet.l4.protocol === 'SCTP'
        ? 'an SCTP client retransmits its INIT until it gives up'
        : 'a UDP sender never learns that its datagram was lost';
  if (route !== undefined) {
    const calico = route.proto === 'bird';
    list.add({
      where: start.where,
      kind: 'drop',
      summary:
        `${lead}: the longest match for ${dst} in ${node.name}'s main table is the blackhole route ${route.destination}` +
        (calico ? `, which BIRD installs for the node's own block: Calico adds a /32 route for each pod it runs here, and no pod on ${node.name} has ${dst}. ` : '. ') +
        (start.forwarded
          ? `A blackhole route discards the packet silently: the lookup fails with EINVAL and the kernel sends no ICMP, so the sender hears nothing; ${waits}.`
          : `The lookup fails with EINVAL ("Invalid argument"): the kernel refuses to send, and no packet leaves.`),
      packet,
      rule: { kind: 'route', text: formatRoute(route), source: undefined },
      capture: { command: `ip route get ${dst}`, note: 'Run on the node; it names the route the kernel picks for the address. Nothing shows in tcpdump beyond this point.' },
    });
    return {
      kind: 'unreachable',
      node,
      packet,
      explanation: `${node.name} has only a blackhole route for ${dst} (${route.destination}${calico ? ", Calico's route for its own block" : ''}): no pod has that address, and the packet is discarded without an ICMP error.`,
    };
  }
  list.add({
    where: start.where,
    kind: 'drop',
    summary:
      `${lead}: ${node.name}'s main table has no route for ${dst}, not even a default route. ` +
      (start.forwarded
        ? `The kernel drops the forwarded packet and sends ${packet.ip.src} an ICMP destination unreachable, code 0 (network unreachable); the sender's socket reports ENETUNREACH.`
        : 'The lookup fails with ENETUNREACH ("Network is unreachable"): no packet leaves.'),
    packet,
    rule: { kind: 'route', text: `# ip route get ${dst}\nRTNETLINK answers: Network is unreachable`, source: undefined },
    capture: { command: `ip route get ${dst}`, note: 'Run on the node. `nstat -az IpInNoRoutes` counts forwarded packets dropped for want of a route.' },
  });
  return {
    kind: 'unreachable',
    node,
    packet,
    explanation: `${node.name} has no route for ${dst}, so ${start.forwarded ? 'it drops the packet and answers with ICMP network unreachable' : 'the send fails with ENETUNREACH'}.`,
  };
}
