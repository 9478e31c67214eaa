import { sha256Bytes } from '../util/hash';

/**
 * SHA-256 (FIPS 180-4) of a string, for the many short names and addresses a big cluster needs
 * (two MACs and a veth name per pod). Gives exactly the digest of util/hash.ts' sha256Bytes, without
 * its per-call allocations: ASCII text is fed to the compression function straight from its
 * character codes, one reused message schedule for every call. Text with other characters goes
 * through util/hash.ts, which encodes it as UTF-8 first.
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const INITIAL = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

/** The message schedule and the running state, shared by all calls (JavaScript runs one call at a time). */
const W = new Int32Array(64);
const H = new Int32Array(8);

/**
 * Writes block `block` of the padded message into W[0..16): the text's bytes, one 0x80 byte,
 * zeros, and the text's length in bits as a big-endian 64-bit number at the very end.
 */
function loadBlock(text: string, block: number, lastBlock: boolean): void {
  W.fill(0, 0, 16);
  const length = text.length;
  const base = block * 64;
  const end = Math.min(length, base + 64);
  for (let i = base; i < end; i++) {
    const at = i - base;
    W[at >> 2]! |= text.charCodeAt(i) << (24 - 8 * (at & 3));
  }
  if (length >= base && length < base + 64) {
    const at = length - base;
    W[at >> 2]! |= 0x80 << (24 - 8 * (at & 3));
  }
  if (lastBlock) {
    W[14] = Math.floor(length / 0x20000000);
    W[15] = (length * 8) | 0;
  }
}

function compress(): void {
  for (let t = 16; t < 64; t++) {
    const w15 = W[t - 15]!;
    const w2 = W[t - 2]!;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[t] = (W[t - 16]! + s0 + W[t - 7]! + s1) | 0;
  }
  let a = H[0]!, b = H[1]!, c = H[2]!, d = H[3]!, e = H[4]!, f = H[5]!, g = H[6]!, h = H[7]!;
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K[t]! + W[t]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  H[0] = (H[0]! + a) | 0;
  H[1] = (H[1]! + b) | 0;
  H[2] = (H[2]! + c) | 0;
  H[3] = (H[3]! + d) | 0;
  H[4] = (H[4]! + e) | 0;
  H[5] = (H[5]! + f) | 0;
  H[6] = (H[6]! + g) | 0;
  H[7] = (H[7]! + h) | 0;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** The digest of `text` (UTF-8) as 32 bytes. */
export function sha256(text: string): Uint8Array {
  if (!isAscii(text)) return sha256Bytes(text);
  H.set(INITIAL);
  // The text, one 0x80 byte and the 8-byte length, rounded up to whole 64-byte blocks.
  const paddedLength = Math.ceil((text.length + 9) / 64) * 64;
  const blocks = paddedLength / 64;
  for (let block = 0; block < blocks; block++) {
    loadBlock(text, block, block === blocks - 1);
    compress();
  }
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    const word = H[i]!;
    out[i * 4] = word >>> 24;
    out[i * 4 + 1] = (word >>> 16) & 0xff;
    out[i * 4 + 2] = (word >>> 8) & 0xff;
    out[i * 4 + 3] = word & 0xff;
  }
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The first `bytes` bytes of a digest as lowercase hex (all 32 by default). */
export function hexOf(digest: Uint8Array, bytes = digest.length): string {
  let out = '';
  for (let i = 0; i < bytes; i++) out += HEX[digest[i]!]!;
  return out;
}
