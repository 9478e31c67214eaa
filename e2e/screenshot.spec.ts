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
  // No hover highlight in the picture.
  await page.mouse.move(0, 0);
  await page.screenshot({ path: SCREENSHOT });
});
