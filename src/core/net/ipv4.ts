import ipaddr from 'ipaddr.js';

/** An IPv4 prefix as numbers, for allocation arithmetic. */
export interface Ipv4Prefix {
  readonly network: number;
  readonly length: number;
}

export function isIpv4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

export function isIpv4Cidr(text: string): boolean {
  return ipaddr.IPv4.isValidCIDRFourPartDecimal(text);
}

export function ipv4ToInt(text: string): number {
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
