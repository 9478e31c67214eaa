/**
 * The packet's headers as labelled rows, layer by layer, each with the field key
 * the core uses in `hop.changes` (`eth.dst`, `ip.ttl`, `l4.flags`).
 */
import type { Packet } from '../../core';

type Transport = Packet['l4'];

export interface HeaderRow {
  readonly field: string;
  readonly label: string;
  readonly value: string;
}

export interface HeaderLayer {
  readonly name: string;
  readonly rows: readonly HeaderRow[];
}

export function headerLayers(packet: Packet): readonly HeaderLayer[] {
  const { eth, ip, l4 } = packet;
  const layers: HeaderLayer[] = [];
  layers.push({
    name: 'L2 Ethernet',
    rows: eth
      ? [
          { field: 'eth.src', label: 'src MAC', value: eth.src },
          { field: 'eth.dst', label: 'dst MAC', value: eth.dst },
        ]
      : [{ field: 'eth', label: 'frame', value: 'none yet (still in the socket)' }],
  });
  layers.push({
    name: 'L3 IPv4',
    rows: [
      { field: 'ip.src', label: 'src', value: ip.src },
      { field: 'ip.dst', label: 'dst', value: ip.dst },
      { field: 'ip.ttl', label: 'TTL', value: String(ip.ttl) },
      { field: 'ip.protocol', label: 'protocol', value: ip.protocol },
    ],
  });
  layers.push(transportLayer(l4));
  return layers;
}

function transportLayer(l4: Transport): HeaderLayer {
  if (l4.protocol === 'ICMP') {
    return {
      name: 'L4 ICMP',
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
  return { name: `L4 ${l4.protocol}`, rows };
}
