/**
 * The whole-cluster matrix, computed per equivalence class (issue 4, speed). Pods, and the
 * outside address ranges the policies distinguish, are sorted into classes once
 * (policy/classes.ts); the connection set of every pair of classes is one table
 * (policy/class-matrix.ts); a workload is the set of classes of its pods, and workloads with the
 * same set share one row and one column. A cell is then the distinct connection sets of its
 * class pairs, summarized once per distinct combination and stored as an index.
 *
 * Two kinds of pairs no policy can block are kept exact: a pod with itself (only in a workload's
 * own cell), and a hostNetwork pod with the pods of its node ("traffic to and from the node
 * where a Pod is running is always allowed"), which makes the row and column of a workload with
 * hostNetwork pods depend on where the other workloads' pods run: those rows and columns are
 * computed from (class, node) entries instead of from groups.
 */
import type { Cluster, Pod } from '../cluster/types';
import { policyPod, policyWorldOf } from '../cluster/policy-view';
import { classMatrix, type ClassMatrix } from '../policy/class-matrix';
import { ALL_CONNECTIONS, formatConnections } from '../policy/connection-set';
import { externalAtoms } from '../policy/connlist/connlist';
import { formatAddress } from '../policy/ip-blocks';
import type { PolicyEndpoint } from '../policy/types';
import { createPolicyWorld } from '../policy/world';
import { summarizeCell, type CellPairs } from './cell';
import { workloadsOf } from './workloads';
import { OUTSIDE, type ReachabilityCell, type ReachabilityMatrix, type ReachabilityQuery } from './types';

export function reachabilityMatrix(cluster: Cluster, query: ReachabilityQuery = {}): ReachabilityMatrix {
  const grouped = workloadsOf(cluster.pods);
  const workloads = grouped.map((w) => w.group);
  const enforced = cluster.settings.enforceNetworkPolicy;
  const world = enforced ? policyWorldOf(cluster) : createPolicyWorld({ namespaces: cluster.namespaces, policies: [] });

  // One list of endpoints: every pod, workload by workload, then the outside address ranges.
  const pods: Pod[] = grouped.flatMap((w) => w.pods);
  const atoms = (direction: 'ingress' | 'egress'): PolicyEndpoint[] =>
    externalAtoms(world.policies, direction).map(([lo, hi]) => ({ kind: 'external-range', first: formatAddress(4, lo), last: formatAddress(4, hi) }));
  const sources = atoms('ingress');
  const destinations = atoms('egress');
  const endpoints: PolicyEndpoint[] = [...pods.map((pod): PolicyEndpoint => ({ kind: 'pod', pod: policyPod(pod) })), ...sources, ...destinations];
  const matrix = classMatrix(world, endpoints);
  const classOf = matrix.classes.classOf;
  const conn = (from: number, to: number) => matrix.connectionId(from, to);
  const cells = new CellTable(matrix, query);
  const seen = new IdSet(matrix.ids.size);

  // Each workload's classes in ascending order, and which of them hold two or more of its pods.
  const classLists: number[][] = [];
  const repeated: number[][] = [];
  const podsIn = new Int32Array(matrix.classes.count);
  let next = 0;
  for (const w of workloads) {
    const list: number[] = [];
    const many: number[] = [];
    for (let i = 0; i < w.pods.length; i++, next++) {
      const c = classOf[next]!;
      if (podsIn[c]! === 0) list.push(c);
      else if (podsIn[c]! === 1) many.push(c);
      podsIn[c]!++;
    }
    for (const c of list) podsIn[c] = 0;
    if (list.length > 1) list.sort((a, b) => a - b);
    classLists.push(list);
    repeated.push(many);
  }
  const distinctClasses = (from: number, count: number) => [...new Set(classOf.subarray(from, from + count))];
  const sourceClasses = distinctClasses(pods.length, sources.length);
  const destinationClasses = distinctClasses(pods.length + sources.length, destinations.length);

  // Groups: workloads with the same classes.
  const groupIds = new Map<string, number>();
  const groups: number[][] = [];
  const groupOf = new Uint32Array(workloads.length);
  classLists.forEach((list, w) => {
    const key = list.length === 1 ? String(list[0]) : list.join(',');
    let g = groupIds.get(key);
    if (g === undefined) {
      g = groups.length;
      groupIds.set(key, g);
      groups.push(list);
    }
    groupOf[w] = g;
  });

  const groupCount = groups.length;
  const between = new Uint32Array(groupCount * groupCount);
  // Most workloads have one class: their cell is the summary of one connection set, read
  // straight from the class table (destination first, like it).
  const single = Int32Array.from(groups, (members) => (members.length === 1 ? members[0]! : -1));
  const classCount = matrix.classes.count;
  const podPairs = cells.singles('pod pairs');
  for (let h = 0; h < groupCount; h++) {
    const to = groups[h]!;
    const column = single[h]! * classCount;
    for (let g = 0; g < groupCount; g++) {
      const from = single[g]!;
      if (from >= 0 && column >= 0) {
        const id = matrix.table[column + from]!;
        const known = podPairs[id]!;
        between[g * groupCount + h] = known >= 0 ? known : cells.single(id, 'pod pairs');
        continue;
      }
      seen.clear();
      for (const a of groups[g]!) for (const b of to) seen.add(conn(a, b));
      between[g * groupCount + h] = cells.of(seen, 'pod pairs');
    }
  }

  const toOutside = new Uint32Array(groupCount);
  const fromOutside = new Uint32Array(groupCount);
  groups.forEach((members, g) => {
    seen.clear();
    for (const a of members) for (const d of destinationClasses) seen.add(conn(a, d));
    toOutside[g] = cells.of(seen, 'outside address ranges');
    seen.clear();
    for (const s of sourceClasses) for (const b of members) seen.add(conn(s, b));
    fromOutside[g] = cells.of(seen, 'outside address ranges');
  });

  // A workload with itself: each pod with itself, and every pair of two of its pods.
  const own = new Uint32Array(workloads.length);
  classLists.forEach((list, w) => {
    seen.clear();
    seen.add(matrix.ids.all);
    for (const a of list) for (const b of list) if (a !== b) seen.add(conn(a, b));
    for (const a of repeated[w]!) seen.add(conn(a, a));
    own[w] = cells.of(seen, 'pod pairs');
  });

  const { nodeBound, nodeBoundIndex } = nodeBoundRows(pods, workloads.map((w) => w.pods.length), classOf, matrix, cells, seen, own);
  const outsideToOutside = cells.fixed({
    state: 'allowed',
    connections: formatConnections(ALL_CONNECTIONS),
    note: 'Traffic between outside addresses does not cross the cluster.',
  });

  return {
    query,
    workloads,
    enforced,
    distinctCells: cells.cells,
    groupOf,
    groupCount,
    between,
    own,
    toOutside,
    fromOutside,
    outsideToOutside,
    nodeBound,
    nodeBoundIndex,
  };
}

