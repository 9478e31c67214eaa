import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from './base64url';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('base64url', () => {
  it('encodes the RFC 4648 test vectors, without padding', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'Zg'],
      ['fo', 'Zm8'],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg'],
      ['fooba', 'Zm9vYmE'],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, encoded] of vectors) {
      expect(toBase64url(bytes(plain))).toBe(encoded);
      expect(fromBase64url(encoded)).toEqual({ ok: true, bytes: bytes(plain) });
    }
  });

  it('uses - and _ where base64 has + and /', () => {
    expect(toBase64url(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe('-_-_');
    expect(Buffer.from([0xfb, 0xff, 0xbf]).toString('base64')).toBe('+/+/');
  });

  it('agrees with Node’s base64url for any bytes, both ways', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        const encoded = toBase64url(data);
        expect(encoded).toBe(Buffer.from(data).toString('base64url'));
        expect(fromBase64url(encoded)).toEqual({ ok: true, bytes: data });
      }),
    );
  });

  it('names the first character outside the alphabet and its position', () => {
    expect(fromBase64url('Zm9v+YmFy')).toEqual({ ok: false, character: '+', position: 5 });
    expect(fromBase64url('Zm9vYmFy)')).toEqual({ ok: false, character: ')', position: 9 });
    expect(fromBase64url('Zm9v%20')).toEqual({ ok: false, character: '%', position: 5 });
    expect(fromBase64url('Zm9v😀Zg')).toEqual({ ok: false, character: '😀', position: 5 });
  });

  it('refuses a length no encoder produces (4n+1 characters)', () => {
    expect(fromBase64url('Zm9vY')).toEqual({ ok: false, character: 'Y', position: 5 });
  });
});
