#!/usr/bin/env node
// `npm run test:e2e [-- <playwright args>]`: builds the app (unless --no-build), finds
// Chromium (installing Debian's package when needed, see find-chromium.mjs), sets
// CHROMIUM_PATH and runs `playwright test` with the remaining arguments.
//
//   npm run test:e2e                                   # everything
//   npm run test:e2e -- e2e/editor.spec.ts             # one spec file
//   npm run test:e2e -- --no-build -g "step controls"  # reuse dist/, filter by title
//
// Two runs at once (two people, or helpers, in one checkout) stay apart with E2E_PORT=4174
// E2E_DIST=.dist-b: each builds into its own folder, serves it on its own port and writes its
// results to its own folder.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './find-chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const skipBuild = args.includes('--no-build');
const playwrightArgs = args.filter((arg) => arg !== '--no-build');

/**
 * @param {string} script
 * @param {string[]} scriptArgs
 * @param {NodeJS.ProcessEnv} [env]
 */
function runNode(script, scriptArgs, env = process.env) {
  const result = spawnSync(process.execPath, [join(root, script), ...scriptArgs], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

let chromiumPath;
try {
  chromiumPath = findChromium();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
console.log(`e2e: Chromium at ${chromiumPath}`);

if (!skipBuild) {
  const outDir = process.env['E2E_DIST'] ?? 'dist';
  const status = runNode('node_modules/vite/bin/vite.js', ['build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir']);
  if (status !== 0) {
    console.error('e2e: vite build failed');
    process.exit(status);
  }
}

process.exit(
  runNode('node_modules/@playwright/test/cli.js', ['test', ...playwrightArgs], {
    ...process.env,
    CHROMIUM_PATH: chromiumPath,
  }),
);
