import ipaddr from 'ipaddr.js';

/** An IPv4 prefix as numbers, for allocation arithmetic. */
export interface Ipv4Prefix {
  readonly network: number;
  readonly length: number;
}

/**
 * A dotted quad as Kubernetes writes addresses: four decimal parts of 0–255 without leading
 * zeros, nothing else (ipaddr.js' isValidFourPartDecimal, read by hand: a big dump checks
 * hundreds of thousands of addresses).
 */
export function isIpv4(text: string): boolean {
  return dottedQuadValue(text) >= 0;
}

/** The address of a dotted quad (see isIpv4) as an unsigned number, or -1 when `text` is not one. */
function dottedQuadValue(text: string): number {
  const length = text.length;
  let value = 0;
  let i = 0;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (i >= length || text.charCodeAt(i) !== 46) return -1;
      i++;
    }
    const start = i;
    let octet = 0;
    while (i < length) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      octet = octet * 10 + digit;
      i++;
      if (i - start > 3) return -1;
    }
    const digits = i - start;
    if (digits === 0 || octet > 255 || (digits > 1 && text.charCodeAt(start) === 48)) return -1;
    value = value * 256 + octet;
  }
  return i === length ? value : -1;
}

export function isIpv4Cidr(text: string): boolean {
  return ipaddr.IPv4.isValidCIDRFourPartDecimal(text);
}

export function ipv4ToInt(text: string): number {
  const quad = dottedQuadValue(text);
  if (quad >= 0) return quad;
  const [a, b, c, d] = ipaddr.IPv4.parse(text).octets as [number, number, number, number];
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

export function intToIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** Parses `10.244.1.0/24`; the host bits are cleared, as the kernel does for a route. */
export function parsePrefix(cidr: string): Ipv4Prefix {
  const [address, length] = ipaddr.IPv4.parseCIDR(cidr);
  const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
  const network = (ipv4ToInt(address.toString()) & mask) >>> 0;
  return { network, length };
}

export function prefixSize(prefix: Ipv4Prefix): number {
  return 2 ** (32 - prefix.length);
}

/** The address at `offset` inside the prefix (0 is the network address). */
export function addressAt(prefix: Ipv4Prefix, offset: number): string {
  return intToIpv4((prefix.network + offset) >>> 0);
}

export function prefixContains(prefix: Ipv4Prefix, ip: string): boolean {
  const mask = prefix.length === 0 ? 0 : (0xffffffff << (32 - prefix.length)) >>> 0;
  return ((ipv4ToInt(ip) & mask) >>> 0) === prefix.network;
}

export function formatPrefix(prefix: Ipv4Prefix): string {
  return `${intToIpv4(prefix.network)}/${prefix.length}`;
}
