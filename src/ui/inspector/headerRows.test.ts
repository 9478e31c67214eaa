import { describe, expect, it } from 'vitest';
import type { Packet } from '../../core';
import { headerLayers } from './headerRows';

const ip = { src: '10.244.0.2', dst: '10.244.0.3', ttl: 64, protocol: 'TCP' as const };

describe('headerLayers', () => {
  it('names each field with the key hop.changes uses', () => {
    const packet: Packet = {
      eth: { src: 'aa:aa:aa:aa:aa:aa', dst: 'bb:bb:bb:bb:bb:bb' },
      ip,
      l4: { protocol: 'TCP', srcPort: 40000, dstPort: 8080, flags: 'SYN' },
    };
    const fields = headerLayers(packet).flatMap((l) => l.rows.map((r) => r.field));
    expect(fields).toEqual(['eth.src', 'eth.dst', 'ip.src', 'ip.dst', 'ip.ttl', 'ip.protocol', 'l4.srcPort', 'l4.dstPort', 'l4.flags']);
  });

  it('says there is no frame yet in the socket, and shows ICMP by type and code', () => {
    const packet: Packet = {
      eth: undefined,
      ip: { ...ip, protocol: 'ICMP' },
      l4: { protocol: 'ICMP', type: 3, code: 3, description: 'port unreachable' },
    };
    const layers = headerLayers(packet);
    expect(layers[0]?.rows[0]?.value).toMatch(/none yet/);
    expect(layers[2]?.name).toBe('L4 ICMP');
    expect(layers[2]?.rows.map((r) => r.value)).toEqual(['3', '3', 'port unreachable']);
  });
});
