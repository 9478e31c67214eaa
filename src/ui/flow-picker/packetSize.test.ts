import { describe, expect, it } from 'vitest';
import type { Flow } from '../../core';
import { dfOnlyForUdp, packetSizeLabel, parsePacketSize, sizeText, withDontFragment, withSize } from './packetSize';

const udp: Flow = {
  from: { kind: 'pod', namespace: 'default', pod: 'frontend', container: 'web' },
  to: { kind: 'pod', namespace: 'default', pod: 'backend', port: 9125, protocol: 'UDP' },
};

describe('parsePacketSize', () => {
  it('reads empty as the default size and digits as bytes', () => {
    expect(parsePacketSize('', 'UDP')).toEqual({ kind: 'default' });
    expect(parsePacketSize('   ', 'TCP')).toEqual({ kind: 'default' });
    expect(parsePacketSize(' 1500 ', 'UDP')).toEqual({ kind: 'size', size: 1500 });
    expect(parsePacketSize('65535', 'TCP')).toEqual({ kind: 'size', size: 65535 });
  });

  it('takes the headers alone as the smallest packet: 28 for UDP, 40 for TCP, 32 for SCTP', () => {
    expect(parsePacketSize('28', 'UDP')).toEqual({ kind: 'size', size: 28 });
    expect(parsePacketSize('27', 'UDP')).toEqual({
      kind: 'invalid',
      message: 'The packet size is a whole number of bytes from 28 (the UDP and IP headers alone) to 65535, not 27.',
    });
    expect(parsePacketSize('39', 'TCP')).toEqual({
      kind: 'invalid',
      message: 'The packet size is a whole number of bytes from 40 (the TCP and IP headers alone) to 65535, not 39.',
    });
    expect(parsePacketSize('32', 'SCTP')).toEqual({ kind: 'size', size: 32 });
    expect(parsePacketSize('31', 'SCTP').kind).toBe('invalid');
  });

  it('refuses what does not fit the 16-bit total length, and anything but whole bytes', () => {
    expect(parsePacketSize('65536', 'UDP')).toEqual({
      kind: 'invalid',
      message: 'The packet size is a whole number of bytes from 28 (the UDP and IP headers alone) to 65535, not 65536.',
    });
    for (const text of ['1e3', '1500.5', '-1500', 'big', '0x5dc', '15 00']) {
      expect(parsePacketSize(text, 'UDP')).toEqual({
        kind: 'invalid',
        message: `The packet size is a whole number of bytes from 28 (the UDP and IP headers alone) to 65535; "${text}" is not. Leave it empty for a small packet.`,
      });
    }
  });

  it('writes the default size as empty text', () => {
    expect(sizeText(undefined)).toBe('');
    expect(sizeText(1400)).toBe('1400');
  });
});

describe('the flow with a size and DF', () => {
  it('sets and clears the size, leaving no field behind for the default', () => {
    const sized = withSize(udp, 1500);
    expect(sized).toEqual({ ...udp, size: 1500 });
    expect(Object.keys(withSize(sized, undefined))).toEqual(['from', 'to']);
  });

  it('sets and clears DF, leaving no field behind when clear', () => {
    const df = withDontFragment(withSize(udp, 1500), true);
    expect(df).toEqual({ ...udp, size: 1500, dontFragment: true });
    expect(withDontFragment(df, false)).toEqual({ ...udp, size: 1500 });
    expect('dontFragment' in withDontFragment(df, false)).toBe(false);
  });

  it('keeps DF only on UDP flows, and the size on every protocol', () => {
    const df: Flow = { ...udp, size: 1500, dontFragment: true };
    expect(dfOnlyForUdp(df)).toBe(df);
    const tcp = dfOnlyForUdp({ ...df, to: { ...df.to, protocol: 'TCP' } });
    expect(tcp).toEqual({ from: udp.from, to: { ...udp.to, protocol: 'TCP' }, size: 1500 });
    const plain: Flow = { ...udp, to: { ...udp.to, protocol: 'SCTP' } };
    expect(dfOnlyForUdp(plain)).toBe(plain);
  });

  it('labels the size for the flows list', () => {
    expect(packetSizeLabel(udp)).toBe('');
    expect(packetSizeLabel({ ...udp, size: 1400 })).toBe('1400 B');
    expect(packetSizeLabel({ ...udp, size: 1500, dontFragment: true })).toBe('1500 B DF');
    expect(packetSizeLabel({ ...udp, dontFragment: true })).toBe('DF');
  });
});
