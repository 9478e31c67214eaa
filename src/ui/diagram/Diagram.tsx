/** The React Flow picture of the cluster, with the path and the packet on it. */
import { useCallback, useMemo } from 'react';
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, useStore, type EdgeTypes, type NodeMouseHandler, type OnMove } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { elementId } from '../../core';
import { useAppStore, pathOf, stepsOf } from '../store';
import type { DiagramNode } from './flowTypes';
import { MinimapBox, minimapClass, minimapColor, nodeTypes } from './nodeTypes';
import { PacketMarker } from './PacketMarker';
import { barIds, focusRect, markerPoint } from './focus';
import { toFlowEdges, toFlowNodes, type PathState } from './toFlow';
import { FIT_ALL, useFitToFlow } from './useFitToFlow';
import { phaseOf, serviceOf, servicesOf } from './serviceOf';
import { useSummarisedView } from './useSummarisedView';
import { SummaryBox } from './SummaryBox';
import { EndpointEdge } from './EndpointEdge';
import { StraightHopEdge } from './StraightHopEdge';
import { withKnownHandles } from './knownHandles';
import { selectTheme } from '../theme/themeSlice';
import { markPolicyPods, summaryPolicyCounts } from '../policy-cursor/markPolicyPods';
import { summaryOrder, tabStopOf, withTabStop } from './rovingSummaries';
import { useSummaryKeys } from './useSummaryKeys';
import { PolicyCursorLegend } from '../policy-cursor/PolicyCursorLegend';
import { usePolicyAtCursor, usePolicyMarks } from '../policy-cursor/usePolicyAtCursor';

/** Small enough to sit in the right padding that the fit view leaves free. */
const MINIMAP_SIZE = { width: 132, height: 88 } as const;
/** Above this many boxes, React Flow keeps only those in view in the DOM; below, all are drawn (and findable). */
const VISIBLE_ONLY_ABOVE = 400;
const NO_BARS: ReadonlySet<string> = new Set();
/** The boxes of the topology, and the summary boxes of a big cluster's summarised view. */
const allNodeTypes = { ...nodeTypes, k8sSummary: SummaryBox };
/** React Flow's straight edge in place of its own, with the edge the packet just crossed marked; a Service's endpoint edges. */
const EDGE_TYPES: EdgeTypes = { endpoint: EndpointEdge, straight: StraightHopEdge };

/**
 * The elements the trace visits (change with the trace) and the Service it connects to (kube-dns
 * while the DNS question travels, then the destination's: changes once between them). Where the
 * packet is, which changes every step, is left out: the boxes and edges follow it themselves.
 */
function usePathState(): PathState {
  const result = useAppStore((s) => s.result);
  const phase = useAppStore((s) => phaseOf(stepsOf(s.result)[s.step]?.direction));
  const steps = useMemo(() => stepsOf(result), [result]);
  return useMemo((): PathState => ({ path: pathOf(steps), current: undefined, previous: undefined, ...serviceOf(result, phase) }), [steps, result, phase]);
}

/** Element ids of the pods and Services the simulator added (CoreDNS, kube-dns, kubernetes), which the diagram draws quieter. */
function useMutedElements(): ReadonlySet<string> {
  const cluster = useAppStore((s) => s.model?.cluster);
  return useMemo(
    () =>
      new Set([
        ...(cluster?.pods ?? []).filter((p) => p.implicit).map((p) => elementId.pod(p.namespace, p.name)),
        ...(cluster?.services ?? []).filter((s) => s.implicit).map((s) => elementId.service(s.namespace, s.name)),
      ]),
    [cluster],
  );
}

/**
 * Below this zoom React Flow's dots (a circle of radius zoom / 2 px every 24 × zoom px) shift the
 * pixels they touch by 1 or 2 levels of 255 (measured in both themes), so they are not drawn:
 * Chromium lays their SVG out again and repaints all of it at each step, a pane-sized raster that
 * cost frames at 4K (the fitted view of a big cluster is at the minimum zoom, 0.2).
 */
const DOTS_FROM_ZOOM = 0.25;

/**
 * The background dots. Where they are left out, their wrapper is a layer of its own (diagram.css),
 * which keeps the boxes and edges off the page's layer. Where they show, it is not: the follow
 * camera's pans at those zooms lost 5–8 fps to an extra pane-sized layer.
 */
function Dots() {
  const shown = useStore((s) => s.transform[2] >= DOTS_FROM_ZOOM);
  return <div className={shown ? 'diagram-dots' : 'diagram-dots diagram-dots-layer'}>{shown && <Background gap={24} />}</div>;
}

