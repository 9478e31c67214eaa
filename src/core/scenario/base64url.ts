/**
 * Base64url (RFC 4648 §5) without padding: the alphabet A–Z a–z 0–9 - _, every character of
 * which may stand unescaped in a URL fragment. Written here because the core's platform
 * (ES2022) has neither `btoa` nor `Buffer`.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Character code → its 6-bit value, or -1 for a character outside the alphabet. */
const VALUES: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i += 1) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

export function toBase64url(bytes: Uint8Array): string {
  const out: string[] = [];
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out.push(ALPHABET[n >>> 18]!, ALPHABET[(n >>> 12) & 63]!, ALPHABET[(n >>> 6) & 63]!, ALPHABET[n & 63]!);
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out.push(ALPHABET[n >>> 18]!, ALPHABET[(n >>> 12) & 63]!);
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out.push(ALPHABET[n >>> 18]!, ALPHABET[(n >>> 12) & 63]!, ALPHABET[(n >>> 6) & 63]!);
  }
  return out.join('');
}

export type Base64Read =
  | { readonly ok: true; readonly bytes: Uint8Array }
  /** `position` is 1-based, for a person; a length of 4n+1 is reported at its last character. */
  | { readonly ok: false; readonly character: string; readonly position: number };

export function fromBase64url(text: string): Base64Read {
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let at = 0;
  for (let i = 0; i < text.length; i += 1) {
    const value = VALUES[text.charCodeAt(i)] ?? -1;
    if (value < 0) return { ok: false, character: String.fromCodePoint(text.codePointAt(i) ?? 0xfffd), position: i + 1 };
    acc = ((acc << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at] = (acc >>> bits) & 0xff;
      at += 1;
    }
  }
  if (text.length % 4 === 1) return { ok: false, character: text.at(-1) ?? '', position: text.length };
  return { ok: true, bytes: bytes.subarray(0, at) };
}
