/**
 * Browser figures, measured in Debian's Chromium through Playwright against a production build:
 *
 * - the size of the built JavaScript, raw and gzip, split into what the page loads at once
 *   (index.html's scripts and modulepreloads) and what it loads lazily;
 * - the time from navigation to the first drawn diagram (the first React Flow node in the DOM),
 *   for the default example and for a 1,000-pod scenario opened from a share link;
 * - frames per second while the packet animates on that scenario, and how many elements are drawn
 *   (a big cluster is drawn summarised: the nodes and pods off the path as summary boxes);
 * - frames per second with about 300 React Flow nodes drawn and in view (70 pods on 3 nodes, the
 *   whole cluster fitted in the pane), the goal's case.
 *
 * `npm run bench -- browser` runs only this; `npm run bench` runs it after the core workloads.
 * Figures, not assertions: a slow machine prints slower numbers.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from '@playwright/test';
import { DEFAULT_SETTINGS } from '../src/core/cluster/settings';
import { encodeScenario } from '../src/core/scenario';
import { findChromium } from '../scripts/find-chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = '.dist-bench';
const PORT = 4199;
const RUNS = 5;
/** The smallest screen the app is made for, and a 4K one (more of a big cluster in view). */
const HD = { width: 1280, height: 720 };
const UHD = { width: 3840, height: 2160 };

interface Row {
  readonly figure: string;
  readonly value: string;
  readonly note: string;
}