/** The cell from workload `from` to workload `to`, by index in `workloads`; `workloads.length` is outside. */
export function matrixCell(matrix: ReachabilityMatrix, from: number, to: number): ReachabilityCell {
  const outside = matrix.workloads.length;
  let index: number;
  if (from === outside) index = to === outside ? matrix.outsideToOutside : matrix.fromOutside[matrix.groupOf[to]!]!;
  else if (to === outside) index = matrix.toOutside[matrix.groupOf[from]!]!;
  else if (from === to) index = matrix.own[from]!;
  else if (matrix.nodeBoundIndex[from]! >= 0) index = matrix.nodeBound[matrix.nodeBoundIndex[from]!]!.row[to]!;
  else if (matrix.nodeBoundIndex[to]! >= 0) index = matrix.nodeBound[matrix.nodeBoundIndex[to]!]!.column[from]!;
  else index = matrix.between[matrix.groupOf[from]! * matrix.groupCount + matrix.groupOf[to]!]!;
  return matrix.distinctCells[index]!;
}

const workloadIndexes = new WeakMap<ReachabilityMatrix, Map<string, number>>();

/** The cell from one workload id (or `OUTSIDE`) to another; undefined for an id the matrix does not have. */
export function matrixCellOf(matrix: ReachabilityMatrix, fromId: string, toId: string): ReachabilityCell | undefined {
  let index = workloadIndexes.get(matrix);
  if (index === undefined) {
    index = new Map(matrix.workloads.map((w, i) => [w.id, i]));
    index.set(OUTSIDE, matrix.workloads.length);
    workloadIndexes.set(matrix, index);
  }
  const from = index.get(fromId);
  const to = index.get(toId);
  return from === undefined || to === undefined ? undefined : matrixCell(matrix, from, to);
}

/**
 * Rows and columns of the workloads with hostNetwork pods. Pods are taken as (class, node,
 * hostNetwork) entries; a node is kept only where it can matter: for a hostNetwork pod, and for a
 * pod on a node that runs some hostNetwork pod.
 */
