/**
 * The connection set between every pair of endpoint classes (see classes.ts), as one table of
 * interned ids: O(classes²) numbers, never O(endpoints²) objects.
 *
 * Per class pair the set is what the source's egress side allows intersected with what the
 * destination's ingress side allows (allowed.ts says the same per endpoint pair). A side is
 * computed by walking each selecting policy's rules once over the classes the rule admits, so
 * the work is the sum over rules of (classes it selects × classes it admits), not a test of every
 * rule for every pair.
 */
import { alwaysAllowed } from './allowed';
import { endpointClasses, type EndpointClasses } from './classes';
import { ConnectionIds } from './connection-ids';
import type { ConnectionSet } from './connection-set';
import { ruleConnections } from './ports';
import type { PolicyEndpoint } from './types';
import type { PolicyWorld } from './world';

export interface ClassMatrix {
  readonly classes: EndpointClasses;
  /** The interned sets; `ids.set(id)` gives one back. */
  readonly ids: ConnectionIds;
  /** The id of what class `from` may open to class `to` (pairs that are always allowed aside). */
  connectionId(from: number, to: number): number;
  /** The same ids as one table, destination first: `table[to * classes.count + from]`. */
  readonly table: Int32Array;
}

export function classMatrix(world: PolicyWorld, endpoints: readonly PolicyEndpoint[]): ClassMatrix {
  const classes = endpointClasses(world, endpoints);
  const ids = new ConnectionIds();
  const count = classes.count;
  const ports = new RulePorts(classes, ids);

  // Egress rows, only for classes some policy isolates for egress: row[to] = what `from` may open to `to`.
  const egress: (Int32Array | undefined)[] = classes.selectedBy.map(({ egress: selecting }) => {
    if (selecting.length === 0) return undefined;
    const row = new Int32Array(count).fill(ids.none);
    for (const fact of selecting) {
      for (const rule of ruleIdsOf(classes, fact)) {
        // Named ports resolve on the destination, whichever side's rule names them.
        if (isEveryone(classes, rule)) for (let to = 0; to < count; to++) row[to] = ids.union(row[to]!, ports.of(rule, to));
        else for (const to of classes.admitted[rule]!) row[to] = ids.union(row[to]!, ports.of(rule, to));
      }
    }
    return row;
  });

  const anyEgress = egress.some((row) => row !== undefined);

  // The table, column by column (stored with the destination first): the ingress side of each
  // destination over all sources, intersected with each source's egress row.
  const table = new Int32Array(count * count);
  const column = new Int32Array(count);
  for (let to = 0; to < count; to++) {
    const selecting = classes.selectedBy[to]!.ingress;
    column.fill(selecting.length === 0 ? ids.all : ids.none);
    for (const fact of selecting) {
      for (const rule of ruleIdsOf(classes, fact)) {
        const allowed = ports.of(rule, to);
        if (allowed === ids.none) continue;
        if (isEveryone(classes, rule)) for (let from = 0; from < count; from++) column[from] = ids.union(column[from]!, allowed);
        else for (const from of classes.admitted[rule]!) column[from] = ids.union(column[from]!, allowed);
      }
    }
    const base = to * count;
    if (!anyEgress) {
      table.set(column, base);
      continue;
    }
    for (let from = 0; from < count; from++) {
      const row = egress[from];
      table[base + from] = row === undefined ? column[from]! : ids.intersect(row[to]!, column[from]!);
    }
  }

  return { classes, ids, table, connectionId: (from, to) => table[to * count + from]! };
}

/** `matrix[i][j]`: what `endpoints[i]` may open to `endpoints[j]`. */
export function connectionMatrixOf(world: PolicyWorld, endpoints: readonly PolicyEndpoint[]): ConnectionSet[][] {
  const matrix = classMatrix(world, endpoints);
  const { classOf, resolved } = matrix.classes;
  const all = matrix.ids.set(matrix.ids.all);
  return endpoints.map((_, i) =>
    endpoints.map((_, j) =>
      alwaysAllowed(resolved[i]!, resolved[j]!) !== undefined ? all : matrix.ids.set(matrix.connectionId(classOf[i]!, classOf[j]!)),
    ),
  );
}

function ruleIdsOf(classes: EndpointClasses, fact: number): readonly number[] {
  const selected = classes.facts[fact]!;
  return selected.kind === 'selected' ? selected.rules : [];
}

function isEveryone(classes: EndpointClasses, rule: number): boolean {
  const fact = classes.facts[rule]!;
  return fact.kind === 'admitted' && fact.admitsEveryone;
}

/**
 * The ports a rule opens towards a destination class, as an id. "If this field is empty or
 * missing, this rule matches all ports"; a named port resolves on the destination, so rules
 * naming ports are computed once per distinct resolution, the others once.
 */
class RulePorts {
  /** Per fact id: 1 when the rule names a port, 0 when not, -1 not looked at yet. */
  private readonly namesPorts: Int8Array;
  private readonly fixed = new Map<number, number>();
  private readonly named = new Map<number, number>();

  constructor(
    private readonly classes: EndpointClasses,
    private readonly ids: ConnectionIds,
  ) {
    this.namesPorts = new Int8Array(classes.facts.length).fill(-1);
  }

  of(rule: number, destination: number): number {
    const fact = this.classes.facts[rule]!;
    if (fact.kind !== 'admitted') throw new Error(`fact ${rule} is not a rule`);
    if (this.namesPorts[rule] === -1) this.namesPorts[rule] = fact.rule.ports?.some((p) => typeof p.port === 'string') ? 1 : 0;
    if (this.namesPorts[rule] === 0) {
      let id = this.fixed.get(rule);
      if (id === undefined) {
        id = this.ids.id(ruleConnections(fact.rule, undefined));
        this.fixed.set(rule, id);
      }
      return id;
    }
    // Fewer than 2^26 facts and distinct resolutions in any world this runs on.
    const key = rule * 67_108_864 + this.classes.portsKey[destination]!;
    let id = this.named.get(key);
    if (id === undefined) {
      id = this.ids.id(ruleConnections(fact.rule, this.classes.portsPod[destination]));
      this.named.set(key, id);
    }
    return id;
  }
}