function DiagramCanvas() {
  const topology = useAppStore((s) => s.model?.topology);
  const muted = useMutedElements();
  const path = usePathState();
  // A big cluster draws the nodes the packet does not visit, and the pods it does not visit, as summaries.
  const { drawn, layout, standIn, addSummaries } = useSummarisedView(topology, path.path);
  // Built once per trace: a step changes neither list; the boxes, edges and minimap boxes mark where the packet is themselves (currentPlace.ts).
  // With their handles given, so React Flow never measures them and keeps their edges drawn when a box is re-marked.
  const pathNodes = useMemo(
    () => (drawn ? withKnownHandles(addSummaries(toFlowNodes(drawn, layout, path, muted))) : []),
    [drawn, layout, addSummaries, path, muted],
  );
  const pathEdges = useMemo(() => (drawn ? toFlowEdges(drawn, layout, path) : []), [drawn, layout, path]);
  const atCursor = usePolicyAtCursor();
  const policyMarks = usePolicyMarks(atCursor);
  // Marked pods a summary hides are counted on the summary.
  const policyCounts = useMemo(() => summaryPolicyCounts(policyMarks, standIn), [policyMarks, standIn]);
  // The summaries are one Tab stop: the arrow keys move between them (rovingSummaries.ts).
  const order = useMemo(() => summaryOrder(pathNodes), [pathNodes]);
  const tabStop = useAppStore((s) => tabStopOf(order, s.summaryFocus?.id));
  const summaryKeys = useSummaryKeys(order);
  const nodes = useMemo(
    () => withTabStop(markPolicyPods(pathNodes, policyMarks, policyCounts), tabStop),
    [pathNodes, policyMarks, policyCounts, tabStop],
  );
  const steps = useAppStore((s) => stepsOf(s.result));
  const focus = useMemo(() => (topology ? focusRect(topology, layout, steps) : undefined), [topology, layout, steps]);
  // With the Services the flow goes through (kube-dns for a name, the destination's), when the pane can show them too without shrinking the path to unreadable.
  const result = useAppStore((s) => s.result);
  const services = useMemo(() => servicesOf(result), [result]);
  const context = useMemo(
    () => (topology && services.length > 0 ? focusRect(topology, layout, steps, services) : undefined),
    [topology, layout, steps, services],
  );
  const bars = useMemo(() => (topology ? barIds(topology) : NO_BARS), [topology]);
  const shape = useMemo(() => topology?.elements.map((e) => e.id).join('\n') ?? '', [topology]);
  const step = useAppStore((s) => s.step);
  const point = useMemo(() => markerPoint(layout, steps, step, bars), [layout, steps, step, bars]);
  const stopFollowing = useFitToFlow(shape, focus, point, context);
  // A pan or zoom by hand (an event) keeps the user's view; the camera's own moves have none.
  const onMoveStart = useCallback<OnMove>((event) => {
    if (event) stopFollowing();
  }, [stopFollowing]);
  const theme = useAppStore(selectTheme);

  /** Clicking an element jumps to the first hop there; clicking a node's Service rules also opens them. */
  const onNodeClick = useCallback<NodeMouseHandler<DiagramNode>>((_, node) => {
    const state = useAppStore.getState();
    const owner = topology?.elements.find((e) => e.id === node.id && e.kind === 'kube-proxy')?.parent;
    const clusterNode = owner === undefined ? undefined : topology?.elements.find((e) => e.id === owner)?.label;
    if (clusterNode !== undefined) state.showRules(clusterNode);
    const hit = stepsOf(state.result).find((s) => s.hop.where === node.id);
    if (hit) state.goTo(hit.index);
  }, [topology]);

  return (
    <ReactFlow<DiagramNode>
      nodes={nodes}
      edges={pathEdges}
      nodeTypes={allNodeTypes}
      edgeTypes={EDGE_TYPES}
      onNodeClick={onNodeClick}
      onMoveStart={onMoveStart}
      onKeyDown={summaryKeys.onKeyDown}
      onFocus={summaryKeys.onFocus}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable={false}
      // Tab goes from the controls above to the step controls below, not through every box and edge
      // (a focused box does nothing: clicking one is a mouse shortcut, the hop list is the keyboard's).
      // A big cluster's summary boxes, which do something, are one Tab stop among them (rovingSummaries.ts).
      nodesFocusable={false}
      edgesFocusable={false}
      minZoom={0.2}
      // Big clusters: only the boxes in view are in the DOM (the follow camera keeps the packet's in view).
      onlyRenderVisibleElements={nodes.length > VISIBLE_ONLY_ABOVE}
      colorMode={theme}
    >
      <Dots />
      <Controls showInteractive={false} fitViewOptions={FIT_ALL} onFitView={stopFollowing} onZoomIn={stopFollowing} onZoomOut={stopFollowing} />
      <MiniMap<DiagramNode> nodeColor={minimapColor} nodeClassName={minimapClass} nodeComponent={MinimapBox} pannable zoomable ariaLabel="Overview" style={MINIMAP_SIZE} />
      <PacketMarker layout={layout} bars={bars} />
    </ReactFlow>
  );
}

export function Diagram() {
  return (
    <>
      <PolicyCursorLegend />
      <div className="diagram" data-testid="diagram">
        <ReactFlowProvider>
          <DiagramCanvas />
        </ReactFlowProvider>
      </div>
    </>
  );
}
