/**
 * `npm run bench [-- <name filter>...] [--json]`
 *
 * Runs the workloads of bench/workloads/index.ts one after another in this process and
 * prints: workload, iterations, median and p95 time per iteration, total, setup, peak
 * RSS and peak V8 heap. A filter keeps workloads whose name contains it (case-insensitive).
 * For steadier memory figures run with `node --expose-gc --import tsx bench/run.ts`.
 */
import os from 'node:os';
import { formatTable, measure, type WorkloadResult } from './harness';
import { workloads } from './workloads/index';
import { browserBench } from './browser';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const filters = args.filter((arg) => !arg.startsWith('--')).map((arg) => arg.toLowerCase());

const selected = workloads.filter(
  (workload) => filters.length === 0 || filters.some((filter) => workload.name.toLowerCase().includes(filter)),
);
// The browser figures (bundle size, first diagram, frames per second) run last, or alone with `-- browser`.
const withBrowser = filters.length === 0 || filters.includes('browser');

if (selected.length === 0 && !withBrowser) {
  console.log(
    workloads.length === 0
      ? 'No workloads registered: list them in bench/workloads/index.ts.'
      : `No workload matches ${filters.map((filter) => JSON.stringify(filter)).join(', ')}.`,
  );
  process.exit(0);
}

if (!asJson) {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`node ${process.version}, ${os.cpus().length} × ${cpu}, ${selected.length} workload(s)\n`);
}

const results: WorkloadResult[] = [];
for (const workload of selected) {
  if (!asJson) process.stdout.write(`running ${workload.name} …\n`);
  results.push(await measure(workload));
}

if (selected.length > 0) console.log(asJson ? JSON.stringify(results, null, 2) : `\n${formatTable(results)}`);

if (withBrowser) {
  if (!asJson) process.stdout.write('running browser figures (build, Chromium) …\n');
  const rows = await browserBench();
  if (asJson) console.log(JSON.stringify(rows, null, 2));
  else {
    const width = Math.max(...rows.map((r) => r.figure.length));
    const valueWidth = Math.max(...rows.map((r) => r.value.length));
    console.log(`\n${rows.map((r) => `${r.figure.padEnd(width)}  ${r.value.padStart(valueWidth)}  ${r.note}`).join('\n')}`);
  }
}
