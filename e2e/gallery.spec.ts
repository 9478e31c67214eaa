/**
 * The gallery of examples: each example (and each variant: CNI plugin, kube-proxy mode, flow)
 * loads from the header's Examples dialog with its manifests, settings and flow, starts at
 * the first hop, has the verdict it promises, steps to its end with the End key, and shows in
 * the inspector the thing it is there to teach. The main variant of each example leaves a
 * picture for the docs (`docs/gallery-<example>.png`, 1440×900); the others leave one in the
 * test's output folder.
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import type { AppPage } from './app-page';
import type { Locator } from '@playwright/test';

const docsPicture = (name: string): string => fileURLToPath(new URL(`../docs/${name}`, import.meta.url));

test.use({ viewport: { width: 1440, height: 900 } });

interface Case {
  /** The example's id, and the variant's when it is not the example's first. */
  readonly example: string;
  readonly variant?: string;
  readonly verdict: 'delivered' | 'dropped' | 'unresolved';
  /** The flow picker's source after loading. */
  readonly source: string;
  /** Hops in all, and the last one's kind and place. */
  readonly steps: number;
  readonly last: { readonly kind: string; readonly where: string };
  /** Checks at the last hop, beyond its kind. */
  readonly atEnd?: (app: AppPage) => Promise<void>;
  /** The hop that shows what the example teaches, and what the inspector says there. */
  readonly teach: { readonly row: (app: AppPage) => Locator; readonly kind: string; readonly check: (app: AppPage) => Promise<void> };
  /** `docs/<picture>` for the example's main variant. */
  readonly picture?: string;
}

const rowWith = (app: AppPage, kind: string, text: string): Locator => app.hopRows().and(app.page.locator(`[data-kind="${kind}"]`)).filter({ hasText: text }).first();

/** The outer headers of the wrapped packet between node-1 and node-2. */
async function expectOuter(app: AppPage, fields: Readonly<Record<string, string>>): Promise<void> {
  await expect(app.headerField('outer.ip.src')).toContainText('192.168.1.11');
  await expect(app.headerField('outer.ip.dst')).toContainText('192.168.1.12');
  for (const [field, value] of Object.entries(fields)) await expect(app.headerField(field)).toContainText(value);
}

const crossNode = (cni: string, steps: number, teach: Case['teach'], picture?: string): Case => ({
  example: 'cross-node',
  variant: `cross-node-${cni}`,
  verdict: 'delivered',
  source: 'default/client/curl',
  steps,
  last: { kind: 'deliver', where: 'ctr:default/client/curl' },
  teach,
  picture,
});

const wrapAt = (device: string, fields: Readonly<Record<string, string>>): Case['teach'] => ({
  row: (app) => app.hopOfKind('encapsulate'),
  kind: 'encapsulate',
  check: async (app) => {
    await expect(app.inspector()).toContainText(`tun:node-1/${device}`);
    await expectOuter(app, fields);
    await expect(app.marker()).toHaveAttribute('data-encapsulated', 'true');
  },
});

const unwrapped: Case['teach'] = {
  row: (app) => app.hopOfKind('wire'),
  kind: 'wire',
  check: async (app) => {
    await expect(app.inspectorSummary()).toContainText('crosses the node network from node-1 (192.168.1.11) to node-2 (192.168.1.12)');
    await expect(app.headerLayer('outer-l3')).toHaveCount(0);
    await expect(app.headerField('ip.dst')).toContainText(/^dst10\.244\.1\.\d+$/);
  },
};

