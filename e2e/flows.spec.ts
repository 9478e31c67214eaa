/**
 * Several flows in one scenario: a list with each flow's verdict, the picker changing the
 * flow on screen, switching with the mouse and the keyboard, removing; the list survives a
 * reload and travels in a share link.
 */
import { fileURLToPath } from 'node:url';
import type { AppPage } from './app-page';
import { expect, test } from './fixtures';
import { FlowsPage } from './flows-page';
import { SharePage } from './share-page';

const SCREENSHOT = fileURLToPath(new URL('../docs/flows.png', import.meta.url));

/** Only backend may reach db: frontend → backend still works, frontend → db is dropped. */
const DB_POLICY = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-from-backend
  namespace: default
spec:
  podSelector:
    matchLabels:
      app: db
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: backend
`;

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

async function twoFlows(app: AppPage, flows: FlowsPage): Promise<void> {
  await app.open();
  await app.cursorToEndOfDocument();
  await app.typeInEditor(DB_POLICY);
  // With a policy in the cluster, the trace checks it on both sides (db's policy does not select backend).
  await expect(app.hopOfKind('network-policy')).toBeVisible();
  await expect(flows.rows()).toHaveCount(1);
  await expect(flows.row(0)).toHaveAttribute('data-verdict', 'delivered');
  // One flow: nothing to remove.
  await expect(flows.remove(0)).toHaveCount(0);

  await flows.add().click();
  await expect(flows.rows()).toHaveCount(2);
  await expect(flows.select(1)).toHaveAttribute('aria-current', 'true');
  await app.destination().selectOption('default/db');
  await expect(app.port()).toHaveValue('5432');
}

test('two flows side by side with their verdicts; switching with the mouse and the keyboard', async ({ app, page }) => {
  const flows = new FlowsPage(page);
  await twoFlows(app, flows);

  await expect(flows.row(0)).toHaveAttribute('data-verdict', 'delivered');
  await expect(flows.verdict(0)).toHaveText('delivered');
  await expect(flows.select(0)).toContainText('default/frontend/web → default/backend:8080/TCP');
  await expect(flows.row(1)).toHaveAttribute('data-verdict', 'dropped');
  await expect(flows.verdict(1)).toHaveText('dropped');
  await expect(flows.select(1)).toContainText('default/frontend/web → default/db:5432/TCP');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'dropped');
  await expect(app.verdict()).toContainText('default/db:5432/TCP');

  await page.mouse.move(0, 0);
  await app.settledMarkerBox();
  await page.screenshot({ path: SCREENSHOT });

  // The mouse: the first flow comes back on screen, from its first hop.
  await flows.select(0).click();
  await expect(flows.select(0)).toHaveAttribute('aria-current', 'true');
  await expect(flows.select(1)).not.toHaveAttribute('aria-current', 'true');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await expect(app.destination()).toHaveValue('default/backend');
  await expect(app.stepPosition()).toHaveText(/^hop 1 of \d+$/);
  await expect(app.hopOfKind('deliver')).toContainText('api');

  // The keyboard: Tab reaches the second flow, Enter shows it.
  await flows.select(0).focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(flows.select(1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'dropped');
  await expect(app.hopOfKind('drop')).toBeVisible();

  // Changing the picker changes the flow on screen only.
  await app.port().fill('5433');
  await expect(flows.select(1)).toContainText('default/db:5433/TCP');
  await expect(flows.select(0)).toContainText('default/backend:8080/TCP');

  // Removing the shown flow shows the other; the last one cannot be removed.
  await flows.remove(1).click();
  await expect(flows.rows()).toHaveCount(1);
  await expect(flows.select(0)).toHaveAttribute('aria-current', 'true');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await expect(flows.remove(0)).toHaveCount(0);
});

test('the list of flows survives a reload and travels in a share link', async ({ app, page, browser, baseURL }) => {
  test.slow();
  const flows = new FlowsPage(page);
  await twoFlows(app, flows);
  await expect(flows.row(1)).toHaveAttribute('data-verdict', 'dropped');

  // Saved a moment after the change; then a reload brings both back, the second one shown.
  await expect
    .poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('kpp:v1:flows') ?? '{}') as { flows?: unknown[]; flowIndex?: number }))
    .toMatchObject({ flows: [{ to: { pod: 'backend' } }, { to: { pod: 'db', port: 5432 } }], flowIndex: 1 });
  await page.reload();
  await expect(app.marker()).toBeVisible();
  await expect(flows.rows()).toHaveCount(2);
  await expect(flows.select(1)).toHaveAttribute('aria-current', 'true');
  await expect(flows.row(0)).toHaveAttribute('data-verdict', 'delivered');
  await expect(flows.row(1)).toHaveAttribute('data-verdict', 'dropped');

  // Another browser opening the link sees both flows, the same one on screen.
  await flows.select(0).click();
  const share = new SharePage(page);
  const url = await share.share();
  await expect(share.page.getByTestId('share-summary')).toContainText('(with the other flow of your list)');
  const context = await browser.newContext({ baseURL });
  const other = await context.newPage();
  const them = new FlowsPage(other);
  await other.goto(url);
  await expect(other.getByTestId('packet-marker')).toBeVisible();
  await expect(them.rows()).toHaveCount(2);
  await expect(them.select(0)).toHaveAttribute('aria-current', 'true');
  await expect(them.select(1)).toContainText('default/frontend/web → default/db:5432/TCP');
  await expect(them.row(1)).toHaveAttribute('data-verdict', 'dropped');
  await context.close();
});
