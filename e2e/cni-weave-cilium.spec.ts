/**
 * Weave Net and Cilium, picked in the settings panel: each plugin's devices are drawn, the flow
 * frontend → backend crosses from node-1 to node-2, and at the VXLAN hop the inspector shows
 * the outer headers with the plugin's port and VNI (Weave: the peers' short IDs; Cilium: the
 * sender's security identity).
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import type { AppPage } from './app-page';

interface Plugin {
  readonly cni: string;
  readonly label: string;
  readonly devices: readonly string[];
  readonly tunnel: string | undefined;
  readonly port: number | undefined;
  /** The VNI as the encapsulation hop's summary writes it. */
  readonly vniInSummary: RegExp | undefined;
}

const PLUGINS: readonly Plugin[] = [
  {
    cni: 'weave',
    label: 'Weave Net, fast datapath (weave, VXLAN on UDP 6784)',
    devices: ['bridge:node-1/weave', 'veth:node-1/vethwe-bridge', 'veth:node-1/vethwe-datapath', 'dp:node-1/datapath', 'tun:node-1/vxlan-6784'],
    tunnel: 'vxlan-6784',
    port: 6784,
    vniInSummary: /VNI 0x([0-9a-f]+)/,
  },
  {
    cni: 'cilium-vxlan',
    label: 'Cilium, eBPF, VXLAN tunnel (cilium_vxlan)',
    devices: ['nic:node-1/cilium_host', 'nic:node-1/cilium_net', 'tun:node-1/cilium_vxlan'],
    tunnel: 'cilium_vxlan',
    port: 8472,
    vniInSummary: /VNI (\d+), frontend's security identity/,
  },
  { cni: 'cilium-native', label: 'Cilium, eBPF, native routing', devices: ['nic:node-1/cilium_host', 'nic:node-1/cilium_net'], tunnel: undefined, port: undefined, vniInSummary: undefined },
];

async function pickPlugin(app: AppPage, plugin: Plugin): Promise<void> {
  await app.openSettings();
  await expect(app.setting('cni').locator(`option[value="${plugin.cni}"]`)).toHaveText(plugin.label);
  await app.setting('nodeNames').fill('node-1, node-2');
  await app.setting('cni').selectOption(plugin.cni);
  // The plugin's own defaults follow it: Weave's range, Cilium's ipBlocks that never match pods.
  await expect(app.setting('clusterCIDR')).toHaveValue(plugin.cni.startsWith('weave') ? '10.32.0.0/12' : '10.244.0.0/16');
  if (plugin.cni.startsWith('cilium')) await expect(app.setting('ipBlockMatchesPods')).not.toBeChecked();
  else await expect(app.setting('ipBlockMatchesPods')).toBeChecked();
  await app.settingsClose().click();
  await expect(app.settingsPanel()).toHaveCount(0);
}

for (const plugin of PLUGINS) {
  test(`${plugin.cni}: frontend → backend:8080 across two nodes`, async ({ app }) => {
    test.slow();
    await app.open();
    await pickPlugin(app, plugin);
    await expect(app.statusLine()).toContainText('3 pods on 2 nodes');
    await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
    await expect(app.verdict()).toContainText('from node-1 to node-2');
    for (const device of plugin.devices) await expect(app.element(device)).toBeVisible();

    if (plugin.tunnel !== undefined && plugin.port !== undefined && plugin.vniInSummary !== undefined) {
      await expect(app.element(`tun:node-1/${plugin.tunnel}`).locator('.el-tag')).toHaveText('VXLAN tunnel');
      await app.hopOfKind('encapsulate').click();
      await expect(app.inspectorKind()).toHaveText('encapsulate');
      await expect(app.marker()).toHaveAttribute('data-where', `tun:node-1/${plugin.tunnel}`);
      await expect(app.marker()).toHaveAttribute('data-encapsulated', 'true');
      await expect(app.markerOuter()).toHaveText(`VXLAN 192.168.1.11→192.168.1.12 :${plugin.port}`);
      await expect(app.headerLayer('outer-l3')).toBeVisible();
      await expect(app.headerField('outer.ip.src').locator('.after')).toHaveText('192.168.1.11');
      await expect(app.headerField('outer.ip.dst').locator('.after')).toHaveText('192.168.1.12');
      await expect(app.headerField('outer.ip.protocol').locator('.after')).toHaveText('UDP');
      await expect(app.headerField('outer.udp.dstPort').locator('.after')).toHaveText(String(plugin.port));
      const summary = (await app.inspectorSummary().textContent()) ?? '';
      const written = plugin.vniInSummary.exec(summary)?.[1];
      expect(written).toBeDefined();
      const vni = plugin.cni === 'weave' ? parseInt(written ?? '', 16) : Number(written);
      await expect(app.headerField('outer.vxlan.vni').locator('.after')).toHaveText(String(vni));
      // The inner frame is still there, under the envelope.
      await expect(app.headerLayer('l3')).toContainText('10.');
    } else {
      await expect(app.page.locator('[data-testid^="el-"][data-kind="tunnel"]')).toHaveCount(0);
      await app.hopOfKind('wire').click();
      await expect(app.marker()).toHaveAttribute('data-encapsulated', 'false');
      await expect(app.headerLayer('outer-l3')).toHaveCount(0);
    }

    await app.hopOfKind('deliver').click();
    await expect(app.marker()).toHaveAttribute('data-where', 'ctr:default/backend/api');
  });
}

