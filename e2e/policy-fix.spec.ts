/**
 * A connection NetworkPolicy drops comes with the core's suggested fix: shown at the drop hop
 * (linked from the verdict), copyable, and applied to the editor as one undoable change, after
 * which the same flow is delivered; Ctrl+Z takes it back and the drop returns.
 */
import { fileURLToPath } from 'node:url';
import type { AppPage } from './app-page';
import { expect, test } from './fixtures';
import { FRONTEND_TO_DB_FIX, SHOP_POLICY } from './policy-scenarios';
import { ReachabilityPage } from './reachability-page';

const SCREENSHOT = fileURLToPath(new URL('../docs/policy-fix.png', import.meta.url));

test.use({ viewport: { width: 1440, height: 900 } });

async function frontendToDb(app: AppPage): Promise<void> {
  await app.open();
  await app.replaceEditorText(SHOP_POLICY);
  await expect(app.statusLine()).toContainText('3 pods on 1 node');
  await app.source().selectOption('shop/frontend/web');
  await app.destination().selectOption('shop/db');
  await app.port().fill('3306');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'dropped');
}

test('the fix is shown at the drop hop; applying it delivers the flow and Ctrl+Z takes it back', async ({ app, page, context }) => {
  test.slow();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await frontendToDb(app);
  await expect.poll(() => app.savedText()).toBe(SHOP_POLICY);

  // Only the drop hop carries the fix; the verdict links to it.
  await expect(app.policyFix()).toHaveCount(0);
  await app.verdictFix().click();
  await expect(app.inspectorKind()).toHaveText('drop');
  await expect(app.currentHopRow()).toHaveAttribute('data-kind', 'drop');
  await expect(app.policyFix()).toBeInViewport();
  await expect(app.policyFixSummary()).toContainText('Add shop/allow-frontend-to-db-3306');
  await expect(app.policyFixSummary()).toContainText('shop/frontend → shop/db on TCP 3306 only');
  expect(await app.policyFixYaml().textContent()).toBe(FRONTEND_TO_DB_FIX);

  await app.policyFixCopy().click();
  await expect(app.policyFixCopy()).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(FRONTEND_TO_DB_FIX);

  // Applied at the end of the text, after a document separator, and selected in the editor.
  await app.policyFixApply().click();
  await expect(app.editorContent()).toBeFocused();
  await expect.poll(() => app.selectedText()).toContain('name: allow-frontend-to-db-3306');
  await expect.poll(() => app.savedText()).toBe(`${SHOP_POLICY}---\n${FRONTEND_TO_DB_FIX}`);

  // The simulation ran again: the same flow is delivered, admitted by the new policy.
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await expect(app.source()).toHaveValue('shop/frontend/web');
  await expect(app.destination()).toHaveValue('shop/db');
  await expect(app.verdictFix()).toHaveCount(0);
  await expect(page.locator('[data-testid^="hop-row-"][data-kind="drop"]')).toHaveCount(0);
  await page.locator('[data-testid^="hop-row-"][data-kind="network-policy"]').last().click();
  const allow = new ReachabilityPage(page).policyCheck().getByTestId('policy-allow');
  await expect(allow.getByTestId('policy-link')).toHaveText('shop/allow-frontend-to-db-3306');

  // One undo removes the whole policy, and the drop is back.
  await app.editorContent().click();
  await page.keyboard.press('Control+z');
  await expect.poll(() => app.savedText()).toBe(SHOP_POLICY);
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'dropped');
  await expect(app.verdictFix()).toBeVisible();
});

test('screenshot of the suggested fix', async ({ app, page }) => {
  await frontendToDb(app);
  await app.verdictFix().click();
  await expect(app.marker()).toHaveAttribute('data-tone', 'drop');
  await app.settledMarkerBox();
  await app.policyFix().evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await expect(app.policyFixApply()).toBeInViewport();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: SCREENSHOT });
});
