/**
 * A big cluster stays usable: 50 nodes of 20 pods each (12 in `shop`, 8 in `pay`). The nodes the
 * packet does not visit are summary boxes with their counts; the two nodes a flow crosses are
 * drawn with the path's pods and their other pods summarised per namespace; a click on a
 * summary opens it, and the node's fold control closes it again.
 */
import { expect, test } from './fixtures';
import { SharePage } from './share-page';

const NODES = 50;
const PODS_PER_NODE = 20;
const namespaceOf = (i: number): string => (i < 12 ? 'shop' : 'pay');

/** One pinned Pod per document, so each node's pods (and namespaces) are known exactly. */
function bigCluster(): string {
  const docs: string[] = [];
  for (let n = 1; n <= NODES; n++) {
    for (let i = 0; i < PODS_PER_NODE; i++) {
      docs.push(
        `apiVersion: v1\nkind: Pod\nmetadata: {name: app-${n}-${i}, namespace: ${namespaceOf(i)}}\nspec: {nodeName: node-${n}, containers: [{name: app, image: app, ports: [{containerPort: 8080}]}]}`,
      );
    }
  }
  return docs.join('\n---\n');
}

/** The scenario as a file to import (typing 130 KB into the editor takes longer than the test may). */
function scenarioFile(): { name: string; mimeType: string; buffer: Buffer } {
  const scenario = {
    format: 'kube-packet-path/scenario',
    version: 1,
    manifests: bigCluster(),
    settings: { cni: 'flannel-vxlan', nodeNames: Array.from({ length: NODES }, (_, i) => `node-${i + 1}`) },
    flows: [{ from: { kind: 'pod', namespace: 'shop', pod: 'app-3-0', container: 'app' }, to: { kind: 'pod', namespace: 'shop', pod: 'app-3-1', port: 8080, protocol: 'TCP' } }],
    flowIndex: 0,
    step: 0,
    view: { pane: 'diagram' },
  };
  return { name: 'big-cluster.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(scenario)) };
}

const SHOTS = '.scratch-helper/diagram-scale';

test('a 50-node, 1,000-pod cluster is drawn as summaries around the path, which open on click', async ({ app, page }) => {
  test.slow();
  await app.open();
  const share = new SharePage(page);
  // The editor holds the example, nothing of the person's own: the file replaces it without a question.
  await share.importInput().setInputFiles(scenarioFile());
  await expect(app.statusLine()).toContainText('1000 pods on 50 nodes');

  // A flow from a shop pod on node-3 to a pay pod on node-9.
  await app.source().selectOption('shop/app-3-0/app');
  await app.destination().selectOption('pay/app-9-15');
  await app.port().fill('8080');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await expect(app.verdict()).toContainText('from node-3 to node-9');

  // Nodes off the path: one box each, with what they hold (CoreDNS runs on node-1 and node-2).
  const summary = (id: string) => app.element(`summary:${id}`);
  await expect(summary('node:node-20')).toContainText('node-20');
  await expect(summary('node:node-20')).toContainText('20 pods in 2 namespaces');
  await expect(summary('node:node-1')).toContainText('21 pods in 3 namespaces');
  await expect(page.locator('[data-testid^="el-summary:"][data-scope="node"]')).toHaveCount(48);
  await expect(app.element('node:node-20')).toHaveCount(0);
  await expect(app.element('pod:shop/app-20-0')).toHaveCount(0);

  // The two nodes the packet crosses: their devices, the path's pods, and the rest per namespace.
  for (const node of ['node-3', 'node-9']) {
    await expect(app.element(`node:${node}`)).toBeVisible();
    await expect(app.element(`nic:${node}/eth0`)).toBeVisible();
    await expect(app.element(`bridge:${node}/cni0`)).toBeVisible();
    await expect(app.element(`tun:${node}/flannel.1`)).toBeVisible();
  }
  await expect(app.element('pod:shop/app-3-0')).toBeVisible();
  await expect(app.element('ctr:pay/app-9-15/app')).toBeVisible();
  await expect(summary('node:node-3/shop')).toHaveText(/shop\s*11 pods/);
  await expect(summary('node:node-3/pay')).toHaveText(/pay\s*8 pods/);
  await expect(summary('node:node-9/shop')).toHaveText(/shop\s*12 pods/);
  await expect(summary('node:node-9/pay')).toHaveText(/pay\s*7 pods/);
  await expect(app.element('pod:shop/app-3-1')).toHaveCount(0);
  // Far fewer boxes than the cluster has elements.
  expect(await page.locator('.react-flow__node').count()).toBeLessThan(150);
  await page.screenshot({ path: `${SHOTS}/summaries-path.png` });

  // The packet still travels the whole path, to the container on node-9.
  await app.focusPage();
  await page.keyboard.press('End');
  await expect(app.marker()).toHaveAttribute('data-where', /^ctr:/);
  await app.hopOfKind('deliver').click();
  await expect(app.marker()).toHaveAttribute('data-where', 'ctr:pay/app-9-15/app');
  await app.settledMarkerBox();

  // Opening node-3's pay pods draws them; the node's fold control closes them again.
  await app.hopRow(0).click();
  await app.settledMarkerBox();
  await summary('node:node-3/pay').locator('button').click();
  await expect(summary('node:node-3/pay')).toHaveCount(0);
  for (let i = 12; i < 20; i++) await expect(app.element(`pod:pay/app-3-${i}`)).toBeVisible();
  await expect(app.element(`ctr:pay/app-3-12/app`)).toBeVisible();
  await expect(summary('node:node-3/shop')).toHaveText(/shop\s*11 pods/);
  await page.screenshot({ path: `${SHOTS}/namespace-opened.png` });
  await app.element('node:node-3').getByTestId('fold-node').click();
  await expect(summary('node:node-3/pay')).toHaveText(/pay\s*8 pods/);
  await expect(app.element('pod:pay/app-3-12')).toHaveCount(0);
  await expect(app.element('node:node-3').getByTestId('fold-node')).toHaveCount(0);

  // Opening a node off the path shows its namespaces as summaries; folding it makes it one box again.
  await summary('node:node-4').locator('button').click();
  await expect(app.element('node:node-4')).toBeVisible();
  await expect(summary('node:node-4/shop')).toHaveText(/shop\s*12 pods/);
  await expect(summary('node:node-4/pay')).toHaveText(/pay\s*8 pods/);
  await expect(app.element('nic:node-4/eth0')).toBeVisible();
  await app.diagram().screenshot({ path: `${SHOTS}/node-opened.png` });
  await app.element('node:node-4').getByTestId('fold-node').click();
  await expect(summary('node:node-4')).toContainText('20 pods in 2 namespaces');
  await expect(app.element('node:node-4')).toHaveCount(0);
});

test('the gallery examples are drawn whole: no summary boxes', async ({ app, page }) => {
  await app.open();
  await expect(app.element('pod:default/backend')).toBeVisible();
  await expect(page.locator('[data-testid^="el-summary:"]')).toHaveCount(0);
  await app.useNodes('node-1, node-2', 'flannel-vxlan');
  await expect(app.element('node:node-2')).toBeVisible();
  await expect(page.locator('[data-testid^="el-summary:"]')).toHaveCount(0);
});
