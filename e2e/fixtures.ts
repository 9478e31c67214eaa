/**
 * The `test` every spec uses: an `app` page object, and a guard that fails any test in
 * which the page sent a request off its own origin or logged a console error.
 */
import { test as base, expect } from '@playwright/test';
import { AppPage } from './app-page';

export interface PageRecord {
  readonly requests: string[];
  readonly consoleErrors: string[];
}

/** True for URLs that stay on the machine: the page's own origin, data: and blob:. */
export function staysLocal(url: string, origin: string): boolean {
  return url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin;
}

export const test = base.extend<{ app: AppPage; record: PageRecord }>({
  record: [
    async ({ page, baseURL }, use) => {
      const record: PageRecord = { requests: [], consoleErrors: [] };
      page.on('request', (request) => record.requests.push(request.url()));
      page.on('console', (message) => {
        if (message.type() === 'error') record.consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => record.consoleErrors.push(`uncaught: ${error.message}`));
      await use(record);
      const origin = new URL(baseURL ?? page.url()).origin;
      expect(record.requests.filter((url) => !staysLocal(url, origin)), 'requests that left the page origin').toEqual([]);
      expect(record.consoleErrors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
  app: async ({ page }, use) => {
    await use(new AppPage(page));
  },
});

export { expect };
