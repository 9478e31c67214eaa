#!/usr/bin/env node
// `npm test`: every check, in order, then ONE closing line `N passed, N failed[, N skipped]`.
//
//   1. typecheck   scripts/typecheck.mjs               counts as 1 test
//   2. lint        eslint .                            counts as 1 test
//   3. unit        vitest run  -> .reports/unit.json   every Vitest test
//   4. build       vite build                          counts as 1 test
//   5. e2e         scripts/e2e.mjs --no-build -> .reports/e2e.json   every Playwright test
//
// All steps run even after a failure (so the summary is complete), except e2e, which needs
// a successful build. Exits 1 if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reports = join(root, '.reports');
const unitReport = join(reports, 'unit.json');
const e2eReport = join(reports, 'e2e.json');

/** @typedef {{ passed: number, failed: number, skipped: number, note?: string }} Counts */
/** @type {Array<{ name: string, seconds: number, counts: Counts }>} */
const results = [];

/**
 * Runs `node <script> ...args` from the repo root with inherited output.
 * @param {string} script path relative to the repo root
 * @param {string[]} args
 */
function runNode(script, args) {
  const result = spawnSync(process.execPath, [join(root, script), ...args], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.error) console.error(result.error);
  return result.status ?? 1;
}

/**
 * @param {string} name
 * @param {() => Counts} body
 */
function step(name, body) {
  console.log(`\n━━ ${name} ━━`);
  const started = performance.now();
  const counts = body();
  const seconds = (performance.now() - started) / 1000;
  results.push({ name, seconds, counts });
  const verdict = counts.failed > 0 ? 'FAILED' : 'ok';
  console.log(`━━ ${name}: ${verdict} in ${seconds.toFixed(1)}s${counts.note ? ` (${counts.note})` : ''}`);
  return counts;
}

/** @param {number} status @returns {Counts} */
const single = (status) => (status === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 });

/** @param {string} file @returns {any} */
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Vitest's JSON report (Jest-compatible). A test file that fails to load has no test
 * results, so it counts as one failed test.
 * @param {number} status @returns {Counts}
 */
function unitCounts(status) {
  const report = readJson(unitReport);
  if (!report) return { passed: 0, failed: 1, skipped: 0, note: 'no JSON report' };
  /** @type {Array<{ status: string, assertionResults?: Array<{ status: string }> }>} */
  const files = report.testResults ?? [];
  const brokenFiles = files.filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
  let failed = (report.numFailedTests ?? 0) + brokenFiles;
  if (status !== 0 && failed === 0) failed = 1; // the runner failed outside any test
  return {
    passed: report.numPassedTests ?? 0,
    failed,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    ...(report.numTotalTests === 0 ? { note: 'no unit tests found' } : {}),
  };
}

/**
 * Playwright's JSON report. Flaky tests (passed on retry) count as passed.
 * @param {number} status @returns {Counts}
 */
function e2eCounts(status) {
  const report = readJson(e2eReport);
  if (!report?.stats) return { passed: 0, failed: 1, skipped: 0, note: 'no JSON report' };
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats;
  let failed = unexpected;
  if (status !== 0 && failed === 0) failed = 1; // e.g. web server or config error
  const notes = [];
  if (flaky > 0) notes.push(`${flaky} flaky`);
  if (expected + unexpected + flaky + skipped === 0) notes.push('no e2e tests found');
  return { passed: expected + flaky, failed, skipped, ...(notes.length ? { note: notes.join(', ') } : {}) };
}

mkdirSync(reports, { recursive: true });
rmSync(unitReport, { force: true });
rmSync(e2eReport, { force: true });

step('typecheck', () => single(runNode('scripts/typecheck.mjs', [])));
step('lint', () => single(runNode('node_modules/eslint/bin/eslint.js', ['.'])));
step('unit', () =>
  unitCounts(
    runNode('node_modules/vitest/vitest.mjs', [
      'run',
      '--passWithNoTests',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${unitReport}`,
    ]),
  ),
);
const build = step('build', () => single(runNode('node_modules/vite/bin/vite.js', ['build'])));
if (build.failed === 0 && existsSync(join(root, 'dist', 'index.html'))) {
  step('e2e', () => e2eCounts(runNode('scripts/e2e.mjs', ['--no-build', '--pass-with-no-tests'])));
} else {
  console.log('\n━━ e2e: not run, the build failed');
}

const total = results.reduce(
  (sum, { counts }) => ({
    passed: sum.passed + counts.passed,
    failed: sum.failed + counts.failed,
    skipped: sum.skipped + counts.skipped,
  }),
  { passed: 0, failed: 0, skipped: 0 },
);

console.log('\nstep        time   passed  failed  skipped');
for (const { name, seconds, counts } of results) {
  console.log(
    `${name.padEnd(10)} ${`${seconds.toFixed(1)}s`.padStart(6)} ${String(counts.passed).padStart(8)} ${String(counts.failed).padStart(7)} ${String(counts.skipped).padStart(8)}${counts.note ? `  ${counts.note}` : ''}`,
  );
}
console.log('');
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped > 0 ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed > 0 || build.failed > 0 ? 1 : 0);
