/**
 * Across nodes: with two nodes the example puts frontend and backend on different nodes. For
 * each CNI plugin the diagram draws its devices, and stepping shows the packet wrapped in outer
 * headers (VXLAN or IP-in-IP) from the tunnel device to the other node's, on the node network
 * in between, and unwrapped again; with host-gw it crosses unwrapped.
 */
import { expect, test } from './fixtures';
import type { Locator } from '@playwright/test';
import type { AppPage, Box } from './app-page';

interface Plugin {
  readonly cni: string;
  /** The tunnel device, or undefined for plugins that route without encapsulation. */
  readonly tunnel: string | undefined;
  readonly bridge: string | undefined;
  readonly outer: { readonly protocol: 'UDP' | 'IPIP'; readonly port?: number; readonly vni?: number; readonly label: string } | undefined;
}

const PLUGINS: readonly Plugin[] = [
  {
    cni: 'flannel-vxlan',
    tunnel: 'flannel.1',
    bridge: 'cni0',
    outer: { protocol: 'UDP', port: 8472, vni: 1, label: 'VXLAN 192.168.1.11→192.168.1.12 :8472' },
  },
  { cni: 'flannel-host-gw', tunnel: undefined, bridge: 'cni0', outer: undefined },
  { cni: 'calico-ipip', tunnel: 'tunl0', bridge: undefined, outer: { protocol: 'IPIP', label: 'IPIP 192.168.1.11→192.168.1.12' } },
  {
    cni: 'calico-vxlan',
    tunnel: 'vxlan.calico',
    bridge: undefined,
    outer: { protocol: 'UDP', port: 4789, vni: 4096, label: 'VXLAN 192.168.1.11→192.168.1.12 :4789' },
  },
];

