/**
 * (5) Nothing leaves the machine: a whole session — load, step, play, change the flow,
 * copy a command, edit the YAML — sends no request off the page's origin and logs no
 * console error. (The `record` fixture checks both after every test; here the session
 * touches every feature so the check means something.)
 */
import { expect, staysLocal, test } from './fixtures';

test('a whole session stays on the page origin with no console errors', async ({ app, page, record, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.open();
  await app.btnForward().click();
  await app.btnPlay().click();
  await expect(app.hopRow(2)).toHaveAttribute('aria-current', 'step', { timeout: 3_000 });
  await app.btnPlay().click();
  await app.copyButton().click();
  await app.destination().selectOption('default/db');
  await app.protocol().selectOption('UDP');
  await app.port().fill('53');
  await app.source().selectOption('default/backend/metrics');
  await app.cursorToEndOfLine('name: db');
  await app.typeInEditor('x');
  await expect(app.element('pod:default/dbx')).toBeVisible();
  await page.mouse.wheel(0, 200);

  const origin = new URL(baseURL ?? page.url()).origin;
  expect(record.requests.length).toBeGreaterThan(0);
  expect(record.requests.filter((url) => !staysLocal(url, origin))).toEqual([]);
  expect(record.consoleErrors).toEqual([]);
});

test('the page declares a Content-Security-Policy that keeps it on its origin', async ({ page }) => {
  await page.goto('/');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("connect-src 'self'");
});
