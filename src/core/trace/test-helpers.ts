/** What the trace tests compare hops by: a hop's kind and element, and its addresses and ports. */
import type { Hop } from './types';

/** `kind @ element` for each hop, in order. */
export const hopSteps = (hops: readonly Hop[]): string[] => hops.map((h) => `${h.kind} @ ${h.where}`);

/** `src:port → dst:port` of a hop's packet; empty for no hop or an ICMP packet. */
export const hopAddresses = (h: Hop | undefined): string =>
  h === undefined || h.packet.l4.protocol === 'ICMP' ? '' : `${h.packet.ip.src}:${h.packet.l4.srcPort} → ${h.packet.ip.dst}:${h.packet.l4.dstPort}`;