export async function browserBench(): Promise<readonly Row[]> {
  build();
  const rows: Row[] = [...bundleSizes()];
  const server = preview();
  try {
    await waitForServer();
    const browser = await chromium.launch({
      executablePath: findChromium() as string,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    try {
      const base = `http://127.0.0.1:${PORT}/`;
      const example = await firstDiagram(browser, base);
      rows.push({ figure: 'first diagram, default example', value: `${median(example).toFixed(0)} ms`, note: `median of ${RUNS} fresh pages (${example.map((t) => t.toFixed(0)).join(', ')}); goal < 1,000 ms` });
      const link = `${base}#${await encodeScenario(largeScenario())}`;
      const large = await firstDiagram(browser, link);
      rows.push({ figure: 'first diagram, 1,000 pods on 20 nodes', value: `${median(large).toFixed(0)} ms`, note: `median of ${RUNS}, opened from a share link of ${link.length.toLocaleString('en-US')} characters` });
      const big = await animationRate(browser, link, false);
      rows.push({
        figure: 'animation, 1,000 pods on 20 nodes',
        value: `${big.fps.toFixed(1)} fps`,
        note: `while playing, ${big.drawn} React Flow nodes in the DOM (the cluster summarised around the path), ${big.inView} in view; page's main thread busy ${big.busy}%; goal 60 fps on 300 drawn`,
      });
      const mediumLink = `${base}#${await encodeScenario(mediumScenario())}`;
      for (const viewport of [HD, UHD]) {
        const medium = await animationRate(browser, mediumLink, true, viewport);
        rows.push({
          figure: `animation, 70 pods on 3 nodes, fitted at ${viewport.width}×${viewport.height}`,
          value: `${medium.fps.toFixed(1)} fps`,
          note: `while playing, ${medium.drawn} React Flow nodes in the DOM, ${medium.inView} in view at the smallest zoom; page's main thread busy ${medium.busy}%; goal 60 fps on 300 drawn`,
        });
      }
    } finally {
      await browser.close();
    }
  } finally {
    server.kill();
  }
  return rows;
}

function build(): void {
  const result = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--outDir', OUT, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('vite build failed');
}

/** Raw and gzip sizes of the JavaScript the page loads at once, and of the rest. */
function bundleSizes(): Row[] {
  const html = readFileSync(join(root, OUT, 'index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!));
  const assets = readdirSync(join(root, OUT, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
  const size = (files: readonly string[]) => {
    let raw = 0;
    let gzip = 0;
    for (const file of files) {
      const bytes = readFileSync(join(root, OUT, file));
      raw += statSync(join(root, OUT, file)).size;
      gzip += gzipSync(bytes, { level: 9 }).length;
    }
    return { raw, gzip };
  };
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  const now = size([...initial]);
  const lazy = size(assets.filter((a) => !initial.has(a)));
  return [
    { figure: 'initial JavaScript', value: `${kb(now.gzip)} gzip`, note: `${kb(now.raw)} raw in ${initial.size} file(s); goal < 350 KB gzip` },
    { figure: 'lazy JavaScript', value: `${kb(lazy.gzip)} gzip`, note: `${kb(lazy.raw)} raw in ${assets.length - initial.size} chunk(s) loaded on demand (editor, views, exporters)` },
  ];
}

function preview(): ChildProcess {
  return spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort', '--outDir', OUT], { cwd: root, stdio: 'ignore' });
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('vite preview did not start');
}

/** Milliseconds from navigation start to the first diagram node in the DOM, on fresh pages. */
async function firstDiagram(browser: Browser, url: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: HD });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('.react-flow__node', { timeout: 60_000 });
    times.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  return times;
}

interface Animation {
  readonly fps: number;
  /** React Flow nodes in the DOM, and those of them inside the pane. */
  readonly drawn: number;
  readonly inView: number;
  /** Percent of the three seconds the page's main thread spent on tasks: below 100 with fewer than 60 fps, the machine, not the page, was short of time. */
  readonly busy: number;
}

/**
 * Frames counted by requestAnimationFrame over three seconds of playing, and the page's main
 * thread's busy time over them (a Chromium trace); `fitAll` first presses the controls' fit
 * button, which shows as much of the cluster as the smallest zoom allows.
 */
async function animationRate(browser: Browser, url: string, fitAll: boolean, viewport = HD): Promise<Animation> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('[data-testid=packet-marker]', { timeout: 60_000 });
  if (fitAll) {
    await page.locator('.react-flow__controls-fitview').click();
    await page.waitForTimeout(500);
  }
  await page.getByTestId('btn-play').click();
  const trace = await startTrace(page);
  // A string, not a function: tsx would wrap a named inner function in a helper the page does not have.
  const fps = await page.evaluate<number>(`new Promise((resolve) => {
    let frames = 0;
    const start = performance.now();
    const tick = (now) => {
      frames++;
      if (now - start < 3000) requestAnimationFrame(tick);
      else resolve((frames * 1000) / (now - start));
    };
    requestAnimationFrame(tick);
  })`);
  const busy = Math.round((100 * (await trace.stop())) / 3000);
  const drawn = await page.locator('.react-flow__node').count();
  const inView = await page.evaluate<number>(`(() => {
    const pane = document.querySelector('.react-flow').getBoundingClientRect();
    return [...document.querySelectorAll('.react-flow__node')].filter((node) => {
      const r = node.getBoundingClientRect();
      return r.right > pane.left && r.left < pane.right && r.bottom > pane.top && r.top < pane.bottom;
    }).length;
  })()`);
  await context.close();
  return { fps, drawn, inView, busy };
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly tid: number;
  readonly dur?: number;
  readonly args?: { readonly name?: string };
}

/** Records a Chromium trace of the page; `stop` gives the milliseconds its main thread spent in tasks. */
async function startTrace(page: Page): Promise<{ stop(): Promise<number> }> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  return {
    async stop() {
      const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await complete;
      const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')?.tid;
      return events.filter((e) => e.tid === main && e.ph === 'X' && e.name === 'RunTask').reduce((sum, e) => sum + (e.dur ?? 0), 0) / 1000;
    },
  };
}

/** One Deployment of 70 replicas behind a Service, on 3 nodes: about 300 boxes, few enough to draw whole. */
function mediumScenario() {
  const manifests = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 70
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: example/app, ports: [{containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]`;
  return {
    manifests,
    settings: { ...DEFAULT_SETTINGS, nodeNames: ['node-1', 'node-2', 'node-3'], nodeCIDRMaskSize: 24 },
    flows: [{ from: { kind: 'pod' as const, namespace: 'default', pod: 'web-0', container: 'app' }, to: { kind: 'service' as const, namespace: 'default', service: 'web', port: 80, protocol: 'TCP' as const } }],
    flowIndex: 0,
    step: 0,
    view: { pane: 'diagram' as const },
  };
}

/** 20 nodes, 10 Deployments of 100 replicas, a Service in front of each; the flow goes to the first. */
function largeScenario() {
  const docs: string[] = [];
  for (let i = 0; i < 10; i++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${i}, namespace: default}
spec:
  replicas: 100
  selector: {matchLabels: {app: app-${i}}}
  template:
    metadata: {labels: {app: app-${i}}}
    spec:
      containers: [{name: app, image: example/app, ports: [{containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: app-${i}, namespace: default}
spec:
  selector: {app: app-${i}}
  ports: [{port: 80, targetPort: 8080}]`);
  }
  const nodeNames = Array.from({ length: 20 }, (_, i) => `node-${i + 1}`);
  return {
    manifests: docs.join('\n---\n'),
    settings: { ...DEFAULT_SETTINGS, nodeNames, nodeCIDRMaskSize: 24 },
    flows: [{ from: { kind: 'pod' as const, namespace: 'default', pod: 'app-0-0', container: 'app' }, to: { kind: 'service' as const, namespace: 'default', service: 'app-1', port: 80, protocol: 'TCP' as const } }],
    flowIndex: 0,
    step: 0,
    view: { pane: 'diagram' as const },
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
