/**
 * Loading an example from the gallery asks before it replaces text the user wrote, and the replacement is one
 * undoable edit: Ctrl+Z in the editor brings the user's text back. The app's own updates
 * (lint marks, settings re-runs) do not break the undo history.
 */
import { expect, test } from './fixtures';
import { DUMPED_NODE } from './yaml-snippets';

test('loading the default example from the gallery asks first; cancel keeps the text, replace loads it, undo brings the text back', async ({ app, page }) => {
  // Three trips through the gallery and its question, then an undo: many steps on a busy machine.
  test.slow();
  await app.open();
  await app.replaceEditorText(DUMPED_NODE);
  await expect(app.element('pod:default/api')).toBeVisible();

  await app.openExample('same-node');
  await expect(app.confirmDialog()).toBeVisible();
  await expect(app.confirmDialog()).toContainText('Replace your YAML with the example?');
  await expect(app.confirmCancel()).toBeFocused();
  await app.confirmCancel().click();
  await expect(app.confirmDialog()).toBeHidden();
  await expect(app.editorContent()).toContainText('ip-10-0-3-17.ec2.internal');

  await app.openExample('same-node');
  await page.keyboard.press('Escape');
  await expect(app.confirmDialog()).toBeHidden();
  await expect(app.editorContent()).toContainText('ip-10-0-3-17.ec2.internal');

  await app.openExample('same-node');
  await app.confirmAccept().click();
  await expect(app.confirmDialog()).toBeHidden();
  await expect(app.editorContent()).toContainText('name: frontend');
  await expect(app.element('pod:default/frontend')).toBeVisible();
  await expect(app.statusLine()).toContainText('3 pods on 1 node');

  await app.editorContent().click();
  await page.keyboard.press('Control+z');
  await expect(app.editorContent()).toContainText('ip-10-0-3-17.ec2.internal');
  await expect(app.element('pod:default/api')).toBeVisible();
});

test('loading an example does not ask when the editor is empty or already holds the example', async ({ app, page }) => {
  await app.open();
  await app.openExample('same-node');
  await expect(app.confirmDialog()).toBeHidden();

  await app.editorContent().click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await expect(app.statusLine()).toContainText('0 pods on 1 node');
  await app.openExample('same-node');
  await expect(app.confirmDialog()).toBeHidden();
  await expect(app.editorContent()).toContainText('name: frontend');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
});

test('undo in the editor still works after the app re-ran the simulation for new settings', async ({ app, page }) => {
  await app.open();
  await app.cursorToEndOfLine('name: db');
  await app.typeInEditor('x');
  await expect(app.element('pod:default/dbx')).toBeVisible();
  await app.openSettings();
  await app.setting('clusterCIDR').fill('10.42.0.0/16');
  await expect(app.element('pod:default/dbx')).toContainText('10.42.0.4');
  await app.settingsClose().click();

  await app.editorContent().click();
  await page.keyboard.press('Control+z');
  await expect(app.element('pod:default/db')).toBeVisible();
  await expect(app.element('pod:default/db')).toContainText('10.42.0.4');
  await expect(app.editorContent()).toContainText('name: db');
  await page.keyboard.press('Control+Shift+z');
  await expect(app.element('pod:default/dbx')).toBeVisible();
});
