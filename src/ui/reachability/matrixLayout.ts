/**
 * Which rows and columns the matrix shows, in order: one band per namespace (its workloads, or
 * one aggregated entry when the band is collapsed), then "outside the cluster". Rows and columns
 * use the same axis. This is presentation only: which cells to draw, never whether they connect.
 */
import { OUTSIDE, type WorkloadGroup } from '../../core';
import { matchesLabels, type LabelTerm } from './labelFilter';

export type AxisEntry =
  | {
      readonly kind: 'workload';
      readonly id: string;
      readonly label: string;
      readonly title: string;
      readonly implicit: boolean;
      readonly group: WorkloadGroup;
    }
  | {
      readonly kind: 'namespace';
      /** `ns:<namespace>`, never a workload id (those always hold two slashes). */
      readonly id: string;
      readonly label: string;
      readonly title: string;
      readonly implicit: boolean;
      readonly members: readonly WorkloadGroup[];
    }
  | { readonly kind: 'outside'; readonly id: string; readonly label: string; readonly title: string; readonly implicit: false };

export interface Band {
  /** The namespace, or `OUTSIDE` for the last band. */
  readonly key: string;
  readonly label: string;
  readonly collapsible: boolean;
  readonly collapsed: boolean;
  readonly entries: readonly AxisEntry[];
}

export interface MatrixView {
  /** Undefined: every namespace. */
  readonly namespace: string | undefined;
  readonly labels: readonly LabelTerm[];
  readonly showImplicit: boolean;
  readonly collapsed: ReadonlySet<string>;
}

export const namespaceEntryId = (namespace: string): string => `ns:${namespace}`;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function workloadEntry(group: WorkloadGroup, siblings: readonly WorkloadGroup[]): AxisEntry {
  const clash = siblings.some((s) => s !== group && s.name === group.name);
  const pods = plural(group.pods.length, 'pod');
  return {
    kind: 'workload',
    id: group.id,
    label: clash ? `${group.kind}/${group.name}` : group.name,
    title: `${group.namespace}/${group.name} (${group.kind}, ${pods})${group.implicit ? ', added by the simulator' : ''}`,
    implicit: group.implicit,
    group,
  };
}

function namespaceEntry(namespace: string, members: readonly WorkloadGroup[]): AxisEntry {
  return {
    kind: 'namespace',
    id: namespaceEntryId(namespace),
    label: `all ${plural(members.length, 'workload')}`,
    title: `Namespace ${namespace}: ${members.map((m) => m.name).join(', ')}`,
    implicit: members.every((m) => m.implicit),
    members,
  };
}

export const OUTSIDE_ENTRY: AxisEntry = {
  kind: 'outside',
  id: OUTSIDE,
  label: 'outside the cluster',
  title: 'Addresses outside the cluster',
  implicit: false,
};

/** The workloads the filters keep, grouped by namespace in the core's order. */
export function layoutMatrix(workloads: readonly WorkloadGroup[], view: MatrixView): Band[] {
  const kept = workloads.filter(
    (w) =>
      (view.namespace === undefined || w.namespace === view.namespace) &&
      (view.showImplicit || !w.implicit) &&
      matchesLabels(w.labels, view.labels),
  );
  const byNamespace = new Map<string, WorkloadGroup[]>();
  for (const w of kept) byNamespace.set(w.namespace, [...(byNamespace.get(w.namespace) ?? []), w]);
  const bands: Band[] = [...byNamespace].map(([namespace, members]) => {
    const collapsed = view.collapsed.has(namespace);
    return {
      key: namespace,
      label: namespace,
      collapsible: true,
      collapsed,
      entries: collapsed ? [namespaceEntry(namespace, members)] : members.map((m) => workloadEntry(m, members)),
    };
  });
  return [...bands, { key: OUTSIDE, label: 'outside', collapsible: false, collapsed: false, entries: [OUTSIDE_ENTRY] }];
}

/** The workload ids (or `OUTSIDE`) an entry stands for. */
export function memberIds(entry: AxisEntry): readonly string[] {
  switch (entry.kind) {
    case 'workload':
      return [entry.id];
    case 'namespace':
      return entry.members.map((m) => m.id);
    case 'outside':
      return [entry.id];
  }
}

/** Every namespace with at least one workload, for the namespace filter. */
export function namespacesOf(workloads: readonly WorkloadGroup[]): string[] {
  return [...new Set(workloads.map((w) => w.namespace))];
}
