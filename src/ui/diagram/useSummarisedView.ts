/**
 * The part of the topology the diagram draws, and its layout: the whole topology for a small
 * cluster; for a big one, the summarised view around the trace's path with the summaries the
 * person opened (collapse.ts). Recomputed when the topology, the path or the opened set changes,
 * never on a step.
 */
import { useMemo } from 'react';
import type { Topology } from '../../core';
import { useAppStore } from '../store';
import { collapseTopology, type CollapsedView } from './collapse';
import type { DiagramNode } from './flowTypes';
import { layoutTopology, type Layout } from './layout';
import { drawnTopology, summaryNodes, withFolds } from './summaryFlow';

export interface SummarisedView {
  /** The topology's elements drawn (all of them on a small cluster), with the links between what is drawn. */
  readonly drawn: Topology | undefined;
  readonly layout: Layout;
  /** For each element drawn only through a summary, the summary's id (empty on a small cluster). */
  readonly standIn: ReadonlyMap<string, string>;
  /** The nodes toFlow.ts made of `drawn`, with the summary boxes and the fold controls added. */
  addSummaries(nodes: readonly DiagramNode[]): DiagramNode[];
}

const NO_LAYOUT: Layout = new Map();
const NO_STAND_IN: ReadonlyMap<string, string> = new Map();

export function useSummarisedView(topology: Topology | undefined, path: ReadonlySet<string>): SummarisedView {
  const expanded = useAppStore((s) => s.expanded);
  const view = useMemo((): CollapsedView | undefined => (topology ? collapseTopology(topology, path, expanded) : undefined), [topology, path, expanded]);
  return useMemo((): SummarisedView => {
    if (!view) return { drawn: undefined, layout: NO_LAYOUT, standIn: NO_STAND_IN, addSummaries: (nodes) => nodes as DiagramNode[] };
    const layout = layoutTopology(view.graph);
    if (!view.summarised) return { drawn: topology, layout, standIn: NO_STAND_IN, addSummaries: (nodes) => nodes as DiagramNode[] };
    const summaries = summaryNodes(view, layout);
    return { drawn: drawnTopology(view), layout, standIn: view.standIn, addSummaries: (nodes) => [...withFolds(nodes, view.folds), ...summaries] };
  }, [view, topology]);
}
