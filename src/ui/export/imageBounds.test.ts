import { describe, expect, it } from 'vitest';
import { drawingBounds, parseViewportTransform, pixelRatioFor } from './imageBounds';

describe('parseViewportTransform', () => {
  it('reads React Flow viewport transforms', () => {
    expect(parseViewportTransform('translate(12.5px, -40px) scale(0.75)')).toEqual({ x: 12.5, y: -40, zoom: 0.75 });
    expect(parseViewportTransform('translate(0px,0px) scale(1)')).toEqual({ x: 0, y: 0, zoom: 1 });
    expect(parseViewportTransform('none')).toBeUndefined();
    expect(parseViewportTransform('translate(1px, 2px) scale(0)')).toBeUndefined();
  });
});

describe('drawingBounds', () => {
  it('unites the drawn rectangles, maps them back through the zoom and pads them', () => {
    // At zoom 0.5 and offset (100, 50), a screen box at (100, 50) of 200×100 is the diagram box (0, 0) of 400×200.
    const view = { x: 100, y: 50, zoom: 0.5 };
    const bounds = drawingBounds(
      [
        { x: 100, y: 50, width: 200, height: 100 },
        { x: 250, y: 120, width: 100, height: 40 }, // reaches past the first on the right and below
        { x: 0, y: 0, width: 0, height: 0 }, // nothing drawn: ignored
      ],
      view,
      10,
    );
    expect(bounds).toEqual({ x: -10, y: -10, width: 500 + 20, height: 220 + 20 });
  });

  it('covers parts outside the visible pane (negative screen coordinates)', () => {
    const bounds = drawingBounds([{ x: -300, y: -20, width: 100, height: 10 }, { x: 900, y: 400, width: 50, height: 50 }], { x: 0, y: 0, zoom: 1 }, 0);
    expect(bounds).toEqual({ x: -300, y: -20, width: 1250, height: 470 });
  });

  it('is undefined for an empty drawing', () => {
    expect(drawingBounds([], { x: 0, y: 0, zoom: 1 })).toBeUndefined();
  });
});

describe('pixelRatioFor', () => {
  it('doubles small drawings and shrinks the ratio for large ones', () => {
    expect(pixelRatioFor({ x: 0, y: 0, width: 1600, height: 900 })).toBe(2);
    expect(pixelRatioFor({ x: 0, y: 0, width: 8192, height: 2000 })).toBe(1);
    expect(pixelRatioFor({ x: 0, y: 0, width: 3000, height: 16384 })).toBe(0.5);
  });
});
