/**
 * Indexes that let classes.ts evaluate selectors and ipBlocks on few candidates: pods by
 * namespace and label pair, and addresses by the atom of the ipBlocks' cut that holds them.
 */
import { addressAtoms, intervalsOf, ipSetOfPeer, type IpFamily, type IpSet } from './ip-blocks';
import { selectorMatches } from './selectors';
import type { LabelSelector, PolicyPod } from './types';
import { namespaceLabelsOf, type PolicyWorld } from './world';

/** Pods on the pod network (by index; undefined for other endpoints) by namespace and by label pair. */
export class PodIndex {
  private readonly byNamespace = new Map<string, { readonly all: number[]; readonly byLabel: Map<string, number[]> }>();
  private readonly namespaceMatches = new Map<LabelSelector, readonly string[]>();

  constructor(
    private readonly world: PolicyWorld,
    private readonly pods: readonly (PolicyPod | undefined)[],
  ) {
    pods.forEach((pod, s) => {
      if (pod === undefined) return;
      let entry = this.byNamespace.get(pod.namespace);
      if (entry === undefined) {
        entry = { all: [], byLabel: new Map() };
        this.byNamespace.set(pod.namespace, entry);
      }
      entry.all.push(s);
      for (const [key, value] of Object.entries(pod.labels)) {
        const pair = `${key}\0${value}`;
        const list = entry.byLabel.get(pair);
        if (list === undefined) entry.byLabel.set(pair, [s]);
        else list.push(s);
      }
    });
  }

  /** The pods of one namespace that a pod selector matches (undefined: all of them), by index. */
  matching(namespace: string, selector: LabelSelector | undefined): readonly number[] {
    const entry = this.byNamespace.get(namespace);
    if (entry === undefined) return [];
    if (selector === undefined) return entry.all;
    let candidates: readonly number[] = entry.all;
    for (const [key, value] of Object.entries(selector.matchLabels)) {
      const list = entry.byLabel.get(`${key}\0${value}`) ?? [];
      if (list.length < candidates.length) candidates = list;
    }
    return candidates.filter((s) => selectorMatches(selector, this.pods[s]!.labels));
  }

  /** "This selects all namespaces matching namespaceSelector; if present but empty, it selects all namespaces." */
  namespacesMatching(selector: LabelSelector): readonly string[] {
    let names = this.namespaceMatches.get(selector);
    if (names === undefined) {
      names = [...this.byNamespace.keys()].filter((name) => selectorMatches(selector, namespaceLabelsOf(this.world, name)));
      this.namespaceMatches.set(selector, names);
    }
    return names;
  }
}

/**
 * The address atoms of every ipBlock in the world: the coarsest cut of each family's space in
 * which each atom is wholly inside or wholly outside every block. Atoms are numbered IPv4 first.
 */
export class AtomIndex {
  private readonly starts: Record<IpFamily, readonly bigint[]>;
  private readonly offset: Record<IpFamily, number>;
  /** Per atom, the endpoints (by index) whose address lies in it. */
  private readonly placed = new Map<number, number[]>();

  constructor(world: PolicyWorld) {
    const sets: IpSet[] = [];
    for (const policy of world.policies) {
      for (const rule of [...policy.ingress, ...policy.egress]) {
        for (const peer of rule.peers ?? []) if (peer.kind === 'ipBlock') sets.push(ipSetOfPeer(peer));
      }
    }
    const v4 = addressAtoms(sets, 4).map(([first]) => first);
    const v6 = addressAtoms(sets, 6).map(([first]) => first);
    this.starts = { 4: v4, 6: v6 };
    this.offset = { 4: 0, 6: v4.length };
  }

  atomOf(family: IpFamily, value: bigint): number {
    const starts = this.starts[family];
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= value) lo = mid;
      else hi = mid - 1;
    }
    return this.offset[family] + lo;
  }

  place(atom: number, endpoint: number): void {
    const list = this.placed.get(atom);
    if (list === undefined) this.placed.set(atom, [endpoint]);
    else list.push(endpoint);
  }

  /** Calls `visit` for every placed endpoint whose atom lies in the set. */
  forEachWithin(set: IpSet, visit: (shape: number) => void): void {
    if (this.placed.size === 0) return;
    for (const family of [4, 6] as const) {
      for (const [first, last] of intervalsOf(set, family)) {
        const from = this.atomOf(family, first);
        const to = this.atomOf(family, last);
        if (to - from + 1 <= this.placed.size) {
          for (let atom = from; atom <= to; atom++) for (const s of this.placed.get(atom) ?? []) visit(s);
        } else {
          for (const [atom, list] of this.placed) if (atom >= from && atom <= to) for (const s of list) visit(s);
        }
      }
    }
  }
}
