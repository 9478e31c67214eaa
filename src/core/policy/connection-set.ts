/**
 * Sets of connections: for each protocol (TCP, UDP, SCTP) a set of port ranges within 1–65535.
 * Plain immutable data; every operation returns a new value. Ranges are kept sorted, disjoint
 * and maximal (adjacent ranges merged), so that equal sets have equal representations.
 */
import type { Protocol } from './types';

export type PortRange = readonly [first: number, last: number];

export interface ConnectionSet {
  readonly TCP: readonly PortRange[];
  readonly UDP: readonly PortRange[];
  readonly SCTP: readonly PortRange[];
}

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** The protocols of the model, in the analyzer's output order (string order). */
export const PROTOCOLS: readonly Protocol[] = ['SCTP', 'TCP', 'UDP'];

const FULL: readonly PortRange[] = [[MIN_PORT, MAX_PORT]];

export const NO_CONNECTIONS: ConnectionSet = { TCP: [], UDP: [], SCTP: [] };
export const ALL_CONNECTIONS: ConnectionSet = { TCP: FULL, UDP: FULL, SCTP: FULL };

/** The connections on one protocol, ports `first`..`last` (clamped to 1–65535). */
export function portRange(protocol: Protocol, first: number = MIN_PORT, last: number = first): ConnectionSet {
  const lo = Math.max(MIN_PORT, first);
  const hi = Math.min(MAX_PORT, last);
  const ranges: readonly PortRange[] = lo <= hi ? [[lo, hi]] : [];
  return { ...NO_CONNECTIONS, [protocol]: ranges };
}

/** Every port of one protocol. */
export function allPorts(protocol: Protocol): ConnectionSet {
  return portRange(protocol, MIN_PORT, MAX_PORT);
}

export function union(a: ConnectionSet, b: ConnectionSet): ConnectionSet {
  return combine(a, b, unionRanges);
}

export function intersect(a: ConnectionSet, b: ConnectionSet): ConnectionSet {
  return combine(a, b, intersectRanges);
}

/** What `a` allows and `b` does not. */
export function subtract(a: ConnectionSet, b: ConnectionSet): ConnectionSet {
  return combine(a, b, subtractRanges);
}

export function unionAll(sets: Iterable<ConnectionSet>): ConnectionSet {
  let result = NO_CONNECTIONS;
  for (const set of sets) result = union(result, set);
  return result;
}

export function isEmpty(set: ConnectionSet): boolean {
  return set.TCP.length === 0 && set.UDP.length === 0 && set.SCTP.length === 0;
}

export function isAll(set: ConnectionSet): boolean {
  return PROTOCOLS.every((p) => isFull(set[p]));
}

export function equals(a: ConnectionSet, b: ConnectionSet): boolean {
  return PROTOCOLS.every((p) => rangesEqual(a[p], b[p]));
}

/** Whether every connection of `inner` is in `outer`. */
export function isSubset(inner: ConnectionSet, outer: ConnectionSet): boolean {
  return isEmpty(subtract(inner, outer));
}

export function contains(set: ConnectionSet, protocol: Protocol, port: number): boolean {
  return set[protocol].some(([first, last]) => first <= port && port <= last);
}

/**
 * netpol-analyzer's text: `All Connections`, `No Connections`, or `<PROTO> <ports>` entries in
 * string order of the protocol, each with ascending single ports or `A-B` ranges, where one `,`
 * separates both the port items and the protocol entries: `SCTP 1-65535,TCP 1-79,81-65535,UDP 1-65535`.
 */
export function formatConnections(set: ConnectionSet): string {
  if (isAll(set)) return 'All Connections';
  if (isEmpty(set)) return 'No Connections';
  return PROTOCOLS.filter((p) => set[p].length > 0)
    .map((p) => `${p} ${formatRanges(set[p])}`)
    .join(',');
}

/** `80,8000-8080` */
export function formatRanges(ranges: readonly PortRange[]): string {
  return ranges.map(([first, last]) => (first === last ? String(first) : `${first}-${last}`)).join(',');
}

function isFull(ranges: readonly PortRange[]): boolean {
  return ranges.length === 1 && ranges[0]![0] === MIN_PORT && ranges[0]![1] === MAX_PORT;
}

function combine(
  a: ConnectionSet,
  b: ConnectionSet,
  op: (x: readonly PortRange[], y: readonly PortRange[]) => readonly PortRange[],
): ConnectionSet {
  return { TCP: op(a.TCP, b.TCP), UDP: op(a.UDP, b.UDP), SCTP: op(a.SCTP, b.SCTP) };
}

function rangesEqual(a: readonly PortRange[], b: readonly PortRange[]): boolean {
  return a.length === b.length && a.every((r, i) => r[0] === b[i]![0] && r[1] === b[i]![1]);
}

/** Sorted, disjoint, adjacent ranges merged. */
function normalize(ranges: readonly PortRange[]): readonly PortRange[] {
  const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [first, last] of sorted) {
    const previous = out[out.length - 1];
    if (previous !== undefined && first <= previous[1] + 1) previous[1] = Math.max(previous[1], last);
    else out.push([first, last]);
  }
  return out;
}

function unionRanges(a: readonly PortRange[], b: readonly PortRange[]): readonly PortRange[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  return normalize([...a, ...b]);
}

function intersectRanges(a: readonly PortRange[], b: readonly PortRange[]): readonly PortRange[] {
  const out: PortRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [aFirst, aLast] = a[i]!;
    const [bFirst, bLast] = b[j]!;
    const first = Math.max(aFirst, bFirst);
    const last = Math.min(aLast, bLast);
    if (first <= last) out.push([first, last]);
    if (aLast < bLast) i++;
    else j++;
  }
  return out;
}

function subtractRanges(a: readonly PortRange[], b: readonly PortRange[]): readonly PortRange[] {
  if (b.length === 0 || a.length === 0) return a;
  const out: PortRange[] = [];
  for (const [first, last] of a) {
    let start = first;
    for (const [bFirst, bLast] of b) {
      if (bLast < start || bFirst > last) continue;
      if (bFirst > start) out.push([start, bFirst - 1]);
      start = bLast + 1;
      if (start > last) break;
    }
    if (start <= last) out.push([start, last]);
  }
  return out;
}
