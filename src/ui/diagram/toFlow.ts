/** Topology + layout + where the packet is → React Flow nodes and edges. Pure. */
import type { ElementKind, Topology, TopologyLink } from '../../core';
import { assertNever } from '../assertNever';
import type { DiagramEdge, DiagramNode, Inlet } from './flowTypes';
import type { Layout, Placement } from './layout';

export interface PathState {
  /** Every element the packet visits. */
  readonly path: ReadonlySet<string>;
  /** Where the packet is now, and where it was one step before. */
  readonly current: string | undefined;
  readonly previous: string | undefined;
}

/** Elements to draw quieter: the pods the simulator added, with everything inside them. */
export type MutedElements = ReadonlySet<string>;

function nodeType(kind: ElementKind): DiagramNode['type'] {
  switch (kind) {
    case 'node':
    case 'pod':
      return 'k8sGroup';
    case 'container':
    case 'pod-interface':
    case 'host-interface':
    case 'veth':
    case 'bridge':
    case 'tunnel':
    case 'underlay':
      return 'k8sElement';
    default:
      return assertNever(kind);
  }
}

/** Draws every link top to bottom, whatever direction it names. */
function orient(link: TopologyLink, layout: Layout): { source: string; target: string } | undefined {
  const s = layout.get(link.source);
  const t = layout.get(link.target);
  if (!s || !t) return undefined;
  return s.absY <= t.absY ? { source: link.source, target: link.target } : { source: link.target, target: link.source };
}

/** The inlet on `target`'s top edge right under `source`'s centre (clamped inside the box). */
function inletUnder(source: Placement, target: Placement): number {
  const x = source.absX + source.width / 2 - target.absX;
  const margin = Math.min(12, target.width / 2);
  return Math.min(Math.max(x, margin), target.width - margin) / target.width;
}

/** For every element, the inlets its incoming edges use, keyed by link id. */
function inletsOf(topology: Topology, layout: Layout): Map<string, Inlet[]> {
  const inlets = new Map<string, Inlet[]>();
  for (const link of topology.links) {
    const ends = orient(link, layout);
    const s = ends && layout.get(ends.source);
    const t = ends && layout.get(ends.target);
    if (!ends || !s || !t) continue;
    const list = inlets.get(ends.target) ?? [];
    list.push({ id: link.id, left: inletUnder(s, t) });
    inlets.set(ends.target, list);
  }
  return inlets;
}

export function toFlowNodes(topology: Topology, layout: Layout, state: PathState, muted: MutedElements): DiagramNode[] {
  const nodes: DiagramNode[] = [];
  const inlets = inletsOf(topology, layout);
  for (const element of topology.elements) {
    const place = layout.get(element.id);
    if (!place) continue;
    const type = nodeType(element.kind);
    const data = {
      kind: element.kind,
      label: element.label,
      detail: element.detail,
      onPath: state.path.has(element.id),
      current: state.current === element.id,
      inlets: inlets.get(element.id) ?? [],
      muted: muted.has(element.id) || (element.parent !== undefined && muted.has(element.parent)),
    };
    const common = {
      id: element.id,
      position: { x: place.x, y: place.y },
      width: place.width,
      height: place.height,
      data,
      ...(element.parent !== undefined && layout.has(element.parent) ? { parentId: element.parent } : {}),
    };
    nodes.push(type === 'k8sGroup' ? { ...common, type } : { ...common, type: 'k8sElement' });
  }
  // React Flow wants parents before their children.
  const parentOf = new Map(topology.elements.map((e) => [e.id, e.parent]));
  const depth = (id: string): number => {
    const parent = parentOf.get(id);
    return parent === undefined ? 0 : 1 + depth(parent);
  };
  const depths = new Map(nodes.map((n) => [n.id, depth(n.id)]));
  return nodes.sort((a, b) => (depths.get(a.id) ?? 0) - (depths.get(b.id) ?? 0));
}

const joins = (link: TopologyLink, a: string | undefined, b: string | undefined): boolean =>
  (link.source === a && link.target === b) || (link.source === b && link.target === a);

export function toFlowEdges(topology: Topology, layout: Layout, state: PathState): DiagramEdge[] {
  const edges: DiagramEdge[] = [];
  for (const link of topology.links) {
    const ends = orient(link, layout);
    if (!ends) continue;
    const onPath = state.path.has(link.source) && state.path.has(link.target);
    const current = joins(link, state.current, state.previous);
    const classes = [`edge-${link.kind}`, onPath ? 'on-path' : '', current ? 'current' : ''];
    edges.push({
      id: link.id,
      source: ends.source,
      target: ends.target,
      targetHandle: link.id,
      type: 'straight',
      className: classes.filter(Boolean).join(' '),
      animated: onPath,
      focusable: false,
      data: { kind: link.kind },
    });
  }
  return edges;
}