const CASES: readonly Case[] = [
  {
    example: 'pod-localhost',
    verdict: 'delivered',
    source: 'default/web/helper',
    steps: 5,
    last: { kind: 'deliver', where: 'ctr:default/web/helper' },
    teach: {
      row: (app) => app.hopOfKind('loopback'),
      kind: 'loopback',
      check: async (app) => {
        await expect(app.inspectorRule()).toContainText('local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1');
        await expect(app.headerField('ip.src')).toContainText('127.0.0.1');
        await expect(app.headerField('ip.dst')).toContainText('127.0.0.1');
      },
    },
    picture: 'gallery-pod-localhost.png',
  },
  {
    example: 'same-node',
    verdict: 'delivered',
    source: 'default/frontend/web',
    steps: 17,
    last: { kind: 'deliver', where: 'ctr:default/frontend/web' },
    teach: {
      row: (app) => app.hopOfKind('bridge-forward'),
      kind: 'bridge-forward',
      check: async (app) => {
        await expect(app.inspectorRule()).toContainText('52:8b:67:67:2c:78 dev veth4f53ef48 master cni0');
        await expect(app.headerField('ip.ttl')).toContainText('64');
      },
    },
    picture: 'gallery-same-node.png',
  },
  crossNode('flannel-vxlan', 32, wrapAt('flannel.1', { 'outer.ip.protocol': 'UDP', 'outer.udp.dstPort': '8472', 'outer.vxlan.vni': '1' }), 'gallery-cross-node.png'),
  crossNode('flannel-host-gw', 28, unwrapped),
  crossNode('calico-ipip', 29, wrapAt('tunl0', { 'outer.ip.protocol': 'IPIP' })),
  crossNode('calico-vxlan', 29, wrapAt('vxlan.calico', { 'outer.udp.dstPort': '4789', 'outer.vxlan.vni': '4096' })),
  crossNode('calico-bgp', 25, unwrapped),
  crossNode('cilium-vxlan', 25, wrapAt('cilium_vxlan', { 'outer.udp.dstPort': '8472', 'outer.vxlan.vni': '27800' })),
  crossNode('cilium-native', 25, unwrapped),
  crossNode('weave', 37, wrapAt('vxlan-6784', { 'outer.udp.dstPort': '6784', 'outer.vxlan.vni': '12020634' })),
  {
    example: 'service',
    verdict: 'delivered',
    source: 'default/frontend/web',
    steps: 25,
    last: { kind: 'deliver', where: 'ctr:default/frontend/web' },
    // The client only ever sees the ClusterIP: conntrack undid the DNAT on the reply.
    atEnd: async (app) => await expect(app.headerField('ip.src')).toContainText('10.104.80.142'),
    teach: {
      row: (app) => rowWith(app, 'service-rule', 'DNATs'),
      kind: 'service-rule',
      check: async (app) => {
        await expect(app.inspectorRule()).toContainText('-A KUBE-SEP-IJ4EN4K66VMEYRNC ');
        await expect(app.inspectorRule()).toContainText('default/api:web');
        await expect(app.inspectorRule()).toContainText('-j DNAT --to-destination 10.244.0.5:8080');
        await expect(app.headerField('ip.dst')).toContainText('10.244.0.5');
        await expect(app.headerField('l4.dstPort')).toContainText('8080');
      },
    },
    picture: 'gallery-service.png',
  },
  {
    example: 'service',
    variant: 'service-ipvs',
    verdict: 'delivered',
    source: 'default/frontend/web',
    steps: 30,
    last: { kind: 'deliver', where: 'ctr:default/frontend/web' },
    teach: {
      row: (app) => rowWith(app, 'service-rule', 'ipvs real server'),
      kind: 'service-rule',
      check: async (app) => {
        await expect(app.inspectorRule()).toContainText('-> 10.244.0.3:8080');
        await expect(app.inspectorSummary()).toContainText('ipvs real server: the rule DNATs 10.104.80.142:80 to 10.244.0.3:8080, endpoint 1 of 3.');
      },
    },
  },
  {
    example: 'service',
    variant: 'service-nftables',
    verdict: 'delivered',
    source: 'default/frontend/web',
    steps: 26,
    last: { kind: 'deliver', where: 'ctr:default/frontend/web' },
    teach: {
      row: (app) => rowWith(app, 'service-rule', 'DNATs'),
      kind: 'service-rule',
      check: async (app) => await expect(app.inspectorRule()).toContainText('meta l4proto tcp dnat to 10.244.0.3:8080'),
    },
  },
  {
    example: 'service',
    variant: 'service-cilium',
    verdict: 'delivered',
    source: 'default/frontend/web',
    steps: 16,
    last: { kind: 'deliver', where: 'ctr:default/frontend/web' },
    teach: {
      row: (app) => app.hopOfKind('service-rule'),
      kind: 'service-rule',
      check: async (app) => {
        await expect(app.inspectorSummary()).toContainText('ebpf cgroup/connect4 (cil_sock4_connect): the rule DNATs 10.104.80.142:80 to 10.244.0.3:8080');
        await expect(app.inspector()).toContainText('ctr:default/frontend/web');
      },
    },
  },
  {
    example: 'dns',
    verdict: 'delivered',
    source: 'web/storefront/web',
    steps: 52,
    last: { kind: 'deliver', where: 'ctr:web/storefront/web' },
    atEnd: async (app) => await expect(app.headerField('ip.src')).toContainText('10.96.98.124'),
    teach: {
      row: (app) => app.hopOfKind('dns-answer', 'dns'),
      kind: 'dns-answer',
      check: async (app) => {
        await expect(app.inspectorSummary()).toContainText('api.shop resolves to 10.96.98.124 as api.shop.svc.cluster.local. (name 2 of the walk, after 1 that did not exist)');
        await expect(app.inspectorRule()).toContainText('api.shop.web.svc.cluster.local. A @10.96.0.10: NXDOMAIN');
        await expect(app.inspectorRule()).toContainText('api.shop.svc.cluster.local. 30 IN A 10.96.98.124');
      },
    },
    picture: 'gallery-dns.png',
  },
  {
    example: 'dns',
    variant: 'dns-short-name',
    verdict: 'unresolved',
    source: 'web/storefront/web',
    steps: 27,
    last: { kind: 'dns-answer', where: 'ctr:web/storefront/web' },
    atEnd: async (app) => await expect(app.inspectorSummary()).toContainText('api does not resolve: NXDOMAIN for all 4 names tried. no Service api in namespace web'),
    teach: {
      row: (app) => app.hopOfKind('dns-query', 'dns'),
      kind: 'dns-query',
      check: async (app) => {
        await expect(app.inspectorSummary()).toContainText('asks api.web.svc.cluster.local., then api.svc.cluster.local., then api.cluster.local., then api.');
        await expect(app.inspectorRule()).toContainText('search web.svc.cluster.local svc.cluster.local cluster.local');
      },
    },
  },
  {
    example: 'loadbalancer',
    verdict: 'delivered',
    source: 'external:198.51.100.10',
    steps: 31,
    last: { kind: 'deliver', where: 'client' },
    // The client gets its answer from the address it called, not from the pod.
    atEnd: async (app) => {
      await expect(app.headerField('ip.src')).toContainText('203.0.113.10');
      await expect(app.headerField('ip.dst')).toContainText('198.51.100.10');
    },
    teach: {
      row: (app) => app.hopOfKind('masquerade'),
      kind: 'masquerade',
      check: async (app) => {
        await expect(app.inspectorRule()).toContainText('KUBE-POSTROUTING');
        await expect(app.headerField('ip.src')).toContainText('10.244.0.1');
        await expect(app.headerField('ip.dst')).toContainText('10.244.0.2');
        await expect(app.headerField('l4.dstPort')).toContainText('8080');
      },
    },
    picture: 'gallery-loadbalancer.png',
  },
  {
    example: 'netpol',
    verdict: 'dropped',
    variant: 'netpol-dropped',
    source: 'default/reports/cron',
    steps: 8,
    last: { kind: 'drop', where: 'veth:node-1/veth49612970' },
    atEnd: async (app) => {
      await expect(app.page.getByTestId('policy-check')).toHaveAttribute('data-direction', 'ingress');
      await expect(app.page.getByTestId('policy-denial')).toContainText('backend-database-policy');
      await expect(app.page.getByTestId('policy-denial')).toContainText('role=frontend-web-server');
    },
    teach: {
      row: (app) => app.hopOfKind('drop'),
      kind: 'drop',
      check: async (app) => await expect(app.inspectorSummary()).toContainText('NetworkPolicy drops the packet entering mysql (ingress)'),
    },
    picture: 'gallery-netpol.png',
  },
  {
    example: 'netpol',
    verdict: 'delivered',
    source: 'default/frontend/web',
    steps: 19,
    last: { kind: 'deliver', where: 'ctr:default/frontend/web' },
    teach: {
      row: (app) => app.page.locator('[data-testid^="hop-row-"][data-kind="network-policy"][data-direction="forward"]').nth(1),
      kind: 'network-policy',
      check: async (app) => {
        await expect(app.page.getByTestId('policy-check')).toHaveAttribute('data-verdict', 'allowed');
        await expect(app.page.getByTestId('policy-allow')).toContainText('backend-database-policy');
      },
    },
  },
];

