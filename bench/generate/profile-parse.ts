/**
 * Where parseManifests spends its time on a big dump, stage by stage, and what two other
 * designs would cost on the same text. Wall and CPU time per stage (CPU is the steadier figure
 * on a shared machine).
 *
 *   npx tsx bench/generate/profile-parse.ts [PODS=20000] [--managed-fields]
 *   (the js-yaml stages of 20,000 pods need ~6 GiB of heap: prefix
 *    NODE_OPTIONS=--max-old-space-size=8000)
 *
 * Stages: splitDocuments; the subset reader that parseManifests uses first
 * (src/core/manifest/subset-reader.ts); the whole parseManifests; buildCluster. References:
 * js-yaml parseEvents, loadAll (= parseEvents + construct) and collectPositions, which
 * parseManifests uses for documents outside the subset (and for every document with
 * `yamlReader: 'js-yaml'`); JSON.parse of the same data (`kubectl get -o json`, indented by four
 * spaces as kubectl does) and parseManifests of it, which reads JSON with JSON.parse too; one
 * parseEvents shared by construction and a compact typed-array position index; and a floor: the
 * least a JavaScript reader of this text can do (floor-reader.ts).
 */
import { performance } from 'node:perf_hooks';
import { constructFromEvents, EVENT_ID, loadAll, parseEvents, type Event } from 'js-yaml';
import { buildCluster, parseManifests } from '../../src/core/index';
import { splitDocuments } from '../../src/core/manifest/documents';
import { collectPositions } from '../../src/core/manifest/positions';
import { generateDump } from './dump';
import { readSubsetDocument } from '../../src/core/manifest/subset-reader';
import { SubsetContext } from '../../src/core/manifest/subset-context';
import { readFloor } from './floor-reader';

const args = process.argv.slice(2);
const pods = Number(args.find((a) => /^\d+$/.test(a)) ?? 20_000);
const managedFields = args.includes('--managed-fields');

function stage(label: string, run: () => unknown): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(cpu);
  const heap = process.memoryUsage().heapUsed / 1048576;
  console.log(
    `${label.padEnd(44)} ${(performance.now() - wall).toFixed(0).padStart(7)} ms wall ${((used.user + used.system) / 1000).toFixed(0).padStart(7)} ms cpu ${heap.toFixed(0).padStart(6)} MiB heap  ${String(result)}`,
  );
}

/** One pass over the events: kind, source range and end of subtree per event, in typed arrays. */
function compactIndex(events: readonly Event[]): number {
  const n = events.length;
  const kind = new Uint8Array(n);
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  const end = new Int32Array(n);
  const open: number[] = [];
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    kind[i] = e.type;
    end[i] = i;
    if (e.type === EVENT_ID.SCALAR) {
      from[i] = e.valueStart;
      to[i] = e.valueEnd;
    } else if (e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE) {
      from[i] = e.start;
      open.push(i);
    } else if (e.type === EVENT_ID.POP) {
      const start = open.pop();
      if (start !== undefined) {
        end[start] = i;
        to[start] = to[i - 1] ?? from[start]!;
      }
    }
  }
  return n;
}

const started = performance.now();
const dump = generateDump({ pods, managedFields });
const text = dump.yaml;
console.log(
  `${pods} pods${managedFields ? ' with managedFields' : ''}: ${(text.length / 1048576).toFixed(1)} MiB, ${dump.counts.nodes} nodes, ${dump.counts.services} services, ${dump.counts.networkPolicies} policies (generated in ${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
);

stage('splitDocuments', () => splitDocuments(text).length);
stage('js-yaml parseEvents', () => parseEvents(text, {}).length);
stage('js-yaml loadAll', () => loadAll(text).length);
stage('collectPositions (parseEvents + positions)', () => {
  collectPositions(text, 0);
  return '';
});
stage('parseManifests (all of the above and more)', () => parseManifests(text).objects.length);
let parsed: ReturnType<typeof parseManifests> | undefined = parseManifests(text);
stage('buildCluster', () => buildCluster(parsed!, dump.settings).pods.length);
// Let the parse result go, so the stages below do not pay for a big live heap.
parsed = undefined;
console.log('\nother designs on the same text:');
let json = JSON.stringify(loadAll(text)[0], null, 4);
stage('JSON.parse of the same data (-o json)', () => (JSON.parse(json) as { items: unknown[] }).items.length);
stage('parseManifests of it (json-reader.ts)', () => parseManifests(json).objects.length);
json = '';
stage('parseEvents once: construct + compact index', () => {
  const events = parseEvents(text, {});
  const values = constructFromEvents(events, { source: text });
  return `${values.length} document, ${compactIndex(events)} indexed events`;
});
stage('subset reader (what parseManifests uses)', () => {
  const read = readSubsetDocument(new SubsetContext(text), 0, text.length);
  return read.ok ? 'read' : `declined: ${read.reason}`;
});
stage('floor: no positions, no checks (floor-reader.ts)', () => ((readFloor(text) as { items: unknown[] }).items.length));
// The equivalence itself is tested (src/core/manifest/subset-reader.test.ts); this is a spot check.
const read = readSubsetDocument(new SubsetContext(text), 0, text.length);
console.log(`\nsubset reader gives the same value as js-yaml: ${read.ok && JSON.stringify(read.value) === JSON.stringify(loadAll(text)[0])}`);
