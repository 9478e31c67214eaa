/**
 * Fits the view to the part of the cluster the flow crosses, when the flow or the elements
 * change (not on every step or keystroke). When that part is too wide to read whole (nodes
 * side by side), the view fits its height instead and follows the packet, panning only when
 * the packet nears the pane's edge. The fit button of the controls still shows the whole cluster,
 * and it, or panning and zooming by hand, stops the following until the flow changes: the view
 * the user chose stays.
 */
import { useCallback, useEffect, useRef } from 'react';
import { getViewportForBounds, useReactFlow, useStore } from '@xyflow/react';
import type { Point, Rect } from './focus';
import { centreOn, followZoom, keepInView, MAX_ZOOM, maxZoomFor, MIN_ZOOM, shouldFollow, type Pane, type Viewport } from './follow';

/** Room on the left for the zoom controls, on the right for the minimap, below for the marker. */
const PAD = { top: 28, bottom: 44, left: 64, right: 160 } as const;
const PADDING = { top: `${PAD.top}px`, bottom: `${PAD.bottom}px`, left: `${PAD.left}px`, right: `${PAD.right}px` } as const;
/** As long as the marker's glide, so the view and the packet move together. */
const PAN_MS = 450;

export const FIT_ALL = { padding: PADDING, minZoom: MIN_ZOOM, maxZoom: MAX_ZOOM } as const;

const rectKey = (r: Rect | undefined): string => (r ? [r.x, r.y, r.width, r.height].map(Math.round).join(',') : '');
const pointKey = (p: Point | undefined): string => (p ? [p.x, p.y].map(Math.round).join(',') : '');

function parse(key: string): number[] {
  return key === '' ? [] : key.split(',').map(Number);
}

const same = (a: Viewport, b: Viewport): boolean => Math.abs(a.x - b.x) < 0.5 && Math.abs(a.y - b.y) < 0.5 && Math.abs(a.zoom - b.zoom) < 1e-3;

/**
 * `shape` changes when elements come or go; `focus` is what to show, or undefined for
 * everything; `point` is where the packet is now; `context`, the focus with what else is worth
 * showing (the Service the flow connects to), fitted instead of `focus` when it stays readable.
 */
export function useFitToFlow(shape: string, focus: Rect | undefined, point: Point | undefined, context?: Rect): () => void {
  const { fitView, setViewport, getViewport } = useReactFlow();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const focusKey = rectKey(focus);
  const atKey = pointKey(point);
  const contextKey = rectKey(context);
  const fitted = useRef('');
  const following = useRef(false);
  useEffect(() => {
    if (shape === '' || width === 0 || height === 0) return;
    const [x = 0, y = 0, w = 0, h = 0] = parse(focusKey);
    const rect: Rect = { x, y, width: w, height: h };
    const [px, py] = parse(atKey);
    const at: Point | undefined = px === undefined || py === undefined ? undefined : { x: px, y: py };
    const pane: Pane = { width, height, padding: PAD, maxZoom: maxZoomFor(window.innerWidth) };
    const fitKey = `${shape}|${focusKey}|${contextKey}|${width}x${height}`;
    const [cx = 0, cy = 0, cw = 0, ch = 0] = parse(contextKey);
    const wider: Rect = { x: cx, y: cy, width: cw, height: ch };
    if (fitKey !== fitted.current) {
      fitted.current = fitKey;
      following.current = false;
      if (focusKey === '' || w === 0 || h === 0) void fitView(FIT_ALL);
      else if (cw > 0 && ch > 0 && !shouldFollow(wider, pane)) void setViewport(getViewportForBounds(wider, width, height, MIN_ZOOM, pane.maxZoom ?? MAX_ZOOM, PADDING));
      else if (!shouldFollow(rect, pane)) void setViewport(getViewportForBounds(rect, width, height, MIN_ZOOM, pane.maxZoom ?? MAX_ZOOM, PADDING));
      else {
        following.current = true;
        const zoom = followZoom(rect, pane);
        void setViewport(centreOn(at ?? { x: rect.x, y: rect.y + rect.height / 2 }, rect, pane, zoom));
      }
      return;
    }
    if (!following.current || !at) return;
    const current = getViewport();
    const next = keepInView(current, at, rect, pane);
    // Linear: at one zoom, d3's default (smooth) interpolation would zoom out and back in on the way.
    if (!same(current, next)) void setViewport(next, { duration: PAN_MS, interpolate: 'linear' });
  }, [shape, focusKey, contextKey, atKey, width, height, fitView, setViewport, getViewport]);
  return useCallback(() => {
    following.current = false;
  }, []);
}
