/**
 * Pictures of the settings panel and the problems panel for the docs (1440×900), and the
 * same at 1280×720 in the test output, to check both sizes render well.
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import type { AppPage } from './app-page';
import { PROBLEM_SHOWCASE } from './yaml-snippets';

const docsPicture = (name: string): string => fileURLToPath(new URL(`../docs/${name}`, import.meta.url));

const SIZES = [
  { width: 1440, height: 900, docs: true },
  { width: 1280, height: 720, docs: false },
] as const;

async function showSettings(app: AppPage): Promise<void> {
  await app.open();
  await app.openSettings();
  await app.setting('clusterCIDR').fill('10.42.0.0/16');
  await expect(app.element('pod:default/frontend')).toContainText('10.42.0.2');
  await app.setting('serviceCIDR').fill('10.42.128.0/17');
  await expect(app.settingProblem('serviceCIDR')).toBeVisible();
  await app.page.mouse.move(0, 0);
}

async function showProblems(app: AppPage): Promise<void> {
  await app.open();
  await app.cursorToEndOfDocument();
  await app.typeInEditor(PROBLEM_SHOWCASE);
  await expect(app.problem('port-out-of-range')).toBeVisible();
  await app.problem('port-missing').click();
  await expect(app.activeLine()).toContainText('containerport: 6379');
  await app.page.mouse.move(0, 0);
}

for (const size of SIZES) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test('the settings panel', async ({ app }, testInfo) => {
      await showSettings(app);
      const path = size.docs ? docsPicture('settings.png') : testInfo.outputPath('settings.png');
      await app.page.screenshot({ path });
    });

    test('the problems panel', async ({ app }, testInfo) => {
      await showProblems(app);
      const path = size.docs ? docsPicture('problems.png') : testInfo.outputPath('problems.png');
      await app.page.screenshot({ path });
    });
  });
}
