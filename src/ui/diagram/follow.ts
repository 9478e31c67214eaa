/**
 * Following the packet across a diagram too wide to show whole: pure viewport maths.
 *
 * When the part of the cluster a flow crosses (two nodes side by side) would be drawn too small
 * to read, the view zooms to fit its height instead and pans along with the packet, keeping
 * it in view; it never pans past the edges of that part.
 */
import type { Point, Rect } from './focus';

/** React Flow's viewport: canvas point p is drawn at p * zoom + (x, y). */
export interface Viewport {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

export interface Pane {
  readonly width: number;
  readonly height: number;
  /** Room kept free at each edge (controls, minimap, the marker's label). */
  readonly padding: { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number };
  /** The largest zoom for this screen (see `maxZoomFor`); MAX_ZOOM when absent. */
  readonly maxZoom?: number;
}

export const MIN_ZOOM = 0.2;
export const MAX_ZOOM = 1;
/**
 * On a large screen the panels' text grows (src/ui/styles/screens.css: 1.25× from 2400 CSS
 * pixels wide, 1.5× from 3200); the diagram may grow as much, or its text stays the smallest on the page.
 */
export function maxZoomFor(windowWidth: number): number {
  if (windowWidth >= 3200) return MAX_ZOOM * 1.5;
  if (windowWidth >= 2400) return MAX_ZOOM * 1.25;
  return MAX_ZOOM;
}

/** Below this zoom text is too small to read: follow the packet instead of fitting. */
export const FOLLOW_BELOW = 0.55;
/** The lowest zoom the follow mode uses. */
export const FOLLOW_MIN_ZOOM = 0.45;
/** The packet may move this far (a fraction of the pane) from the centre before the view pans. */
const SLACK = 0.3;

const clamp = (n: number, lo: number, hi: number): number => Math.min(Math.max(n, lo), hi);

function inner(pane: Pane): { readonly left: number; readonly top: number; readonly width: number; readonly height: number } {
  const { padding } = pane;
  return {
    left: padding.left,
    top: padding.top,
    width: Math.max(1, pane.width - padding.left - padding.right),
    height: Math.max(1, pane.height - padding.top - padding.bottom),
  };
}

/** The zoom at which the whole rect fits the pane. */
export function fitZoom(rect: Rect, pane: Pane): number {
  const area = inner(pane);
  return clamp(Math.min(area.width / Math.max(1, rect.width), area.height / Math.max(1, rect.height)), MIN_ZOOM, pane.maxZoom ?? MAX_ZOOM);
}

/** True when fitting the rect would make it too small to read. */
export const shouldFollow = (rect: Rect, pane: Pane): boolean => fitZoom(rect, pane) < FOLLOW_BELOW;

/** The zoom to follow at: the rect's height fits, within bounds. */
export function followZoom(rect: Rect, pane: Pane): number {
  return clamp(inner(pane).height / Math.max(1, rect.height), FOLLOW_MIN_ZOOM, pane.maxZoom ?? MAX_ZOOM);
}

/**
 * One axis of the pan: centre `at` in the area, but keep the rect's edges at or beyond the
 * area's edges; a rect smaller than the area is centred in it.
 */
function pan(at: number, start: number, length: number, areaStart: number, areaLength: number, zoom: number): number {
  const drawn = length * zoom;
  if (drawn <= areaLength) return areaStart + (areaLength - drawn) / 2 - start * zoom;
  const centred = areaStart + areaLength / 2 - at * zoom;
  return clamp(centred, areaStart + areaLength - (start + length) * zoom, areaStart - start * zoom);
}

/** The viewport at `zoom` that centres the point, within the rect. */
export function centreOn(point: Point, rect: Rect, pane: Pane, zoom: number): Viewport {
  const area = inner(pane);
  return {
    x: pan(point.x, rect.x, rect.width, area.left, area.width, zoom),
    y: pan(point.y, rect.y, rect.height, area.top, area.height, zoom),
    zoom,
  };
}

/** The same viewport when the point is still comfortably in view; else one that centres it again. */
export function keepInView(current: Viewport, point: Point, rect: Rect, pane: Pane): Viewport {
  const area = inner(pane);
  const sx = point.x * current.zoom + current.x;
  const sy = point.y * current.zoom + current.y;
  const near = (s: number, start: number, length: number): boolean => Math.abs(s - (start + length / 2)) <= length * SLACK;
  if (near(sx, area.left, area.width) && near(sy, area.top, area.height)) return current;
  return centreOn(point, rect, pane, current.zoom);
}
