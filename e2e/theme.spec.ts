/**
 * Light and dark themes: they follow the system setting, a choice in the header forces one and
 * survives a reload, every part changes colour (page, editor, diagram, React Flow's own parts),
 * nothing moves when switching, and text reads at WCAG AA contrast in both.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import type { AppPage } from './app-page';

const docsPicture = (name: string): string => fileURLToPath(new URL(`../docs/${name}`, import.meta.url));

/** Colours theme.css sets, as computed styles report them. */
const PANEL = { light: 'rgb(255, 255, 255)', dark: 'rgb(23, 29, 36)' } as const;
const INK = { light: 'rgb(31, 41, 51)', dark: 'rgb(230, 234, 239)' } as const;
const NODE_BG = { light: 'rgb(248, 250, 252)', dark: 'rgb(19, 26, 34)' } as const;
const CONTROLS_BG = PANEL;

async function expectTheme(app: AppPage, theme: 'light' | 'dark'): Promise<void> {
  const page = app.page;
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
  await expect(page.locator('.app-header')).toHaveCSS('background-color', PANEL[theme]);
  await expect(page.locator('.app-header h1')).toHaveCSS('color', INK[theme]);
  await expect(page.locator('[data-testid=editor] .cm-editor')).toHaveCSS('background-color', PANEL[theme]);
  await expect(page.locator('[data-testid=editor] .cm-content')).toHaveCSS('color', INK[theme]);
  await expect(app.element('node:node-1')).toHaveCSS('background-color', NODE_BG[theme]);
  await expect(app.diagram().locator('.react-flow')).toHaveCSS('background-color', PANEL[theme]);
  await expect(app.diagram().locator('.react-flow__controls-button').first()).toHaveCSS('background-color', CONTROLS_BG[theme]);
  await expect(app.diagram().locator('.react-flow__minimap')).toHaveCSS('background-color', PANEL[theme]);
  await expect(page.getByTestId('inspector')).toHaveCSS('background-color', PANEL[theme]);
}

/** Boxes of the page's main parts, to check that a theme switch moves nothing. */
async function layoutBoxes(page: Page): Promise<Record<string, unknown>> {
  const ids = ['.app-header', '[data-testid=editor]', '[data-testid=diagram]', '.step-controls', '[data-testid=inspector]', '[data-testid=theme-switch]'];
  const boxes: Record<string, unknown> = {};
  for (const id of ids) boxes[id] = await page.locator(id).first().boundingBox();
  return boxes;
}

/**
 * Every visible text of the listed kinds against the background it is drawn on (ancestors'
 * backgrounds composited, half-transparent ones blended): the pairs below 4.5:1.
 */
async function lowContrastTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (css: string): Rgba => {
      const m = /rgba?\(([^)]+)\)/.exec(css);
      if (!m?.[1]) return [0, 0, 0, 0];
      const parts = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
    };
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const a = top[3];
      return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
    };
    const luminance = ([r, g, b]: Rgba): number => {
      const channel = (v: number): number => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const backgroundOf = (element: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let e: Element | null = element; e; e = e.parentElement) layers.push(parse(getComputedStyle(e).backgroundColor));
      let color: Rgba = parse(getComputedStyle(document.documentElement).backgroundColor);
      if (color[3] === 0) color = [255, 255, 255, 1];
      for (const layer of layers.reverse()) color = over(layer, color);
      return color;
    };
    const selectors = [
      '.app-header h1', '.tagline', '.header-actions button', '.theme-switch', '.view-tabs button', '.field',
      '.verdict-label', '.verdict-text', '.step-position', '.step-keys', '.hop-number', '.hop-kind', '.hop-summary',
      '.kind-tag', '.kind-words', '.where', '.inspector-summary', '.inspector h3', '.rule-kind', '.inspector-rule pre',
      '.header-layer caption', '.header-layer th', '.header-layer td', '.capture-line code', '.hint',
      '.el:not(.muted) .el-tag', '.el:not(.muted) .el-label', '.el:not(.muted) .el-detail', '.marker-text', '.marker-tag',
      '.cm-line', '.cm-gutterElement', '.status-line', '.problems-head', '.problems-empty', '.export-menu > summary',
    ];
    const failures: string[] = [];
    for (const selector of selectors) {
      for (const element of [...document.querySelectorAll(selector)].slice(0, 12)) {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || !element.textContent?.trim()) continue;
        const style = getComputedStyle(element);
        if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
        const background = backgroundOf(element);
        const text = over(parse(style.color), background);
        const [hi, lo] = [luminance(text), luminance(background)].sort((a, b) => b - a) as [number, number];
        const ratio = (hi + 0.05) / (lo + 0.05);
        if (ratio < 4.5) failures.push(`${selector} "${element.textContent.trim().slice(0, 30)}": ${ratio.toFixed(2)} (${style.color} on rgb(${background.slice(0, 3).map(Math.round).join(', ')}))`);
      }
    }
    return failures;
  });
}

