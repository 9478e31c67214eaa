/** (2) Stepping moves the current row, the inspector and the packet marker. */
import { expect, test } from './fixtures';

test('forward and back change the hop, the inspector and the marker', async ({ app }) => {
  await app.open();
  await expect(app.btnBack()).toBeDisabled();
  const summary0 = await app.inspectorSummary().textContent();
  const where0 = await app.marker().getAttribute('data-where');
  const box0 = await app.settledMarkerBox();

  await app.btnForward().click();
  await expect(app.hopRow(1)).toHaveAttribute('aria-current', 'step');
  await expect(app.hopRow(0)).not.toHaveAttribute('aria-current', 'step');
  await expect(app.currentHopRow()).toHaveCount(1);
  await expect(app.stepPosition()).toHaveText(/^hop 2 of/);
  await expect(app.inspectorSummary()).not.toHaveText(summary0 ?? '');
  await expect(app.marker()).not.toHaveAttribute('data-where', where0 ?? '');
  const where1 = await app.marker().getAttribute('data-where');
  const box1 = await app.settledMarkerBox();
  expect(Math.abs(box1.x - box0.x) + Math.abs(box1.y - box0.y)).toBeGreaterThan(10);

  // The marker sits on the element it names.
  const element = await app.element(where1 ?? '').boundingBox();
  if (!element) throw new Error(`element ${where1} is not drawn`);
  const centre = box1.x + box1.width / 2;
  expect(centre).toBeGreaterThan(element.x);
  expect(centre).toBeLessThan(element.x + element.width);

  await app.btnBack().click();
  await expect(app.hopRow(0)).toHaveAttribute('aria-current', 'step');
  await expect(app.inspectorSummary()).toHaveText(summary0 ?? '');
  await expect(app.marker()).toHaveAttribute('data-where', where0 ?? '');
  const boxBack = await app.settledMarkerBox();
  expect(Math.abs(boxBack.x - box0.x)).toBeLessThan(1);
  expect(Math.abs(boxBack.y - box0.y)).toBeLessThan(1);
});

test('clicking a hop row jumps there; first returns to the start', async ({ app }) => {
  await app.open();
  const rows = await app.hopRows().count();
  expect(rows).toBeGreaterThan(4);
  await app.hopRow(4).click();
  await expect(app.hopRow(4)).toHaveAttribute('aria-current', 'step');
  await expect(app.stepPosition()).toHaveText(`hop 5 of ${rows}`);
  const kind = await app.hopRow(4).getAttribute('data-kind');
  await expect(app.inspectorKind()).toHaveText(kind ?? '');
  await app.btnFirst().click();
  await expect(app.hopRow(0)).toHaveAttribute('aria-current', 'step');
});

test('keyboard: arrows step, End and Home jump, Space plays and pauses', async ({ app, page }) => {
  await app.open();
  await app.focusPage();
  const rows = await app.hopRows().count();
  await page.keyboard.press('ArrowRight');
  await expect(app.hopRow(1)).toHaveAttribute('aria-current', 'step');
  await page.keyboard.press('ArrowLeft');
  await expect(app.hopRow(0)).toHaveAttribute('aria-current', 'step');
  await page.keyboard.press('End');
  await expect(app.hopRow(rows - 1)).toHaveAttribute('aria-current', 'step');
  await expect(app.marker()).toHaveAttribute('data-tone', 'reply');
  await page.keyboard.press('Home');
  await expect(app.hopRow(0)).toHaveAttribute('aria-current', 'step');

  await page.keyboard.press('Space');
  await expect(app.btnPlay()).toHaveAttribute('aria-pressed', 'true');
  await expect(app.hopRow(1)).toHaveAttribute('aria-current', 'step', { timeout: 3_000 });
  await page.keyboard.press('Space');
  await expect(app.btnPlay()).toHaveAttribute('aria-pressed', 'false');
  const paused = await app.currentHopRow().getAttribute('data-testid');
  await page.waitForTimeout(1_200);
  await expect(app.currentHopRow()).toHaveAttribute('data-testid', paused ?? '');
});

test('arrow keys typed in the editor move the cursor, not the packet', async ({ app, page }) => {
  await app.open();
  await app.editorContent().click();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('End');
  await expect(app.hopRow(0)).toHaveAttribute('aria-current', 'step');
});

test('the keyboard help lists the shortcuts; ? and the button open it, Escape and Close shut it', async ({ app, page }) => {
  await app.open();
  const help = page.getByTestId('shortcuts-help');
  await expect(help).toBeHidden();
  await page.locator('body').press('?');
  await expect(help).toBeVisible();
  await expect(help.getByRole('heading')).toHaveText('Keyboard');
  const rows = help.locator('tr');
  await expect(rows).toHaveCount(10);
  await expect(rows.nth(0)).toHaveText('Spaceplay or pause');
  await expect(rows.nth(3)).toHaveText('Homefirst hop');
  await expect(help.getByTestId('shortcuts-close')).toBeFocused();
  // While the help is open, the keys do not step the packet behind it.
  const where = await app.marker().getAttribute('data-where');
  await page.keyboard.press('End');
  await expect(app.marker()).toHaveAttribute('data-where', where ?? '');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await page.getByTestId('btn-shortcuts').click();
  await expect(help).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('shortcuts-help.png') });
  await help.getByTestId('shortcuts-close').click();
  await expect(help).toBeHidden();
  await expect(page.getByTestId('btn-shortcuts')).toBeFocused();
});
