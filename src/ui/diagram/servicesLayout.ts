/**
 * The band of Services above the nodes: one frame per namespace, its Services in rows inside.
 *
 * A Service is virtual (kube-proxy's rules on every node implement it), so it stands apart
 * from the nodes, joined to its endpoint pods by thin edges running down into the node row.
 * The band grows upwards from just above the nodes, so that the nodes keep their places
 * whatever the Services are; frames flow left to right and wrap at the width of the node row.
 */
import type { DiagramElement, DiagramGraph } from './graph';

export const SERVICE_SIZES = {
  serviceW: 300,
  serviceH: 74,
  /** Services side by side in a frame before the next row starts. */
  servicesPerRow: 5,
  /** The frame's title (tag, namespace, count). */
  frameHeader: 30,
  framePad: 12,
  /** Between frames, across and down. */
  frameGap: 24,
  /** Between the band and the nodes under it: room for the endpoint edges to fan out. */
  bandGap: 60,
} as const;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Places each namespace frame (kind `services`) and the Services in it. `rowWidth` is the width
 * of the node row (at least one frame per band row, however narrow). Positions of Services are
 * relative to their frame; frames are on the canvas, above y = 0 where the nodes start.
 */
export function placeServices(graph: DiagramGraph, rowWidth: number, boxes: Map<string, Box>): void {
  const S = SERVICE_SIZES;
  const frames = graph.elements.filter((e) => e.kind === 'services' && e.parent === undefined);
  if (frames.length === 0) return;
  const sized = frames.map((frame) => ({ frame, ...layoutFrame(graph, frame, boxes) }));
  // Rows of frames, left to right, each as high as its highest frame.
  const rows: (typeof sized)[] = [];
  let used = 0;
  for (const item of sized) {
    const current = rows[rows.length - 1];
    if (current === undefined || (current.length > 0 && used + S.frameGap + item.width > rowWidth)) {
      rows.push([item]);
      used = item.width;
    } else {
      current.push(item);
      used += S.frameGap + item.width;
    }
  }
  const heights = rows.map((row) => Math.max(...row.map((r) => r.height)));
  const total = heights.reduce((a, b) => a + b, 0) + (rows.length - 1) * S.frameGap;
  let y = -(S.bandGap + total);
  rows.forEach((row, i) => {
    let x = 0;
    for (const item of row) {
      // Frames of a row share their bottom, so that all endpoint edges of the row start level.
      boxes.set(item.frame.id, { x, y: y + heights[i]! - item.height, width: item.width, height: item.height });
      x += item.width + S.frameGap;
    }
    y += heights[i]! + S.frameGap;
  });
}

/** Places the frame's Services inside it; returns the frame's size. */
function layoutFrame(graph: DiagramGraph, frame: DiagramElement, boxes: Map<string, Box>): { width: number; height: number } {
  const S = SERVICE_SIZES;
  const services = graph.elements.filter((e) => e.parent === frame.id);
  const cols = Math.max(1, Math.min(S.servicesPerRow, services.length));
  const rows = Math.max(1, Math.ceil(services.length / S.servicesPerRow));
  services.forEach((service, i) => {
    boxes.set(service.id, {
      x: S.framePad + (i % S.servicesPerRow) * (S.serviceW + S.framePad),
      y: S.frameHeader + Math.floor(i / S.servicesPerRow) * (S.serviceH + S.framePad),
      width: S.serviceW,
      height: S.serviceH,
    });
  });
  return {
    width: 2 * S.framePad + cols * S.serviceW + (cols - 1) * S.framePad,
    height: S.frameHeader + rows * S.serviceH + (rows - 1) * S.framePad + S.framePad,
  };
}
