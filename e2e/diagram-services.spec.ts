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

const shot = (name: string): string => fileURLToPath(new URL(`../.scratch-helper/diagram-services/${name}.png`, import.meta.url));

test.use({ viewport: { width: 1440, height: 900 } });

/** A React Flow edge by the id of the topology link it draws. */
const edge = (page: Page, id: string): Locator => page.getByTestId(`rf__edge-${id}`);
const endpointEdges = (page: Page, service: string): Locator => page.locator(`[data-testid^="rf__edge-link:${service}~"]`);
const chosenEdges = (page: Page): Locator => page.locator('.react-flow__edge.edge-endpoint.chosen');

/** Where React Flow put a box on the canvas (its transform), which fitting the view does not change. */
const canvasPosition = (page: Page, id: string): Promise<string | null> =>
  page.locator(`.react-flow__node[data-id="${id}"]`).evaluate((n) => (n as HTMLElement).style.transform);

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
