/** (4) Editing the YAML re-runs the simulation; broken YAML keeps the last good diagram. */
import { expect, test } from './fixtures';

const CACHE_POD = `
---
apiVersion: v1
kind: Pod
metadata:
  name: cache
  namespace: default
spec:
  containers:
    - name: redis
      image: redis:7.4
      ports:
        - containerPort: 6379
`;

test('renaming a pod updates the source and destination choices', async ({ app }) => {
  await app.open();
  await app.cursorToEndOfLine('name: db');
  await app.page.keyboard.press('Backspace');
  await app.page.keyboard.press('Backspace');
  await app.typeInEditor('store');

  await expect(app.destination().locator('option[value="default/store"]')).toHaveCount(1);
  const destinations = await app.optionValues(app.destination());
  expect(destinations).toEqual(expect.arrayContaining(['default/frontend', 'default/backend', 'default/store']));
  expect(destinations).not.toContain('default/db');
  expect(await app.optionValues(app.source())).toContain('default/store/postgres');
  expect(await app.optionValues(app.source())).not.toContain('default/db/postgres');
  await expect(app.element('pod:default/store')).toBeVisible();
  await expect(app.element('pod:default/db')).toHaveCount(0);
  // The flow did not involve db, so it is unchanged.
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
});

test('adding a pod adds it to the picker and the diagram', async ({ app }) => {
  await app.open();
  await app.cursorToEndOfDocument();
  await app.typeInEditor(CACHE_POD);

  await expect(app.element('pod:default/cache')).toBeVisible();
  await expect(app.statusLine()).toContainText('4 pods on 1 node');
  expect(await app.optionValues(app.source())).toContain('default/cache/redis');
  await app.destination().selectOption('default/cache');
  await expect(app.port()).toHaveValue('6379');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await expect(app.verdict()).toContainText('default/cache:6379/TCP');
});

test('removing the destination pod picks another flow instead of failing', async ({ app, page }) => {
  await app.open();
  // Rename backend: the chosen destination no longer exists.
  await app.cursorToEndOfLine('name: backend');
  for (let i = 0; i < 'backend'.length; i += 1) await page.keyboard.press('Backspace');
  await app.typeInEditor('api-server');
  await expect(app.destination()).not.toHaveValue('default/backend');
  // Polled: under load the simulation may run between keystrokes, with a half-typed name.
  await expect.poll(async () => (await app.optionValues(app.destination())).includes(await app.destination().inputValue())).toBe(true);
  await expect(app.verdict()).toHaveAttribute('data-verdict', /delivered|refused/);
});

test('broken YAML shows the error in the status line and the gutter, and the diagram stays', async ({ app, page }) => {
  await app.open();
  await app.btnForward().click();
  await app.btnForward().click();
  const where = await app.marker().getAttribute('data-where');

  await app.cursorToEndOfLine('name: db');
  await app.typeInEditor(': :');

  await expect(app.statusLine()).toContainText(/1 error — showing the last good diagram/);
  await expect(app.statusLine()).toHaveAttribute('data-state', 'stale');
  await expect(app.statusLine()).toContainText(/line \d+:/);
  await expect(page.locator('[data-testid=editor] .cm-lint-marker-error')).toHaveCount(1);
  await expect(page.locator('[data-testid=editor] .cm-lintRange-error').first()).toBeVisible();

  // The last good picture and trace are still there, and so is what was typed.
  await expect(app.element('pod:default/db')).toBeVisible();
  await expect(app.element('bridge:node-1/cni0')).toBeVisible();
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await expect(app.marker()).toHaveAttribute('data-where', where ?? '');
  await expect(app.hopRow(2)).toHaveAttribute('aria-current', 'step');
  await expect(app.editorContent()).toContainText('name: db: :');

  // Undoing the damage clears the error.
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('Backspace');
  await expect(app.statusLine()).toContainText('3 pods on 1 node');
  await expect(page.locator('[data-testid=editor] .cm-lint-marker-error')).toHaveCount(0);
});

test('the status line error jumps to its line in the editor', async ({ app, page }) => {
  await app.open();
  await app.cursorToEndOfLine('name: db');
  await app.typeInEditor(': :');
  await expect(app.statusLine()).toHaveAttribute('data-state', 'stale');
  await app.focusPage();
  await app.statusLine().getByRole('button').click();
  await expect(app.editorContent()).toBeFocused();
  await expect(page.locator('[data-testid=editor] .cm-activeLine')).toContainText('name: db: :');
});
