/** (6) The README's picture: the whole app with the packet on the cni0 bridge. */
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';

const SCREENSHOT = fileURLToPath(new URL('../docs/screenshot.png', import.meta.url));

test.use({ viewport: { width: 1440, height: 900 } });

test('screenshot of the app at the bridge hop', async ({ app, page }) => {
  await app.open();
  const bridgeHop = page.locator('[data-testid^="hop-row-"][data-kind="bridge-forward"]').first();
  await bridgeHop.click();
  await expect(app.marker()).toHaveAttribute('data-where', 'bridge:node-1/cni0');
  await expect(app.element('bridge:node-1/cni0')).toHaveClass(/current/);
  await app.settledMarkerBox();
  // The camera follows the packet at a readable zoom, centred on it: at the bridge hop that leaves the pane's
  // left empty. Pan by hand (the camera stays where it is put) so the node starts at the pane's left.
  const pane = (await app.diagram().boundingBox())!;
  const before = (await app.element('node:node-1').boundingBox())!;
  const shift = before.x - (pane.x + 12);
  if (shift > 0) {
    const grab = { x: pane.x + 24, y: pane.y + 24 };
    await page.mouse.move(grab.x, grab.y);
    await page.mouse.down();
    await page.mouse.move(grab.x - shift, grab.y, { steps: 8 });
    await page.mouse.up();
  }
  await expect(async () => {
    const node = (await app.element('node:node-1').boundingBox())!;
    expect(Math.abs(node.x - (pane.x + 12))).toBeLessThan(4);
    // The node runs on past the pane's right: no empty strip there either.
    expect(node.x + node.width).toBeGreaterThan(pane.x + pane.width);
  }).toPass();
  await expect(app.element('bridge:node-1/cni0')).toHaveClass(/current/);
  await app.settledMarkerBox();
  // No hover highlight in the picture.
  await page.mouse.move(0, 0);
  await page.screenshot({ path: SCREENSHOT });
});
