import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * SHA-256 of a UTF-8 string as bytes. Every generated name and address in the
 * simulation derives from this, so the same input always yields the same cluster.
 */
export function sha256Bytes(text: string): Uint8Array {
  return sha256(utf8ToBytes(text));
}

export function sha256Hex(text: string): string {
  return bytesToHex(sha256Bytes(text));
}

/** A stable unsigned 32-bit number for `text`: the first four bytes of its SHA-256. */
export function hash32(text: string): number {
  const b = sha256Bytes(text);
  return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
}
