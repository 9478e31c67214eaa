/** The React Flow picture of the cluster, with the path and the packet on it. */
import { useCallback, useMemo } from 'react';
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, type NodeMouseHandler } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { elementId } from '../../core';
import { useAppStore, pathOf, stepsOf } from '../store';
import type { DiagramNode } from './flowTypes';
import { layoutTopology, type Layout } from './layout';
import { minimapColor, nodeTypes } from './nodeTypes';
import { PacketMarker } from './PacketMarker';
import { barIds, focusRect, markerPoint } from './focus';
import { markCurrentEdge, markCurrentNode, toFlowEdges, toFlowNodes, type PathState } from './toFlow';
import { FIT_ALL, useFitToFlow } from './useFitToFlow';
import { selectTheme } from '../theme/themeSlice';
import { markPolicyPods } from '../policy-cursor/markPolicyPods';
import { PolicyCursorLegend } from '../policy-cursor/PolicyCursorLegend';
import { usePolicyAtCursor, usePolicyMarks } from '../policy-cursor/usePolicyAtCursor';

/** Small enough to sit in the right padding that the fit view leaves free. */
const MINIMAP_SIZE = { width: 132, height: 88 } as const;
const NO_LAYOUT: Layout = new Map();
/** Above this many boxes, React Flow keeps only those in view in the DOM; below, all are drawn (and findable). */
const VISIBLE_ONLY_ABOVE = 400;
const NO_BARS: ReadonlySet<string> = new Set();

/** The elements the trace visits (changes with the trace), and where the packet is (changes every step). */
function usePathState(): { path: PathState; current: string | undefined; previous: string | undefined } {
  const result = useAppStore((s) => s.result);
  const step = useAppStore((s) => s.step);
  const steps = useMemo(() => stepsOf(result), [result]);
  const path = useMemo((): PathState => ({ path: pathOf(steps), current: undefined, previous: undefined }), [steps]);
  return { path, current: steps[step]?.hop.where, previous: steps[step - 1]?.hop.where };
}

/** Element ids of the pods the simulator added (CoreDNS), which the diagram draws quieter. */
function useMutedElements(): ReadonlySet<string> {
  const cluster = useAppStore((s) => s.model?.cluster);
  return useMemo(
    () => new Set((cluster?.pods ?? []).filter((p) => p.implicit).map((p) => elementId.pod(p.namespace, p.name))),
    [cluster],
  );
}

function DiagramCanvas() {
  const topology = useAppStore((s) => s.model?.topology);
  const muted = useMutedElements();
  const { path, current, previous } = usePathState();
  const layout = useMemo(() => (topology ? layoutTopology(topology) : NO_LAYOUT), [topology]);
  // Built once per trace; each step only re-marks the current box and edge (big clusters stay fluid).
  const pathNodes = useMemo(() => (topology ? toFlowNodes(topology, layout, path, muted) : []), [topology, layout, path, muted]);
  const pathEdges = useMemo(() => (topology ? toFlowEdges(topology, layout, path) : []), [topology, layout, path]);
  const atCursor = usePolicyAtCursor();
  const policyMarks = usePolicyMarks(atCursor);
  const nodes = useMemo(() => markPolicyPods(markCurrentNode(pathNodes, current), policyMarks), [pathNodes, current, policyMarks]);
  const edges = useMemo(() => markCurrentEdge(pathEdges, current, previous), [pathEdges, current, previous]);
  const steps = useAppStore((s) => stepsOf(s.result));
  const focus = useMemo(() => (topology ? focusRect(topology, layout, steps) : undefined), [topology, layout, steps]);
  const bars = useMemo(() => (topology ? barIds(topology) : NO_BARS), [topology]);
  const shape = useMemo(() => topology?.elements.map((e) => e.id).join('\n') ?? '', [topology]);
  const step = useAppStore((s) => s.step);
  const point = useMemo(() => markerPoint(layout, steps, step, bars), [layout, steps, step, bars]);
  useFitToFlow(shape, focus, point);
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
      edges={edges}
      nodeTypes={nodeTypes}
      onNodeClick={onNodeClick}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable={false}
      // Tab goes from the controls above to the step controls below, not through every box and edge
      // (a focused box does nothing: clicking one is a mouse shortcut, the hop list is the keyboard's).
      nodesFocusable={false}
      edgesFocusable={false}
      minZoom={0.2}
      // Big clusters: only the boxes in view are in the DOM (the follow camera keeps the packet's in view).
      onlyRenderVisibleElements={nodes.length > VISIBLE_ONLY_ABOVE}
      colorMode={theme}
    >
      <Background gap={24} />
      <Controls showInteractive={false} fitViewOptions={FIT_ALL} />
      <MiniMap<DiagramNode> nodeColor={minimapColor} pannable zoomable ariaLabel="Overview" style={MINIMAP_SIZE} />
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
