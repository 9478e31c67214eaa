import { defineConfig, devices } from '@playwright/test';
import { locateChromium } from './scripts/find-chromium.mjs';

/**
 * End-to-end tests in a real Chromium against the BUILT app (`vite preview` of dist/).
 * Run them with `npm run test:e2e` (builds, finds Chromium, then `playwright test`);
 * extra arguments go to Playwright: `npm run test:e2e -- e2e/editor.spec.ts -g "shows"`.
 */
const port = Number(process.env['E2E_PORT'] ?? 4173);
/** Where `vite build` put the app (scripts/e2e.mjs honours the same variable). */
const dist = process.env['E2E_DIST'] ?? 'dist';
const separateRun = process.env['E2E_PORT'] !== undefined && port !== 4173;
const baseURL = `http://127.0.0.1:${port}`;
const inCI = Boolean(process.env['CI']);

/** Set by scripts/e2e.mjs; looked up here too so a bare `npx playwright test` works. */
const executablePath = process.env['CHROMIUM_PATH'] || locateChromium();

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: separateRun ? `test-results/e2e-${port}` : 'test-results/e2e',
  fullyParallel: true,
  forbidOnly: inCI,
  retries: inCI ? 1 : 0,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list'], ['json', { outputFile: separateRun ? `.reports/e2e-${port}.json` : '.reports/e2e.json' }]],
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    // Serves dist/ as built by `vite build` (scripts/e2e.mjs builds first).
    command: `node node_modules/vite/bin/vite.js preview --host 127.0.0.1 --port ${port} --strictPort --outDir ${dist}`,
    url: baseURL,
    // A server already on the port is an error (it might serve a stale dist/), unless
    // E2E_REUSE_SERVER=1 says to use it. Never reused in CI.
    reuseExistingServer: !inCI && process.env['E2E_REUSE_SERVER'] === '1',
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
