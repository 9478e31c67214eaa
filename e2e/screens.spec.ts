/**
 * Readable at 1280×720 and on a 4K screen (3840×2160 at device scale 1 and 2): the page's parts
 * do not overlap, no text is tiny, and every control is reached with Tab and shows a focus ring.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const SCREENS = [
  { width: 1280, height: 720, scale: 1 },
  { width: 3840, height: 2160, scale: 1 },
  { width: 3840, height: 2160, scale: 2 },
] as const;

/** Parts that sit one under the other in the right pane, and the two panes side by side. */
const STACK = ['.view-bar', '[data-testid=verdict]', '[data-testid=diagram]', '.trace-toolbar', '.trace-details'];

async function box(page: Page, selector: string) {
  const found = await page.locator(selector).first().boundingBox();
  if (!found) throw new Error(`${selector} is not visible`);
  return found;
}

/** The smallest drawn font size (CSS px) of any visible text outside the diagram, and where. */
async function smallestText(page: Page): Promise<{ size: number; where: string }> {
  return page.evaluate(() => {
    let smallest = { size: Infinity, where: '' };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || !node.textContent?.trim() || element.closest('[data-testid=diagram]')) continue;
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      // The size as drawn: the computed font size times the CSS zoom in effect (screens.css).
      const zoom = (element as Element & { currentCSSZoom?: number }).currentCSSZoom ?? 1;
      const size = parseFloat(getComputedStyle(element).fontSize) * zoom;
      if (size < smallest.size) smallest = { size, where: `${element.className || element.tagName}: ${node.textContent.trim().slice(0, 20)}` };
    }
    return smallest;
  });
}

for (const screen of SCREENS) {
  test.describe(`at ${screen.width}×${screen.height}, scale ${screen.scale}`, () => {
    test.use({ viewport: { width: screen.width, height: screen.height }, deviceScaleFactor: screen.scale });

    test('the parts do not overlap and the text is not tiny', async ({ app, page }, testInfo) => {
      await app.open();
      const header = await box(page, '.app-header');
      const editor = await box(page, '.pane-editor');
      const trace = await box(page, '.pane-trace');
      expect(editor.y).toBeGreaterThanOrEqual(header.y + header.height - 1);
      expect(trace.x).toBeGreaterThanOrEqual(editor.x + editor.width - 1);
      let bottom = trace.y;
      for (const selector of STACK) {
        const part = await box(page, selector);
        expect(part.y, `${selector} starts below the part above it`).toBeGreaterThanOrEqual(bottom - 0.5);
        expect(part.x + part.width, `${selector} fits the pane`).toBeLessThanOrEqual(trace.x + trace.width + 0.5);
        bottom = part.y + part.height;
      }
      // The header's controls stay on one row inside the header.
      const actions = await box(page, '.header-actions');
      expect(actions.y + actions.height).toBeLessThanOrEqual(header.y + header.height);
      const text = await smallestText(page);
      expect(text.size, `smallest text: ${text.where}`).toBeGreaterThanOrEqual(screen.width >= 3840 ? 12 : 11);
      if (screen.width >= 3840) {
        // The diagram grows too: a box's label is drawn at 12.5 px times the view's zoom.
        await app.settledMarkerBox();
        const label = await page.evaluate(() => {
          const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
          const zoom = Number(/scale\(([\d.]+)\)/.exec(viewport?.style.transform ?? '')?.[1]);
          const element = document.querySelector('.el-leaf .el-label');
          return element ? parseFloat(getComputedStyle(element).fontSize) * zoom : 0;
        });
        expect(label).toBeGreaterThanOrEqual(16);
      }
      await page.screenshot({ path: testInfo.outputPath('page.png') });
    });
  });
}

test('every control is reached with Tab and shows a focus ring', async ({ app, page }) => {
  test.slow();
  await app.open();
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  const wanted = [
    'gallery-button', 'settings-toggle', 'theme-switch', 'view-tab-diagram', 'view-tab-reachability', 'source', 'destination', 'port',
    'protocol', 'btn-play', 'btn-forward', 'export-toggle', 'hop-row-0', 'copy-capture',
  ];
  const reached = new Set<string>();
  const rings: string[] = [];
  for (let i = 0; i < 120 && wanted.some((id) => !reached.has(id)); i += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element) return undefined;
      const style = getComputedStyle(element);
      const id = element.dataset['testid'] ?? element.closest('[data-testid]')?.getAttribute('data-testid') ?? element.tagName;
      return { id, outline: `${style.outlineStyle} ${style.outlineWidth}`, shadow: style.boxShadow };
    });
    if (!focused) continue;
    reached.add(focused.id);
    if (wanted.includes(focused.id) && focused.outline.startsWith('none') && focused.shadow === 'none') rings.push(focused.id);
  }
  expect(wanted.filter((id) => !reached.has(id))).toEqual([]);
  expect(rings, 'controls focused without a visible ring').toEqual([]);
});
