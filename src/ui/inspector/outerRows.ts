/**
 * The envelope an overlay puts around the packet between nodes, as header layers: outer
 * Ethernet and IPv4 between the nodes, and for VXLAN the UDP and VXLAN headers. Field keys
 * are the ones the core uses in `hop.changes` (`outer.ip.dst`, `outer.vxlan.vni`).
 */
import type { Packet } from '../../core';
import type { HeaderLayer, HeaderRow } from './headerRows';
import { lengthRow } from './lengthRow';

type OuterHeaders = NonNullable<Packet['outer']>;

const LABELS: Readonly<Record<string, string>> = {
  'outer.eth.src': 'src MAC',
  'outer.eth.dst': 'dst MAC',
  'outer.ip.src': 'src',
  'outer.ip.dst': 'dst',
  'outer.ip.ttl': 'TTL',
  'outer.ip.length': 'total length',
  'outer.ip.protocol': 'protocol',
  'outer.udp.srcPort': 'src port',
  'outer.udp.dstPort': 'dst port',
  'outer.vxlan.vni': 'VNI',
  'outer.sleeve.sender': 'sending peer',
  'outer.sleeve.capturing': 'capturing peer',
  'outer.sleeve.destination': 'destination peer',
};

/** A person's name for an outer field, e.g. `outer.udp.dstPort` → "outer UDP dst port". */
export function outerFieldLabel(field: string): string {
  const layer = field.split('.')[1] ?? '';
  const name = { eth: 'Ethernet', ip: 'IPv4', udp: 'UDP', vxlan: 'VXLAN', sleeve: 'Weave sleeve' }[layer] ?? layer;
  return `${name} ${LABELS[field] ?? field.replace(/^outer\.[a-z]+\./, '')}`;
}

const row = (field: string, value: string | number): HeaderRow => ({ field, label: LABELS[field] ?? field, value: String(value) });

export function outerLayers(outer: OuterHeaders): HeaderLayer[] {
  const layers: HeaderLayer[] = [
    { key: 'outer-l2', name: 'Outer L2 Ethernet', rows: [row('outer.eth.src', outer.eth.src), row('outer.eth.dst', outer.eth.dst)] },
    {
      key: 'outer-l3',
      name: 'Outer L3 IPv4',
      rows: [
        row('outer.ip.src', outer.ip.src),
        row('outer.ip.dst', outer.ip.dst),
        row('outer.ip.ttl', outer.ip.ttl),
        ...lengthRow('outer.ip.length', outer.ip.length),
        row('outer.ip.protocol', outer.ip.protocol === 'IPIP' ? 'IPIP (4)' : outer.ip.protocol),
      ],
    },
  ];
  if (outer.udp) {
    layers.push({ key: 'outer-udp', name: 'Outer UDP', rows: [row('outer.udp.srcPort', outer.udp.srcPort), row('outer.udp.dstPort', outer.udp.dstPort)] });
  }
  if (outer.vxlan) layers.push({ key: 'vxlan', name: 'VXLAN', rows: [row('outer.vxlan.vni', outer.vxlan.vni)] });
  if (outer.sleeve) {
    const { sender, capturing, destination } = outer.sleeve;
    layers.push({
      key: 'sleeve',
      name: 'Weave sleeve',
      rows: [row('outer.sleeve.sender', sender), row('outer.sleeve.capturing', capturing), row('outer.sleeve.destination', destination)],
    });
  }
  return layers;
}
