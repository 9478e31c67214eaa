/**
 * A big cluster stays usable: 50 nodes of 20 pods each (12 in `shop`, 8 in `pay`). The nodes the
 * packet does not visit are summary boxes with their counts; the two nodes a flow crosses are
 * drawn with the path's pods and their other pods summarised per namespace; a click on a
 * summary opens it, and the node's fold control closes it again. The summaries are one Tab
 * stop, count the pods the NetworkPolicy under the cursor marks, have their own minimap
 * colour, and close when a new scenario replaces the text.
 */
import { expect, test } from './fixtures';
import { SharePage } from './share-page';

const NODES = 50;
const PODS_PER_NODE = 20;
const namespaceOf = (i: number): string => (i < 12 ? 'shop' : 'pay');
/** On every node, shop pods 4-6 are the policy's `role: api` pods and shop pods 7-8 its `role: web` clients. */
const roleOf = (i: number): string | undefined => (i >= 4 && i <= 6 ? 'api' : i === 7 || i === 8 ? 'web' : undefined);

/** Admits the shop web pods to the shop api pods; the flows here go to pay pods, which it does not select. */
const API_POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-policy
  namespace: shop
spec:
  podSelector:
    matchLabels:
      role: api
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector:
        matchLabels:
          role: web
    ports:
    - {protocol: TCP, port: 8080}`;

/** The policy, then one pinned Pod per document, so each node's pods (and namespaces) are known exactly. */
function bigCluster(): string {
  const docs: string[] = [API_POLICY];
  for (let n = 1; n <= NODES; n++) {
    for (let i = 0; i < PODS_PER_NODE; i++) {
      const role = roleOf(i);
      const labels = role === undefined ? '' : `, labels: {role: ${role}}`;
      docs.push(
        `apiVersion: v1\nkind: Pod\nmetadata: {name: app-${n}-${i}, namespace: ${namespaceOf(i)}${labels}}\nspec: {nodeName: node-${n}, containers: [{name: app, image: app, ports: [{containerPort: 8080}]}]}`,
      );
    }
  }
  return docs.join('\n---\n');
}

/** The scenario as a file to import (typing 130 KB into the editor takes longer than the test may), its flow to `to`. */
function scenarioFile(to: { namespace: string; pod: string } = { namespace: 'shop', pod: 'app-3-1' }): { name: string; mimeType: string; buffer: Buffer } {
  const scenario = {
    format: 'kube-packet-path/scenario',
    version: 1,
    manifests: bigCluster(),
    settings: { cni: 'flannel-vxlan', nodeNames: Array.from({ length: NODES }, (_, i) => `node-${i + 1}`) },
    flows: [{ from: { kind: 'pod', namespace: 'shop', pod: 'app-3-0', container: 'app' }, to: { kind: 'pod', ...to, port: 8080, protocol: 'TCP' } }],
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

const MY_SHOTS = '.scratch-helper/summary-polish';

test('summaries: the policy cursor counts their marked pods, their own minimap colour, one Tab stop, closed by a new scenario', async ({ app, page }) => {
  test.slow();
  await app.open();
  const share = new SharePage(page);
  const crossNode = scenarioFile({ namespace: 'pay', pod: 'app-9-15' });
  await share.importInput().setInputFiles(crossNode);
  await expect(app.statusLine()).toContainText('1000 pods on 50 nodes');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await expect(app.verdict()).toContainText('from node-3 to node-9');
  const summary = (id: string) => app.element(`summary:${id}`);
  const counts = (id: string) => summary(id).getByTestId('summary-policy');

  // The policy's own podSelector: on every node, shop pods 4-6; a summary hiding them says how many, with the pods' solid ring.
  await app.cursorToEndOfLine('      role: api');
  await expect(page.getByTestId('policy-cursor-legend')).toHaveText('policy api-policy selects 150 pods');
  await expect(counts('node:node-20')).toHaveText('3 selected');
  await expect(summary('node:node-20')).toHaveAttribute('data-policy-mark', 'selected');
  await expect(summary('node:node-20')).toHaveCSS('outline-style', 'solid');
  await expect(summary('node:node-20')).toHaveCSS('outline-color', 'rgb(15, 118, 110)');
  await expect(counts('node:node-3/shop')).toHaveText('3 selected');
  await expect(counts('node:node-9/shop')).toHaveText('3 selected');
  // The pay pods are not the policy's: their boxes stay plain.
  await expect(summary('node:node-3/pay')).not.toHaveAttribute('data-policy-mark');
  await expect(counts('node:node-3/pay')).toHaveCount(0);
  await expect(page.locator('[data-testid^="el-summary:"][data-policy-mark]')).toHaveCount(50);

  // In the rule's peer: the web pods it admits are counted too, and the box wears both rings.
  await app.cursorToEndOfLine('          role: web');
  await expect(page.getByTestId('policy-cursor-admits')).toHaveText(
    'ingress rule 0, peer 0 (pods with role=web in namespace shop), admits 100 pods on TCP 8080',
  );
  await expect(counts('node:node-20')).toHaveText(/^3 selected\s*2 admitted$/);
  await expect(summary('node:node-20')).toHaveAttribute('data-policy-mark', 'both');
  await expect(counts('node:node-3/shop')).toHaveText(/^3 selected\s*2 admitted$/);
  await expect(summary('node:node-3/shop').getByRole('button')).toHaveAccessibleName(/shop\s*11 pods\s*3 selected\s*2 admitted/);
  await app.diagram().screenshot({ path: `${MY_SHOTS}/policy-on-summaries.png` });

  // Out of the policy: the counts go.
  await app.cursorToEndOfLine('name: app-1-0');
  await expect(page.locator('[data-testid^="el-summary:"][data-policy-mark]')).toHaveCount(0);
  await expect(page.getByTestId('summary-policy')).toHaveCount(0);

  // The minimap draws the summaries in their own colour, with an outline; the drawn nodes in the groups' colour.
  const minimapSummaries = page.locator('.react-flow__minimap-node.minimap-summary');
  await expect(minimapSummaries).toHaveCount(48 + 4);
  await expect(minimapSummaries.first()).toHaveCSS('fill', 'rgb(231, 220, 198)');
  await expect(minimapSummaries.first()).toHaveCSS('stroke', 'rgb(138, 122, 92)');
  await expect(page.locator('.react-flow__minimap-node:not(.minimap-summary)').first()).not.toHaveCSS('fill', 'rgb(231, 220, 198)');
  await page.locator('.react-flow__minimap').screenshot({ path: `${MY_SHOTS}/minimap.png` });

  // One Tab stop for the 52 summaries: walking the page with Tab lands on exactly one of them.
  const whereFocus = () =>
    page.evaluate(() => {
      const active = document.activeElement;
      return { summary: active instanceof HTMLElement ? (active.dataset['summary'] ?? null) : null, inDiagram: active?.closest('[data-testid=diagram]') !== null };
    });
  /** Walks the page with Tab from its start until the focus has left the diagram: the roving group's stops, and all the stops in the diagram. */
  const tabWalk = async (): Promise<{ summaryStops: string[]; diagramStops: number }> => {
    await app.focusPage();
    const summaryStops: string[] = [];
    let diagramStops = 0;
    for (let i = 0; i < 120; i++) {
      await page.keyboard.press('Tab');
      const at = await whereFocus();
      if (at.summary !== null) summaryStops.push(at.summary);
      if (at.inDiagram) diagramStops++;
      else if (diagramStops > 0) break;
    }
    return { summaryStops, diagramStops };
  };
  const walk = await tabWalk();
  expect(walk.summaryStops).toEqual(['summary:node:node-1']);
  expect(walk.diagramStops).toBeLessThan(10);
  await expect(page.locator('[data-summary][tabindex="0"]')).toHaveCount(1);
  await expect(page.locator('[data-summary][tabindex="-1"]')).toHaveCount(51);

  // Arrow keys move between the summaries (not the packet), Home and End to the ends; the focused one is in view.
  const focused = async () => (await whereFocus()).summary;
  const where = await app.marker().getAttribute('data-where');
  await page.getByTestId('el-summary:node:node-1').getByRole('button').focus();
  expect(await focused()).toBe('summary:node:node-1');
  await page.keyboard.press('ArrowRight');
  await expect.poll(focused).toBe('summary:node:node-2');
  await expect(summary('node:node-2').getByRole('button')).toHaveAttribute('tabindex', '0');
  await expect(summary('node:node-1').getByRole('button')).toHaveAttribute('tabindex', '-1');
  await page.keyboard.press('End');
  await expect.poll(focused).toBe('summary:node:node-50');
  await expect(summary('node:node-50')).toBeInViewport({ ratio: 1 });
  const pane = await app.diagram().boundingBox();
  const last = await summary('node:node-50').boundingBox();
  expect(pane && last && last.x >= pane.x && last.x + last.width <= pane.x + pane.width).toBe(true);
  await page.screenshot({ path: `${MY_SHOTS}/keyboard-end.png` });
  await page.keyboard.press('Home');
  await expect.poll(focused).toBe('summary:node:node-1');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect.poll(focused).toBe('summary:node:node-3/pay');
  await expect(app.marker()).toHaveAttribute('data-where', where ?? '');

  // Enter opens the summary; the focus goes on to the next summary still drawn.
  await page.keyboard.press('Enter');
  await expect(app.element('pod:pay/app-3-12')).toBeVisible();
  await expect(summary('node:node-3/pay')).toHaveCount(0);
  await expect.poll(focused).toBe('summary:node:node-3/shop');
  // Enter on a node: the focus goes to the first namespace box it opened into.
  await page.keyboard.press('ArrowRight');
  await expect.poll(focused).toBe('summary:node:node-4');
  await page.keyboard.press('Enter');
  await expect(app.element('node:node-4')).toBeVisible();
  await expect.poll(focused).toBe('summary:node:node-4/pay');
  await page.screenshot({ path: `${MY_SHOTS}/keyboard-opened.png` });

  // The fold controls of the nodes with opened summaries are in the same group, each before its node's summaries:
  // ← from node-4's first namespace box reaches node-4's fold control, and → goes back.
  const fold = (node: string) => app.element(`node:${node}`).getByTestId('fold-node');
  await expect(fold('node-3')).toHaveAttribute('tabindex', '-1');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(focused).toBe('fold:node:node-4');
  await expect(fold('node-4')).toBeFocused();
  await expect(fold('node-4')).toHaveAttribute('tabindex', '0');
  await expect(page.locator('[data-summary][tabindex="0"]')).toHaveCount(1);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(focused).toBe('summary:node:node-3/shop');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(focused).toBe('fold:node:node-3');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(focused).toBe('fold:node:node-4');
  await expect(app.marker()).toHaveAttribute('data-where', where ?? '');
  await page.screenshot({ path: `.scratch-helper/gaps7/keyboard-fold-focused.png` });
  // Still one Tab stop in the diagram, and it is the fold control the keyboard was last on.
  const withFolds = await tabWalk();
  expect(withFolds.summaryStops).toEqual(['fold:node:node-4']);
  expect(withFolds.diagramStops).toBeLessThan(10);
  await expect(page.locator('[data-testid=fold-node][tabindex="0"]')).toHaveCount(1);
  await expect(page.locator('[data-testid=fold-node]')).toHaveCount(2);
  // Back on it, Enter folds node-4 again; the focus goes to its summary, which comes back.
  await fold('node-4').focus();
  await page.keyboard.press('Enter');
  await expect(summary('node:node-4')).toContainText('20 pods in 2 namespaces');
  await expect(app.element('node:node-4')).toHaveCount(0);
  await expect.poll(focused).toBe('summary:node:node-4');
  await summary('node:node-4').getByRole('button').click();
  await expect(app.element('node:node-4')).toBeVisible();

  // A new scenario replaces the text (the same file imported again, so the summary ids all match): everything is summarised again.
  await share.importInput().setInputFiles(crossNode);
  await expect(summary('node:node-4')).toContainText('20 pods in 2 namespaces');
  await expect(summary('node:node-3/pay')).toHaveText(/pay\s*8 pods/);
  await expect(app.element('pod:pay/app-3-12')).toHaveCount(0);
  await expect(page.locator('[data-testid^="el-summary:"][data-scope="node"]')).toHaveCount(48);

  // An ordinary edit keeps what is open: one more shop pod on node-4, counted in its open namespace box.
  await summary('node:node-4').getByRole('button').click();
  await expect(app.element('node:node-4')).toBeVisible();
  await app.cursorToEndOfDocument();
  await app.typeInEditor('\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: extra, namespace: shop}\nspec: {nodeName: node-4, containers: [{name: app, image: app}]}\n');
  await expect(app.statusLine()).toContainText('1001 pods on 50 nodes');
  await expect(app.element('node:node-4')).toBeVisible();
  await expect(summary('node:node-4/shop')).toHaveText(/shop\s*13 pods/);

  // Select all and paste a text of the same pods (Ctrl+V's paste event: typing 130 KB takes too long): a new scenario, summarised again.
  await app.editorContent().click();
  await page.keyboard.press('Control+a');
  await app.editorContent().evaluate((content, text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    content.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, `# pasted\n${bigCluster()}`);
  await expect(app.statusLine()).toContainText('1000 pods on 50 nodes');
  await expect(summary('node:node-4')).toContainText('20 pods in 2 namespaces');
  await expect(app.element('node:node-4')).toHaveCount(0);
  await page.screenshot({ path: `${MY_SHOTS}/after-paste.png` });
});
