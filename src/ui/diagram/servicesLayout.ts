/**
 * The band of Services above the nodes: one frame per namespace, its Services in rows inside,
 * and the lanes their endpoint edges run along.
 *
 * A Service is virtual (kube-proxy's rules on every node implement it), so it stands apart
 * from the nodes, joined to its endpoint pods by thin edges running down into the node row.
 * The band grows upwards from just above the nodes, so that the nodes keep their places
 * whatever the Services are; frames flow left to right and wrap at the width of the node row.
 *
 * An endpoint edge drops from its Service to the Service's own lane in the gap between the band
 * and the nodes, runs along it, and drops into the endpoint's top where the node's title is not:
 * so edges never run across the nodes' headers, however far the endpoint is.
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
  /** Between the band and the nodes under it, at least: room for the endpoint edges' lanes. */
  bandGap: 60,
  /** Between two Services' lanes, and from the outer lanes to the band and to the nodes. */
  lanePitch: 8,
  laneMargin: 16,
} as const;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  lane?: number;
  clear?: { from: number; to: number };
}

/**
 * A node's header text as wide as it can be, estimated from its strings (the layout runs
 * without a DOM): styles/diagram.css sets the node's tag in 9px capitals, its name in 15px bold,
 * its detail in 10.5px monospace, inside 12px of padding, with room for a fold button after the
 * name. Generous: an edge clear of the estimate is clear of the text.
 */
const NODE_HEADER = { pad: 12, tag: 36, gap: 6, labelChar: 10, fold: 30, detailChar: 6.6, margin: 10 } as const;
/** Keeps an edge's drop this far inside the endpoint's corners (as edgeRoutes.ts does). */
const CORNER = 12;

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
  const served = servicesWithEndpoints(graph, frames);
  let y = -(bandGap(served.length) + total);
  rows.forEach((row, i) => {
    let x = 0;
    for (const item of row) {
      // Frames of a row share their bottom, so that all endpoint edges of the row start level.
      boxes.set(item.frame.id, { x, y: y + heights[i]! - item.height, width: item.width, height: item.height });
      x += item.width + S.frameGap;
    }
    y += heights[i]! + S.frameGap;
  });
  placeLanes(served, boxes);
  placeDrops(graph, boxes);
}

/** The gap between the band and the nodes: the usual one, or more when the Services' lanes need it. */
function bandGap(lanes: number): number {
  const S = SERVICE_SIZES;
  return Math.max(S.bandGap, 2 * S.laneMargin + Math.max(0, lanes - 1) * S.lanePitch);
}

/** The Services that have endpoint edges, in the order of their frames and, inside one, of the Services. */
function servicesWithEndpoints(graph: DiagramGraph, frames: readonly DiagramElement[]): DiagramElement[] {
  const sources = new Set(graph.links.filter((l) => l.kind === 'endpoint').map((l) => l.source));
  const order = new Map(frames.map((f, i) => [f.id, i]));
  return graph.elements
    .filter((e) => e.kind === 'service' && sources.has(e.id) && e.parent !== undefined && order.has(e.parent))
    .sort((a, b) => order.get(a.parent!)! - order.get(b.parent!)!);
}

/** One lane per Service with endpoints, the first nearest the nodes, each further up by the pitch (canvas y). */
function placeLanes(served: readonly DiagramElement[], boxes: Map<string, Box>): void {
  const S = SERVICE_SIZES;
  served.forEach((service, i) => {
    const box = boxes.get(service.id);
    if (box) box.lane = -S.laneMargin - i * S.lanePitch;
  });
}

/**
 * For each endpoint inside a node (a pod, a summary of pods), the stretch of its top between
 * its corners that lies under neither end of the node's header text: the node's tag and name on
 * the left, its addresses on the right. Nothing when no such stretch is left (the edge then
 * drops at the middle) or the endpoint stands in no node. An endpoint that is a node itself (a
 * host-network address: the API server, a hostNetwork pod) is joined above the start of its
 * name, apart from the edges that drop past its border into its pods.
 */
function placeDrops(graph: DiagramGraph, boxes: Map<string, Box>): void {
  const H = NODE_HEADER;
  const byId = new Map(graph.elements.map((e) => [e.id, e]));
  const targets = new Set(graph.links.filter((l) => l.kind === 'endpoint').map((l) => l.target));
  for (const id of targets) {
    const target = byId.get(id);
    const node = target?.parent === undefined ? undefined : byId.get(target.parent);
    const box = boxes.get(id);
    if (target?.kind === 'node' && box !== undefined) {
      const name = box.x + H.pad + H.tag + H.gap + Math.min(target.label.length * H.labelChar, 2 * CORNER) / 2;
      box.clear = { from: name, to: name };
      continue;
    }
    const nodeBox = node === undefined ? undefined : boxes.get(node.id);
    if (node?.kind !== 'node' || box === undefined || nodeBox === undefined) continue;
    const text = headerText(node, nodeBox);
    const from = Math.max(nodeBox.x + box.x + CORNER, text.titleEnd);
    const to = Math.min(nodeBox.x + box.x + box.width - CORNER, text.detailStart);
    if (from <= to) box.clear = { from, to };
  }
}

/** Where a node's title ends and its detail starts, on the canvas (see NODE_HEADER). */
function headerText(node: DiagramElement, box: Box): { titleEnd: number; detailStart: number } {
  const H = NODE_HEADER;
  return {
    titleEnd: box.x + H.pad + H.tag + H.gap + node.label.length * H.labelChar + H.gap + H.fold + H.margin,
    detailStart: box.x + box.width - H.pad - node.detail.length * H.detailChar - H.margin,
  };
}

/**
 * The SVG path of an endpoint edge from the Service's bottom (sx, sy) to the endpoint's top
 * (tx, ty) through the Service's lane: down, across, down, with rounded corners; and where its
 * label goes (on the lane, just above the drop).
 */
export function endpointPath(sx: number, sy: number, tx: number, ty: number, lane: number): { path: string; labelX: number; labelY: number } {
  const across = tx - sx;
  const dir = Math.sign(across);
  const r = Math.min(8, Math.abs(across) / 2, Math.abs(lane - sy), Math.abs(ty - lane));
  const path =
    dir === 0 || r === 0
      ? `M ${sx},${sy} L ${sx},${lane} L ${tx},${lane} L ${tx},${ty}`
      : [
          `M ${sx},${sy}`,
          `L ${sx},${lane - r}`,
          `Q ${sx},${lane} ${sx + dir * r},${lane}`,
          `L ${tx - dir * r},${lane}`,
          `Q ${tx},${lane} ${tx},${lane + r}`,
          `L ${tx},${ty}`,
        ].join(' ');
  return { path, labelX: tx, labelY: lane };
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
