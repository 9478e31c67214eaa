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
  /**
   * The Service the flow connects to, and the address of the endpoint kube-proxy chose (none when
   * it rejected or dropped). Not a place on the path: the node's rules stood in for it.
   */
  readonly service?: { readonly id: string; readonly endpoint: string | undefined };
}

/** Elements to draw quieter: the pods the simulator added, with everything inside them. */
export type MutedElements = ReadonlySet<string>;

function nodeType(kind: ElementKind): DiagramNode['type'] {
  switch (kind) {
    case 'node':
    case 'pod':
    case 'services':
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
    case 'router':
    case 'client':
    case 'load-balancer':
    case 'volume':
    case 'service':
      return 'k8sElement';
    default:
      return assertNever(kind);
  }
}

/**
 * The client and the load balancers stand for the way in from outside the cluster: they are
 * drawn only when the flow comes that way (the layout keeps their places, so nothing moves).
 */
export function hiddenOutside(topology: Topology, path: ReadonlySet<string>): ReadonlySet<string> {
  return new Set(topology.elements.filter((e) => (e.kind === 'client' || e.kind === 'load-balancer') && !path.has(e.id)).map((e) => e.id));
}

const touches = (link: TopologyLink, hidden: ReadonlySet<string>): boolean => hidden.has(link.source) || hidden.has(link.target);

/** For every element, the ports its edges use. */
function portsOf(topology: Topology, layout: Layout, hidden: ReadonlySet<string>): Map<string, Port[]> {
  const ports = new Map<string, Port[]>();
  const add = (id: string, port: Port): void => {
    const list = ports.get(id) ?? [];
    list.push(port);
    ports.set(id, list);
  };
  for (const link of topology.links) {
    const route = touches(link, hidden) ? undefined : routeLink(link, layout);
    if (!route) continue;
    add(route.source, route.sourcePort);
    add(route.target, route.targetPort);
  }
  return ports;
}

export function toFlowNodes(topology: Topology, layout: Layout, state: PathState, muted: MutedElements): DiagramNode[] {
  const nodes: DiagramNode[] = [];
  const hidden = hiddenOutside(topology, state.path);
  const ports = portsOf(topology, layout, hidden);
  for (const element of topology.elements) {
    const place = layout.get(element.id);
    if (!place || hidden.has(element.id)) continue;
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
      ...(element.service === undefined ? {} : { service: element.service, used: state.service?.id === element.id }),
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
  const hidden = hiddenOutside(topology, state.path);
  for (const link of topology.links) {
    const route = touches(link, hidden) ? undefined : routeLink(link, layout);
    if (!route) continue;
    const onPath = state.path.has(link.source) && state.path.has(link.target);
    const current = joins(link, state.current, state.previous);
    const classes = [`edge-${link.kind}`, onPath ? 'on-path' : '', current ? 'current' : '', ...endpointClasses(link, state)];
    edges.push({
      id: link.id,
      source: route.source,
      target: route.target,
      sourceHandle: route.sourcePort.id,
      targetHandle: route.targetPort.id,
      // A Service's endpoint edge runs along its lane above the nodes (EndpointEdge.tsx).
      type: route.lane === undefined ? 'straight' : 'endpoint',
      className: classes.filter(Boolean).join(' '),
      // Not `animated`: React Flow's moving dashes repaint the whole diagram on every frame; the packet marker shows the motion.
      focusable: false,
      ...(labelOf(link) === undefined ? {} : { label: labelOf(link), labelBgPadding: [4, 2] as [number, number], labelBgBorderRadius: 3 }),
      data: route.lane === undefined ? { kind: link.kind } : { kind: link.kind, lane: route.lane },
    });
  }
  return edges;
}

/** A Service's edge to an endpoint that is not ready (kube-proxy sends it no new connections), or to the one it chose. */
function endpointClasses(link: TopologyLink, state: PathState): string[] {
  if (link.kind !== 'endpoint') return [];
  const chosen = state.service !== undefined && link.source === state.service.id && link.address === state.service.endpoint;
  return [link.ready === false ? 'not-ready' : '', chosen ? 'chosen' : ''];
}

const labelOf = (link: TopologyLink): string | undefined => (link.kind === 'endpoint' && link.ready === false ? 'not ready' : link.label);
