/**
 * IPv4 and IPv6 address arithmetic for `ipBlock`: CIDR parsing, `cidr` minus `except` as sets
 * of address intervals, containment, and the cutting of the address space into atoms.
 * Addresses are BigInts internally (one representation for both families); the policy types
 * stay plain strings, and parsed sets are memoised per peer.
 */
import ipaddr from 'ipaddr.js';
import type { IpBlockPeer } from './types';

export type IpFamily = 4 | 6;

/** An inclusive interval of addresses of one family. */
export type IpInterval = readonly [first: bigint, last: bigint];

/** Sorted, disjoint, adjacent intervals merged; one list per family. */
export interface IpSet {
  readonly v4: readonly IpInterval[];
  readonly v6: readonly IpInterval[];
}

export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
}

export interface ParsedCidr {
  readonly family: IpFamily;
  readonly prefix: number;
  readonly first: bigint;
  readonly last: bigint;
}

export const EMPTY_IP_SET: IpSet = { v4: [], v6: [] };

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

const DOTTED_DECIMAL = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export function familyMax(family: IpFamily): bigint {
  return (1n << BigInt(BITS[family])) - 1n;
}

/** A dotted IPv4 (four decimal parts) or an IPv6 address; undefined if it is neither. */
export function parseAddress(text: string): IpAddress | undefined {
  const trimmed = text.trim();
  // The common case without ipaddr.js (a matrix parses one address per pod): the same answer as
  // `isValidFourPartDecimal`, which takes exactly these four decimal parts, each at most 255.
  const dotted = DOTTED_DECIMAL.exec(trimmed);
  if (dotted !== null) {
    const parts = [Number(dotted[1]), Number(dotted[2]), Number(dotted[3]), Number(dotted[4])];
    if (parts.some((part) => part > 255)) return undefined;
    return { family: 4, value: BigInt(((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!) };
  }
  if (ipaddr.IPv4.isValidFourPartDecimal(trimmed)) {
    return { family: 4, value: bytesToBigInt(ipaddr.IPv4.parse(trimmed).toByteArray()) };
  }
  if (trimmed.includes(':') && ipaddr.IPv6.isValid(trimmed)) {
    return { family: 6, value: bytesToBigInt(ipaddr.IPv6.parse(trimmed).toByteArray()) };
  }
  return undefined;
}

/**
 * Parses `10.0.0.0/8` or `2001:db8::/64`. Host bits are cleared, as the API server accepts
 * a non-canonical CIDR such as `192.168.242.213/24` and it means `192.168.242.0/24`.
 */
export function parseCidr(text: string): ParsedCidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseAddress(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === undefined || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const bits = BITS[address.family];
  if (prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  const hostMask = (1n << hostBits) - 1n;
  const first = address.value & ~hostMask & familyMax(address.family);
  return { family: address.family, prefix, first, last: first | hostMask };
}

export function formatAddress(family: IpFamily, value: bigint): string {
  const bytes: number[] = [];
  const count = family === 4 ? 4 : 16;
  for (let i = count - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(8 * i)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

/** `first-last`, the analyzer's way of printing a block (never CIDR). */
export function formatInterval(family: IpFamily, interval: IpInterval): string {
  return `${formatAddress(family, interval[0])}-${formatAddress(family, interval[1])}`;
}

export function intervalsOf(set: IpSet, family: IpFamily): readonly IpInterval[] {
  return family === 4 ? set.v4 : set.v6;
}

function withFamily(family: IpFamily, intervals: readonly IpInterval[]): IpSet {
  return family === 4 ? { v4: intervals, v6: [] } : { v4: [], v6: intervals };
}

export function cidrSet(cidr: ParsedCidr): IpSet {
  return withFamily(cidr.family, [[cidr.first, cidr.last]]);
}

export function unionIpSets(a: IpSet, b: IpSet): IpSet {
  return { v4: mergeIntervals([...a.v4, ...b.v4]), v6: mergeIntervals([...a.v6, ...b.v6]) };
}

export function subtractIpSets(a: IpSet, b: IpSet): IpSet {
  return { v4: subtractIntervals(a.v4, b.v4), v6: subtractIntervals(a.v6, b.v6) };
}

/** `cidr` minus every `except`; entries that do not parse are left out (the reader reports them). */
export function ipBlockSet(cidr: string, except: readonly string[]): IpSet {
  const parsed = parseCidr(cidr);
  if (parsed === undefined) return EMPTY_IP_SET;
  let set = cidrSet(parsed);
  for (const text of except) {
    const cut = parseCidr(text);
    if (cut !== undefined) set = subtractIpSets(set, cidrSet(cut));
  }
  return set;
}

const peerSets = new WeakMap<IpBlockPeer, IpSet>();

/** The addresses an `ipBlock` peer admits, parsed once per peer. */
export function ipSetOfPeer(peer: IpBlockPeer): IpSet {
  let set = peerSets.get(peer);
  if (set === undefined) {
    set = ipBlockSet(peer.cidr, peer.except);
    peerSets.set(peer, set);
  }
  return set;
}

/** Whether every address of `first`..`last` is in the set. */
export function ipSetContainsRange(set: IpSet, family: IpFamily, first: bigint, last: bigint): boolean {
  const intervals = intervalsOf(set, family);
  let lo = 0;
  let hi = intervals.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end] = intervals[mid]!;
    if (first < start) hi = mid - 1;
    else if (first > end) lo = mid + 1;
    else return last <= end;
  }
  return false;
}

export function ipSetContains(set: IpSet, address: IpAddress): boolean {
  return ipSetContainsRange(set, address.family, address.value, address.value);
}

/**
 * Cuts the whole address space of a family into atoms: the coarsest partition into contiguous
 * intervals in which every interval of every given set is a union of atoms. Each atom is
 * therefore either wholly inside or wholly outside each set.
 */
export function addressAtoms(sets: Iterable<IpSet>, family: IpFamily): IpInterval[] {
  const max = familyMax(family);
  const cuts = new Set<bigint>([0n]);
  for (const set of sets) {
    for (const [first, last] of intervalsOf(set, family)) {
      cuts.add(first);
      if (last < max) cuts.add(last + 1n);
    }
  }
  const starts = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return starts.map((start, i) => [start, i + 1 < starts.length ? starts[i + 1]! - 1n : max] as const);
}

function compareIntervals(a: IpInterval, b: IpInterval): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

function mergeIntervals(intervals: readonly IpInterval[]): IpInterval[] {
  const sorted = [...intervals].sort(compareIntervals);
  const out: [bigint, bigint][] = [];
  for (const [first, last] of sorted) {
    const previous = out[out.length - 1];
    if (previous !== undefined && first <= previous[1] + 1n) {
      if (last > previous[1]) previous[1] = last;
    } else {
      out.push([first, last]);
    }
  }
  return out;
}

function subtractIntervals(a: readonly IpInterval[], b: readonly IpInterval[]): IpInterval[] {
  const out: IpInterval[] = [];
  for (const [first, last] of a) {
    let start = first;
    for (const [cutFirst, cutLast] of b) {
      if (cutLast < start || cutFirst > last) continue;
      if (cutFirst > start) out.push([start, cutFirst - 1n]);
      start = cutLast + 1n;
      if (start > last) break;
    }
    if (start <= last) out.push([start, last]);
  }
  return out;
}

function bytesToBigInt(bytes: readonly number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}
