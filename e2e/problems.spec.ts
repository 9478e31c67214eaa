/**
 * Problems: a pasted broken document shows its errors at the right lines (lint marks with
 * their messages, and the problems panel); fixing it brings the diagram back. Infos and
 * warnings are listed and marked too, and a problem selects its span in the editor.
 */
import { expect, test } from './fixtures';
import { BROKEN_PODS, CONFIG_AND_SECRET, MISSPELT_PORT_POD } from './yaml-snippets';

test('a pasted broken document shows each error at its line, and fixing it brings the diagram back', async ({ app, page }) => {
  test.slow(); // A whole journey: paste, read the errors, fix two lines, trace again.
  await app.open();
  await app.replaceEditorText(BROKEN_PODS);

  await expect(app.statusLine()).toHaveAttribute('data-state', 'stale');
  await expect(app.statusLine()).toContainText('2 errors — showing the last good diagram');

  // The word port: underlined on its own line, and the hover says why.
  const portLine = app.editorLine('containerPort: "eighty"');
  await expect(portLine.locator('.cm-lintRange-error').first()).toBeVisible();
  await portLine.locator('.cm-lintRange-error').first().hover();
  await expect(app.lintTooltip()).toContainText('containerPort must be a whole number from 1 to 65535, not the string "eighty".');
  await expect(app.lintGutterMarkers('error')).toHaveCount(2);

  // The problems panel lists both, with line:column and code, in text order.
  await expect(app.problemsCount('error')).toHaveAttribute('data-count', '2');
  await expect(app.problems()).toHaveCount(2);
  const port = app.problem('port-out-of-range');
  await expect(port).toHaveAttribute('data-line', '12');
  await expect(port).toContainText('12:11');
  await expect(port).toContainText('not the string "eighty"');
  const syntax = app.problem('yaml-syntax');
  await expect(syntax).toHaveAttribute('data-line', '19');
  await expect(syntax).toContainText('YAML syntax error');
  await expect(app.problems().first()).toHaveAttribute('data-code', 'port-out-of-range');

  // The last good diagram stays meanwhile.
  await expect(app.element('pod:default/frontend')).toBeVisible();

  // Fix the port, then the missing brace.
  await app.cursorToEndOfLine('"eighty"');
  for (let i = 0; i < '"eighty"'.length; i += 1) await page.keyboard.press('Backspace');
  await app.typeInEditor('80');
  await app.cursorToEndOfLine('{app: client');
  await app.typeInEditor('}');

  await expect(app.statusLine()).toHaveAttribute('data-state', 'ok');
  await expect(app.statusLine()).toContainText('2 pods on 1 node');
  await expect(app.lintGutterMarkers('error')).toHaveCount(0);
  await expect(app.problems()).toHaveCount(0);
  await expect(page.getByTestId('problems-empty')).toBeVisible();
  await expect(app.element('pod:default/web')).toBeVisible();
  await expect(app.element('pod:default/client')).toBeVisible();
  await expect(app.element('pod:default/frontend')).toHaveCount(0);
  await expect(app.verdict()).toHaveAttribute('data-verdict', /delivered|refused/);

  // The repaired port is the one traced.
  await app.source().selectOption('default/client/curl');
  await app.destination().selectOption('default/web');
  await expect(app.port()).toHaveValue('80');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
  await expect(app.verdict()).toContainText('default/web:80/TCP');
});

test('a ConfigMap is listed as not simulated, and clicking a problem selects its line', async ({ app }) => {
  await app.open();
  await app.cursorToEndOfDocument();
  await app.typeInEditor(CONFIG_AND_SECRET);

  const configMap = app.problem('kind-not-simulated');
  await expect(configMap).toHaveAttribute('data-severity', 'info');
  await expect(configMap).toContainText('ConfigMap is not simulated');
  await expect(app.problem('secret-not-needed')).toContainText('never leaves your browser');
  await expect(app.problemsCount('info')).toHaveAttribute('data-count', '2');
  await expect(app.problemsCount('error')).toHaveAttribute('data-count', '0');
  await expect(app.statusLine()).toContainText('3 pods on 1 node · 2 infos');
  await expect(app.statusLine()).toHaveAttribute('data-state', 'ok');

  // Start from the top, so the line must be scrolled to.
  await app.editorContent().click();
  await app.page.keyboard.press('Control+Home');
  await app.focusPage();
  await expect(app.editorLine('kind: ConfigMap')).not.toBeInViewport();

  await configMap.click();
  await expect(app.editorContent()).toBeFocused();
  await expect(app.activeLine()).toContainText('kind: ConfigMap');
  await expect(app.activeLine()).toBeInViewport();
  expect(await app.selectedText()).toContain('ConfigMap');
  const line = await configMap.getAttribute('data-line');
  expect(Number(line)).toBeGreaterThan(50);
});

test('warnings and infos are lint marks of their own severity, with their message on hover', async ({ app }) => {
  await app.open();
  await app.cursorToEndOfDocument();
  await app.typeInEditor(CONFIG_AND_SECRET + MISSPELT_PORT_POD);

  await expect(app.problem('port-missing')).toHaveAttribute('data-severity', 'warning');
  await expect(app.statusLine()).toHaveAttribute('data-state', 'warning');
  await expect(app.statusLine()).toContainText('1 warning · 2 infos');

  await app.problem('port-missing').click();
  const warned = app.editorLine('containerport: 6379');
  await expect(warned).toBeInViewport();
  await expect(warned.locator('.cm-lintRange-warning').first()).toBeVisible();
  await warned.locator('.cm-lintRange-warning').first().hover();
  await expect(app.lintTooltip()).toContainText('did you mean "containerPort"?');
  await expect(app.lintGutterMarkers('warning')).toHaveCount(1);

  await app.problem('kind-not-simulated').click();
  const info = app.editorLine('kind: ConfigMap');
  await expect(info.locator('.cm-lintRange-info').first()).toBeVisible();
  await expect(app.lintGutterMarkers('info')).not.toHaveCount(0);
  await expect(app.lintMarks('error')).toHaveCount(0);
});

test('the problems panel collapses, and the status line opens it again', async ({ app }) => {
  await app.open();
  await app.cursorToEndOfDocument();
  await app.typeInEditor(CONFIG_AND_SECRET);
  await expect(app.problems()).toHaveCount(2);

  await app.problemsToggle().click();
  await expect(app.problemsToggle()).toHaveAttribute('aria-expanded', 'false');
  await expect(app.problems()).toHaveCount(0);
  await expect(app.problemsCount('info')).toHaveAttribute('data-count', '2');

  await app.statusSummary().click();
  await expect(app.problemsToggle()).toHaveAttribute('aria-expanded', 'true');
  await expect(app.problemsToggle()).toBeFocused();
  await expect(app.problems()).toHaveCount(2);
  expect(new URL(app.page.url()).hash).toBe('');
});
