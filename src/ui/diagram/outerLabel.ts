/**
 * The marker's second line while the packet is encapsulated: the envelope's kind, the node
 * addresses it travels between and, for a UDP overlay, the port (`VXLAN 192.168.1.11→192.168.1.12 :8472`,
 * Weave's `sleeve 192.168.1.11→192.168.1.12 :6783`).
 */
import type { Packet } from '../../core';

export function outerLabel(outer: NonNullable<Packet['outer']>): string {
  const { ip, udp, vxlan, sleeve } = outer;
  const kind = sleeve ? 'sleeve' : vxlan ? 'VXLAN' : ip.protocol;
  const port = udp ? ` :${udp.dstPort}` : '';
  return `${kind} ${ip.src}→${ip.dst}${port}`;
}
