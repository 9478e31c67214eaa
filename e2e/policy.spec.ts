/** NetworkPolicy in the trace: a drop that says which policy and rule, and an allow that names its rule. */
import { fileURLToPath } from 'node:url';
import type { AppPage } from './app-page';
import { expect, test } from './fixtures';
import { SHOP_POLICY } from './policy-scenarios';
import { ReachabilityPage } from './reachability-page';

const SCREENSHOT = fileURLToPath(new URL('../docs/policy-drop.png', import.meta.url));

test.use({ viewport: { width: 1440, height: 900 } });

async function traceToDb(app: AppPage, source: string): Promise<void> {
  await app.open();
  await app.replaceEditorText(SHOP_POLICY);
  await expect(app.statusLine()).toContainText('3 pods on 1 node');
  await app.source().selectOption(source);
  await app.destination().selectOption('shop/db');
  await app.port().fill('3306');
  await expect(app.port()).toHaveValue('3306');
}

test('frontend → db:3306 is dropped at db’s veth, and the inspector says which rule did not admit it', async ({ app, page }) => {
  const policy = new ReachabilityPage(page);
  await traceToDb(app, 'shop/frontend/web');

  await expect(app.verdict()).toHaveAttribute('data-verdict', 'dropped');
  const label = app.verdict().locator('.verdict-label');
  expect(await label.innerText()).toBe('DROPPED');
  await expect(label).toHaveCSS('background-color', 'rgb(220, 38, 38)');
  await expect(app.verdict()).toContainText('dropped by NetworkPolicy on the destination side');
  // No reply: the SYN never arrived.
  await expect(page.getByTestId('reply-separator')).toHaveCount(0);

  const last = page.locator('[data-testid^="hop-row-"][data-direction="forward"]').last();
  await expect(last).toHaveAttribute('data-kind', 'drop');
  await expect(last).toHaveClass(/\bdrop\b/);
  await expect(last.locator('svg.shield-icon')).toBeVisible();
  // Red text in the light theme's --bad-ink, which reads at WCAG AA on the row's red tint.
  await expect(last.locator('.hop-kind')).toHaveCSS('color', 'rgb(185, 28, 28)');
  // The egress check at the source passed, and is listed as a policy hop too.
  await expect(page.locator('[data-testid^="hop-row-"][data-kind="network-policy"]')).toHaveCount(1);

  await last.click();
  await expect(app.marker()).toHaveAttribute('data-where', /^veth:node-1\/veth[0-9a-f]{8}$/);
  const veth = (await app.marker().getAttribute('data-where'))?.split('/')[1] ?? '';
  // The bridge forwarded the frame to db's port, and that is where the policy dropped it.
  await expect(page.locator('[data-testid^="hop-row-"][data-kind="bridge-forward"]')).toContainText(`port ${veth}`);
  await expect(app.inspectorSummary()).toContainText('entering db (ingress)');
  await expect(app.marker()).toHaveAttribute('data-tone', 'drop');
  await expect(app.marker()).toContainText(/dropped/i);
  await expect(app.marker()).toHaveCSS('background-color', 'rgb(220, 38, 38)');
  await expect(app.inspectorKind()).toHaveText('drop');

  await expect(policy.policyCheck()).toHaveAttribute('data-direction', 'ingress');
  await expect(policy.policyCheck()).toHaveAttribute('data-verdict', 'denied');
  await expect(policy.policySide()).toHaveText('Ingress, judged at the destination pod');
  const denial = policy.policyCheck().getByTestId('policy-denial');
  await expect(denial).toHaveCount(1);
  await expect(denial.getByTestId('policy-link')).toHaveText('shop/backend-database-policy');
  const rule = denial.locator('[data-testid=rule-miss][data-rule="0"]');
  await expect(rule).toContainText('ingress rule 0 admits pods with role=frontend-web-server in namespace shop');
  await expect(rule).toContainText('the source has role=web');
  await expect(rule.getByTestId('peer-link')).toHaveText('peer 0: pods with role=frontend-web-server in namespace shop');

  // The policy's name selects the whole policy in the editor, its peer the peer entry.
  await denial.getByTestId('policy-link').click();
  await expect(app.editorContent()).toBeFocused();
  await expect.poll(() => app.selectedText()).toMatch(/^apiVersion: networking\.k8s\.io\/v1\s+kind: NetworkPolicy[\s\S]*name: backend-database-policy[\s\S]*port: 3306$/);
  await rule.getByTestId('peer-link').click();
  await expect.poll(() => app.selectedText()).toMatch(/^podSelector:\s+matchLabels:\s+role: frontend-web-server$/);
});

test('api → db:3306 is delivered, through an ingress policy hop that names rule 0', async ({ app, page }) => {
  const policy = new ReachabilityPage(page);
  await traceToDb(app, 'shop/api/api');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');

  const checks = page.locator('[data-testid^="hop-row-"][data-kind="network-policy"]');
  await expect(checks).toHaveCount(2);
  await expect(page.locator('[data-testid^="hop-row-"][data-kind="drop"]')).toHaveCount(0);
  await expect(checks.last().locator('svg.shield-icon')).toBeVisible();

  // Egress at the source: api is not isolated.
  await checks.first().click();
  await expect(policy.policyCheck()).toHaveAttribute('data-direction', 'egress');
  await expect(policy.policyCheck()).toHaveAttribute('data-verdict', 'unrestricted');
  await expect(policy.policyCheck()).toContainText('not isolated');

  // Ingress at db: rule 0 of backend-database-policy admits it.
  await checks.last().click();
  await expect(app.inspectorKind()).toHaveText('network-policy');
  await expect(policy.policyCheck()).toHaveAttribute('data-direction', 'ingress');
  await expect(policy.policyCheck()).toHaveAttribute('data-verdict', 'allowed');
  const allow = policy.policyCheck().locator('[data-testid=policy-allow][data-rule="0"]');
  await expect(allow.getByTestId('policy-link')).toHaveText('shop/backend-database-policy');
  await expect(allow.getByTestId('rule-link')).toHaveText('ingress rule 0');
  await expect(allow.getByTestId('peer-link')).toHaveText('peer 0 (pods with role=frontend-web-server in namespace shop) matches');
  await expect(allow.getByTestId('port-link')).toHaveText('port 0 (TCP 3306) matches');
  await allow.getByTestId('port-link').click();
  await expect.poll(() => app.selectedText()).toMatch(/^protocol: TCP\s+port: 3306$/);
});

test('screenshot of the drop hop with the inspector', async ({ app, page }) => {
  await traceToDb(app, 'shop/frontend/web');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'dropped');
  const last = page.locator('[data-testid^="hop-row-"][data-direction="forward"]').last();
  await last.click();
  await expect(app.marker()).toHaveAttribute('data-tone', 'drop');
  await app.settledMarkerBox();
  // The policy part of the inspector, which says why, in view.
  await new ReachabilityPage(page).policyCheck().evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await page.mouse.move(0, 0);
  await page.screenshot({ path: SCREENSHOT });
});
