/**
 * Tells React Flow where every box's handles are and how big the box is, so that it never has
 * to measure them in the DOM. Pure.
 *
 * Why: React Flow rebuilds its record of a node whenever the node object changes (each step
 * marks the packet's box as current), and a record rebuilt without `handles` or `measured`
 * loses the handle positions. Until it has measured them again in the DOM (a forced layout,
 * the next frame), it draws none of the node's edges: the bridge's twenty edges were removed
 * and added back on every step, and the minimap redrawn. With `handles` (computed here from
 * the ports the layout chose) nothing is measured and no edge goes away.
 */
import { Position, type NodeHandle } from '@xyflow/react';
import type { Port } from './edgeRoutes';
import type { DiagramNode } from './flowTypes';

/**
 * A handle's box: 6 × 6 pixels (border included), centred on the box's side, as React Flow's
 * stylesheet draws it (`.react-flow__handle`, `.react-flow__handle-bottom` …); edges end at
 * its outer middle, 3 pixels beyond the side, where a measurement would put them too.
 */
const HANDLE = 6;

export function handleOf(port: Port, width: number, height: number): NodeHandle {
  const half = HANDLE / 2;
  const common = { id: port.id, type: port.type, width: HANDLE, height: HANDLE };
  switch (port.side) {
    case 'top':
      return { ...common, position: Position.Top, x: port.offset * width - half, y: -half };
    case 'bottom':
      return { ...common, position: Position.Bottom, x: port.offset * width - half, y: height - half };
    case 'left':
      return { ...common, position: Position.Left, x: -half, y: port.offset * height - half };
    case 'right':
      return { ...common, position: Position.Right, x: width - half, y: port.offset * height - half };
  }
}

/** The nodes with their handles and size given, as the layout made them. */
export function withKnownHandles(nodes: readonly DiagramNode[]): DiagramNode[] {
  return nodes.map((node): DiagramNode => {
    const width = node.width ?? 0;
    const height = node.height ?? 0;
    return { ...node, measured: { width, height }, handles: node.data.ports.map((port) => handleOf(port, width, height)) };
  });
}
