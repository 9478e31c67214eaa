/**
 * Connection sets interned as small numbers, for tables with millions of cells: equal sets get
 * the same id, so a cell is one 32-bit number and "same connections" is `===`. Unions and
 * intersections of ids are memoised; a whole cluster's matrix has only a few dozen distinct sets.
 */
import { ALL_CONNECTIONS, NO_CONNECTIONS, intersect, union, type ConnectionSet, type PortRange } from './connection-set';

/** Ids stay below 2^26 so that a pair of them is one exact integer key (2^52 < 2^53). */
const PAIR = 67_108_864;

export class ConnectionIds {
  /** Always 0. */
  readonly none: number;
  /** Always 1. */
  readonly all: number;
  private readonly ids = new Map<string, number>();
  private readonly sets: ConnectionSet[] = [];
  private readonly unions = new Map<number, number>();
  private readonly intersections = new Map<number, number>();

  constructor() {
    this.none = this.id(NO_CONNECTIONS);
    this.all = this.id(ALL_CONNECTIONS);
  }

  /** The id of a set, the same for every equal set. */
  id(set: ConnectionSet): number {
    const key = `${rangesKey(set.TCP)}|${rangesKey(set.UDP)}|${rangesKey(set.SCTP)}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      if (id >= PAIR) throw new Error('more distinct connection sets than a pair key can hold');
      this.sets.push(set);
      this.ids.set(key, id);
    }
    return id;
  }

  set(id: number): ConnectionSet {
    const set = this.sets[id];
    if (set === undefined) throw new Error(`unknown connection set id ${id}`);
    return set;
  }

  get size(): number {
    return this.sets.length;
  }

  union(a: number, b: number): number {
    if (a === b || b === this.none || a === this.all) return a;
    if (a === this.none || b === this.all) return b;
    const key = a < b ? a * PAIR + b : b * PAIR + a;
    let id = this.unions.get(key);
    if (id === undefined) {
      id = this.id(union(this.set(a), this.set(b)));
      this.unions.set(key, id);
    }
    return id;
  }

  intersect(a: number, b: number): number {
    if (a === b || b === this.all || a === this.none) return a;
    if (a === this.all || b === this.none) return b;
    const key = a < b ? a * PAIR + b : b * PAIR + a;
    let id = this.intersections.get(key);
    if (id === undefined) {
      id = this.id(intersect(this.set(a), this.set(b)));
      this.intersections.set(key, id);
    }
    return id;
  }
}

function rangesKey(ranges: readonly PortRange[]): string {
  let key = '';
  for (const [first, last] of ranges) key += `${first}-${last},`;
  return key;
}
