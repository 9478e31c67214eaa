/**
 * The diagram as a picture: the whole drawing (not only the part in view), in the theme on
 * screen. html-to-image (loaded on first use, so it is not in the initial JavaScript) copies
 * the diagram's DOM with its computed styles into an SVG <foreignObject>; for PNG the browser
 * draws that SVG on a canvas. Everything stays in the page: data: images, no fetch, no fonts to
 * embed (the page uses system fonts), so the strict CSP holds.
 *
 * html-to-image is pinned to 1.11.11: later versions lose React Flow's edges (xyflow/web#759).
 */
import { drawingBounds, parseViewportTransform, pixelRatioFor, type Rect } from './imageBounds';

export type ImageFormat = 'png' | 'svg';

/** What is drawn: boxes, edge paths and the packet. */
const DRAWN = '.react-flow__node, .react-flow__edge-path, .packet-marker';

function drawnRects(flow: HTMLElement, viewport: HTMLElement): Rect[] {
  const origin = flow.getBoundingClientRect();
  return [...viewport.querySelectorAll(DRAWN)].map((element) => {
    const box = element.getBoundingClientRect();
    return { x: box.left - origin.left, y: box.top - origin.top, width: box.width, height: box.height };
  });
}

function svgBlob(dataUrl: string): Blob {
  const comma = dataUrl.indexOf(',');
  return new Blob([decodeURIComponent(dataUrl.slice(comma + 1))], { type: 'image/svg+xml' });
}

/** The picture of the diagram inside `container` (the element holding the React Flow pane). */
export async function diagramImage(container: HTMLElement, format: ImageFormat): Promise<Blob> {
  const flow = container.querySelector<HTMLElement>('.react-flow');
  const viewport = container.querySelector<HTMLElement>('.react-flow__viewport');
  if (!flow || !viewport) throw new Error('the diagram is not drawn');
  const view = parseViewportTransform(viewport.style.transform);
  if (!view) throw new Error(`unexpected diagram transform "${viewport.style.transform}"`);
  const bounds = drawingBounds(drawnRects(flow, viewport), view);
  if (!bounds) throw new Error('the diagram is empty');

  const { toBlob, toSvg } = await import('html-to-image');
  const options = {
    backgroundColor: getComputedStyle(container).getPropertyValue('--panel').trim(),
    width: bounds.width,
    height: bounds.height,
    pixelRatio: pixelRatioFor(bounds),
    skipFonts: true,
    style: {
      width: `${bounds.width}px`,
      height: `${bounds.height}px`,
      transform: `translate(${-bounds.x}px, ${-bounds.y}px) scale(1)`,
    },
  };
  if (format === 'svg') return svgBlob(await toSvg(viewport, options));
  const blob = await toBlob(viewport, options);
  if (!blob) throw new Error('the browser could not draw the picture');
  return blob;
}
