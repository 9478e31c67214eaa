/**
 * Embed mode (`?embed=1`): only the diagram and the step controls, under a line naming the
 * flow, for an <iframe> in documentation. It shows the example (or its URL's scenario), never
 * the reader's own saved work, and saves nothing.
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';

const EMBED_PICTURE = fileURLToPath(new URL('../docs/embed.png', import.meta.url));

test.use({ viewport: { width: 960, height: 540 } });

test('the embed shows the diagram and the step controls only, and steps', async ({ app, page }) => {
  await page.goto('/?embed=1');
  await expect(page.getByTestId('embed')).toBeVisible();
  await expect(app.marker()).toBeVisible();
  await expect(app.diagram()).toBeVisible();
  await expect(page.locator('.app-header')).toHaveCount(0);
  await expect(app.editor()).toHaveCount(0);
  await expect(page.getByTestId('inspector')).toHaveCount(0);
  await expect(page.getByTestId('export-menu')).toHaveCount(0);
  await expect(page.getByTestId('embed-flow')).toHaveText('default/frontend/web → default/backend:8080/TCP');
  await expect(page.getByTestId('embed-verdict')).toHaveAttribute('data-verdict', 'delivered');
  await expect(page.getByTestId('embed-open')).toHaveAttribute('href', /^http:\/\/127\.0\.0\.1:\d+\/$/);

  await expect(app.stepPosition()).toHaveText(/^hop 1 of \d+$/);
  const total = Number((await app.stepPosition().innerText()).split(' of ')[1]);
  expect(total).toBeGreaterThan(10);
  await app.btnForward().click();
  await expect(app.stepPosition()).toHaveText(`hop 2 of ${total}`);
  await page.keyboard.press('End');
  await expect(app.stepPosition()).toHaveText(`hop ${total} of ${total}`);
  await page.keyboard.press('Home');
  await expect(app.stepPosition()).toHaveText(`hop 1 of ${total}`);

  // The diagram takes the frame's height, less the caption and the controls.
  const diagram = await app.diagram().boundingBox();
  expect(diagram?.height).toBeGreaterThan(400);
  const controls = await page.locator('.step-controls').boundingBox();
  expect((controls?.y ?? 0) + (controls?.height ?? 0)).toBeLessThanOrEqual(540);
});

test('the embed neither reads nor writes the reader’s saved work', async ({ app, page }) => {
  await page.addInitScript(() => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', 'yes');
    localStorage.setItem('kpp:v1:scenario', JSON.stringify({ text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: mine}\nspec: {containers: [{name: c, image: x}]}\n' }));
  });
  await page.goto('/?embed=1');
  await expect(app.marker()).toBeVisible();
  await expect(app.element('pod:default/frontend')).toBeVisible();
  await expect(app.element('pod:default/mine')).toHaveCount(0);
  await app.btnForward().click();
  await page.waitForTimeout(500); // longer than the page's save delay
  const saved = await page.evaluate(() => localStorage.getItem('kpp:v1:scenario'));
  expect(saved).toContain('name: mine');
});

test('?theme=dark colours an embed dark whatever the system, and the picture for the docs', async ({ app, page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/?embed=1&theme=dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('embed')).toHaveCSS('background-color', 'rgb(23, 29, 36)');
  // Nothing saved: the choice of a reader's own page is theirs.
  expect(await page.evaluate(() => localStorage.getItem('kpp:v1:theme'))).toBeNull();

  await page.goto('/?embed=1');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  const bridgeHop = 6;
  for (let i = 1; i < bridgeHop; i += 1) await app.btnForward().click();
  await expect(app.marker()).toHaveAttribute('data-where', 'bridge:node-1/cni0');
  await app.settledMarkerBox();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: EMBED_PICTURE });
});
