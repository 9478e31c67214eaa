/**
 * Services in the diagram: each in its namespace's frame in the band above the nodes, with its
 * ClusterIP and ports, joined by thin dashed edges to its endpoint pods. A flow to a Service
 * marks that Service and the edge to the endpoint kube-proxy chose (no hop goes through it).
 * The client and the load balancer outside the cluster appear only for a flow that comes in
 * that way, and the nodes keep their places when they come and go.
 */
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import type { AppPage } from './app-page';
import { SharePage } from './share-page';

const shot = (name: string): string => fileURLToPath(new URL(`../.scratch-helper/gaps7/${name}.png`, import.meta.url));

test.use({ viewport: { width: 1440, height: 900 } });

/** A React Flow edge by the id of the topology link it draws. */
const edge = (page: Page, id: string): Locator => page.getByTestId(`rf__edge-${id}`);
const endpointEdges = (page: Page, service: string): Locator => page.locator(`[data-testid^="rf__edge-link:${service}~"]`);
const chosenEdges = (page: Page): Locator => page.locator('.react-flow__edge.edge-endpoint.chosen');

/** Where React Flow put a box on the canvas (its transform), which fitting the view does not change. */
const canvasPosition = (page: Page, id: string): Promise<string | null> =>
  page.locator(`.react-flow__node[data-id="${id}"]`).evaluate((n) => (n as HTMLElement).style.transform);

/**
 * Where a Service's endpoint edge passes over a cluster node's title (its tag, name or addresses):
 * `edge id over node id`, from points every 2px along each drawn edge; empty when none does.
 * Also how many endpoint edges were looked at.
 */
async function edgesOverNodeTitles(page: Page): Promise<{ checked: number; over: string[] }> {
  return page.evaluate(() => {
    const titles = [...document.querySelectorAll('.react-flow__node .el-node > .el-head > :is(.el-tag, .el-label, .el-detail)')].map((e) => ({
      node: e.closest('.react-flow__node')?.getAttribute('data-id') ?? '',
      box: e.getBoundingClientRect(),
    }));
    const edges = [...document.querySelectorAll<SVGPathElement>('.react-flow__edge.edge-endpoint path.react-flow__edge-path')];
    const over = new Set<string>();
    for (const path of edges) {
      const id = path.closest('.react-flow__edge')?.getAttribute('data-id') ?? '';
      const ctm = path.getScreenCTM();
      if (!ctm) continue;
      for (let d = 0; d <= path.getTotalLength(); d += 2) {
        const p = path.getPointAtLength(d).matrixTransform(ctm);
        for (const { node, box } of titles) {
          if (p.x > box.left && p.x < box.right && p.y > box.top && p.y < box.bottom) over.add(`${id} over ${node}`);
        }
      }
    }
    return { checked: edges.length, over: [...over] };
  });
}

