#!/usr/bin/env node
// Type-checks every TypeScript project of the repo with `tsc --noEmit -p <config>`.
// All projects run even when one fails, so every error is shown in one go.
// A project whose include globs match no file yet (TS18003) is reported and skipped.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** Each project and what it covers (see the comment at the top of each file). */
const projects = [
  { config: 'tsconfig.core.json', what: 'src/core (ES2022, no DOM, no Node)' },
  { config: 'tsconfig.app.json', what: 'src/ui (DOM + Vite client)' },
  { config: 'tsconfig.node.json', what: 'cli, unit/conformance tests, bench, scripts, vite config' },
  { config: 'tsconfig.e2e.json', what: 'Playwright specs and config' },
];

let failed = 0;
for (const { config, what } of projects) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '--pretty', 'false', '-p', config], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status === 0) {
    console.log(`typecheck ${config}: ok (${seconds}s) — ${what}`);
  } else if (/error TS18003:/.test(output) && output.split('\n').length === 1) {
    console.log(`typecheck ${config}: no files yet, skipped — ${what}`);
  } else {
    failed += 1;
    console.log(output);
    console.log(`typecheck ${config}: FAILED (${seconds}s) — ${what}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
