/** An external client through a cloud load balancer: externalTrafficPolicy Cluster (SNAT, conntrack) and Local. */
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import type { AppPage } from './app-page';

const docsPicture = (name: string): string => fileURLToPath(new URL(`../docs/${name}`, import.meta.url));

test.use({ viewport: { width: 1440, height: 900 } });

const SCENARIO = `apiVersion: v1
kind: Pod
metadata: {name: anchor, namespace: default}
spec: {nodeName: node-1, containers: [{name: pause, image: pause}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: default, labels: {app: web}}
spec: {nodeName: node-2, containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: shop, namespace: default, annotations: {external-dns.alpha.kubernetes.io/hostname: shop.example.com}}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: shop-local, namespace: default}
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`;

async function fromOutside(app: AppPage, destination: string): Promise<void> {
  await app.open();
  await app.replaceEditorText(SCENARIO);
  await app.useNodes('node-1, node-2', 'flannel-vxlan');
  await expect(app.statusLine()).toContainText('on 2 nodes');
  await app.source().selectOption('external:198.51.100.10');
  await app.destination().selectOption(destination);
  await expect(app.verdict()).toContainText('delivered');
}

test('Cluster: the load balancer, the masquerade on the first node, conntrack on the way back', async ({ app, page }) => {
  test.slow();
  await fromOutside(app, 'shop.example.com');
  await expect(app.element('client')).toBeVisible();
  await expect(app.element('lb:default/shop')).toContainText('203.0.113.10');

  await app.hopOfKind('load-balancer').click();
  await expect(app.inspectorKind()).toHaveText('load-balancer');
  await expect(app.inspectorSummary()).toContainText('externalTrafficPolicy is Cluster: every node is a backend (node-1, node-2)');

  await app.hopOfKind('masquerade').click();
  await expect(app.inspectorSummary()).toContainText('MASQUERADEs: the source 198.51.100.10');
  await expect(app.inspectorRule()).toContainText('-j MASQUERADE --random-fully');
  await expect(app.headerField('ip.src')).toContainText('198.51.100.10');
  await expect(app.headerField('ip.src')).toContainText(/10\.244\.\d+\.\d+/);

  // Stepped to the end: the reply reaches the client from the address it called.
  await app.hopRows().last().click();
  await expect(app.inspectorKind()).toHaveText('deliver');
  await expect(app.marker()).toHaveAttribute('data-where', 'client');
  await expect(app.inspectorSummary()).toContainText('reaches the client from 203.0.113.10:80');

  await app.hopOfKind('conntrack', 'reply').click();
  await expect(app.inspectorSummary()).toContainText('it is the reply of a connection it masqueraded');
  await expect(app.inspectorRule()).toContainText('src=198.51.100.10 dst=203.0.113.10');
  // The picture: the whole diagram, with the packet at the load balancer.
  await app.hopOfKind('load-balancer').click();
  await app.settledMarkerBox();
  await page.locator('.react-flow__controls-fitview').click();
  await page.waitForTimeout(600);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: docsPicture('external-lb.png') });
});

test('Local: only the node with a ready endpoint passes the health check, and the client address is kept', async ({ app }) => {
  test.slow();
  await fromOutside(app, '203.0.113.11');
  await app.hopOfKind('load-balancer').click();
  await expect(app.inspectorSummary()).toContainText('only nodes with a ready local endpoint answer 200 — node-2');
  await expect(app.inspectorRule()).toContainText('→ 503 (node-1, localEndpoints: 0)');
  await expect(app.hopOfKind('masquerade')).toHaveCount(0);
  await app.hopOfKind('deliver').click();
  await expect(app.headerField('ip.src')).toContainText('198.51.100.10');
});
