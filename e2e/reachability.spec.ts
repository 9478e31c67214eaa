/** The reachability view: the matrix from the worker, its question, filters and groups, and tracing a cell. */
import { fileURLToPath } from 'node:url';
import type { AppPage } from './app-page';
import { expect, test } from './fixtures';
import { SHOP_AND_MONITORING, SHOP_POLICY } from './policy-scenarios';
import { ReachabilityPage } from './reachability-page';

const SCREENSHOT = fileURLToPath(new URL('../docs/reachability.png', import.meta.url));

const API = 'shop/Pod/api';
const DB = 'shop/Pod/db';
const FRONTEND = 'shop/Pod/frontend';
const COREDNS = 'kube-system/Deployment/coredns';
const PROMETHEUS = 'monitoring/Deployment/prometheus';

async function paste(app: AppPage, yaml: string, pods: number): Promise<void> {
  await app.open();
  await app.replaceEditorText(yaml);
  await expect(app.statusLine()).toContainText(`${pods} pods on 1 node`);
}

test('the matrix shows who may reach whom, for all connections and for TCP 3306', async ({ app, page, record }) => {
  const reach = new ReachabilityPage(page);
  await paste(app, SHOP_POLICY, 3);
  await reach.open();

  // The worker ran from its own file on the page's origin (the CSP allows worker-src 'self').
  expect(record.requests.some((url) => /\/assets\/reachability\.worker[^/]*\.js$/.test(url))).toBe(true);

  // Rows and columns: CoreDNS (kube-system), the shop's pods, then outside the cluster.
  expect(await reach.rowIds()).toEqual([COREDNS, API, DB, FRONTEND, 'outside']);
  await expect(reach.column('outside')).toContainText('outside the cluster');

  await expect(reach.cell(FRONTEND, DB)).toHaveAttribute('data-state', 'denied');
  await expect(reach.cell(FRONTEND, DB)).toHaveAttribute('title', /No Connections/);
  await expect(reach.cell(API, DB)).toHaveAttribute('data-state', 'partial');
  await expect(reach.cell(API, DB)).toHaveAttribute('title', /Allowed: TCP 3306\nOnly some ports, protocols or pod pairs\./);
  await expect(reach.cell(FRONTEND, API)).toHaveAttribute('data-state', 'allowed');
  await expect(reach.cell(API, DB)).toHaveCSS('background-color', 'rgb(253, 230, 138)');
  // Under the matrix, the cell under the pointer says the same without waiting for the tooltip.
  await reach.cell(API, DB).hover();
  await expect(reach.detail()).toContainText('shop/api → shop/db');
  await expect(reach.detail()).toContainText('Allowed: TCP 3306');

  await reach.mode().selectOption('port');
  await reach.port().fill('3306');
  await reach.protocol().selectOption('TCP');
  await expect(reach.cell(API, DB)).toHaveAttribute('data-state', 'allowed');
  await reach.settled();
  await expect(reach.cell(API, DB)).toHaveAttribute('title', /TCP 3306: allowed/);
  await expect(reach.cell(FRONTEND, DB)).toHaveAttribute('data-state', 'denied');
  await expect(reach.cell(FRONTEND, DB)).toHaveCSS('background-color', 'rgb(254, 202, 202)');

  // Outside the cluster is in the matrix but cannot be traced yet.
  await expect(reach.cell('outside', DB)).toHaveAttribute('data-state', 'denied');
  await expect(reach.cell('outside', DB)).toHaveAttribute('title', /Tracing from or to outside the cluster is not simulated yet\./);
  await expect(reach.cell('outside', DB).getByRole('button')).toHaveCount(0);
  await expect(reach.cell(API, 'outside').getByRole('button')).toHaveCount(0);
});

test('clicking a cell traces that flow in the diagram', async ({ app, page }) => {
  const reach = new ReachabilityPage(page);
  await paste(app, SHOP_POLICY, 3);
  await reach.open();
  await reach.mode().selectOption('port');
  await reach.port().fill('3306');
  await expect(reach.cell(API, DB)).toHaveAttribute('data-state', 'allowed');

  await reach.cell(API, DB).getByRole('button').click();
  await expect(reach.tab('diagram')).toHaveAttribute('aria-selected', 'true');
  await expect(app.diagram()).toBeVisible();
  await expect(app.source()).toHaveValue('shop/api/api');
  await expect(app.destination()).toHaveValue('shop/db');
  await expect(app.port()).toHaveValue('3306');
  await expect(app.protocol()).toHaveValue('TCP');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await expect(app.hopRow(0)).toHaveAttribute('aria-current', 'step');
  await expect(page.locator('[data-testid^="hop-row-"][data-kind="network-policy"]')).toHaveCount(2);

  // And back: the matrix is still there, with the same question, without computing it again.
  await reach.tab('reachability').click();
  await expect(reach.mode()).toHaveValue('port');
  await expect(reach.status()).toHaveAttribute('data-state', 'ready');
  await reach.cell(FRONTEND, DB).getByRole('button').click();
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'dropped');
});

