/**
 * Where each link's edge leaves and enters its boxes. Pure geometry over the layout.
 *
 * Boxes in one row (eth0 and the tunnel device beside it) are joined side to side. Otherwise
 * the edge runs from the upper box's bottom to the lower box's top, at the centre of the
 * narrower of the two, so that a veth drops straight onto the bridge under it and the bridge
 * drops straight onto the tunnel device; where the boxes do not overlap across, the edge
 * leaves the narrower one's centre and enters the other as near as it can. A Service's edges
 * to its endpoints fan out from its bottom (see `endpointRoute`).
 */
import type { TopologyLink } from '../../core';
import type { Layout, Placement } from './layout';

export type Side = 'top' | 'bottom' | 'left' | 'right';

export interface Port {
  readonly id: string;
  readonly type: 'source' | 'target';
  readonly side: Side;
  /** Along the side, as a fraction of its length (0…1): from the left for top/bottom, from the top for left/right. */
  readonly offset: number;
}

export interface EdgeRoute {
  readonly source: string;
  readonly target: string;
  readonly sourcePort: Port;
  readonly targetPort: Port;
  /** A Service's endpoint edge: the canvas height of the lane it runs along (servicesLayout.ts); drawn straight without one. */
  readonly lane?: number;
}

/** Keeps a port this far from a box's corners. */
const CORNER = 12;

function fraction(at: number, start: number, length: number): number {
  const margin = Math.min(CORNER, length / 2);
  return Math.min(Math.max(at - start, margin), length - margin) / length;
}

const overlap = (a0: number, a1: number, b0: number, b1: number): number => Math.min(a1, b1) - Math.max(a0, b0);

/** True when the two boxes stand side by side: they share most of the shorter one's height. */
function sameRow(a: Placement, b: Placement): boolean {
  const shared = overlap(a.absY, a.absY + a.height, b.absY, b.absY + b.height);
  return shared > Math.min(a.height, b.height) / 2;
}

export function routeLink(link: TopologyLink, layout: Layout): EdgeRoute | undefined {
  const s = layout.get(link.source);
  const t = layout.get(link.target);
  if (!s || !t) return undefined;
  const out = `${link.id}:out`;
  const into = `${link.id}:in`;
  if (link.kind === 'endpoint') return endpointRoute(link, s, t);
  if (sameRow(s, t)) {
    const y = (Math.max(s.absY, t.absY) + Math.min(s.absY + s.height, t.absY + t.height)) / 2;
    const leftToRight = s.absX < t.absX;
    return {
      source: link.source,
      target: link.target,
      sourcePort: { id: out, type: 'source', side: leftToRight ? 'right' : 'left', offset: fraction(y, s.absY, s.height) },
      targetPort: { id: into, type: 'target', side: leftToRight ? 'left' : 'right', offset: fraction(y, t.absY, t.height) },
    };
  }
  // Drawn top to bottom, whatever direction the link names.
  const [upper, lower, upperId, lowerId] = s.absY <= t.absY ? [s, t, link.source, link.target] : [t, s, link.target, link.source];
  const narrower = upper.width <= lower.width ? upper : lower;
  const x = narrower.absX + narrower.width / 2;
  return {
    source: upperId,
    target: lowerId,
    sourcePort: { id: out, type: 'source', side: 'bottom', offset: fraction(x, upper.absX, upper.width) },
    targetPort: { id: into, type: 'target', side: 'top', offset: fraction(x, lower.absX, lower.width) },
  };
}

/** How far across (in canvas units) an endpoint must be for its edge to leave near the Service's corner. */
const FAN_REACH = 600;

/**
 * A Service (in the band above the nodes) to one of its endpoints. With the Service's lane
 * placed (servicesLayout.ts), every edge of the Service leaves the middle of its bottom, runs
 * along the lane and drops into the endpoint's top as near its middle as the node's title
 * allows (the `clear` stretch). Without one, the edge runs straight: it leaves the Service's
 * bottom towards the endpoint, further from the middle the further across the endpoint is, and
 * drops onto the middle of the endpoint's top, so that the edges of one Service fan out without
 * crossing each other.
 */
function endpointRoute(link: TopologyLink, s: Placement, t: Placement): EdgeRoute {
  const [upper, lower, upperId, lowerId] = s.absY <= t.absY ? [s, t, link.source, link.target] : [t, s, link.target, link.source];
  if (upper.lane !== undefined) {
    const middle = lower.absX + lower.width / 2;
    const x = lower.clear === undefined ? middle : Math.min(Math.max(middle, lower.clear.from), lower.clear.to);
    return {
      source: upperId,
      target: lowerId,
      sourcePort: { id: `${link.id}:out`, type: 'source', side: 'bottom', offset: 0.5 },
      targetPort: { id: `${link.id}:in`, type: 'target', side: 'top', offset: (x - lower.absX) / lower.width },
      lane: upper.lane,
    };
  }
  const across = lower.absX + lower.width / 2 - (upper.absX + upper.width / 2);
  const margin = Math.min(CORNER, upper.width / 2) / upper.width;
  const offset = 0.5 + (0.5 - margin) * Math.tanh(across / FAN_REACH);
  return {
    source: upperId,
    target: lowerId,
    sourcePort: { id: `${link.id}:out`, type: 'source', side: 'bottom', offset },
    targetPort: { id: `${link.id}:in`, type: 'target', side: 'top', offset: 0.5 },
  };
}
