import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../util/hash';
import { deterministicMac } from './mac';
import { hexOf, sha256 } from './sha256';

describe('sha256', () => {
  it('gives the FIPS 180-4 test vectors', () => {
    expect(hexOf(sha256(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hexOf(sha256('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hexOf(sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('equals util/hash.ts on every length around the block and padding boundaries, and on non-ASCII text', () => {
    for (let length = 0; length <= 200; length++) {
      const text = Array.from({ length }, (_, i) => String.fromCharCode(32 + ((i * 37 + length) % 95))).join('');
      expect(hexOf(sha256(text)), `length ${length}`).toBe(sha256Hex(text));
    }
    for (const text of ['héllo/wörld', 'pod-😀', '\u007f\u0080', 'ns/名前']) expect(hexOf(sha256(text))).toBe(sha256Hex(text));
  });

  it('gives the first bytes as hex on request', () => {
    expect(hexOf(sha256('abc'), 4)).toBe('ba7816bf');
  });
});

describe('deterministicMac', () => {
  it('takes six bytes of the identity’s SHA-256, locally administered and unicast', () => {
    // sha256("mac:default/web/eth0") starts with these six bytes; the first becomes (b | 2) & 0xfe.
    const bytes = sha256Hex('mac:default/web/eth0').slice(0, 12).match(/../g)!.map((h) => parseInt(h, 16));
    bytes[0] = (bytes[0]! | 2) & 0xfe;
    expect(deterministicMac('default/web/eth0')).toBe(bytes.map((b) => b.toString(16).padStart(2, '0')).join(':'));
    expect(deterministicMac('default/web/eth0')).toMatch(/^[0-9a-f][26ae](:[0-9a-f]{2}){5}$/);
  });
});
