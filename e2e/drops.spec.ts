/**
 * A packet's size in the flow picker. On Flannel VXLAN between two nodes the pods' eth0 has the
 * MTU of flannel.1, 1450: a 1500-byte UDP datagram with don't-fragment fails in the sender's
 * kernel (EMSGSIZE) at the pod's eth0, while a 1400-byte one crosses, 1450 bytes with its VXLAN
 * envelope on the wire. The size travels with the flow in the flows list and in a shared link,
 * and text that is not a size says why without touching the flow.
 */
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from '@playwright/test';
import { AppPage } from './app-page';
import { expect, test } from './fixtures';
import { SharePage } from './share-page';

const shot = (name: string): string => fileURLToPath(new URL(`../.scratch-helper/drops-ui/${name}`, import.meta.url));

/** frontend on node-1; on node-2 a statsd exporter that takes UDP on 9125. */
const MANIFESTS = `apiVersion: v1
kind: Pod
metadata:
  name: frontend
  namespace: default
  labels:
    app: frontend
spec:
  nodeName: node-1
  containers:
    - name: web
      image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: statsd
  namespace: default
  labels:
    app: statsd
spec:
  nodeName: node-2
  containers:
    - name: exporter
      image: prom/statsd-exporter:v0.27.1
      ports:
        - name: statsd-udp
          containerPort: 9125
          protocol: UDP
`;

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });
test.beforeEach(() => test.slow());

const sizeField = (page: Page): Locator => page.getByTestId('packet-size');
const dfBox = (page: Page): Locator => page.getByTestId('dont-fragment');
const sizeProblem = (page: Page): Locator => page.getByTestId('packet-size-problem');

/** The two pods on two Flannel VXLAN nodes, and the flow frontend → statsd:9125/UDP. */
async function udpAcrossNodes(app: AppPage): Promise<void> {
  await app.open();
  await app.replaceEditorText(MANIFESTS);
  await app.useNodes('node-1, node-2', 'flannel-vxlan');
  await expect(app.statusLine()).toContainText('2 pods on 2 nodes');
  await expect(app.destination()).toHaveValue('default/statsd');
  await expect(app.port()).toHaveValue('9125');
  await app.protocol().selectOption('UDP');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
}

async function freshPage(browser: Browser, baseURL: string | undefined): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { page, errors };
}

