/**
 * Sharing a scenario as a link: the link reproduces manifests, settings, flow and hop in a
 * fresh browser; a broken link says what is wrong and changes nothing; the person's own work
 * is kept aside and comes back with one click; a long link is flagged with its length.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import { AppPage } from './app-page';
import { expect, test } from './fixtures';
import { SharePage } from './share-page';

const SCREENSHOT = fileURLToPath(new URL('../docs/share.png', import.meta.url));
const EXAMPLE = readFileSync(fileURLToPath(new URL('../examples/same-node-pods.yaml', import.meta.url)), 'utf8');

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });
// Each test opens a second page or browser after the first one: give them the time of three.
test.beforeEach(() => test.slow());

/** A page in a browser context of its own: empty storage, as on another person's machine. */
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

/** Deterministic letters that do not compress, so the link grows with them. */
function noise(length: number, seed: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let state = seed;
  let out = '';
  for (let i = 0; i < length; i += 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out += alphabet[(state >>> 16) % alphabet.length];
  }
  return out;
}

test('a shared link opens the same manifests, settings, flow and hop in a fresh browser', async ({ app, page, browser, baseURL }) => {
  const share = new SharePage(page);
  await app.open();
  await app.cursorToEndOfLine('name: db');
  await app.typeInEditor('x');
  await expect(app.element('pod:default/dbx')).toBeVisible();
  await app.openSettings();
  await app.setting('clusterCIDR').fill('10.42.0.0/16');
  await app.settingsClose().click();
  await expect(app.element('pod:default/dbx')).toContainText('10.42.0.4');
  await app.destination().selectOption('default/dbx');
  await app.hopRow(4).click();
  const position = await app.stepPosition().textContent();
  expect(position).toMatch(/^hop 5 of \d+$/);
  const flow = { source: await app.source().inputValue(), destination: await app.destination().inputValue(), port: await app.port().inputValue() };
  expect(flow.destination).toBe('default/dbx');

  const url = await share.share();
  await expect(share.status()).toContainText('Copied to the clipboard');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await expect(share.page.getByTestId('share-summary')).toHaveText(
    new RegExp(`^Whoever opens this link sees what you see now: your manifests, the cluster settings and the flow default/frontend/web → default/dbx:${flow.port}/TCP, at hop 5 of \\d+\\.$`),
  );
  await expect(share.length()).toHaveText(`${url.length.toLocaleString('en-US')} characters`);
  await share.close().click();
  await expect(share.dialog()).toBeHidden();

  const other = await freshPage(browser, baseURL);
  const them = new AppPage(other.page);
  await other.page.goto(url);
  await expect(them.marker()).toBeVisible();
  // The editor draws only the lines in view; the diagram and the saved text show the rest.
  await expect(them.element('pod:default/dbx')).toContainText('10.42.0.4');
  await expect(them.element('pod:default/db')).toHaveCount(0);
  await expect(them.source()).toHaveValue(flow.source);
  await expect(them.destination()).toHaveValue(flow.destination);
  await expect(them.port()).toHaveValue(flow.port);
  await expect(them.stepPosition()).toHaveText(position ?? '');
  await expect(them.currentHopRow()).toHaveAttribute('data-testid', 'hop-row-4');
  await them.openSettings();
  await expect(them.setting('clusterCIDR')).toHaveValue('10.42.0.0/16');
  // Nothing of theirs was replaced (a fresh browser), so nothing is offered back.
  await expect(new SharePage(other.page).banner()).toHaveCount(0);
  // The link is now this browser's work, and the address keeps the link until something changes.
  await expect.poll(() => them.savedText()).toContain('name: dbx');
  expect(new URL(other.page.url()).hash).toBe(new URL(url).hash);
  await them.setting('clusterCIDR').fill('10.43.0.0/16');
  await expect.poll(() => new URL(other.page.url()).hash).toBe('');
  expect(other.errors).toEqual([]);
  await other.page.context().close();
});

test('a broken or newer link says what is wrong, keeps the person’s work and the page working', async ({ app, page }) => {
  const share = new SharePage(page);
  await app.open();
  await app.cursorToEndOfLine('name: db');
  await app.typeInEditor('-mine');
  await expect.poll(() => app.savedText()).toContain('name: db-mine');
  const good = await share.share();
  await share.close().click();

  // Cut short, as a chat tool might: opened in a new tab of the same browser (same storage).
  const tab = await page.context().newPage();
  const mine = new AppPage(tab);
  await tab.goto(good.slice(0, good.length - 20));
  const notice = mine.notice('link-unreadable');
  await expect(notice).toContainText(
    'This shared link could not be opened. The link is incomplete or damaged: its data does not unpack. Chat tools and mail programs sometimes cut long links. Ask the sender to copy the whole link again, or to send the scenario file. Your own YAML and settings are unchanged.',
  );
  await expect(mine.element('pod:default/db-mine')).toBeVisible();
  expect(await mine.savedText()).toContain('name: db-mine');
  expect(new URL(tab.url()).hash).toBe('');
  await mine.btnForward().click();
  await expect(mine.stepPosition()).toHaveText(/^hop 2 of \d+$/);

  // A link from a newer version, pasted into the address bar of the open page (no reload).
  await tab.evaluate(() => {
    window.location.hash = 's=2.AAAA';
  });
  await expect(notice).toContainText('The link was made by a newer version of Kube Packet Path (scenario format 2; this page reads format 1 and older).');
  await expect(mine.element('pod:default/db-mine')).toBeVisible();
  await mine.page.getByTestId('dismiss-link-unreadable').click();
  await expect(notice).toHaveCount(0);
  await tab.close();
});