test.use({ viewport: { width: 1440, height: 900 } });

test('the theme follows a light system, a choice forces dark and survives a reload, without moving anything', async ({ app, page }) => {
  test.slow(); // two reloads and many colour checks
  await page.emulateMedia({ colorScheme: 'light' });
  await app.open();
  await expect(page.getByTestId('theme-switch')).toHaveValue('system');
  await expectTheme(app, 'light');
  const before = await layoutBoxes(page);

  await page.getByTestId('theme-switch').selectOption('dark');
  await expectTheme(app, 'dark');
  expect(await layoutBoxes(page)).toEqual(before);
  expect(await page.evaluate(() => localStorage.getItem('kpp:v1:theme'))).toBe('dark');

  // The choice wins over the light system setting after a reload.
  await page.reload();
  await expect(app.marker()).toBeVisible();
  await expect(page.getByTestId('theme-switch')).toHaveValue('dark');
  await expectTheme(app, 'dark');

  // Back to following the system.
  await page.getByTestId('theme-switch').selectOption('system');
  await expectTheme(app, 'light');
  await page.reload();
  await expect(app.marker()).toBeVisible();
  await expectTheme(app, 'light');
});

test.describe('with a dark system setting', () => {
  test.use({ colorScheme: 'dark' });

  test('the page opens dark, forcing light works, and a live system change is followed', async ({ app, page }) => {
    await app.open();
    await expectTheme(app, 'dark');
    await page.getByTestId('theme-switch').selectOption('light');
    await expectTheme(app, 'light');
    // A forced theme ignores the system.
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectTheme(app, 'light');
    await page.getByTestId('theme-switch').selectOption('system');
    await expectTheme(app, 'dark');
    // Following the system: its change applies at once, no reload.
    await page.emulateMedia({ colorScheme: 'light' });
    await expectTheme(app, 'light');
  });
});

for (const theme of ['light', 'dark'] as const) {
  test(`every text reads at WCAG AA contrast in the ${theme} theme, and the picture for the docs`, async ({ app, page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await app.open();
    const bridgeHop = page.locator('[data-testid^="hop-row-"][data-kind="bridge-forward"]').first();
    await bridgeHop.click();
    await expect(app.marker()).toHaveAttribute('data-where', 'bridge:node-1/cni0');
    await expectTheme(app, theme);
    await app.settledMarkerBox();
    await page.mouse.move(0, 0);
    expect(await lowContrastTexts(page)).toEqual([]);
    await page.screenshot({ path: docsPicture(`theme-${theme}.png`) });
  });
}

test('the dark theme has readable dialogs and panels', async ({ app, page }, testInfo) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.open();
  await app.openSettings();
  await expect(app.settingsPanel()).toHaveCSS('background-color', PANEL.dark);
  expect(await lowContrastTexts(page)).toEqual([]);
  await app.settingsClose().click();
  // The confirmation dialog (the text differs from the example, so loading an example asks first).
  await app.cursorToEndOfLine('name: db');
  await app.typeInEditor('x');
  await app.openExample('same-node');
  await expect(app.confirmDialog()).toBeVisible();
  await expect(app.confirmDialog()).toHaveCSS('background-color', PANEL.dark);
  await expect(app.confirmDialog()).toHaveCSS('color', INK.dark);
  await page.screenshot({ path: testInfo.outputPath('dark-dialog.png') });
  await app.confirmCancel().click();
});
