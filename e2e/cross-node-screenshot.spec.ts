/** Pictures for the docs (1440×900): the packet across two nodes, in its VXLAN and IP-in-IP envelopes. */
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import type { AppPage } from './app-page';

const docsPicture = (name: string): string => fileURLToPath(new URL(`../docs/${name}`, import.meta.url));

test.use({ viewport: { width: 1440, height: 900 } });

async function showHop(app: AppPage, cni: string, kind: string): Promise<void> {
  await app.open();
  await app.useNodes('node-1, node-2', cni);
  await expect(app.statusLine()).toContainText('3 pods on 2 nodes');
  await app.hopOfKind(kind).click();
  await expect(app.inspectorKind()).toHaveText(kind);
  await expect(app.marker()).toHaveAttribute('data-encapsulated', 'true');
  await app.settledMarkerBox();
  // The outer headers of the inspector in view.
  await app.headerLayer('outer-l2').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await app.page.mouse.move(0, 0);
}

test('Flannel VXLAN: the packet wrapped at flannel.1', async ({ app, page }) => {
  test.slow();
  await showHop(app, 'flannel-vxlan', 'encapsulate');
  await page.screenshot({ path: docsPicture('cross-node-flannel.png') });
});

test('Calico IP-in-IP: the packet on the node network', async ({ app, page }) => {
  test.slow();
  await showHop(app, 'calico-ipip', 'wire');
  await page.screenshot({ path: docsPicture('cross-node-calico.png') });
});
