import { describe, expect, it } from 'vitest';
import {
  addressAtoms,
  formatAddress,
  formatInterval,
  ipBlockSet,
  ipSetContains,
  ipSetContainsRange,
  parseAddress,
  parseCidr,
} from './ip-blocks';

const ip = (text: string) => parseAddress(text)!;

describe('ip blocks', () => {
  it('reads dotted IPv4 addresses exactly as ipaddr.js four-part decimals, and nothing else as IPv4', () => {
    expect(parseAddress('10.64.3.7')).toEqual({ family: 4, value: 0x0a400307n });
    expect(parseAddress(' 255.255.255.255 ')).toEqual({ family: 4, value: 0xffffffffn });
    expect(parseAddress('0.0.0.0')).toEqual({ family: 4, value: 0n });
    // Not four decimal parts of at most 255: leading zeros (octal to some parsers), 256, short forms, hex.
    for (const text of ['010.0.0.1', '1.2.3.04', '256.1.1.1', '1.2.3.2555', '1.2.3', '1.2.3.4.5', '0x1.2.3.4', '4294967295', '1.2.3.-1', '']) {
      expect(parseAddress(text)).toBeUndefined();
    }
    expect(parseAddress('::ffff:10.0.0.1')).toEqual({ family: 6, value: 0xffff0a000001n });
  });

  it('parses IPv4 and IPv6 CIDRs, clearing host bits as the API server accepts them', () => {
    const v4 = parseCidr('192.168.242.213/24')!;
    expect([formatAddress(4, v4.first), formatAddress(4, v4.last), v4.prefix]).toEqual(['192.168.242.0', '192.168.242.255', 24]);
    const v6 = parseCidr('2001:db8::1/64')!;
    expect([v6.family, formatAddress(6, v6.first), formatAddress(6, v6.last)]).toEqual([6, '2001:db8::', '2001:db8::ffff:ffff:ffff:ffff']);
    expect(parseCidr('0.0.0.0/0')).toMatchObject({ first: 0n, last: 0xffffffffn });
  });

  it.each(['10.0.0.0', '10.0.0.0/33', '10.0.0/8', 'ten/8', '2001:db8::/129', '10.0.0.0/-1', ''])('rejects %j', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it('takes except out of cidr', () => {
    const set = ipBlockSet('10.0.0.0/8', ['10.10.0.0/16']);
    expect(set.v4.map((i) => formatInterval(4, i))).toEqual(['10.0.0.0-10.9.255.255', '10.11.0.0-10.255.255.255']);
    expect(ipSetContains(set, ip('10.9.1.1'))).toBe(true);
    expect(ipSetContains(set, ip('10.10.1.1'))).toBe(false);
    expect(ipSetContains(set, ip('11.0.0.1'))).toBe(false);
  });

  it('keeps the families apart', () => {
    const set = ipBlockSet('2001:db8::/32', ['2001:db8:1::/48']);
    expect(ipSetContains(set, ip('2001:db8:2::5'))).toBe(true);
    expect(ipSetContains(set, ip('2001:db8:1::5'))).toBe(false);
    expect(ipSetContains(set, ip('32.1.13.184'))).toBe(false);
  });

  it('contains a range only when all of it is inside', () => {
    const set = ipBlockSet('10.0.0.0/8', ['10.10.0.0/16']);
    expect(ipSetContainsRange(set, 4, ip('10.0.0.0').value, ip('10.9.255.255').value)).toBe(true);
    expect(ipSetContainsRange(set, 4, ip('10.0.0.0').value, ip('10.10.0.0').value)).toBe(false);
  });

  it("cuts the address space into netpol-analyzer's atoms (README example)", () => {
    const atoms = addressAtoms([ipBlockSet('10.0.0.0/8', ['10.10.0.0/16'])], 4).map((a) => formatInterval(4, a));
    expect(atoms).toEqual([
      '0.0.0.0-9.255.255.255',
      '10.0.0.0-10.9.255.255',
      '10.10.0.0-10.10.255.255',
      '10.11.0.0-10.255.255.255',
      '11.0.0.0-255.255.255.255',
    ]);
    expect(addressAtoms([], 4).map((a) => formatInterval(4, a))).toEqual(['0.0.0.0-255.255.255.255']);
    expect(addressAtoms([ipBlockSet('49.50.0.1/32', [])], 4).map((a) => formatInterval(4, a))).toContain('49.50.0.1-49.50.0.1');
  });
});
