import type { Pod } from '../cluster/types';
import type { WorkloadGroup } from './types';

/** Pods grouped by the workload they belong to, in namespace order, then kind and name. */
export function groupWorkloads(pods: readonly Pod[]): WorkloadGroup[] {
  return workloadsOf(pods).map((w) => w.group);
}

/** The same groups, each with its pods (in the order of `group.pods`). */
export function workloadsOf(pods: readonly Pod[]): { readonly group: WorkloadGroup; readonly pods: readonly Pod[] }[] {
  const groups = new Map<string, { group: WorkloadGroup & { pods: string[] }; pods: Pod[] }>();
  for (const pod of pods) {
    const id = `${pod.namespace}/${pod.workload.kind}/${pod.workload.name}`;
    let entry = groups.get(id);
    if (entry === undefined) {
      const { namespace, labels, implicit } = pod;
      entry = { group: { id, namespace, kind: pod.workload.kind, name: pod.workload.name, pods: [], labels, implicit }, pods: [] };
      groups.set(id, entry);
    }
    entry.group.pods.push(`${pod.namespace}/${pod.name}`);
    entry.pods.push(pod);
  }
  return [...groups.values()].sort(
    (a, b) => compare(a.group.namespace, b.group.namespace) || compare(a.group.name, b.group.name) || compare(a.group.kind, b.group.kind),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
