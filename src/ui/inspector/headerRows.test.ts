import { describe, expect, it } from 'vitest';
import type { Packet } from '../../core';
import { headerLayers } from './headerRows';
import { unitOf } from './lengthRow';

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

  it('puts the outer headers first while encapsulated, with the keys hop.changes uses', () => {
    const packet: Packet = {
      eth: { src: 'aa:aa:aa:aa:aa:aa', dst: 'bb:bb:bb:bb:bb:bb' },
      ip,
      l4: { protocol: 'TCP', srcPort: 40000, dstPort: 8080, flags: 'SYN' },
      outer: {
        eth: { src: 'cc:cc:cc:cc:cc:cc', dst: 'dd:dd:dd:dd:dd:dd' },
        ip: { src: '192.168.1.11', dst: '192.168.1.12', ttl: 64, protocol: 'UDP' },
        udp: { srcPort: 51672, dstPort: 8472 },
        vxlan: { vni: 1 },
      },
    };
    const layers = headerLayers(packet);
    expect(layers.map((l) => l.key)).toEqual(['outer-l2', 'outer-l3', 'outer-udp', 'vxlan', 'l2', 'l3', 'l4']);
    expect(layers.map((l) => l.name)).toContain('Inner L3 IPv4');
    expect(layers.slice(0, 4).flatMap((l) => l.rows.map((r) => r.field))).toEqual([
      'outer.eth.src',
      'outer.eth.dst',
      'outer.ip.src',
      'outer.ip.dst',
      'outer.ip.ttl',
      'outer.ip.protocol',
      'outer.udp.srcPort',
      'outer.udp.dstPort',
      'outer.vxlan.vni',
    ]);
  });

  it('says IP-in-IP carries no inner Ethernet, and has no UDP or VXLAN layer', () => {
    const packet: Packet = {
      eth: undefined,
      ip,
      l4: { protocol: 'TCP', srcPort: 40000, dstPort: 8080, flags: 'SYN' },
      outer: { eth: { src: 'cc:cc:cc:cc:cc:cc', dst: 'dd:dd:dd:dd:dd:dd' }, ip: { ...ip, protocol: 'IPIP' }, udp: undefined, vxlan: undefined },
    };
    const layers = headerLayers(packet, 'routed');
    expect(layers.map((l) => l.key)).toEqual(['outer-l2', 'outer-l3', 'l2', 'l3', 'l4']);
    expect(layers.find((l) => l.key === 'l2')?.rows[0]?.value).toBe('none (IP-in-IP carries no inner Ethernet)');
  });

  it('tells a packet routed to a bare-IP device from one still in the socket', () => {
    const packet: Packet = { eth: undefined, ip, l4: { protocol: 'TCP', srcPort: 40000, dstPort: 8080, flags: 'SYN' } };
    expect(headerLayers(packet, 'routed')[0]?.rows[0]?.value).toBe('none (this device carries bare IP packets)');
  });

  it('shows the IP total length only when the core gives one, inner and outer, in bytes', () => {
    const packet: Packet = {
      eth: { src: 'aa:aa:aa:aa:aa:aa', dst: 'bb:bb:bb:bb:bb:bb' },
      ip: { ...ip, length: 1400, protocol: 'UDP' },
      l4: { protocol: 'UDP', srcPort: 35739, dstPort: 9125, flags: undefined },
      outer: {
        eth: { src: 'cc:cc:cc:cc:cc:cc', dst: 'dd:dd:dd:dd:dd:dd' },
        ip: { src: '192.168.1.11', dst: '192.168.1.12', ttl: 64, length: 1450, protocol: 'UDP' },
        udp: { srcPort: 51672, dstPort: 8472 },
        vxlan: { vni: 1 },
      },
    };
    const layers = headerLayers(packet);
    const rowsOf = (key: string) => layers.find((l) => l.key === key)?.rows.map((r) => [r.field, r.label, r.value]);
    expect(rowsOf('outer-l3')).toEqual([
      ['outer.ip.src', 'src', '192.168.1.11'],
      ['outer.ip.dst', 'dst', '192.168.1.12'],
      ['outer.ip.ttl', 'TTL', '64'],
      ['outer.ip.length', 'total length', '1450 bytes'],
      ['outer.ip.protocol', 'protocol', 'UDP'],
    ]);
    expect(rowsOf('l3')).toEqual([
      ['ip.src', 'src', '10.244.0.2'],
      ['ip.dst', 'dst', '10.244.0.3'],
      ['ip.ttl', 'TTL', '64'],
      ['ip.length', 'total length', '1400 bytes'],
      ['ip.protocol', 'protocol', 'UDP'],
    ]);
    const unsized = headerLayers({ ...packet, ip, outer: undefined });
    expect(unsized.flatMap((l) => l.rows.map((r) => r.field))).not.toContain('ip.length');
  });

  it('shows the IP flags that matter for size: DF, or MF on a first fragment', () => {
    const rowsOf = (flags: 'DF' | 'MF') =>
      headerLayers({ eth: undefined, ip: { ...ip, length: 1444, flags, protocol: 'UDP' }, l4: { protocol: 'UDP', srcPort: 40000, dstPort: 8125, flags: undefined } })
        .find((l) => l.key === 'l3')!
        .rows.map((r) => [r.field, r.value]);
    expect(rowsOf('MF')).toContainEqual(['ip.flags', 'MF (more fragments: this is the first fragment)']);
    expect(rowsOf('DF')).toContainEqual(['ip.flags', "DF (don't fragment)"]);
    expect(headerLayers({ eth: undefined, ip, l4: { protocol: 'TCP', srcPort: 1, dstPort: 2, flags: 'SYN' } }).flatMap((l) => l.rows.map((r) => r.field))).not.toContain('ip.flags');
  });

  it('reads the lengths in bytes where they are listed as changes, and nothing else', () => {
    expect(['ip.length', 'outer.ip.length', 'outer.ip.ttl', 'ip.ttl', 'l4.dstPort'].map(unitOf)).toEqual(['bytes', 'bytes', undefined, undefined, undefined]);
  });
});
