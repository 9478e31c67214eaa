/**
 * A pod's shared emptyDir volume, drawn inside the pod: the localhost example (nginx serves
 * what the helper container writes into `html`) shows the volume above both containers with a
 * mount edge to each, labelled with the path each container sees it at. Leaves `docs/volumes.png`.
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import type { Box } from './app-page';
import type { Locator } from '@playwright/test';

test.use({ viewport: { width: 1440, height: 900 } });

const box = async (locator: Locator): Promise<Box> => {
  const b = await locator.boundingBox();
  if (b === null) throw new Error('not drawn');
  return b;
};
const inside = (inner: Box, outer: Box): boolean =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;

test('the localhost example draws its emptyDir inside the pod, mounted by both containers', async ({ app, page }) => {
  await app.open();
  await app.openExample('pod-localhost');
  await expect(app.source()).toHaveValue('default/web/helper');

  const pod = app.element('pod:default/web');
  const volume = app.element('vol:default/web/html');
  await expect(volume).toBeVisible();
  await expect(volume).toHaveAttribute('data-kind', 'volume');
  await expect(volume.locator('.el-tag')).toHaveText('volume');
  await expect(volume.locator('.el-label')).toHaveText('html');
  await expect(volume.locator('.el-detail')).toHaveText('emptyDir');

  const [podBox, volumeBox, nginx, helper, eth0] = await Promise.all(
    [pod, volume, app.element('ctr:default/web/nginx'), app.element('ctr:default/web/helper'), app.element('podnic:default/web/eth0')].map(box),
  );
  expect(inside(volumeBox!, podBox!)).toBe(true);
  // Above both containers, spanning them, clear of them and of eth0 below.
  expect(volumeBox!.y + volumeBox!.height).toBeLessThan(nginx!.y);
  expect(volumeBox!.y + volumeBox!.height).toBeLessThan(helper!.y);
  expect(volumeBox!.x).toBeLessThanOrEqual(nginx!.x + 1);
  expect(volumeBox!.x + volumeBox!.width).toBeGreaterThanOrEqual(helper!.x + helper!.width - 1);
  expect(eth0!.y).toBeGreaterThan(nginx!.y + nginx!.height);

  // One mount edge per container, each labelled with its mount path.
  const mounts = page.locator('.react-flow__edge.edge-mount');
  await expect(mounts).toHaveCount(2);
  await expect(page.getByTestId('rf__edge-link:ctr:default/web/nginx~vol:default/web/html@/usr/share/nginx/html')).toContainText('/usr/share/nginx/html');
  await expect(page.getByTestId('rf__edge-link:ctr:default/web/helper~vol:default/web/html@/html')).toContainText('/html');
  // Each edge runs in the lane between the volume and its container.
  for (const [id, container] of [
    ['link:ctr:default/web/nginx~vol:default/web/html@/usr/share/nginx/html', nginx!],
    ['link:ctr:default/web/helper~vol:default/web/html@/html', helper!],
  ] as const) {
    const path = await box(page.getByTestId(`rf__edge-${id}`).locator('.react-flow__edge-path'));
    expect(path.y).toBeGreaterThanOrEqual(volumeBox!.y + volumeBox!.height - 2);
    expect(path.y + path.height).toBeLessThanOrEqual(container.y + 2);
    expect(path.x).toBeGreaterThanOrEqual(container.x);
    expect(path.x + path.width).toBeLessThanOrEqual(container.x + container.width);
  }

  await app.diagram().screenshot({ path: fileURLToPath(new URL('../docs/volumes.png', import.meta.url)) });
});

test('the volume and its mount edges follow the dark theme', async ({ app, page }, testInfo) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.open();
  await app.openExample('pod-localhost');
  const volume = app.element('vol:default/web/html');
  await expect(volume).toBeVisible();
  // The theme's --volume-bg and --volume-line (src/ui/styles/theme.css).
  await expect(volume).toHaveCSS('background-color', 'rgb(42, 33, 16)');
  await expect(page.locator('.react-flow__edge.edge-mount .react-flow__edge-path').first()).toHaveCSS('stroke', 'rgb(183, 121, 31)');
  await app.diagram().screenshot({ path: testInfo.outputPath('volumes-dark.png') });
});
