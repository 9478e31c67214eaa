import { selects } from './endpoints';
import { podsByNamespace } from './policy-view';
import type { Pod } from './types';

/**
 * The pods of one namespace, indexed by label, to answer "which pods does this selector pick"
 * without testing every pod: a big cluster has thousands of Services and thousands of pods per
 * namespace. The answer is exactly `pods.filter((p) => selects(selector, p.labels))`, in the
 * pods' order: the pods carrying the selector's rarest `key=value` pair are the candidates (a pod
 * matches only if it carries every pair as its own label), and each is then tested in full.
 */
export class LabelIndex {
  /** Per label key, per value, the pods carrying it, in order. */
  private readonly postings = new Map<string, Map<string, Pod[]>>();

  constructor(private readonly pods: readonly Pod[]) {
    for (const pod of pods) {
      const labels = pod.labels;
      // Keys, not entries: a pair array per label of every pod would be most of the work.
      for (const key of Object.keys(labels)) {
        const value = labels[key]!;
        let values = this.postings.get(key);
        if (values === undefined) this.postings.set(key, (values = new Map()));
        const list = values.get(value);
        if (list === undefined) values.set(value, [pod]);
        else list.push(pod);
      }
    }
  }

  select(selector: Readonly<Record<string, string>>): Pod[] {
    return this.candidates(selector).filter((pod) => selects(selector, pod.labels));
  }

  /**
   * The pods that may carry every `key=value` pair of `pairs`, in order: those of its rarest
   * pair (all pods when `pairs` is empty). Every pod carrying all the pairs is among them, so a
   * selector whose `matchLabels` are `pairs` is tested on these alone.
   */
  candidates(pairs: Readonly<Record<string, string>>): readonly Pod[] {
    let candidates: readonly Pod[] = this.pods;
    for (const key of Object.keys(pairs)) {
      const list = this.postings.get(key)?.get(pairs[key]!) ?? [];
      if (list.length < candidates.length) candidates = list;
    }
    return candidates;
  }
}

/**
 * The LabelIndex of each namespace's pods, each built the first time its namespace is asked
 * about: a namespace no selector looks into costs nothing. A namespace without pods gets an
 * empty index.
 */
export function labelIndexesByNamespace(pods: readonly Pod[]): (namespace: string) => LabelIndex {
  const podsIn = podsByNamespace(pods);
  const indexes = new Map<string, LabelIndex>();
  return (namespace) => {
    let index = indexes.get(namespace);
    if (index === undefined) indexes.set(namespace, (index = new LabelIndex(podsIn.get(namespace) ?? [])));
    return index;
  };
}
