import { describe, expect, it } from 'vitest';
import { outerLabel } from './outerLabel';

const eth = { src: 'b2:c6:e4:08:d8:d6', dst: 'b6:52:6b:4a:da:20' };

describe('outerLabel', () => {
  it('names VXLAN with the node addresses and the UDP port', () => {
    const outer = { eth, ip: { src: '192.168.1.11', dst: '192.168.1.12', ttl: 64, protocol: 'UDP' as const }, udp: { srcPort: 51672, dstPort: 8472 }, vxlan: { vni: 1 } };
    expect(outerLabel(outer)).toBe('VXLAN 192.168.1.11→192.168.1.12 :8472');
  });

  it('names IP-in-IP by its protocol, without a port', () => {
    const outer = { eth, ip: { src: '192.168.1.11', dst: '192.168.1.12', ttl: 63, protocol: 'IPIP' as const }, udp: undefined, vxlan: undefined };
    expect(outerLabel(outer)).toBe('IPIP 192.168.1.11→192.168.1.12');
  });
});
