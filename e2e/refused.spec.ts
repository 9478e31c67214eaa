/** (3) A port nothing declares: the connection is refused at the pod and the marker turns red. */
import { expect, test } from './fixtures';

test('port 9999 is refused, with a red marker on the refuse hop', async ({ app }) => {
  await app.open();
  await app.port().fill('9999');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'refused');
  await expect(app.verdict()).toContainText(/refused/i);
  await expect(app.verdict()).toContainText('9999');

  const forward = app.page.locator('[data-testid^="hop-row-"][data-direction="forward"]');
  const last = forward.last();
  await expect(last).toHaveAttribute('data-kind', 'refuse');
  await last.click();
  await expect(last).toHaveAttribute('aria-current', 'step');
  await expect(app.inspectorKind()).toHaveText('refuse');
  await expect(app.marker()).toHaveAttribute('data-tone', 'refuse');
  await expect(app.marker()).toContainText(/refused/i);
  await expect(app.marker()).toHaveCSS('background-color', 'rgb(220, 38, 38)');

  // Back on a declared port, the verdict is delivered again.
  await app.page.getByTestId('port-chip-8080').click();
  await expect(app.port()).toHaveValue('8080');
  await expect(app.verdict()).toHaveAttribute('data-verdict', 'delivered');
});
