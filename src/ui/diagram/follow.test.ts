import { describe, expect, it } from 'vitest';
import { centreOn, fitZoom, followZoom, keepInView, maxZoomFor, shouldFollow, type Pane } from './follow';

/** 800×400 with 50 px free on every side: a 700×300 area centred at (400, 200). */
const pane: Pane = { width: 800, height: 400, padding: { top: 50, right: 50, bottom: 50, left: 50 } };
/** Two nodes side by side: 2000 wide, 400 tall. */
const wide = { x: 0, y: 0, width: 2000, height: 400 };
const narrow = { x: 0, y: 0, width: 600, height: 300 };

describe('follow', () => {
  it('follows only when fitting would make the flow too small to read', () => {
    expect(shouldFollow(wide, pane)).toBe(true);
    expect(shouldFollow(narrow, pane)).toBe(false);
  });

  it('fits the height when following', () => {
    expect(followZoom(wide, pane)).toBeCloseTo(0.75);
  });

  it('centres the packet but never pans past the edges of the flow', () => {
    const zoom = 0.75;
    // In the middle: centred.
    expect(centreOn({ x: 1000, y: 200 }, wide, pane, zoom)).toEqual({ x: 400 - 750, y: 50, zoom });
    // At the far left: the flow's left edge stays at the area's left edge.
    expect(centreOn({ x: 10, y: 200 }, wide, pane, zoom).x).toBe(50);
    // At the far right: its right edge stays at the area's right edge.
    expect(centreOn({ x: 1990, y: 200 }, wide, pane, zoom).x).toBe(750 - 2000 * zoom);
  });

  it('leaves the view alone while the packet is near the middle, and pans when it nears an edge', () => {
    const current = centreOn({ x: 1000, y: 200 }, wide, pane, 0.75);
    expect(keepInView(current, { x: 1100, y: 200 }, wide, pane)).toBe(current);
    expect(keepInView(current, { x: 1500, y: 200 }, wide, pane)).toEqual(centreOn({ x: 1500, y: 200 }, wide, pane, 0.75));
  });
});

describe('the zoom on large screens', () => {
  it('grows with the panels’ text: 1× below 2400 px wide, 1.25× from 2400, 1.5× from 3200', () => {
    expect(maxZoomFor(1440)).toBe(1);
    expect(maxZoomFor(2400)).toBe(1.25);
    expect(maxZoomFor(3840)).toBe(1.5);
  });

  it('lets a small flow on a big pane be drawn up to the screen’s zoom', () => {
    const big: Pane = { width: 2600, height: 1600, padding: { top: 0, right: 0, bottom: 0, left: 0 } };
    expect(fitZoom(narrow, big)).toBe(1);
    expect(fitZoom(narrow, { ...big, maxZoom: 1.5 })).toBe(1.5);
    expect(followZoom(wide, { ...big, maxZoom: 1.5 })).toBe(1.5);
  });
});
