/**
 * A pod calling a Service: the kube-proxy rules the packet matches on its node, the DNAT to the
 * chosen endpoint, the choice of another endpoint, the node's whole rule set with the matched
 * lines highlighted, and — when the Service is addressed by name — the DNS lookup before it.
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';

const SCENARIO = `apiVersion: v1
kind: Pod
metadata: {name: client, namespace: default, labels: {app: client}}
spec:
  containers: [{name: curl, image: curlimages/curl}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: default}
spec:
  replicas: 3
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: api
        image: example/api
        ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: default}
spec:
  clusterIP: 10.96.100.10
  selector: {app: api}
  ports: [{name: web, port: 80, targetPort: http}]
`;

const shot = (name: string): string => fileURLToPath(new URL(`../docs/${name}.png`, import.meta.url));

test('a pod reaches a Service: kube-proxy DNATs to an endpoint, and conntrack undoes it on the reply', async ({ app, page }) => {
  test.slow();
  await app.open();
  await app.replaceEditorText(SCENARIO);
  await expect(app.statusLine()).toContainText('4 pods');
  await app.source().selectOption('default/client/curl');
  await app.destination().selectOption('svc/default/api');
  await expect(app.port()).toHaveValue('80');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await expect(app.verdict()).toContainText("kube-proxy's iptables rules on node-1 send 10.96.100.10:80 to endpoint");

  // The DNAT: the rule that rewrites the destination, with the endpoint choice beside it.
  const dnat = page.locator('[data-testid^="hop-row-"][data-kind="service-rule"]', { hasText: 'DNATs' });
  await dnat.click();
  await expect(app.inspectorKind()).toHaveText('service-rule');
  await expect(app.marker()).toHaveAttribute('data-where', 'kproxy:node-1');
  await expect(page.getByTestId('inspector-rule')).toContainText('-j DNAT --to-destination 10.244.0.');
  await expect(app.headerField('ip.dst')).toHaveClass(/changed/);
  await expect(app.headerField('ip.dst').locator('.before')).toHaveText('10.96.100.10');
  const choice = page.getByTestId('service-choice');
  await expect(choice.locator('li')).toHaveCount(3);
  await expect(page.getByTestId('endpoint-chosen')).toHaveText('chosen (seeded draw)');

  // Follow the first endpoint instead: the trace starts again and says so.
  await page.getByTestId('pin-endpoint-0').or(page.getByTestId('pin-endpoint-1')).first().click();
  await expect(app.stepPosition()).toContainText('hop 1 of');
  await dnat.click();
  await expect(page.getByTestId('endpoint-chosen')).toHaveText('chosen (pinned)');

  // The reply: conntrack gives the answer the ClusterIP back as its source.
  await app.hopOfKind('conntrack', 'reply').click();
  await expect(app.headerField('ip.src').locator('.after')).toHaveText('10.96.100.10');
  await expect(app.headerField('l4.srcPort').locator('.after')).toHaveText('80');

  // The node's whole rule set, the lines this trace matched highlighted.
  await dnat.click();
  await page.getByTestId('show-node-rules').click();
  const rules = page.getByTestId('node-rules');
  await expect(rules).toBeVisible();
  await expect(rules).toContainText('Service rules on node-1');
  await expect(rules.locator('.rule-line.matched').first()).toBeVisible();
  expect(await rules.locator('.rule-line.matched').count()).toBeGreaterThanOrEqual(4);
  await expect(rules.locator('.rule-line.matched', { hasText: '-j DNAT' })).toHaveCount(1);
  await page.screenshot({ path: shot('service-rules') });
  await page.keyboard.press('Escape');
  await expect(rules).toHaveCount(0);

  // Clicking the kube-proxy element in the diagram opens the same rules.
  await app.element('kproxy:node-1').click();
  await expect(page.getByTestId('node-rules')).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
  await dnat.click();
  await page.screenshot({ path: shot('service-dnat') });
});

test('a Service by name: the DNS lookup plays first, then the connection', async ({ app, page }) => {
  test.slow();
  await app.open();
  await app.replaceEditorText(SCENARIO);
  await app.source().selectOption('default/client/curl');
  await app.destination().selectOption('api.default');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await expect(page.getByTestId('dns-separator')).toBeVisible();
  await expect(page.getByTestId('connection-separator')).toBeVisible();
  await expect(app.hopRow(0)).toHaveAttribute('data-kind', 'dns-query');
  await expect(app.inspectorSummary()).toContainText('getaddrinfo("api.default")');
  await expect(page.getByTestId('inspector-rule')).toContainText('nameserver 10.96.0.10');
  await expect(page.getByTestId('inspector-rule')).toContainText('options ndots:5');
  // The question goes through kube-proxy to a CoreDNS pod, over UDP 53.
  await page.locator('[data-testid^="hop-row-"][data-direction="dns"][data-kind="service-rule"]', { hasText: 'DNATs' }).click();
  await expect(page.getByTestId('inspector-rule')).toContainText('kube-system/kube-dns:dns');
  await expect(page.getByTestId('inspector-rule')).toContainText('-j DNAT --to-destination');
  await app.hopOfKind('dns-answer', 'dns').click();
  await expect(page.getByTestId('inspector-rule')).toContainText('api.default.svc.cluster.local. 30 IN A 10.96.100.10');
  await page.screenshot({ path: shot('dns-lookup') });
});
