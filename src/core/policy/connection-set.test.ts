import { describe, expect, it } from 'vitest';
import {
  ALL_CONNECTIONS,
  NO_CONNECTIONS,
  allPorts,
  contains,
  formatConnections,
  intersect,
  isAll,
  isEmpty,
  portRange,
  subtract,
  union,
  unionAll,
} from './connection-set';

describe('ConnectionSet', () => {
  it('merges adjacent and overlapping ranges into one representation', () => {
    const set = unionAll([portRange('TCP', 80), portRange('TCP', 81, 90), portRange('TCP', 85, 100), portRange('TCP', 443)]);
    expect(set.TCP).toEqual([
      [80, 100],
      [443, 443],
    ]);
  });

  it('intersects and subtracts per protocol', () => {
    const a = union(portRange('TCP', 1, 100), portRange('UDP', 53));
    const b = union(portRange('TCP', 50, 200), portRange('SCTP', 53));
    expect(intersect(a, b)).toEqual({ TCP: [[50, 100]], UDP: [], SCTP: [] });
    expect(subtract(a, b)).toEqual({ TCP: [[1, 49]], UDP: [[53, 53]], SCTP: [] });
    expect(subtract(ALL_CONNECTIONS, portRange('TCP', 80)).TCP).toEqual([
      [1, 79],
      [81, 65535],
    ]);
  });

  it('clamps to 1–65535: port 0 is outside the model', () => {
    expect(portRange('TCP', 0, 0)).toEqual(NO_CONNECTIONS);
    expect(portRange('UDP', 0, 70000).UDP).toEqual([[1, 65535]]);
  });

  it('answers membership', () => {
    const set = union(portRange('TCP', 8000, 8080), portRange('SCTP', 9090));
    expect(contains(set, 'TCP', 8080)).toBe(true);
    expect(contains(set, 'TCP', 8081)).toBe(false);
    expect(contains(set, 'UDP', 8000)).toBe(false);
    expect(contains(set, 'SCTP', 9090)).toBe(true);
  });

  describe("netpol-analyzer's text", () => {
    it.each([
      [ALL_CONNECTIONS, 'All Connections'],
      [NO_CONNECTIONS, 'No Connections'],
      [portRange('TCP', 9090), 'TCP 9090'],
      [unionAll([portRange('TCP', 8080), portRange('TCP', 9090), portRange('UDP', 8080)]), 'TCP 8080,9090,UDP 8080'],
      [unionAll([portRange('TCP', 10053, 10054), portRange('UDP', 10053)]), 'TCP 10053-10054,UDP 10053'],
      [unionAll([portRange('SCTP', 9090), portRange('SCTP', 8956)]), 'SCTP 8956,9090'],
      [subtract(ALL_CONNECTIONS, portRange('TCP', 80)), 'SCTP 1-65535,TCP 1-79,81-65535,UDP 1-65535'],
    ])('%j → %s', (set, text) => {
      expect(formatConnections(set)).toBe(text);
    });

    it('prints 1-65535 on all three protocols as All Connections (endPort ranges)', () => {
      const set = unionAll([portRange('UDP', 1, 65535), portRange('TCP', 1, 65535), portRange('SCTP', 1, 65535)]);
      expect(isAll(set)).toBe(true);
      expect(formatConnections(set)).toBe('All Connections');
      expect(formatConnections(union(allPorts('TCP'), allPorts('UDP')))).toBe('TCP 1-65535,UDP 1-65535');
    });
  });

  it('knows empty and full', () => {
    expect(isEmpty(NO_CONNECTIONS)).toBe(true);
    expect(isEmpty(portRange('SCTP', 1))).toBe(false);
    expect(isAll(ALL_CONNECTIONS)).toBe(true);
    expect(isAll(allPorts('TCP'))).toBe(false);
  });
});
