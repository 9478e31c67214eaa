/**
 * The part of the diagram an image shows: everything drawn (boxes, edges, the packet), not
 * only what the viewport shows now, in the diagram's own coordinates, and how big a picture
 * of it may be.
 */

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Transform {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

/** Room around the drawing, in diagram pixels. */
export const IMAGE_PADDING = 24;

/**
 * Browsers refuse canvases much past 16,384 pixels a side (and some past 8,192), so a big
 * diagram gets a lower pixel ratio instead of a failed export.
 */
export const MAX_IMAGE_SIDE = 8192;

/** React Flow's viewport transform (`translate(Xpx, Ypx) scale(Z)`), or undefined. */
export function parseViewportTransform(transform: string): Transform | undefined {
  const match = /translate\((-?[\d.e+-]+)px,\s*(-?[\d.e+-]+)px\)\s*scale\((-?[\d.e+-]+)\)/.exec(transform);
  if (!match) return undefined;
  const [x, y, zoom] = [match[1], match[2], match[3]].map(Number);
  if (x === undefined || y === undefined || zoom === undefined || !(zoom > 0)) return undefined;
  return { x, y, zoom };
}

/**
 * Screen rectangles (relative to the diagram's pane) back to diagram coordinates, united,
 * with padding. Undefined when there is nothing drawn.
 */
export function drawingBounds(rects: readonly Rect[], view: Transform, padding = IMAGE_PADDING): Rect | undefined {
  const drawn = rects.filter((r) => r.width > 0 || r.height > 0);
  if (drawn.length === 0) return undefined;
  const left = Math.min(...drawn.map((r) => r.x));
  const top = Math.min(...drawn.map((r) => r.y));
  const right = Math.max(...drawn.map((r) => r.x + r.width));
  const bottom = Math.max(...drawn.map((r) => r.y + r.height));
  const x = (left - view.x) / view.zoom - padding;
  const y = (top - view.y) / view.zoom - padding;
  return {
    x: Math.floor(x),
    y: Math.floor(y),
    width: Math.ceil((right - left) / view.zoom + 2 * padding),
    height: Math.ceil((bottom - top) / view.zoom + 2 * padding),
  };
}

/** Twice the diagram's size for sharp text, less when that would pass the canvas limit. */
export function pixelRatioFor(bounds: Rect, wanted = 2, maxSide = MAX_IMAGE_SIDE): number {
  const side = Math.max(bounds.width, bounds.height);
  return Math.min(wanted, maxSide / side);
}
