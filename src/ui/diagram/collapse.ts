/**
 * What to draw of a big cluster: pure, over the topology, the elements on the trace's path and
 * the summaries the user opened.
 *
 * A small cluster (every gallery example) is drawn whole, unchanged. Above `SUMMARISE_ABOVE`
 * elements:
 * - a cluster node the packet does not visit is one summary box (`worker-7`, `48 pods in 5
 *   namespaces`) standing for everything in it;
 * - a node the packet visits (or one the user opened) shows its own devices and the pods the
 *   packet visits; its other pods are grouped per namespace into summary boxes (`payments`,
 *   `12 pods`), a group of one pod being drawn as that pod;
 * - opening a summary (its id in `expanded`) draws what it stands for (a node's namespace
 *   groups, a group's pods);
 * - a link to something left out goes to the summary standing for it, once per pair of boxes.
 * Elements on the path, and the boxes they sit in, are always drawn.
 */
import type { Topology, TopologyElement, TopologyLink } from '../../core';
import type { DiagramElement, DiagramGraph, SummaryElement } from './graph';

/** Clusters with more elements than this are summarised (the gallery's biggest has a few dozen). */
export const SUMMARISE_ABOVE = 400;

/** Ids of summary boxes: one per cluster node, one per namespace inside a node. */
export const summaryId = {
  node: (nodeId: string) => `summary:${nodeId}`,
  namespace: (nodeId: string, namespace: string) => `summary:${nodeId}/${namespace}`,
} as const;

