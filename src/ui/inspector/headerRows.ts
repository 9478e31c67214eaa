/**
 * The packet's headers as labelled rows, layer by layer, each with the field key
 * the core uses in `hop.changes` (`eth.dst`, `ip.ttl`, `l4.flags`, `outer.ip.dst`).
 * While the packet is encapsulated the outer layers come first and the others are "inner".
 */
import type { Packet } from '../../core';
import { flagsRow, lengthRow } from './lengthRow';
import { outerLayers } from './outerRows';

type Transport = Packet['l4'];

export interface HeaderRow {
  readonly field: string;
  readonly label: string;
  readonly value: string;
  /** Said after the value, and after both sides of a change to it: `bytes` for a length. */
  readonly unit?: string;
}

export interface HeaderLayer {
  /** Stable name for tests and styling: `outer-l2`, `outer-l3`, `outer-udp`, `vxlan`, `l2`, `l3`, `l4`. */
  readonly key: string;
  readonly name: string;
  readonly rows: readonly HeaderRow[];
}

/** Where a packet without an Ethernet header is. */
export type FrameContext =
  /** Not yet framed: still in the sending socket. */
  | 'socket'
  /** Framed before, now on a device that carries bare IP (to or from an IP-in-IP tunnel). */
  | 'routed';

function noFrame(packet: Packet, context: FrameContext): string {
  if (packet.outer) return 'none (IP-in-IP carries no inner Ethernet)';
  return context === 'socket' ? 'none yet (still in the socket)' : 'none (this device carries bare IP packets)';
}

export function headerLayers(packet: Packet, context: FrameContext = 'socket'): readonly HeaderLayer[] {
  const { eth, ip, l4, outer } = packet;
  const inner = outer ? 'Inner ' : '';
  const layers: HeaderLayer[] = outer ? outerLayers(outer) : [];
  layers.push({
    key: 'l2',
    name: `${inner}L2 Ethernet`,
    rows: eth
      ? [
          { field: 'eth.src', label: 'src MAC', value: eth.src },
          { field: 'eth.dst', label: 'dst MAC', value: eth.dst },
        ]
      : [{ field: 'eth', label: 'frame', value: noFrame(packet, context) }],
  });
  layers.push({
    key: 'l3',
    name: `${inner}L3 IPv4`,
    rows: [
      { field: 'ip.src', label: 'src', value: ip.src },
      { field: 'ip.dst', label: 'dst', value: ip.dst },
      { field: 'ip.ttl', label: 'TTL', value: String(ip.ttl) },
      ...lengthRow('ip.length', ip.length),
      ...flagsRow(ip.flags),
      { field: 'ip.protocol', label: 'protocol', value: ip.protocol },
    ],
  });
  layers.push(transportLayer(l4, inner));
  return layers;
}

function transportLayer(l4: Transport, inner: string): HeaderLayer {
  if (l4.protocol === 'ICMP') {
    return {
      key: 'l4',
      name: `${inner}L4 ICMP`,
      rows: [
        { field: 'l4.type', label: 'type', value: String(l4.type) },
        { field: 'l4.code', label: 'code', value: String(l4.code) },
        { field: 'l4.description', label: 'meaning', value: l4.description },
      ],
    };
  }
  const rows: HeaderRow[] = [
    { field: 'l4.srcPort', label: 'src port', value: String(l4.srcPort) },
    { field: 'l4.dstPort', label: 'dst port', value: String(l4.dstPort) },
  ];
  if (l4.flags !== undefined) rows.push({ field: 'l4.flags', label: l4.protocol === 'SCTP' ? 'chunk' : 'flags', value: l4.flags });
  return { key: 'l4', name: `${inner}L4 ${l4.protocol}`, rows };
}
