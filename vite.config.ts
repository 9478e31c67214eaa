/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Content-Security-Policy of the built page. Everything is served from our own origin; the
 * only relaxation is `style-src 'unsafe-inline'`, because React Flow and CodeMirror inject
 * <style> elements at run time. Workers may come from our origin or a blob: URL.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Port of `npm run preview`, which Playwright's webServer starts (see playwright.config.ts). */
export const PREVIEW_PORT = 4173;

/**
 * Adds the CSP <meta> tag at build time only: in dev, React Fast Refresh injects an inline
 * script that a strict script-src would block. After the build, fails if index.html has an
 * inline <script> or lost its CSP.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'kpp:content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const meta = `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`;
        // Right after <meta charset>, else first in <head>: before any script or style.
        const charset = /<meta\s+charset=[^>]*>/i.exec(html);
        if (charset) {
          const end = charset.index + charset[0].length;
          return `${html.slice(0, end)}\n    ${meta}${html.slice(end)}`;
        }
        return html.replace(/<head[^>]*>/i, (head) => `${head}\n    ${meta}`);
      },
    },
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'asset' || !file.fileName.endsWith('.html')) continue;
        const html = typeof file.source === 'string' ? file.source : new TextDecoder().decode(file.source);
        const scripts = html.match(/<script\b[^>]*>/gi) ?? [];
        const inline = scripts.filter((tag) => !/\bsrc\s*=/i.test(tag));
        if (inline.length > 0) {
          this.error(`${file.fileName} has an inline script, which the CSP forbids: ${inline.join(' ')}`);
        }
        if (!html.includes('http-equiv="Content-Security-Policy"')) {
          this.error(`${file.fileName} has no Content-Security-Policy meta tag`);
        }
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  server: {
    open: false,
  },
  preview: {
    port: PREVIEW_PORT,
    strictPort: true,
    open: false,
  },
  build: {
    target: 'es2022',
    // The polyfill would be an inline <script>, which script-src 'self' blocks.
    modulePreload: { polyfill: false },
    // Keep assets as files: font-src is 'self' only, so an inlined data: font would be blocked.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  worker: {
    format: 'es',
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'conformance/**/*.test.ts'],
    // Unit tests never time things; this is only a guard against hangs.
    testTimeout: 30_000,
  },
});