test('a 1500-byte UDP datagram with DF fails at the pod’s eth0 (MTU 1450); 1400 bytes cross, 1450 on the wire', async ({ app, page }) => {
  await udpAcrossNodes(app);
  // No size: the default, and no length in the headers.
  await expect(sizeField(page)).toHaveValue('');
  await expect(sizeField(page)).toHaveAttribute('placeholder', 'default');
  await expect(dfBox(page)).not.toBeChecked();
  await app.hopOfKind('wire').click();
  await expect(app.headerField('ip.length')).toHaveCount(0);
  await expect(app.headerField('outer.ip.length')).toHaveCount(0);

  // Typed and ticked from the keyboard: protocol → size → DF.
  await app.protocol().focus();
  await page.keyboard.press('Tab');
  await expect(sizeField(page)).toBeFocused();
  await page.keyboard.type('1500');
  await page.keyboard.press('Tab');
  await expect(dfBox(page)).toBeFocused();
  await page.keyboard.press('Space');
  await expect(dfBox(page)).toBeChecked();
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'dropped');
  await expect(app.verdict()).toContainText('the 1500-byte UDP datagram with DF is larger than the path MTU 1450');
  await expect(app.page.getByTestId('flow-size-0')).toHaveText('1500 B DF');

  // The send, then the drop at frontend's eth0: nothing reaches the bridge, the tunnel or the wire.
  await expect(app.hopRows()).toHaveCount(2);
  await expect(app.hopOfKind('socket-send')).toBeVisible();
  await app.hopOfKind('drop').click();
  await expect(app.inspectorKind()).toHaveText('drop');
  await expect(app.marker()).toHaveAttribute('data-where', 'podnic:default/frontend/eth0');
  await expect(app.inspectorSummary()).toContainText('sendmsg() fails with EMSGSIZE ("Message too long")');
  await expect(app.inspectorSummary()).toContainText('the route to 10.244.1.2 leaves by eth0, whose MTU is 1450');
  await expect(app.inspectorSummary()).toContainText('a 1500-byte packet with DF may be neither sent whole nor fragmented');
  await expect(app.inspectorSummary()).toContainText('Flannel gives pods the MTU of flannel.1, 1450');
  await expect(app.headerField('ip.length').locator('td')).toHaveText('1500 bytes');
  await expect(app.headerField('ip.length').locator('th')).toHaveText('total length');
  await expect(app.inspectorCapture()).toContainText('ip link show eth0');
  await page.screenshot({ path: shot('drop-emsgsize.png') });
  await app.inspector().screenshot({ path: shot('inspector-drop.png') });

  // 1400 bytes fit: delivered, and the VXLAN envelope adds its 50 bytes between the nodes.
  await sizeField(page).fill('1400');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await expect(app.page.getByTestId('flow-size-0')).toHaveText('1400 B DF');
  await app.hopOfKind('encapsulate').click();
  await expect(app.headerField('outer.ip.length')).toHaveClass(/changed/);
  await expect(app.headerField('outer.ip.length').locator('.before')).toHaveText('—');
  await expect(app.headerField('outer.ip.length').locator('.after')).toHaveText('1450 bytes');
  await app.hopOfKind('wire').click();
  await expect(app.inspectorKind()).toHaveText('wire');
  await expect(app.headerLayer('outer-l3').locator('tr[data-field="outer.ip.length"] td')).toHaveText('1450 bytes');
  await expect(app.headerLayer('l3').locator('tr[data-field="ip.length"] td')).toHaveText('1400 bytes');
  await page.screenshot({ path: shot('wire-1400.png') });
  await app.inspectorHeaders().screenshot({ path: shot('headers-wire.png') });
  await app.hopOfKind('decapsulate').click();
  await expect(app.headerLayer('outer-removed').locator('tr[data-field="outer.ip.length"]')).toContainText('1450 bytes→—');

  // 2000 bytes without DF: the sending kernel fragments; the hops follow the first fragment.
  await dfBox(page).uncheck();
  await sizeField(page).fill('2000');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await expect(app.page.getByTestId('flow-size-0')).toHaveText('2000 B');
  await app.hopOfKind('socket-send').click();
  await expect(app.inspectorSummary()).toContainText(
    "The 2000-byte datagram is larger than eth0's MTU 1450, so the sending kernel fragments it (IP_PMTUDISC_WANT, a UDP socket's default): 2 fragments of 1444, 576 bytes, DF clear.",
  );
  await expect(app.headerField('ip.length').locator('td')).toHaveText('1444 bytes');
  await expect(app.headerField('ip.flags').locator('td')).toHaveText('MF (more fragments: this is the first fragment)');
  await app.hopOfKind('wire').click();
  await expect(app.headerField('ip.length').locator('td')).toHaveText('1444 bytes');
  await expect(app.headerField('outer.ip.length').locator('td')).toHaveText('1494 bytes');

  // Back to the default: no length anywhere.
  await dfBox(page).check();
  await sizeField(page).fill('');
  await expect(app.page.getByTestId('flow-size-0')).toHaveText('DF');
  await app.hopOfKind('wire').click();
  await expect(app.headerField('outer.ip.length')).toHaveCount(0);
});