test('a link keeps the person’s own work aside, and one click swaps it back', async ({ app, page, browser, baseURL }) => {
  // The sender: another browser, Calico VXLAN, the flow to db.
  const sender = await freshPage(browser, baseURL);
  const theirs = new AppPage(sender.page);
  await theirs.open();
  await theirs.openSettings();
  await theirs.setting('cni').selectOption('calico-vxlan');
  await theirs.settingsClose().click();
  await theirs.destination().selectOption('default/db');
  const url = await new SharePage(sender.page).share();
  await sender.page.context().close();

  // The receiver has work of their own in this browser.
  const share = new SharePage(page);
  await app.open();
  await app.cursorToEndOfLine('name: backend');
  await app.typeInEditor('-v2');
  await expect.poll(() => app.savedText()).toContain('name: backend-v2');

  await page.goto(url);
  await expect(share.banner()).toContainText('You are looking at a shared scenario. Your own YAML and settings from before are kept in this browser.');
  await page.screenshot({ path: test.info().outputPath('banner.png') });
  await expect(app.element('pod:default/backend')).toBeVisible();
  await expect(app.destination()).toHaveValue('default/db');
  await app.openSettings();
  await expect(app.setting('cni')).toHaveValue('calico-vxlan');

  await share.bannerSwap().click();
  await expect(share.banner()).toContainText('Your own YAML and settings are back. The shared scenario is kept aside.');
  await expect(app.element('pod:default/backend-v2')).toBeVisible();
  await expect(app.setting('cni')).toHaveValue('flannel-vxlan');
  await expect.poll(() => app.savedText()).toContain('name: backend-v2');
  expect(new URL(page.url()).hash).toBe('');

  await share.bannerSwap().click();
  await expect(app.setting('cni')).toHaveValue('calico-vxlan');
  await expect(app.element('pod:default/backend')).toBeVisible();
  await expect(app.element('pod:default/backend-v2')).toHaveCount(0);
});

test('when the browser will not store a copy of the person’s work, the link is not opened over it', async ({ app, page }) => {
  const share = new SharePage(page);
  await app.open();
  const url = await share.share();
  await share.close().click();
  await app.cursorToEndOfLine('name: db');
  await app.typeInEditor('-mine');
  await expect.poll(() => app.savedText()).toContain('name: db-mine');

  // A browser whose storage takes nothing more: the copy aside is refused.
  await page.evaluate(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (this: Storage, key: string, value: string): void {
      if (key === 'kpp:v1:previous-work') throw new DOMException('full', 'QuotaExceededError');
      setItem.call(this, key, value);
    };
  });
  await page.goto(url);
  await expect(app.notice('link-unreadable')).toContainText(
    'The shared link was not opened: it would replace your own YAML and settings, and this browser refused to store a copy of them first',
  );
  await expect(app.element('pod:default/db-mine')).toBeVisible();
  expect(await app.savedText()).toContain('name: db-mine');
  expect(new URL(page.url()).hash).toBe('');
  await expect(share.banner()).toHaveCount(0);
});

test('a long link is flagged with its length and the scenario file is offered; screenshot', async ({ app, page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const share = new SharePage(page);
  await app.open();
  await share.share();
  await expect(share.status()).toContainText('Copied to the clipboard');
  await expect(share.warning()).toHaveCount(0);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: SCREENSHOT });
  await share.close().click();

  const blob = `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: blob\ndata:\n  noise: ${noise(9000, 7)}\n`;
  await app.replaceEditorText(`${EXAMPLE}${blob}`);
  await expect(app.statusLine()).toContainText('3 pods on 1 node');
  const url = await share.share();
  expect(url.length).toBeGreaterThan(8000);
  const chars = url.length.toLocaleString('en-US');
  await expect(share.warning()).toHaveText(
    `This link is ${chars} characters long. Browsers open it, but chat tools, ticket systems and link shorteners often cut or refuse links longer than about 8,000 characters, and a cut link does not open. The scenario file always carries the whole scenario.`,
  );
  await expect(share.status()).not.toContainText('Copied');
  await expect(share.exportFromDialog()).toBeFocused();
  await expect(share.copy()).toHaveText('Copy link anyway');
  await page.screenshot({ path: test.info().outputPath('long-link.png') });
  await share.copy().click();
  await expect(share.status()).toContainText('Copied to the clipboard');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await page.keyboard.press('Escape');
  await expect(share.dialog()).toBeHidden();
});