/** Settles the view on the hop shown and saves the page as it is. */
async function picture(app: AppPage, name: string): Promise<void> {
  await app.settledMarkerBox();
  await app.page.mouse.move(0, 0);
  await app.page.screenshot({ path: docsPicture(name) });
}

/** Loads the case's example from the gallery, checks where it starts and ends, and shows the hop that teaches. */
async function walk(app: AppPage, c: Case): Promise<void> {
  await app.openExample(c.example, c.variant);
  await expect(app.confirmDialog()).toBeHidden();
  await expect(app.verdict()).toHaveAttribute('data-verdict', c.verdict);
  await expect(app.source()).toHaveValue(c.source);
  await expect(app.stepPosition()).toHaveText(`hop 1 of ${c.steps}`);

  await app.focusPage();
  await app.page.keyboard.press('End');
  await expect(app.stepPosition()).toHaveText(`hop ${c.steps} of ${c.steps}`);
  await expect(app.inspectorKind()).toHaveText(c.last.kind);
  await expect(app.inspector()).toContainText(c.last.where);
  await c.atEnd?.(app);

  await c.teach.row(app).click();
  await expect(app.inspectorKind()).toHaveText(c.teach.kind);
  await c.teach.check(app);
  if (c.picture) await picture(app, c.picture);
}