function nodeBoundRows(
  pods: readonly Pod[],
  podCounts: readonly number[],
  classOf: Int32Array,
  matrix: ClassMatrix,
  cells: CellTable,
  seen: IdSet,
  own: Uint32Array,
): Pick<ReachabilityMatrix, 'nodeBound' | 'nodeBoundIndex'> {
  const workloadCount = podCounts.length;
  const nodeBoundIndex = new Int32Array(workloadCount).fill(-1);
  const hostNodes = new Set(pods.flatMap((p) => (p.network.kind === 'host' ? [p.nodeName] : [])));
  if (hostNodes.size === 0) return { nodeBound: [], nodeBoundIndex };

  interface Entry {
    readonly cls: number;
    readonly host: boolean;
    readonly node: string | undefined;
    count: number;
  }
  // Pods come workload by workload, `podCounts[w]` of them for workload w.
  const entries: Entry[][] = [];
  let i = 0;
  for (const count of podCounts) {
    const list: Entry[] = [];
    for (const end = i + count; i < end; i++) {
      const pod = pods[i]!;
      const host = pod.network.kind === 'host';
      const node = host || hostNodes.has(pod.nodeName) ? pod.nodeName : undefined;
      const known = list.find((e) => e.cls === classOf[i] && e.host === host && e.node === node);
      if (known === undefined) list.push({ cls: classOf[i]!, host, node, count: 1 });
      else known.count++;
    }
    entries.push(list);
  }
  const exempt = (a: Entry, b: Entry) => a.node !== undefined && a.node === b.node && a.host !== b.host;
  const all = matrix.ids.all;

  const nodeBound: { row: Uint32Array; column: Uint32Array }[] = [];
  entries.forEach((mine, w) => {
    if (!mine.some((e) => e.host && e.node !== undefined)) return;
    const row = new Uint32Array(workloadCount);
    const column = new Uint32Array(workloadCount);
    entries.forEach((theirs, v) => {
      if (v === w) return;
      seen.clear();
      for (const a of mine) for (const b of theirs) seen.add(exempt(a, b) ? all : matrix.connectionId(a.cls, b.cls));
      row[v] = cells.of(seen, 'pod pairs');
      seen.clear();
      for (const a of mine) for (const b of theirs) seen.add(exempt(a, b) ? all : matrix.connectionId(b.cls, a.cls));
      column[v] = cells.of(seen, 'pod pairs');
    });
    seen.clear();
    seen.add(all);
    for (const a of mine) {
      for (const b of mine) {
        if (a !== b) seen.add(exempt(a, b) ? all : matrix.connectionId(a.cls, b.cls));
        else if (a.count > 1) seen.add(matrix.connectionId(a.cls, a.cls));
      }
    }
    own[w] = cells.of(seen, 'pod pairs');
    row[w] = own[w]!;
    column[w] = own[w]!;
    nodeBoundIndex[w] = nodeBound.length;
    nodeBound.push({ row, column });
  });
  return { nodeBound, nodeBoundIndex };
}

/** The distinct connection-set ids met while filling one cell. */
class IdSet {
  readonly items: number[] = [];
  private readonly stamps: Int32Array;
  private stamp = 0;

  constructor(size: number) {
    this.stamps = new Int32Array(size);
  }

  clear(): void {
    this.stamp++;
    this.items.length = 0;
  }

  add(id: number): void {
    if (this.stamps[id] !== this.stamp) {
      this.stamps[id] = this.stamp;
      this.items.push(id);
    }
  }
}

/** Distinct cells, each summarized once per distinct combination of connection sets. */
class CellTable {
  readonly cells: ReachabilityCell[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly singlesByPairs: Record<CellPairs, Int32Array>;

  constructor(
    private readonly matrix: ClassMatrix,
    private readonly query: ReachabilityQuery,
  ) {
    const size = matrix.ids.size;
    this.singlesByPairs = { 'pod pairs': new Int32Array(size).fill(-1), 'outside address ranges': new Int32Array(size).fill(-1) };
  }

  /** The cells known so far for one connection set alone, by its id (-1: not yet). */
  singles(what: CellPairs): Int32Array {
    return this.singlesByPairs[what];
  }

  single(id: number, what: CellPairs): number {
    const known = this.singlesByPairs[what][id]!;
    if (known >= 0) return known;
    const index = this.summarize([id], what);
    this.singlesByPairs[what][id] = index;
    return index;
  }

  of(ids: IdSet, what: CellPairs): number {
    if (ids.items.length === 1) return this.single(ids.items[0]!, what);
    return this.summarize([...ids.items].sort((a, b) => a - b), what);
  }

  fixed(cell: ReachabilityCell): number {
    this.cells.push(cell);
    return this.cells.length - 1;
  }

  private summarize(sorted: readonly number[], what: CellPairs): number {
    const key = `${what}:${sorted.join(',')}`;
    let index = this.byKey.get(key);
    if (index === undefined) {
      index = this.fixed(summarizeCell(sorted.map((id) => this.matrix.ids.set(id)), this.query, what));
      this.byKey.set(key, index);
    }
    return index;
  }
}
