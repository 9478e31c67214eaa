import type { FieldChange, Packet } from './types';

/** A packet flattened to `layer.field → value`, the form changes are computed and shown in. */
export function packetFields(packet: Packet): Map<string, string> {
  const fields = new Map<string, string>();
  if (packet.eth !== undefined) {
    fields.set('eth.src', packet.eth.src);
    fields.set('eth.dst', packet.eth.dst);
  }
  fields.set('ip.src', packet.ip.src);
  fields.set('ip.dst', packet.ip.dst);
  fields.set('ip.ttl', String(packet.ip.ttl));
  if (packet.ip.length !== undefined) fields.set('ip.length', String(packet.ip.length));
  if (packet.ip.flags !== undefined) fields.set('ip.flags', packet.ip.flags);
  fields.set('ip.protocol', packet.ip.protocol);
  const l4 = packet.l4;
  if (l4.protocol === 'ICMP') {
    fields.set('l4.type', String(l4.type));
    fields.set('l4.code', String(l4.code));
  } else {
    fields.set('l4.srcPort', String(l4.srcPort));
    fields.set('l4.dstPort', String(l4.dstPort));
    if (l4.flags !== undefined) fields.set('l4.flags', l4.flags);
  }
  if (packet.outer !== undefined) {
    const outer = packet.outer;
    fields.set('outer.eth.src', outer.eth.src);
    fields.set('outer.eth.dst', outer.eth.dst);
    fields.set('outer.ip.src', outer.ip.src);
    fields.set('outer.ip.dst', outer.ip.dst);
    fields.set('outer.ip.ttl', String(outer.ip.ttl));
    if (outer.ip.length !== undefined) fields.set('outer.ip.length', String(outer.ip.length));
    fields.set('outer.ip.protocol', outer.ip.protocol);
    if (outer.udp !== undefined) {
      fields.set('outer.udp.srcPort', String(outer.udp.srcPort));
      fields.set('outer.udp.dstPort', String(outer.udp.dstPort));
    }
    if (outer.vxlan !== undefined) fields.set('outer.vxlan.vni', String(outer.vxlan.vni));
    if (outer.sleeve !== undefined) {
      fields.set('outer.sleeve.sender', outer.sleeve.sender);
      fields.set('outer.sleeve.capturing', outer.sleeve.capturing);
      fields.set('outer.sleeve.destination', outer.sleeve.destination);
    }
  }
  return fields;
}

/** The fields that differ between two snapshots; a field that appears or vanishes shows `—`. */
export function diffPackets(before: Packet | undefined, after: Packet): FieldChange[] {
  const a = before === undefined ? new Map<string, string>() : packetFields(before);
  const b = packetFields(after);
  const changes: FieldChange[] = [];
  for (const field of new Set([...a.keys(), ...b.keys()])) {
    const was = a.get(field) ?? '—';
    const now = b.get(field) ?? '—';
    if (was !== now) changes.push({ field, before: was, after: now });
  }
  return changes;
}