/** 70 pods of four Deployments' worth, each app behind its Service, spread over three nodes; web-0 calls `api` by name. */
function seventyPods(): { name: string; mimeType: string; buffer: Buffer } {
  const docs: string[] = [];
  const apps = [['shop', 'web', 20], ['shop', 'api', 20], ['pay', 'ledger', 15], ['pay', 'gateway', 15]] as const;
  let n = 0;
  for (const [namespace, app, count] of apps) {
    for (let i = 0; i < count; i++, n++) {
      docs.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: ${app}-${i}, namespace: ${namespace}, labels: {app: ${app}}}\nspec: {nodeName: node-${(n % 3) + 1}, containers: [{name: ${app}, image: example/${app}, ports: [{containerPort: 8080}]}]}`);
    }
    docs.push(`apiVersion: v1\nkind: Service\nmetadata: {name: ${app}, namespace: ${namespace}}\nspec: {selector: {app: ${app}}, ports: [{port: 80, targetPort: 8080}]}`);
  }
  const scenario = {
    format: 'kube-packet-path/scenario',
    version: 1,
    manifests: docs.join('\n---\n'),
    settings: { cni: 'flannel-vxlan', nodeNames: ['node-1', 'node-2', 'node-3'] },
    flows: [{ from: { kind: 'pod', namespace: 'shop', pod: 'web-0', container: 'web' }, to: { kind: 'name', name: 'api', port: 80, protocol: 'TCP' } }],
    flowIndex: 0,
    step: 0,
    view: { pane: 'diagram' },
  };
  return { name: 'seventy-pods.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(scenario)) };
}

const fitAll = async (page: Page): Promise<void> => {
  await page.locator('.react-flow__controls-fitview').click();
  await page.waitForTimeout(600);
  await page.mouse.move(0, 0);
};

/** The pod whose container the forward path ends at (`pod:ns/name`). */
async function deliveredPod(app: AppPage): Promise<string> {
  await app.page.keyboard.press('End');
  const row = app.page.locator('[data-testid^="hop-row-"][data-kind="deliver"][data-direction="forward"]').first();
  await row.click();
  const where = await app.marker().getAttribute('data-where');
  const match = /^ctr:([^/]+)\/([^/]+)\//.exec(where ?? '');
  if (!match) throw new Error(`the flow was delivered to ${where ?? 'nothing'}`);
  return `pod:${match[1]}/${match[2]}`;
}

test('the Service example: the Service with its ClusterIP, its endpoint edges, and the one kube-proxy chose', async ({ app, page }) => {
  test.slow();
  await app.open();
  await app.openExample('service');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');

  // Its own box, in the frame of namespace default, above the nodes.
  const api = app.element('svc:default/api');
  await expect(api).toBeVisible();
  await expect(api.locator('.el-tag')).toHaveText('Service · ClusterIP');
  await expect(api.locator('.el-label')).toHaveText('api');
  await expect(api.locator('.el-detail')).toHaveText('10.104.80.142 · 80/TCP');
  await expect(page.getByTestId('endpoints-svc:default/api')).toHaveText('3 endpoints');
  await expect(app.element('svcs:default')).toContainText('namespace');
  const frame = await app.element('svcs:default').boundingBox();
  const node = await app.element('node:node-1').boundingBox();
  expect(frame!.y + frame!.height).toBeLessThan(node!.y);

  // kube-dns stands in kube-system, joined to the two CoreDNS pods there.
  await expect(app.element('svc:kube-system/kube-dns').locator('.el-detail')).toHaveText('10.96.0.10 · 53/UDP,53/TCP,9153/TCP');
  await expect(endpointEdges(page, 'svc:kube-system/kube-dns')).toHaveCount(2);
  await expect(page.locator('[data-testid^="el-pod:kube-system/coredns-"]')).toHaveCount(2);

  // One dashed edge to each of the three api pods.
  const apiPods = await page.locator('[data-testid^="el-pod:default/api-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice(3)));
  expect(apiPods).toHaveLength(3);
  await expect(endpointEdges(page, 'svc:default/api')).toHaveCount(3);
  for (const pod of apiPods) await expect(edge(page, `link:svc:default/api~${pod}`)).toHaveClass(/edge-endpoint/);

  // The flow goes to the Service: it is marked, and so is the edge to the pod the packet is delivered to, only that one.
  await expect(api).toHaveClass(/\bused\b/);
  const target = await deliveredPod(app);
  expect(apiPods).toContain(target);
  await expect(chosenEdges(page)).toHaveCount(1);
  await expect(edge(page, `link:svc:default/api~${target}`)).toHaveClass(/\bchosen\b/);
  // No hop is at the Service: the node's kube-proxy rules stand in for it.
  await expect(page.locator('[data-testid^="hop-row-"]', { hasText: 'svc:default/api' })).toHaveCount(0);
  await page.locator('.react-flow__controls-fitview').click();
  await page.waitForTimeout(600);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: shot('service-example') });

  // Another endpoint chosen in the inspector: the mark moves to its edge.
  await app.hopOfKind('service-rule').click();
  await page.locator('[data-testid^="pin-endpoint-"]').first().click();
  const next = await deliveredPod(app);
  expect(next).not.toBe(target);
  await expect(chosenEdges(page)).toHaveCount(1);
  await expect(edge(page, `link:svc:default/api~${next}`)).toHaveClass(/\bchosen\b/);
});

test('the load balancer and the client appear only for a flow from outside, and the nodes stay put', async ({ app, page }) => {
  test.slow();
  await app.open();
  await app.openExample('loadbalancer');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await expect(app.element('client')).toBeVisible();
  await expect(app.element('lb:myapp/web')).toContainText('203.0.113.10');
  await expect(app.element('svc:myapp/web').locator('.el-detail')).toContainText('LB 203.0.113.10');
  await expect(app.element('svc:myapp/web')).toHaveClass(/\bused\b/);
  const before = { node1: await canvasPosition(page, 'node:node-1'), node2: await canvasPosition(page, 'node:node-2'), svc: await canvasPosition(page, 'svcs:myapp') };
  await page.locator('.react-flow__controls-fitview').click();
  await page.waitForTimeout(600);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: shot('loadbalancer-external') });

  // A flow inside the cluster: one web pod to the other.
  const sources = await app.optionValues(app.source());
  const web = sources.filter((v) => v.startsWith('myapp/web-'));
  expect(web.length).toBeGreaterThanOrEqual(2);
  await app.source().selectOption(web[0]!);
  const other = web[1]!.split('/').slice(0, 2).join('/');
  await app.destination().selectOption(other);
  await app.port().fill('8080');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await expect(app.element('client')).toHaveCount(0);
  await expect(app.element('lb:myapp/web')).toHaveCount(0);
  await expect(page.locator('.react-flow__edge.edge-internet')).toHaveCount(0);
  // Not a flow to a Service: nothing marked in the band.
  await expect(page.locator('.el-service.used')).toHaveCount(0);
  await expect(chosenEdges(page)).toHaveCount(0);
  expect({ node1: await canvasPosition(page, 'node:node-1'), node2: await canvasPosition(page, 'node:node-2'), svc: await canvasPosition(page, 'svcs:myapp') }).toEqual(before);
  await page.locator('.react-flow__controls-fitview').click();
  await page.waitForTimeout(600);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: shot('loadbalancer-cluster-flow') });
});

test('the DNS example: CoreDNS pods in kube-system, behind kube-dns', async ({ app, page }) => {
  test.slow();
  await app.open();
  await app.openExample('dns');
  const coredns = page.locator('[data-testid^="el-pod:kube-system/coredns-"]');
  await expect(coredns).toHaveCount(2);
  await expect(coredns.first()).toContainText('kube-system/coredns-');
  await expect(endpointEdges(page, 'svc:kube-system/kube-dns')).toHaveCount(2);
  await page.locator('.react-flow__controls-fitview').click();
  await page.waitForTimeout(600);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: shot('dns-example') });
});

test('a flow to a name: kube-dns and the CoreDNS pod it chose are marked while the question travels, then the Service the answer names', async ({ app, page }) => {
  test.slow();
  await app.open();
  await app.openExample('dns');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  const kubeDns = app.element('svc:kube-system/kube-dns');
  const api = app.element('svc:shop/api');

  // The question's DNAT at kube-proxy: kube-dns is the Service in use, and its edge to the CoreDNS pod the question is delivered to is the chosen one.
  const answering = page.locator('[data-testid^="hop-row-"][data-kind="deliver"][data-direction="dns"]').first();
  await answering.click();
  const where = await app.marker().getAttribute('data-where');
  const coredns = /^ctr:kube-system\/(coredns-[^/]+)\/coredns$/.exec(where ?? '')?.[1];
  expect(coredns, `the question was delivered to ${where ?? 'nothing'}`).toBeDefined();
  await app.hopOfKind('service-rule', 'dns').click();
  // The inspector names the same Service and CoreDNS pod, and offers no pin: a pin is the destination Service's.
  const choice = page.getByTestId('service-choice');
  await expect(choice.locator('h3')).toContainText('Service kube-system/kube-dns at 10.96.0.10:53');
  await expect(choice.locator('li.chosen')).toContainText(`kube-system/${coredns!}`);
  await expect(choice.locator('[data-testid^="pin-endpoint-"]')).toHaveCount(0);
  await expect(kubeDns).toHaveClass(/\bused\b/);
  await expect(api).not.toHaveClass(/\bused\b/);
  await expect(chosenEdges(page)).toHaveCount(1);
  await expect(edge(page, `link:svc:kube-system/kube-dns~pod:kube-system/${coredns!}`)).toHaveClass(/\bchosen\b/);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: shot('dns-question-at-kube-proxy') });

  // Still kube-dns on the answer, the last DNS step.
  await app.hopOfKind('dns-answer', 'dns').click();
  await expect(kubeDns).toHaveClass(/\bused\b/);

  // From the connection's first hop on, the mark is on shop/api and the edge to the pod the packet is delivered to.
  await app.hopOfKind('socket-send').click();
  await expect(api).toHaveClass(/\bused\b/);
  await expect(kubeDns).not.toHaveClass(/\bused\b/);
  await expect(edge(page, `link:svc:kube-system/kube-dns~pod:kube-system/${coredns!}`)).not.toHaveClass(/\bchosen\b/);
  const target = await deliveredPod(app);
  expect(target).toMatch(/^pod:shop\/api-/);
  await expect(chosenEdges(page)).toHaveCount(1);
  await expect(edge(page, `link:svc:shop/api~${target}`)).toHaveClass(/\bchosen\b/);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: shot('dns-connection-delivered') });

  // Back into the DNS part: the mark returns to kube-dns.
  await app.hopOfKind('dns-query', 'dns').click();
  await expect(kubeDns).toHaveClass(/\bused\b/);
  await expect(api).not.toHaveClass(/\bused\b/);
});

test('endpoint edges run above the nodes and drop into their pods clear of the nodes’ titles', async ({ app, page }) => {
  test.slow();
  await app.open();
  // The Service example on three nodes: api's pods and CoreDNS spread across them.
  await app.openExample('service');
  await app.useNodes('node-1, node-2, node-3', 'flannel-vxlan');
  await expect(app.element('node:node-3')).toBeVisible();
  await fitAll(page);
  // api's three pods, kube-dns's two CoreDNS pods, and the API server (kubernetes) on node-1.
  expect(await edgesOverNodeTitles(page)).toEqual({ checked: 6, over: [] });
  await page.screenshot({ path: shot('edges-service-3-nodes') });

  // The DNS example.
  await app.openExample('dns');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await fitAll(page);
  expect(await edgesOverNodeTitles(page)).toEqual({ checked: 5, over: [] });
  await page.screenshot({ path: shot('edges-dns') });

  // 70 pods on three nodes, four Services: the edges run along their lanes, one per Service, and drop into each pod.
  const share = new SharePage(page);
  await share.importInput().setInputFiles(seventyPods());
  // The example's text is in the editor: the import asks before it replaces it.
  await share.loadReplace().click();
  await expect(app.statusLine()).toContainText('70 pods on 3 nodes');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await fitAll(page);
  expect(await edgesOverNodeTitles(page)).toEqual({ checked: 70 + 2 + 1, over: [] });
  // The height of each edge's run across (the corner's control point, or the bend of an edge straight down).
  const lanes = await page.locator('.react-flow__edge.edge-endpoint path.react-flow__edge-path').evaluateAll((paths) =>
    [
      ...new Set(
        paths.map((p) => {
          const d = p.getAttribute('d') ?? '';
          return Number((/ Q [-\d.]+,([-\d.]+) /.exec(d) ?? /^M [-\d.]+,[-\d.]+ L [-\d.]+,([-\d.]+)/.exec(d))?.[1]);
        }),
      ),
    ].sort((a, b) => b - a),
  );
  // The four apps', kube-dns's and kubernetes's, a pitch apart.
  expect(lanes).toEqual([-16, -24, -32, -40, -48, -56]);
  await page.screenshot({ path: shot('edges-70-pods-fit') });
  // Zoomed in on node-2's right end, where its addresses are and the CoreDNS pod the question goes to.
  await app.hopOfKind('service-rule', 'dns').click();
  await app.element('node:node-2').locator('.el-head .el-detail').scrollIntoViewIfNeeded();
  await app.diagram().screenshot({ path: shot('edges-70-pods-dns') });
});
