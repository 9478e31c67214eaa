/** The YAML points at the picture: the cursor in a NetworkPolicy marks the pods it selects and admits. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AppPage } from './app-page';
import { expect, test } from './fixtures';

const SCREENSHOT = fileURLToPath(new URL('../docs/policy-cursor.png', import.meta.url));
const NETPOL_MYSQL = readFileSync(fileURLToPath(new URL('../examples/netpol-mysql.yaml', import.meta.url)), 'utf8');

const MYSQL = 'pod:default/mysql';
const FRONTEND = 'pod:default/frontend';
const REPORTS = 'pod:default/reports';

test.use({ viewport: { width: 1440, height: 900 } });

/** The example, traced frontend → mysql:3306, with the cursor moved off the policy. */
async function openMysql(app: AppPage): Promise<void> {
  await app.open();
  await app.replaceEditorText(NETPOL_MYSQL);
  await expect(app.statusLine()).toContainText('3 pods on 1 node');
  await app.source().selectOption('default/frontend/web');
  await app.destination().selectOption('default/mysql');
  await app.port().fill('3306');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await app.cursorToEndOfLine('name: reports');
}

const marked = (app: AppPage) => app.diagram().locator('[data-policy-mark]');

test('the cursor in an ingress rule marks the pods the policy selects and the pods the rule admits; leaving clears them', async ({ app, page }) => {
  // Many cursor moves, each waiting for the debounced marks: more than 30 s on a loaded 2-core machine.
  test.slow();
  await openMysql(app);
  const legend = page.getByTestId('policy-cursor-legend');
  await expect(legend).toHaveCount(0);
  await expect(marked(app)).toHaveCount(0);
  await expect(page.getByTestId('policy-cursor-hint')).toHaveText(
    'Put the cursor in a NetworkPolicy to mark the pods it selects and the pods each rule admits.',
  );

  // The policy's own podSelector: the pod it selects, and no rule yet.
  await app.cursorToEndOfLine('      role: database');
  await expect(app.element(MYSQL)).toHaveAttribute('data-policy-mark', 'selected');
  await expect(marked(app)).toHaveCount(1);
  await expect(legend).toHaveText('policy backend-database-policy selects 1 pod');

  // The podSelector peer of ingress rule 0 (12 spaces: the peer's, not the policy's own matchLabels).
  await app.cursorToEndOfLine('            matchLabels:');
  await expect(app.element(MYSQL)).toHaveAttribute('data-policy-mark', 'selected');
  await expect(app.element(FRONTEND)).toHaveAttribute('data-policy-mark', 'admitted');
  await expect(app.element(REPORTS)).not.toHaveAttribute('data-policy-mark');
  await expect(marked(app)).toHaveCount(2);
  await expect(page.getByTestId('policy-cursor-selects')).toHaveText('policy backend-database-policy selects 1 pod');
  await expect(page.getByTestId('policy-cursor-admits')).toHaveText(
    'ingress rule 0, peer 0 (pods with role=frontend-web-server in namespace default), admits 1 pod on TCP 3306',
  );
  await expect(legend).toHaveAttribute('title', 'selected: default/mysql\nadmitted: default/frontend');

  // Two marks, two looks: a solid teal ring and a dashed violet one (light theme).
  await expect(app.element(MYSQL)).toHaveCSS('outline-style', 'solid');
  await expect(app.element(MYSQL)).toHaveCSS('outline-color', 'rgb(15, 118, 110)');
  await expect(app.element(FRONTEND)).toHaveCSS('outline-style', 'dashed');
  await expect(app.element(FRONTEND)).toHaveCSS('outline-color', 'rgb(124, 58, 237)');
  // The path's own marks are untouched: frontend is still drawn on the path.
  await expect(app.element('ctr:default/frontend/web')).toHaveClass(/\bon-path\b/);

  // The rule's ports, outside its peers: the whole rule.
  await app.cursorToEndOfLine('protocol: TCP');
  await expect(page.getByTestId('policy-cursor-admits')).toHaveText('ingress rule 0 admits 1 pod on TCP 3306');
  await expect(app.element(FRONTEND)).toHaveAttribute('data-policy-mark', 'admitted');

  await page.screenshot({ path: SCREENSHOT });

  // Out of the policy: everything clears.
  await app.cursorToEndOfLine('name: reports');
  await expect(legend).toHaveCount(0);
  await expect(marked(app)).toHaveCount(0);
  await expect(page.getByTestId('policy-cursor-hint')).toHaveText(
    'Put the cursor in a NetworkPolicy to mark the pods it selects and the pods each rule admits.',
  );
  await expect(app.element('ctr:default/frontend/web')).toHaveClass(/\bon-path\b/);
});

test('the marks read in the dark theme too, and editing the text clears them until the next run', async ({ app, page }, testInfo) => {
  await page.goto('/?theme=dark');
  await app.replaceEditorText(NETPOL_MYSQL);
  await expect(app.statusLine()).toContainText('3 pods on 1 node');
  await app.cursorToEndOfLine('            matchLabels:');
  await expect(app.element(MYSQL)).toHaveCSS('outline-color', 'rgb(45, 212, 191)');
  await expect(app.element(FRONTEND)).toHaveCSS('outline-color', 'rgb(167, 139, 250)');
  await page.screenshot({ path: testInfo.outputPath('policy-cursor-dark.png') });

  // Text that does not parse keeps the last good model on screen, but its offsets would point at
  // the wrong place: nothing is marked rather than the wrong pods.
  await app.typeInEditor(' [');
  await expect(app.lintMarks('error').first()).toBeVisible();
  await expect(marked(app)).toHaveCount(0);
  await expect(page.getByTestId('policy-cursor-legend')).toHaveCount(0);
  // Undone, the next run reads the text again, and the cursor is back in the peer.
  await page.keyboard.press('Control+z');
  await expect(app.element(FRONTEND)).toHaveAttribute('data-policy-mark', 'admitted');
});
