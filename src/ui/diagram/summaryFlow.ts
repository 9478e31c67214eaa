/**
 * The summarised view of a big cluster (collapse.ts) as React Flow parts. Pure.
 *
 * The elements it draws go through toFlow.ts as any topology's do; this adds the summary
 * boxes (with the ends of the edges redirected to them) and the fold control of the nodes
 * that have opened summaries.
 */
import type { Topology, TopologyElement } from '../../core';
import type { CollapsedView } from './collapse';
import { routeLink, type Port } from './edgeRoutes';
import type { DiagramNode, SummaryNode } from './flowTypes';
import type { DiagramElement, SummaryElement } from './graph';
import type { Layout } from './layout';

const isSummary = (e: DiagramElement): e is SummaryElement => e.kind === 'summary';
const isElement = (e: DiagramElement): e is TopologyElement => e.kind !== 'summary';

/** The drawn elements that are the topology's own, with every drawn link (some now ending on a summary). */
export function drawnTopology(view: CollapsedView): Topology {
  return { elements: view.graph.elements.filter(isElement), links: view.graph.links };
}

/** The summary boxes, each with the ports of the edges that end on it. */
export function summaryNodes(view: CollapsedView, layout: Layout): SummaryNode[] {
  const summaries = view.graph.elements.filter(isSummary);
  if (summaries.length === 0) return [];
  const ids = new Set(summaries.map((s) => s.id));
  const ports = new Map<string, Port[]>();
  const add = (id: string, port: Port): void => {
    const list = ports.get(id);
    if (list) list.push(port);
    else ports.set(id, [port]);
  };
  for (const link of view.graph.links) {
    if (!ids.has(link.source) && !ids.has(link.target)) continue;
    const route = routeLink(link, layout);
    if (!route) continue;
    add(route.source, route.sourcePort);
    add(route.target, route.targetPort);
  }
  return summaries.flatMap((summary): SummaryNode[] => {
    const place = layout.get(summary.id);
    if (!place) return [];
    const { scope, label, detail, pods } = summary;
    return [
      {
        id: summary.id,
        type: 'k8sSummary',
        position: { x: place.x, y: place.y },
        width: place.width,
        height: place.height,
        data: { kind: 'summary', scope, label, detail, pods, onPath: false, current: false, ports: ports.get(summary.id) ?? [] },
        ...(summary.parent === undefined ? {} : { parentId: summary.parent }),
      },
    ];
  });
}

/** The nodes with the cluster nodes that have opened summaries given the ids their fold control closes. */
export function withFolds(nodes: readonly DiagramNode[], folds: CollapsedView['folds']): DiagramNode[] {
  if (![...folds.values()].some((ids) => ids.length > 0)) return nodes as DiagramNode[];
  return nodes.map((node): DiagramNode => {
    const ids = folds.get(node.id);
    return ids === undefined || ids.length === 0 || node.type !== 'k8sGroup' ? node : { ...node, data: { ...node.data, folds: ids } };
  });
}
