/** (1) The app opens on the example: node, three pods, cni0, and a delivered trace. */
import { expect, test } from './fixtures';

test('opens with the example scenario traced and drawn', async ({ app, page }) => {
  await app.open();
  await expect(page.getByRole('heading', { name: 'Kube Packet Path' })).toBeVisible();
  await expect(app.editorContent()).toContainText('name: frontend');

  await expect(app.element('node:node-1')).toBeVisible();
  for (const pod of ['frontend', 'backend', 'db']) {
    await expect(app.element(`pod:default/${pod}`)).toBeVisible();
  }
  await expect(app.element('bridge:node-1/cni0')).toBeVisible();
  await expect(app.element('bridge:node-1/cni0')).toContainText('cni0');

  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await expect(app.verdict()).toContainText(/delivered/i);
  await expect(app.verdict()).toContainText('default/backend:8080/TCP');
  await expect(app.statusLine()).toContainText('3 pods on 1 node');

  await expect(app.source()).toHaveValue('default/frontend/web');
  await expect(app.destination()).toHaveValue('default/backend');
  await expect(app.port()).toHaveValue('8080');
  await expect(app.protocol()).toHaveValue('TCP');

  await expect(app.hopRow(0)).toHaveAttribute('aria-current', 'step');
  await expect(app.marker()).toHaveAttribute('data-where', 'ctr:default/frontend/web');
  await expect(app.stepPosition()).toHaveText(/^hop 1 of \d+$/);
  await expect(page.getByTestId('reply-separator')).toBeVisible();
});

test('the diagram nests containers in pods and pods in the node', async ({ app }) => {
  await app.open();
  const node = await app.element('node:node-1').boundingBox();
  const pod = await app.element('pod:default/backend').boundingBox();
  const api = await app.element('ctr:default/backend/api').boundingBox();
  const veth = await app.element('veth:node-1/veth4f53ef48').boundingBox();
  const bridge = await app.element('bridge:node-1/cni0').boundingBox();
  if (!node || !pod || !api || !veth || !bridge) throw new Error('an element is not drawn');
  const inside = (a: typeof pod, b: typeof node): boolean =>
    a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
  expect(inside(api, pod)).toBe(true);
  expect(inside(pod, node)).toBe(true);
  // The host veth sits under its pod, the bridge under the veths.
  expect(veth.y).toBeGreaterThan(pod.y + pod.height);
  expect(bridge.y).toBeGreaterThan(veth.y + veth.height);
});