test('text that is not a packet size says why and leaves the flow as it was', async ({ app, page }) => {
  await udpAcrossNodes(app);
  await sizeField(page).fill('1400');
  await app.hopOfKind('wire').click();
  await expect(app.headerField('ip.length').locator('td')).toHaveText('1400 bytes');

  await sizeField(page).fill('big');
  await expect(sizeField(page)).toHaveAttribute('aria-invalid', 'true');
  await expect(sizeProblem(page)).toHaveText(
    'The packet size is a whole number of bytes from 28 (the UDP and IP headers alone) to 65535; "big" is not. Leave it empty for a small packet. Until then the trace keeps 1400 bytes.',
  );
  await expect(sizeField(page)).toHaveAttribute('aria-describedby', (await sizeProblem(page).getAttribute('id')) ?? 'none');
  await expect(sizeField(page)).toHaveValue('big');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await expect(app.page.getByTestId('flow-size-0')).toHaveText('1400 B');
  await page.screenshot({ path: shot('size-invalid.png') });

  await sizeField(page).fill('27');
  await expect(sizeProblem(page)).toHaveText(
    'The packet size is a whole number of bytes from 28 (the UDP and IP headers alone) to 65535, not 27. Until then the trace keeps 1400 bytes.',
  );
  await sizeField(page).fill('70000');
  await expect(sizeProblem(page)).toContainText('to 65535, not 70000.');

  // TCP has no DF choice (it always sets DF) and a 20-byte header: 28 bytes are too few for it.
  await sizeField(page).fill('28');
  await expect(sizeProblem(page)).toHaveCount(0);
  await expect(sizeField(page)).toHaveAttribute('aria-invalid', 'false');
  await dfBox(page).check();
  await app.protocol().selectOption('TCP');
  await expect(dfBox(page)).toHaveCount(0);
  await expect(sizeProblem(page)).toHaveText(
    'The packet size is a whole number of bytes from 40 (the TCP and IP headers alone) to 65535, not 28. Until then the TCP flow cannot be traced.',
  );
  await expect(app.verdict()).toContainText("A TCP packet's size (its IP total length) is a whole number of bytes from 40 (the headers alone) to 65535, not 28.");
  await sizeField(page).fill('1500');
  await expect(sizeProblem(page)).toHaveCount(0);
  // The statsd exporter takes no TCP on 9125; the size is what matters here: one TCP packet, no DF field.
  await expect(app.page.getByTestId('flow-size-0')).toHaveText('1500 B');
  await app.protocol().selectOption('UDP');
  await expect(dfBox(page)).not.toBeChecked();
});

test('a shared link with a packet size opens the same flow in a fresh browser', async ({ app, page, browser, baseURL }) => {
  const share = new SharePage(page);
  await udpAcrossNodes(app);
  await sizeField(page).fill('1500');
  await dfBox(page).check();
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'dropped');
  await app.hopOfKind('drop').click();
  const url = await share.share();
  await share.close().click();

  const other = await freshPage(browser, baseURL);
  const them = new AppPage(other.page);
  await other.page.goto(url);
  await expect(them.marker()).toBeVisible();
  await expect(them.destination()).toHaveValue('default/statsd');
  await expect(them.protocol()).toHaveValue('UDP');
  await expect(sizeField(other.page)).toHaveValue('1500');
  await expect(dfBox(other.page)).toBeChecked();
  await expect(them.verdict()).toHaveAttribute('data-verdict', 'dropped');
  await expect(them.currentHopRow()).toHaveAttribute('data-kind', 'drop');
  await expect(them.inspectorSummary()).toContainText('sendmsg() fails with EMSGSIZE');
  await expect(them.headerField('ip.length').locator('td')).toHaveText('1500 bytes');
  await expect(other.page.getByTestId('flow-size-0')).toHaveText('1500 B DF');
  expect(other.errors).toEqual([]);
  await other.page.context().close();
});

test('the size field and DF fit the picker at 1280×720', async ({ app, page }) => {
  await udpAcrossNodes(app);
  await sizeField(page).fill('1500');
  await dfBox(page).check();
  const picker = page.locator('form.flow-picker');
  const pickerBox = await picker.boundingBox();
  const fields = [app.source(), app.destination(), app.port(), app.protocol(), sizeField(page), dfBox(page)];
  for (const field of fields) {
    const box = await field.boundingBox();
    expect(box, `${field.toString()} is drawn`).not.toBeNull();
    if (!box || !pickerBox) continue;
    expect(box.x).toBeGreaterThanOrEqual(pickerBox.x);
    expect(box.x + box.width).toBeLessThanOrEqual(pickerBox.x + pickerBox.width + 0.5);
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
  }
  // One row: the size and DF sit beside the protocol, not on a line of their own.
  const [source, size, df] = await Promise.all([app.source().boundingBox(), sizeField(page).boundingBox(), dfBox(page).boundingBox()]);
  expect(Math.abs((size?.y ?? 0) + (size?.height ?? 0) - ((source?.y ?? 0) + (source?.height ?? 0)))).toBeLessThan(3);
  expect(df?.x ?? 0).toBeGreaterThan((size?.x ?? 0) + (size?.width ?? 0));
  // Labelled for a screen reader too.
  await expect(page.getByLabel("don't fragment (DF)")).toHaveAttribute('data-testid', 'dont-fragment');
  await expect(page.getByLabel('size (bytes)')).toHaveAttribute('data-testid', 'packet-size');
  await picker.screenshot({ path: shot('picker.png') });
  await page.screenshot({ path: shot('page.png') });
});