/**
 * One test per example (the cross-node one in two: wrapped and routed), its variants loaded
 * one after the other in the same page: an example as shipped is no text of the user's, so
 * the next one loads without asking.
 */
const groupOf = (c: Case): string => (c.example === 'cross-node' ? `cross-node (${c.teach === unwrapped ? 'routed' : 'wrapped'})` : c.example);
const GROUPS = new Map<string, Case[]>();
for (const c of CASES) GROUPS.set(groupOf(c), [...(GROUPS.get(groupOf(c)) ?? []), c]);

for (const [group, cases] of GROUPS) {
  const ids = cases.map((c) => c.variant ?? c.example).join(', ');
  test(`gallery: ${group} — ${ids}: loads, ends as promised at its last hop, shows what it teaches`, async ({ app }) => {
    // A few seconds per variant when the machine is idle; room for a busy one.
    test.setTimeout(20_000 * (cases.length + 1));
    await app.open();
    for (const c of cases) await walk(app, c);
  });
}

test('the gallery lists every example, opens and loads from the keyboard, and closes with Escape', async ({ app, page }) => {
  await app.open();
  await app.galleryButton().focus();
  await page.keyboard.press('Enter');
  await expect(app.galleryDialog()).toBeVisible();
  await expect(app.galleryExample('pod-localhost')).toBeFocused();
  await expect(app.galleryDialog().locator('.gallery-title')).toHaveText([
    'Containers of one pod, over localhost',
    'Pod to pod on one node',
    'Pod to pod across nodes',
    'Pod to Service through kube-proxy',
    'DNS by name',
    'From outside to a LoadBalancer Service',
    'NetworkPolicy: only the frontend reaches MySQL',
  ]);
  await page.keyboard.press('Escape');
  await expect(app.galleryDialog()).toBeHidden();
  await expect(app.editorContent()).toContainText('name: frontend');

  // Tab to the third entry's Calico IP-in-IP variant, and Enter loads it with its settings.
  await page.keyboard.press('Enter');
  await expect(app.galleryDialog()).toBeVisible();
  for (let i = 0; i < 20 && !(await app.galleryVariant('cross-node-calico-ipip').evaluate((el) => el === document.activeElement)); i += 1) {
    await page.keyboard.press('Tab');
  }
  await expect(app.galleryVariant('cross-node-calico-ipip')).toBeFocused();
  await page.screenshot({ path: docsPicture('gallery.png') });
  await page.keyboard.press('Enter');
  await expect(app.galleryDialog()).toBeHidden();
  await expect(app.editorContent()).toContainText('name: echo');
  await expect(app.statusLine()).toContainText('2 pods on 2 nodes');
  await app.openSettings();
  await expect(app.setting('cni')).toHaveValue('calico-ipip');
});

test('an example replaces text the user wrote only after asking, and Ctrl+Z brings the text back', async ({ app, page }) => {
  await app.open();
  await app.cursorToEndOfLine('name: db');
  await app.typeInEditor('x');
  await expect(app.element('pod:default/dbx')).toBeVisible();
  await app.openExample('netpol', 'netpol-dropped');
  await expect(app.confirmDialog()).toContainText('reports → mysql (dropped)');
  await app.confirmAccept().click();
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'dropped');
  await expect(app.stepPosition()).toHaveText('hop 1 of 8');

  // A gallery example as shipped is not the user's text: the next one loads without asking.
  await app.openExample('dns');
  await expect(app.confirmDialog()).toBeHidden();
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await expect(app.editorContent()).toContainText('name: storefront');

  await app.editorContent().click();
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect(app.editorContent()).toContainText('name: dbx');
});

test('the gallery follows the dark theme', async ({ app, page }, testInfo) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.open();
  await app.galleryButton().click();
  await expect(app.galleryDialog()).toHaveCSS('background-color', 'rgb(23, 29, 36)');
  await expect(app.galleryExample('dns').locator('.gallery-title')).toHaveCSS('color', 'rgb(230, 234, 239)');
  await page.screenshot({ path: testInfo.outputPath('gallery-dark.png') });
});