export interface CollapsedView {
  readonly graph: DiagramGraph;
  /** True when the cluster is big enough to be summarised (false: `graph` is the topology itself). */
  readonly summarised: boolean;
  /** For each element drawn only through a summary, the summary's id. */
  readonly standIn: ReadonlyMap<string, string>;
  /** For each drawn cluster node, the opened summaries that folding it back closes (none: nothing to fold). */
  readonly folds: ReadonlyMap<string, readonly string[]>;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The namespace of a pod element, from its id (`pod:<namespace>/<name>`, see core's `elementId.pod`). */
function namespaceOf(pod: TopologyElement): string {
  const rest = pod.id.startsWith('pod:') ? pod.id.slice('pod:'.length) : pod.id;
  const slash = rest.indexOf('/');
  return slash < 0 ? rest : rest.slice(0, slash);
}

interface Index {
  readonly byId: ReadonlyMap<string, TopologyElement>;
  readonly children: ReadonlyMap<string | undefined, readonly TopologyElement[]>;
  /** Host veth id → the pod whose eth0 it is paired with. */
  readonly vethOwner: ReadonlyMap<string, string>;
  /** Pod id → its host veths. */
  readonly podVeths: ReadonlyMap<string, readonly string[]>;
}

function indexOf(topology: Topology): Index {
  const byId = new Map(topology.elements.map((e) => [e.id, e]));
  const children = new Map<string | undefined, TopologyElement[]>();
  for (const e of topology.elements) {
    const list = children.get(e.parent);
    if (list) list.push(e);
    else children.set(e.parent, [e]);
  }
  const vethOwner = new Map<string, string>();
  const podVeths = new Map<string, string[]>();
  for (const link of topology.links) {
    if (link.kind !== 'veth-pair') continue;
    for (const [podSide, hostSide] of [
      [link.source, link.target],
      [link.target, link.source],
    ] as const) {
      const pod = byId.get(podSide)?.parent;
      if (pod === undefined || byId.get(pod)?.kind !== 'pod' || byId.get(hostSide)?.kind !== 'veth') continue;
      vethOwner.set(hostSide, pod);
      podVeths.set(pod, [...(podVeths.get(pod) ?? []), hostSide]);
    }
  }
  return { byId, children, vethOwner, podVeths };
}

/** The element and everything nested in it. */
function subtree(index: Index, id: string): string[] {
  const out = [id];
  for (let i = 0; i < out.length; i++) for (const child of index.children.get(out[i]) ?? []) out.push(child.id);
  return out;
}

/** Path elements and every box they sit in; a pod's host veth on the path keeps the pod too. */
function keptFor(index: Index, path: ReadonlySet<string>): Set<string> {
  const kept = new Set<string>();
  const keep = (id: string | undefined): void => {
    for (let at = id; at !== undefined && !kept.has(at); at = index.byId.get(at)?.parent) kept.add(at);
  };
  for (const id of path) {
    if (!index.byId.has(id)) continue;
    keep(id);
    keep(index.vethOwner.get(id));
  }
  return kept;
}

/** Links with their ends moved to the boxes drawn for them; a link inside one box goes, doubles go. */
function redirect(links: readonly TopologyLink[], standIn: ReadonlyMap<string, string>): TopologyLink[] {
  const out: TopologyLink[] = [];
  const seen = new Set<string>();
  for (const link of links) {
    const source = standIn.get(link.source) ?? link.source;
    const target = standIn.get(link.target) ?? link.target;
    if (source === target) continue;
    if (source === link.source && target === link.target) {
      out.push(link);
      continue;
    }
    const key = source < target ? `${source}~${target}` : `${target}~${source}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ id: `link:${source}~${target}`, kind: link.kind, source, target });
  }
  return out;
}

export function collapseTopology(topology: Topology, path: ReadonlySet<string>, expanded: ReadonlySet<string>): CollapsedView {
  if (topology.elements.length <= SUMMARISE_ABOVE) return { graph: topology, summarised: false, standIn: new Map(), folds: new Map() };
  const index = indexOf(topology);
  const kept = keptFor(index, path);
  const standIn = new Map<string, string>();
  const folds = new Map<string, readonly string[]>();
  /** Node summaries by the id of the node they stand for; namespace summaries by their own id. */
  const nodeSummaries = new Map<string, SummaryElement>();
  const namespaceSummaries = new Map<string, SummaryElement>();
  /** Pods shown, in the order their node draws them (path pods first, then per namespace). */
  const podOrder = new Map<string, readonly string[]>();

  for (const node of index.children.get(undefined) ?? []) {
    if (node.kind !== 'node') continue;
    const pods = (index.children.get(node.id) ?? []).filter((k) => k.kind === 'pod');
    const nodeSummary = summaryId.node(node.id);
    if (!kept.has(node.id) && !expanded.has(nodeSummary)) {
      for (const id of subtree(index, node.id)) standIn.set(id, nodeSummary);
      const namespaces = new Set(pods.map(namespaceOf)).size;
      const detail = pods.length === 0 ? 'no pods' : `${plural(pods.length, 'pod')} in ${plural(namespaces, 'namespace')}`;
      nodeSummaries.set(node.id, { id: nodeSummary, kind: 'summary', scope: 'node', label: node.label, detail, parent: undefined, node: node.id, pods: pods.length });
      continue;
    }
    const opened: string[] = kept.has(node.id) ? [] : [nodeSummary];
    const order = pods.filter((p) => kept.has(p.id)).map((p) => p.id);
    const groups = new Map<string, TopologyElement[]>();
    for (const pod of pods.filter((p) => !kept.has(p.id))) {
      const ns = namespaceOf(pod);
      groups.set(ns, [...(groups.get(ns) ?? []), pod]);
    }
    for (const ns of [...groups.keys()].sort()) {
      const group = groups.get(ns)!;
      const id = summaryId.namespace(node.id, ns);
      if (expanded.has(id)) opened.push(id);
      if (group.length === 1 || expanded.has(id)) {
        order.push(...group.map((p) => p.id));
        continue;
      }
      for (const pod of group) {
        for (const hidden of [...subtree(index, pod.id), ...(index.podVeths.get(pod.id) ?? [])]) standIn.set(hidden, id);
      }
      order.push(id);
      namespaceSummaries.set(id, { id, kind: 'summary', scope: 'namespace', label: ns, detail: plural(group.length, 'pod'), parent: node.id, node: node.id, pods: group.length });
    }
    podOrder.set(node.id, order);
    folds.set(node.id, opened);
  }

  const elements: DiagramElement[] = [];
  for (const element of topology.elements) {
    if (standIn.has(element.id)) {
      const summary = nodeSummaries.get(element.id);
      if (summary) elements.push(summary);
      continue;
    }
    // A node's pods (and its namespace summaries) are listed in the order the node draws them.
    if (element.kind === 'pod' && element.parent !== undefined && podOrder.has(element.parent)) continue;
    elements.push(element);
    const order = podOrder.get(element.id);
    if (order) for (const id of order) elements.push(namespaceSummaries.get(id) ?? index.byId.get(id)!);
  }
  return { graph: { elements, links: redirect(topology.links, standIn) }, summarised: true, standIn, folds };
}
