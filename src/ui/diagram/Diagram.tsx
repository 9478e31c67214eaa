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
import { toFlowEdges, toFlowNodes, type PathState } from './toFlow';
import { FIT_ALL, useFitToFlow } from './useFitToFlow';
import { selectTheme } from '../theme/themeSlice';

/** Small enough to sit in the right padding that the fit view leaves free. */
const MINIMAP_SIZE = { width: 132, height: 88 } as const;
const NO_LAYOUT: Layout = new Map();
const NO_BARS: ReadonlySet<string> = new Set();

function usePathState(): PathState {
  const result = useAppStore((s) => s.result);
  const step = useAppStore((s) => s.step);
  return useMemo(() => {
    const steps = stepsOf(result);
    return { path: pathOf(steps), current: steps[step]?.hop.where, previous: steps[step - 1]?.hop.where };
  }, [result, step]);
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
  const pathState = usePathState();
  const layout = useMemo(() => (topology ? layoutTopology(topology) : NO_LAYOUT), [topology]);
  const nodes = useMemo(
    () => (topology ? toFlowNodes(topology, layout, pathState, muted) : []),
    [topology, layout, pathState, muted],
  );
  const edges = useMemo(() => (topology ? toFlowEdges(topology, layout, pathState) : []), [topology, layout, pathState]);
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
      onlyRenderVisibleElements
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
    <div className="diagram" data-testid="diagram">
      <ReactFlowProvider>
        <DiagramCanvas />
      </ReactFlowProvider>
    </div>
  );
}
