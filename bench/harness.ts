/**
 * A tiny benchmark harness. `npm run bench` runs every workload listed in
 * bench/workloads/index.ts and prints a table. Tests never time things; this does.
 *
 *   export const parseLarge = defineWorkload({
 *     name: 'parse 2,000 manifests',
 *     iterations: 50,
 *     setup: () => makeYaml(2000),         // not timed; its result is passed to run
 *     run: (yaml) => parseManifests(yaml), // timed, once per iteration
 *   });
 */
import { performance } from 'node:perf_hooks';

export interface Workload<State = unknown> {
  /** Shown in the table; also what `npm run bench -- <filter>` matches. */
  readonly name: string;
  /** Timed iterations (at least 1). */
  readonly iterations: number;
  /** Untimed iterations run first (default: 1, or 0 when iterations is 1). */
  readonly warmup?: number;
  /** Prepares the input once, untimed. */
  readonly setup?: () => State | Promise<State>;
  /** The timed body. Its result is kept alive so the work cannot be optimised away. */
  readonly run: (state: State) => unknown;
}

/** Identity helper that infers the state type shared by `setup` and `run`. */
export function defineWorkload<State>(workload: Workload<State>): Workload<State> {
  return workload;
}

/**
 * A workload as listed in bench/workloads/index.ts. Method-style `run` makes a
 * Workload<State> assignable here whatever its State.
 */
export interface AnyWorkload {
  readonly name: string;
  readonly iterations: number;
  readonly warmup?: number;
  setup?(): unknown;
  run(state: never): unknown;
}

export interface WorkloadResult {
  readonly name: string;
  readonly iterations: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly minMs: number;
  readonly totalMs: number;
  readonly setupMs: number;
  /** Highest resident set size seen while the workload ran (bytes). */
  readonly peakRssBytes: number;
  /** Highest V8 heap in use seen while the workload ran (bytes). */
  readonly peakHeapBytes: number;
}

/** The value at quantile q (0..1) of ascending samples, nearest-rank. */
export function quantile(sortedAscending: readonly number[], q: number): number {
  if (sortedAscending.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sortedAscending.length) - 1;
  const index = Math.min(sortedAscending.length - 1, Math.max(0, rank));
  return sortedAscending[index] ?? Number.NaN;
}

/** The median of ascending samples (mean of the two middle ones when even). */
export function median(sortedAscending: readonly number[]): number {
  const n = sortedAscending.length;
  if (n === 0) return Number.NaN;
  const upper = sortedAscending[Math.floor(n / 2)] ?? Number.NaN;
  if (n % 2 === 1) return upper;
  const lower = sortedAscending[n / 2 - 1] ?? Number.NaN;
  return (lower + upper) / 2;
}

let sink: unknown;
/** Last workload result, kept so the engine cannot drop the work. */
export function lastResult(): unknown {
  return sink;
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') gc();
}

/** Runs one workload: setup, warm-up, then `iterations` individually timed runs. */
export async function measure(workload: AnyWorkload): Promise<WorkloadResult> {
  const iterations = Math.max(1, Math.floor(workload.iterations));
  const warmup = Math.max(0, Math.floor(workload.warmup ?? (iterations > 1 ? 1 : 0)));
  collectGarbage();

  let peakRss = 0;
  let peakHeap = 0;
  const sample = (): void => {
    const memory = process.memoryUsage();
    if (memory.rss > peakRss) peakRss = memory.rss;
    if (memory.heapUsed > peakHeap) peakHeap = memory.heapUsed;
  };
  sample();

  const setupStart = performance.now();
  const state = workload.setup ? await workload.setup() : undefined;
  const setupMs = performance.now() - setupStart;
  const run = workload.run as (state: unknown) => unknown;
  sample();

  for (let i = 0; i < warmup; i += 1) sink = await run(state);

  const samples: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const start = performance.now();
    sink = await run(state);
    samples.push(performance.now() - start);
    sample();
  }

  const sorted = [...samples].sort((a, b) => a - b);
  return {
    name: workload.name,
    iterations,
    medianMs: median(sorted),
    p95Ms: quantile(sorted, 0.95),
    minMs: sorted[0] ?? Number.NaN,
    totalMs: samples.reduce((sum, ms) => sum + ms, 0),
    setupMs,
    peakRssBytes: peakRss,
    peakHeapBytes: peakHeap,
  };
}

function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  if (ms < 1) return `${(ms * 1000).toFixed(1)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 3 : 1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** A plain-text table, one row per workload. */
export function formatTable(results: readonly WorkloadResult[]): string {
  const header = ['workload', 'iterations', 'median', 'p95', 'total', 'setup', 'peak RSS', 'peak heap'];
  const rows = results.map((r) => [
    r.name,
    String(r.iterations),
    formatMs(r.medianMs),
    formatMs(r.p95Ms),
    formatMs(r.totalMs),
    formatMs(r.setupMs),
    formatMiB(r.peakRssBytes),
    formatMiB(r.peakHeapBytes),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
