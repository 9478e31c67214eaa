import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { ipv4ToInt, isIpv4 } from './ipv4';

describe('isIpv4', () => {
  it('accepts dotted quads of 0–255 without leading zeros, as ipaddr.js isValidFourPartDecimal does', () => {
    const samples = [
      '10.244.1.7', '0.0.0.0', '255.255.255.255', '256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.04', '1.2.3.0', '1.2.3.00',
      '1.2.3.', '.1.2.3', '1..2.3', '', '1.2.3.4 ', ' 1.2.3.4', '1.2.3.4\n', '0x1.2.3.4', '1.2.3.1000', '1.2.3.999', '10.96.0.10',
      '١.2.3.4', '1.2.3.-4', '+1.2.3.4', '1.2.3.4/24', '172.20.1.2', '9.99.199.249',
    ];
    for (const text of samples) expect(isIpv4(text), JSON.stringify(text)).toBe(ipaddr.IPv4.isValidFourPartDecimal(text));
    for (let i = 0; i < 2000; i++) {
      const text = [i % 300, (i * 7) % 260, (i * 13) % 256, (i * 31) % 1001].join('.');
      expect(isIpv4(text), text).toBe(ipaddr.IPv4.isValidFourPartDecimal(text));
    }
  });

  it('turns an address into its 32-bit number', () => {
    expect(ipv4ToInt('10.244.1.7')).toBe(0x0af40107);
    expect(ipv4ToInt('255.255.255.255')).toBe(0xffffffff);
    // Forms beyond the dotted quad still go through ipaddr.js.
    expect(ipv4ToInt('10.1')).toBe(0x0a000001);
  });
});
