/** Topology + layout + where the packet is → React Flow nodes and edges. Pure. */
import type { ElementKind, Topology, TopologyLink } from '../../core';
import { assertNever } from '../assertNever';
import { routeLink, type Port } from './edgeRoutes';
import type { DiagramEdge, DiagramNode } from './flowTypes';
import type { Layout } from './layout';

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
    case 'kube-proxy':
    case 'datapath':
    case 'client':
    case 'load-balancer':
    case 'volume':
      return 'k8sElement';
    default:
      return assertNever(kind);
  }
}

/** For every element, the ports its edges use. */
function portsOf(topology: Topology, layout: Layout): Map<string, Port[]> {
  const ports = new Map<string, Port[]>();
  const add = (id: string, port: Port): void => {
    const list = ports.get(id) ?? [];
    list.push(port);
    ports.set(id, list);
  };
  for (const link of topology.links) {
    const route = routeLink(link, layout);
    if (!route) continue;
    add(route.source, route.sourcePort);
    add(route.target, route.targetPort);
  }
  return ports;
}

export function toFlowNodes(topology: Topology, layout: Layout, state: PathState, muted: MutedElements): DiagramNode[] {
  const nodes: DiagramNode[] = [];
  const ports = portsOf(topology, layout);
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
      ports: ports.get(element.id) ?? [],
      muted: muted.has(element.id) || (element.parent !== undefined && muted.has(element.parent)),
      ...(element.subtype === undefined ? {} : { subtype: element.subtype }),
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
    const route = routeLink(link, layout);
    if (!route) continue;
    const onPath = state.path.has(link.source) && state.path.has(link.target);
    const current = joins(link, state.current, state.previous);
    const classes = [`edge-${link.kind}`, onPath ? 'on-path' : '', current ? 'current' : ''];
    edges.push({
      id: link.id,
      source: route.source,
      target: route.target,
      sourceHandle: route.sourcePort.id,
      targetHandle: route.targetPort.id,
      type: 'straight',
      className: classes.filter(Boolean).join(' '),
      animated: onPath,
      focusable: false,
      ...(link.label === undefined ? {} : { label: link.label, labelBgPadding: [4, 2] as [number, number], labelBgBorderRadius: 3 }),
      data: { kind: link.kind },
    });
  }
  return edges;
}

/**
 * The nodes with the packet's current element marked. Only that node gets a new object; every
 * other keeps its identity, so that React Flow, which compares node objects, redraws one box per
 * step rather than the whole cluster. `nodes` are built with `current` unset.
 */
export function markCurrentNode(nodes: readonly DiagramNode[], current: string | undefined): DiagramNode[] {
  if (current === undefined) return nodes as DiagramNode[];
  return nodes.map((node) => (node.id === current ? ({ ...node, data: { ...node.data, current: true } } as DiagramNode) : node));
}

/** The edges with the one the packet just crossed (between the previous and the current element) marked. */
export function markCurrentEdge(edges: readonly DiagramEdge[], current: string | undefined, previous: string | undefined): DiagramEdge[] {
  if (current === undefined || previous === undefined) return edges as DiagramEdge[];
  return edges.map((edge) =>
    (edge.source === current && edge.target === previous) || (edge.source === previous && edge.target === current)
      ? { ...edge, className: `${edge.className ?? ''} current`.trim() }
      : edge,
  );
}