const SLEEVE: Plugin = {
  cni: 'weave-sleeve',
  label: 'Weave Net, sleeve only (WEAVE_NO_FASTDP, router on UDP 6783)',
  devices: ['bridge:node-1/weave', 'veth:node-1/vethwe-bridge', 'veth:node-1/vethwe-pcap', 'router:node-1/weaver'],
  tunnel: undefined,
  port: 6783,
  vniInSummary: undefined,
};

test('weave-sleeve: the weave router carries frontend → backend in UDP 6783, its peer names in the inspector', async ({ app, page }) => {
  test.slow();
  await page.setViewportSize({ width: 1440, height: 900 });
  await app.open();
  await pickPlugin(app, SLEEVE);
  await expect(app.statusLine()).toContainText('3 pods on 2 nodes');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await expect(app.verdict()).toContainText("by the weave routers' sleeve encapsulation (UDP 6783)");
  for (const device of SLEEVE.devices) await expect(app.element(device)).toBeVisible();
  // No Open vSwitch datapath and no tunnel device: the router is a process.
  await expect(app.page.locator('[data-testid^="el-"][data-kind="datapath"]')).toHaveCount(0);
  await expect(app.page.locator('[data-testid^="el-"][data-kind="tunnel"]')).toHaveCount(0);
  await expect(app.element('router:node-1/weaver').locator('.el-tag')).toHaveText('user-space router');

  await app.hopOfKind('encapsulate').click();
  await expect(app.inspectorKind()).toHaveText('encapsulate');
  await expect(app.marker()).toHaveAttribute('data-where', 'router:node-1/weaver');
  await expect(app.marker()).toHaveAttribute('data-encapsulated', 'true');
  await expect(app.markerOuter()).toHaveText('sleeve 192.168.1.11→192.168.1.12 :6783');
  await expect(app.headerField('outer.ip.src').locator('.after')).toHaveText('192.168.1.11');
  await expect(app.headerField('outer.ip.dst').locator('.after')).toHaveText('192.168.1.12');
  await expect(app.headerField('outer.udp.srcPort').locator('.after')).toHaveText('6783');
  await expect(app.headerField('outer.udp.dstPort').locator('.after')).toHaveText('6783');
  await expect(app.headerLayer('sleeve')).toBeVisible();
  await expect(app.headerLayer('vxlan')).toHaveCount(0);
  const sender = (await app.headerField('outer.sleeve.sender').locator('.after').textContent()) ?? '';
  expect(sender).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
  await expect(app.headerField('outer.sleeve.capturing').locator('.after')).toHaveText(sender);
  const destination = (await app.headerField('outer.sleeve.destination').locator('.after').textContent()) ?? '';
  expect(destination).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
  expect(destination).not.toBe(sender);
  await expect(app.inspectorSummary()).toContainText("This connection's MTU is 1438");
  await expect(app.headerLayer('l3')).toContainText('10.');
  await app.settledMarkerBox();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: fileURLToPath(new URL('../docs/weave-sleeve.png', import.meta.url)) });

  await app.hopOfKind('decapsulate').click();
  await expect(app.marker()).toHaveAttribute('data-where', 'router:node-2/weaver');
  await expect(app.marker()).toHaveAttribute('data-encapsulated', 'false');
  await app.hopOfKind('deliver').click();
  await expect(app.marker()).toHaveAttribute('data-where', 'ctr:default/backend/api');
});

test.describe('picture for the docs', () => {
  test.use({ viewport: { width: 1440, height: 900 } });
  test('Cilium VXLAN: the packet wrapped at cilium_vxlan, VNI = the sender’s identity', async ({ app, page }) => {
    test.slow();
    await app.open();
    await pickPlugin(app, PLUGINS[1]!);
    await expect(app.statusLine()).toContainText('3 pods on 2 nodes');
    await app.hopOfKind('encapsulate').click();
    await expect(app.marker()).toHaveAttribute('data-encapsulated', 'true');
    await app.settledMarkerBox();
    await app.headerLayer('outer-l2').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.mouse.move(0, 0);
    await page.screenshot({ path: fileURLToPath(new URL('../docs/cross-node-cilium.png', import.meta.url)) });
  });
});
