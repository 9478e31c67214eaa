/** The text on the packet marker: what the packet is, from where to where. */
import type { Hop } from '../../core';

export function markerLabel(hop: Hop): string {
  const { ip, l4 } = hop.packet;
  const what = l4.protocol === 'ICMP' ? `ICMP ${l4.description}` : (l4.flags ?? l4.protocol);
  return `${what} ${ip.src}→${ip.dst}`;
}
