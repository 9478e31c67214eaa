/**
 * Scenario files and dropped YAML: export a scenario and import it in a fresh browser (same
 * manifests, settings, flow and hop, after asking before replacing the person's text); drop
 * YAML files on the editor to add them or replace the text, undoable; refuse what is not text.
 */
import { readFileSync } from 'node:fs';
import { AppPage } from './app-page';
import { expect, test } from './fixtures';
import { SharePage } from './share-page';

// Each test works in two pages or waits for a download: give them the time of three.
test.beforeEach(() => test.slow());

const CACHE_POD = `apiVersion: v1
kind: Pod
metadata:
  name: cache
  labels: {app: cache}
spec:
  containers:
    - name: redis
      image: redis:7
      ports:
        - containerPort: 6379
`;

const QUEUE_POD = CACHE_POD.replaceAll('cache', 'queue').replace('redis:7', 'rabbitmq:3').replace('6379', '5672').replace('name: redis', 'name: rabbit');

test('export a scenario file, then import it in a fresh browser: same manifests, settings, flow and hop', async ({ app, page, browser, baseURL }) => {
  const share = new SharePage(page);
  await app.open();
  await app.cursorToEndOfLine('name: backend');
  await app.typeInEditor('-v2');
  await app.openSettings();
  await app.setting('kubeProxyMode').selectOption('ipvs');
  await app.settingsClose().click();
  await app.destination().selectOption('default/backend-v2');
  await app.hopRow(3).click();
  const position = await app.stepPosition().textContent();
  await expect.poll(() => app.savedText()).toContain('name: backend-v2');
  const text = (await app.savedText()) ?? '';

  const downloading = page.waitForEvent('download');
  await share.exportButton().click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('kube-packet-path-scenario.json');
  const path = await download.path();
  const file: unknown = JSON.parse(readFileSync(path, 'utf8'));
  expect(file).toMatchObject({
    format: 'kube-packet-path/scenario',
    version: 1,
    manifests: text,
    settings: { kubeProxyMode: 'ipvs', cni: 'flannel-vxlan', nodeNames: ['node-1'] },
    flows: [{ from: { kind: 'pod', namespace: 'default', pod: 'frontend', container: 'web' }, to: { kind: 'pod', namespace: 'default', pod: 'backend-v2', port: 8080, protocol: 'TCP' } }],
    flowIndex: 0,
    step: 3,
    view: { pane: 'diagram' },
  });

  // Someone else, with work of their own in the editor.
  const context = await browser.newContext({ baseURL });
  const them = new AppPage(await context.newPage());
  const theirShare = new SharePage(them.page);
  await them.open();
  await them.replaceEditorText(CACHE_POD);
  await expect(them.element('pod:default/cache')).toBeVisible();

  await theirShare.importInput().setInputFiles(path);
  await expect(theirShare.loadDialog()).toContainText('Replace your YAML and settings with the scenario file?');
  await expect(theirShare.loadCancel()).toBeFocused();
  await theirShare.loadReplace().click();
  await expect(theirShare.loadDialog()).toBeHidden();
  await expect(them.element('pod:default/backend-v2')).toBeVisible();
  await expect(them.destination()).toHaveValue('default/backend-v2');
  await expect(them.stepPosition()).toHaveText(position ?? '');
  await expect(them.currentHopRow()).toHaveAttribute('data-testid', 'hop-row-3');
  await them.openSettings();
  await expect(them.setting('kubeProxyMode')).toHaveValue('ipvs');
  await them.settingsClose().click();

  // Their own text comes back with Undo.
  await them.editorContent().click();
  await them.page.keyboard.press('Control+z');
  await expect(them.element('pod:default/cache')).toBeVisible();
  await context.close();
});

test('YAML files dropped on the editor: added or replacing after asking, undoable; not asked over the example', async ({ app, page }) => {
  const share = new SharePage(page);
  await app.open();

  // Over the untouched example nothing is lost, so nothing is asked.
  await share.dropOnEditor([{ name: 'cache.yaml', text: CACHE_POD }]);
  await expect(share.loadDialog()).toBeHidden();
  await expect(app.element('pod:default/cache')).toBeVisible();
  await expect(app.element('pod:default/frontend')).toHaveCount(0);
  await expect(app.editorContent()).toContainText('name: cache');

  // Now the editor holds the person's text: adding keeps it, with a separator.
  await share.dropOnEditor([{ name: 'queue.yaml', text: QUEUE_POD }]);
  await expect(share.loadDialog()).toContainText('Add this YAML file to your YAML, or replace it?');
  await expect(share.loadFiles()).toHaveText('queue.yaml (178 characters)');
  await page.screenshot({ path: test.info().outputPath('load-dialog.png') });
  await share.loadAppend().click();
  await expect(app.element('pod:default/queue')).toBeVisible();
  await expect(app.element('pod:default/cache')).toBeVisible();
  await expect.poll(() => app.savedText()).toBe(`${CACHE_POD}---\n${QUEUE_POD}`);

  // Two files replacing the text, in the order dropped; Ctrl+Z brings the text back.
  await share.dropOnEditor([
    { name: 'a.yaml', text: QUEUE_POD },
    { name: 'b.yml', text: CACHE_POD.replaceAll('cache', 'cache-2') },
  ]);
  await expect(share.loadDialog()).toContainText('Add these 2 YAML files to your YAML, or replace it?');
  await share.loadReplace().click();
  await expect.poll(() => app.savedText()).toBe(`${QUEUE_POD}---\n${CACHE_POD.replaceAll('cache', 'cache-2')}`);
  await expect(app.element('pod:default/cache-2')).toBeVisible();
  await expect(app.element('pod:default/cache')).toHaveCount(0);
  await app.editorContent().click();
  await page.keyboard.press('Control+z');
  await expect(app.element('pod:default/cache')).toBeVisible();
  await expect(app.element('pod:default/cache-2')).toHaveCount(0);

  // Cancel changes nothing.
  await share.dropOnEditor([{ name: 'x.yaml', text: 'kind: Pod\n' }]);
  await share.loadCancel().click();
  await expect(share.loadDialog()).toBeHidden();
  await expect.poll(() => app.savedText()).toBe(`${CACHE_POD}---\n${QUEUE_POD}`);
});

test('a dropped image is refused with a message; the text stays', async ({ app, page }) => {
  const share = new SharePage(page);
  await app.open();
  await share.dropOnEditor([{ name: 'diagram.png', text: '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR', type: 'image/png' }]);
  await expect(app.notice('files-unreadable')).toHaveText(
    '"diagram.png" is not a text file, so it holds no manifests. Drop or open YAML files (.yaml, .yml) or a scenario file (.json). Your own YAML and settings are unchanged.×',
  );
  await expect(share.loadDialog()).toBeHidden();
  await expect(app.element('pod:default/frontend')).toBeVisible();
  await page.getByTestId('dismiss-files-unreadable').click();
  await expect(app.notice('files-unreadable')).toHaveCount(0);
});
