/**
 * The user's work survives a reload: the editor's text and the cluster settings are kept
 * in this browser (localStorage). Damaged or full storage gives a notice, never a crash.
 */
import { expect, test } from './fixtures';

test('a reload keeps the edited text and the settings', async ({ app, page }) => {
  test.slow(); // Edits, settings, a reload, and a second look at both.
  await app.open();
  await app.cursorToEndOfLine('name: db');
  await app.page.keyboard.press('Backspace');
  await app.page.keyboard.press('Backspace');
  await app.typeInEditor('store');
  await expect(app.element('pod:default/store')).toBeVisible();
  await app.openSettings();
  await app.setting('nodeNames').fill('worker-a');
  await app.setting('clusterCIDR').fill('10.42.0.0/16');
  await expect(app.element('node:worker-a')).toBeVisible();
  // A draft that is not valid is kept too, with the last valid settings in effect.
  await app.setting('clusterDomain').fill('Cluster.Local');
  await expect(app.settingProblem('clusterDomain')).toBeVisible();

  await page.reload();
  await expect(app.marker()).toBeVisible();
  await expect(app.element('pod:default/store')).toBeVisible();
  await app.cursorToEndOfLine('name: store');
  await expect(app.activeLine()).toHaveText('  name: store');
  await expect(app.element('pod:default/db')).toHaveCount(0);
  await expect(app.element('node:worker-a')).toBeVisible();
  await expect(app.element('pod:default/frontend')).toContainText('10.42.0.2');
  await expect(app.page.getByTestId('settings-invalid-dot')).toBeVisible();

  await app.openSettings();
  await expect(app.setting('nodeNames')).toHaveValue('worker-a');
  await expect(app.setting('clusterCIDR')).toHaveValue('10.42.0.0/16');
  await expect(app.setting('clusterDomain')).toHaveValue('Cluster.Local');
  await expect(app.settingProblem('clusterDomain')).toContainText('is not a DNS domain');
  await expect(app.settingsKept()).toBeVisible();
});

test('an emptied editor stays empty after a reload', async ({ app, page }) => {
  await app.open();
  await app.editorContent().click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await page.reload();
  await expect(app.editorContent()).toBeVisible();
  await expect(app.editorContent()).toHaveText('');
  await expect(app.statusLine()).toContainText('0 pods on 1 node');
});

test('damaged saved data gives a notice, the example, and a copy of what was there', async ({ app, page }) => {
  await page.addInitScript(() => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', 'yes');
    localStorage.setItem('kpp:v1:scenario', '{"text": "apiVersion: v1\\nkind: Po');
    localStorage.setItem('kpp:v1:settings', '{"settings": {"clusterCIDR": "not a cidr"}}');
  });
  await app.open();
  await expect(app.notice('scenario-unreadable')).toContainText('could not be read');
  await expect(app.notice('scenario-unreadable')).toContainText('kpp:v1:scenario:unreadable');
  await expect(app.notice('settings-unreadable')).toContainText('the defaults are in effect');
  await expect(app.editorContent()).toContainText('name: frontend');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  expect(await page.evaluate(() => localStorage.getItem('kpp:v1:scenario:unreadable'))).toBe('{"text": "apiVersion: v1\\nkind: Po');

  await page.getByTestId('dismiss-scenario-unreadable').click();
  await expect(app.notice('scenario-unreadable')).toHaveCount(0);
  await expect(app.notice('settings-unreadable')).toBeVisible();
});

test('a full storage says the work will not survive a reload, and the page goes on', async ({ app, page }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await app.open();
  await app.cursorToEndOfLine('name: db');
  await app.typeInEditor('x');
  await expect(app.notice('save-failed')).toContainText('storage for this page is full');
  await expect(app.element('pod:default/dbx')).toBeVisible();
  await app.typeInEditor('y');
  await expect(app.element('pod:default/dbxy')).toBeVisible();
  await expect(page.locator('[data-testid^="notice-"]')).toHaveCount(1);
});