const centre = (b: Box): { x: number; y: number } => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator.toString()} is not drawn`);
  return box;
}

/**
 * Once the marker has come to rest (and the view with it), it is inside the diagram's frame —
 * the view followed the packet — and `check` holds for it; boxes are read together, as the
 * view may still be panning.
 */
async function expectMarkerInView(app: AppPage, check: (marker: Box) => Promise<void> = async () => {}): Promise<void> {
  await app.settledMarkerBox();
  await expect(async () => {
    const [marker, frame] = await Promise.all([boxOf(app.marker()), boxOf(app.diagram())]);
    const c = centre(marker);
    expect(c.x).toBeGreaterThan(frame.x);
    expect(c.x).toBeLessThan(frame.x + frame.width);
    expect(c.y).toBeGreaterThan(frame.y);
    expect(c.y).toBeLessThan(frame.y + frame.height);
    await check(marker);
  }).toPass({ timeout: 5_000 });
}

/** The marker's centre is across `element`, horizontally (and, for a bar, on it vertically). */
const overElement = (element: Locator, onBar = false) => async (marker: Box): Promise<void> => {
  const box = await boxOf(element);
  const c = centre(marker);
  expect(c.x).toBeGreaterThan(box.x);
  expect(c.x).toBeLessThan(box.x + box.width);
  if (onBar) {
    expect(c.y).toBeGreaterThanOrEqual(box.y);
    expect(c.y).toBeLessThanOrEqual(box.y + box.height + 1);
  }
};

for (const plugin of PLUGINS) {
  test(`frontend → backend:8080 across two nodes with ${plugin.cni}`, async ({ app, page }) => {
    test.slow();
    await app.open();
    await app.useNodes('node-1, node-2', plugin.cni);
    await expect(app.statusLine()).toContainText('3 pods on 2 nodes');
    await expect(app.source()).toHaveValue('default/frontend/web');
    await expect(app.destination()).toHaveValue('default/backend');
    await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
    await expect(app.verdict()).toContainText('from node-1 to node-2');

    // The devices of this plugin, on both nodes, and the node network under them.
    await expect(app.element('underlay')).toBeVisible();
    for (const node of ['node-1', 'node-2']) {
      await expect(app.element(`node:${node}`)).toBeVisible();
      await expect(app.element(`nic:${node}/eth0`)).toBeVisible();
      if (plugin.tunnel) await expect(app.element(`tun:${node}/${plugin.tunnel}`)).toHaveAttribute('data-kind', 'tunnel');
      if (plugin.bridge) await expect(app.element(`bridge:${node}/${plugin.bridge}`)).toBeVisible();
    }
    if (!plugin.tunnel) await expect(page.locator('[data-testid^="el-"][data-kind="tunnel"]')).toHaveCount(0);
    if (!plugin.bridge) {
      await expect(page.locator('[data-testid^="el-"][data-kind="bridge"]')).toHaveCount(0);
      await expect(page.locator('[data-testid^="el-veth:node-1/cali"]').first()).toBeVisible();
    }

    if (plugin.outer) {
      const { outer } = plugin;
      await app.hopOfKind('encapsulate').click();
      await expect(app.inspectorKind()).toHaveText('encapsulate');
      await expect(app.marker()).toHaveAttribute('data-where', `tun:node-1/${plugin.tunnel ?? ''}`);
      await expect(app.marker()).toHaveAttribute('data-encapsulated', 'true');
      await expect(app.markerOuter()).toHaveText(outer.label);
      await expect(app.headerLayer('outer-l3')).toBeVisible();
      await expect(app.headerField('outer.ip.src').locator('.after')).toHaveText('192.168.1.11');
      await expect(app.headerField('outer.ip.dst')).toHaveClass(/changed/);
      await expect(app.headerField('outer.ip.dst').locator('.after')).toHaveText('192.168.1.12');
      await expect(app.headerField('outer.ip.protocol').locator('.after')).toHaveText(outer.protocol);
      if (outer.port !== undefined) await expect(app.headerField('outer.udp.dstPort').locator('.after')).toHaveText(String(outer.port));
      if (outer.vni !== undefined) await expect(app.headerField('outer.vxlan.vni').locator('.after')).toHaveText(String(outer.vni));
      if (outer.protocol === 'IPIP') {
        await expect(app.headerLayer('outer-udp')).toHaveCount(0);
        await expect(app.headerLayer('l2')).toContainText('none (IP-in-IP carries no inner Ethernet)');
        await expect(app.headerLayer('l2')).toContainText('Inner L2 Ethernet');
      }
      await expectMarkerInView(app);
    }

    // On the wire, the marker sits on the node network, between the two nodes.
    await app.hopOfKind('wire').click();
    await expect(app.marker()).toHaveAttribute('data-where', 'underlay');
    await expect(app.element('underlay')).toHaveClass(/current/);
    await expect(app.marker()).toHaveAttribute('data-encapsulated', plugin.outer ? 'true' : 'false');
    await expectMarkerInView(app, overElement(app.element('underlay'), true));
    await expect(app.headerLayer('outer-l3')).toHaveCount(plugin.outer ? 1 : 0);

    if (plugin.outer) {
      // Unwrapped on node-2: no envelope, the stripped outer fields listed as removed.
      await app.hopOfKind('decapsulate').click();
      await expect(app.marker()).toHaveAttribute('data-where', `tun:node-2/${plugin.tunnel ?? ''}`);
      await expect(app.marker()).toHaveAttribute('data-encapsulated', 'false');
      await expect(app.markerOuter()).toHaveCount(0);
      await expect(app.headerLayer('outer-l3')).toHaveCount(0);
      await expect(app.headerLayer('outer-removed')).toContainText('192.168.1.12');
    }

    // The view has followed the packet to the other node.
    await app.hopOfKind('deliver').click();
    await expect(app.marker()).toHaveAttribute('data-where', 'ctr:default/backend/api');
    await expectMarkerInView(app, overElement(app.element('ctr:default/backend/api')));
  });
}

test('three nodes: frontend → db:5432 crosses from node-1 to node-3 over the node network', async ({ app }) => {
  test.slow();
  await app.open();
  await app.useNodes('node-1, node-2, node-3', 'calico-vxlan');
  await expect(app.statusLine()).toContainText('3 pods on 3 nodes');
  await app.destination().selectOption('default/db');
  await app.port().fill('5432');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await expect(app.verdict()).toContainText('from node-1 to node-3');
  for (const node of ['node-1', 'node-2', 'node-3']) await expect(app.element(`tun:${node}/vxlan.calico`)).toBeVisible();

  await app.hopOfKind('encapsulate').click();
  await expect(app.markerOuter()).toHaveText('VXLAN 192.168.1.11→192.168.1.13 :4789');
  await app.hopOfKind('wire').click();
  await expect(app.marker()).toHaveAttribute('data-where', 'underlay');
  // Between the two nodes' eth0, wherever the view has panned to.
  await expectMarkerInView(app, async (marker) => {
    const [from, to] = await Promise.all([boxOf(app.element('nic:node-1/eth0')), boxOf(app.element('nic:node-3/eth0'))]);
    expect(centre(marker).x).toBeGreaterThan(centre(from).x);
    expect(centre(marker).x).toBeLessThan(centre(to).x);
  });

  await app.hopOfKind('deliver').click();
  await expect(app.marker()).toHaveAttribute('data-where', 'ctr:default/db/postgres');
  await expectMarkerInView(app, overElement(app.element('ctr:default/db/postgres')));
});

test('the fit button shows the whole cluster and the view stays there while the packet moves on', async ({ app, page }) => {
  test.slow();
  await app.open();
  await app.useNodes('node-1, node-2, node-3', 'calico-vxlan');
  await app.destination().selectOption('default/db');
  await app.port().fill('5432');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  const viewport = page.locator('.react-flow__viewport');
  // Three nodes side by side are too wide to read whole: the camera follows the packet at a readable zoom.
  await app.hopOfKind('socket-send').click();
  await app.settledMarkerBox();
  const following = await viewport.getAttribute('style');
  await page.locator('.react-flow__controls-fitview').click();
  await expect(viewport).not.toHaveAttribute('style', following ?? '');
  await app.settledMarkerBox();
  const fitted = await viewport.getAttribute('style');
  // Stepping across to node-3 would pan a following camera; the fitted view stays as the user chose.
  await app.hopOfKind('wire').click();
  await app.settledMarkerBox();
  await app.hopOfKind('deliver').click();
  await app.settledMarkerBox();
  await expect(viewport).toHaveAttribute('style', fitted ?? '');
});
