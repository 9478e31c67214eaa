/**
 * Fits the view to the part of the cluster the flow crosses, when the flow or the
 * elements change (not on every step or keystroke). The fit button of the controls
 * still shows the whole cluster.
 */
import { useEffect } from 'react';
import { getViewportForBounds, useReactFlow, useStore } from '@xyflow/react';
import type { Rect } from './focus';

/** Room on the left for the zoom controls, on the right for the minimap, below for the marker. */
const PADDING = { top: '28px', bottom: '44px', left: '64px', right: '160px' } as const;
const MIN_ZOOM = 0.2;
const MAX_ZOOM = 1;

export const FIT_ALL = { padding: PADDING, minZoom: MIN_ZOOM, maxZoom: MAX_ZOOM } as const;

/** `shape` changes when elements come or go; `focus` is what to show, or undefined for everything. */
export function useFitToFlow(shape: string, focus: Rect | undefined): void {
  const { fitView, setViewport } = useReactFlow();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const key = focus ? [focus.x, focus.y, focus.width, focus.height].map(Math.round).join(',') : '';
  useEffect(() => {
    if (shape === '' || width === 0 || height === 0) return;
    const [x = 0, y = 0, w = 0, h = 0] = key === '' ? [] : key.split(',').map(Number);
    if (key === '' || w === 0 || h === 0) {
      void fitView(FIT_ALL);
      return;
    }
    void setViewport(getViewportForBounds({ x, y, width: w, height: h }, width, height, MIN_ZOOM, MAX_ZOOM, PADDING));
  }, [shape, key, width, height, fitView, setViewport]);
}
