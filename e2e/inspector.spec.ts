/** The inspector: summary, rule, headers with rewritten fields, capture command and copy. */
import { expect, test } from './fixtures';

test('the ARP hop shows its rewritten MAC fields as before → after', async ({ app, page }) => {
  await app.open();
  const arp = page.locator('[data-testid^="hop-row-"][data-kind="arp"]').first();
  await arp.click();
  await expect(app.inspectorKind()).toHaveText('arp');
  const dst = page.locator('[data-testid=inspector-headers] tr[data-field="eth.dst"]');
  await expect(dst).toHaveClass(/changed/);
  await expect(dst.locator('.before')).toBeVisible();
  await expect(dst.locator('.after')).toHaveText(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
  await expect(page.locator('[data-testid=inspector-headers] tr[data-field="ip.ttl"]')).not.toHaveClass(/changed/);
  await expect(page.getByTestId('inspector-rule')).toContainText('lladdr');
});

test('the first hop has no Ethernet header yet and names the TCP flags', async ({ app, page }) => {
  await app.open();
  const headers = page.getByTestId('inspector-headers');
  await expect(headers).toContainText('L3 IPv4');
  await expect(headers.locator('tr[data-field="l4.flags"]')).toContainText('SYN');
  await expect(headers.locator('tr[data-field="l4.dstPort"]')).toContainText('8080');
});

test('the capture command can be copied', async ({ app, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.open();
  const bridge = page.locator('[data-testid^="hop-row-"][data-kind="bridge-forward"]').first();
  await bridge.click();
  await expect(app.inspectorCapture()).toContainText('tcpdump');
  await expect(app.inspectorCapture()).toContainText('cni0');
  const command = await app.inspectorCapture().textContent();
  await app.copyButton().click();
  await expect(app.copyButton()).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(command);
});

test('a rule from the YAML can be shown in the editor', async ({ app, page }) => {
  await app.open();
  const deliver = page.locator('[data-testid^="hop-row-"][data-kind="deliver"]').first();
  await deliver.click();
  const show = page.getByTestId('inspector-rule').getByRole('button', { name: /show YAML/ });
  await expect(show).toBeVisible();
  await show.click();
  await expect(page.locator('[data-testid=editor] .cm-activeLine')).toContainText('containerPort: 8080');
});