test('namespaces collapse into one row and column; filters by label, namespace and system workloads', async ({ app, page }) => {
  const reach = new ReachabilityPage(page);
  await paste(app, SHOP_AND_MONITORING, 4);
  await reach.open();
  expect(await reach.rowIds()).toEqual([COREDNS, PROMETHEUS, API, DB, FRONTEND, 'outside']);
  // CoreDNS is shown, faded: the simulator added it.
  await expect(reach.row(COREDNS).locator('th.row-head')).toHaveClass(/faded/);

  await reach.namespaceToggle('shop').click();
  await expect(reach.namespaceToggle('shop')).toHaveAttribute('aria-expanded', 'false');
  expect(await reach.rowIds()).toEqual([COREDNS, PROMETHEUS, 'ns:shop', 'outside']);
  await expect(reach.column('ns:shop')).toContainText('all 3 workloads');
  await expect(reach.column(API)).toHaveCount(0);
  // Within the shop some pairs connect and some do not (frontend → db); into monitoring, none does.
  await expect(reach.cell('ns:shop', 'ns:shop')).toHaveAttribute('data-state', 'partial');
  await expect(reach.cell('ns:shop', 'ns:shop')).toHaveAttribute('title', /of 9 workload pairs\nExpand the namespace/);
  await expect(reach.cell('ns:shop', 'ns:shop').getByRole('button')).toHaveCount(0);
  await expect(reach.cell('ns:shop', PROMETHEUS)).toHaveAttribute('data-state', 'denied');
  await reach.namespaceToggle('shop').click();
  expect(await reach.rowIds()).toEqual([COREDNS, PROMETHEUS, API, DB, FRONTEND, 'outside']);

  await reach.labelFilter().fill('role=db');
  expect(await reach.rowIds()).toEqual([DB, 'outside']);
  await expect(reach.column(DB)).toBeVisible();
  await expect(reach.column(API)).toHaveCount(0);
  await reach.labelFilter().fill('role');
  expect(await reach.rowIds()).toEqual([API, DB, FRONTEND, 'outside']);
  await reach.labelFilter().fill('');

  await reach.showImplicit().uncheck();
  expect(await reach.rowIds()).toEqual([PROMETHEUS, API, DB, FRONTEND, 'outside']);
  await reach.showImplicit().check();

  await reach.namespaceFilter().selectOption('monitoring');
  expect(await reach.rowIds()).toEqual([PROMETHEUS, 'outside']);
  await expect(reach.cell('outside', PROMETHEUS)).toHaveAttribute('data-state', 'denied');
});

test('broken YAML keeps the last matrix and says so; an edit that builds recomputes it', async ({ app, page }) => {
  const reach = new ReachabilityPage(page);
  await paste(app, SHOP_POLICY, 3);
  await reach.open();
  await app.cursorToEndOfLine('name: db');
  await app.typeInEditor(': :');
  await expect(reach.status()).toHaveAttribute('data-state', 'stale');
  await expect(reach.status()).toContainText('showing the matrix of the last good text');
  await expect(reach.cell(FRONTEND, DB)).toHaveAttribute('data-state', 'denied');

  // Fixed as `name: dbx`: a new pod, and a new matrix for it.
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('Backspace');
  await app.typeInEditor('x');
  await expect(reach.row('shop/Pod/dbx')).toBeVisible();
  await reach.settled();
  await expect(reach.status()).toHaveAttribute('data-state', 'ready');
  await expect(reach.row(DB)).toHaveCount(0);
});

test.describe('at 1440 × 900', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('screenshot of the reachability matrix', async ({ app, page }) => {
    const reach = new ReachabilityPage(page);
    await paste(app, SHOP_AND_MONITORING, 4);
    await reach.open();
    await expect(reach.cell(FRONTEND, DB)).toHaveAttribute('data-state', 'denied');
    await reach.cell(API, DB).hover();
    await expect(reach.detail()).toContainText('Allowed: TCP 3306');
    await page.screenshot({ path: SCREENSHOT });
  });
});
