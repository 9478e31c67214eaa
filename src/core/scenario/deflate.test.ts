import { describe, expect, it } from 'vitest';
import { deflateRaw, inflateRaw } from './deflate';

describe('capped inflate', () => {
  it('unpacks up to the cap, exactly, and refuses one byte more', async () => {
    const zeros = new Uint8Array(3 * 1024 * 1024);
    const packed = await deflateRaw(zeros);
    expect(packed.byteLength).toBeLessThan(4 * 1024);
    const whole = await inflateRaw(packed, zeros.byteLength);
    expect(whole.ok && whole.bytes.byteLength).toBe(3 * 1024 * 1024);
    expect(await inflateRaw(packed, zeros.byteLength - 1)).toEqual({ ok: false, reason: 'too-large' });
    expect(await inflateRaw(packed, 1024)).toEqual({ ok: false, reason: 'too-large' });
  });

  it('says "corrupt" for data that is not DEFLATE, or cut short', async () => {
    const packed = await deflateRaw(new TextEncoder().encode('hello '.repeat(100)));
    expect(await inflateRaw(packed.subarray(0, packed.length - 2), 1 << 20)).toEqual({ ok: false, reason: 'corrupt' });
    expect(await inflateRaw(new Uint8Array([0xff, 0xff, 0xff]), 1 << 20)).toEqual({ ok: false, reason: 'corrupt' });
    expect(await inflateRaw(new Uint8Array([]), 1 << 20)).toEqual({ ok: false, reason: 'corrupt' });
  });
});
