/**
 * Reading a big cluster: `kubectl get ... -A -o yaml` dumps of 1,000 to 20,000 pods from
 * bench/generate/dump.ts, through parseManifests and buildCluster. The target:
 * parse + build of 20,000 pods under 2 s in Node on a 2-core machine.
 *
 * The dumps are what kubectl prints by default since 1.21, without managedFields; one workload
 * measures the same 5,000 pods with them (`--show-managed-fields`, or an older kubectl),
 * which doubles the text; two measure the 20,000 pods as `kubectl get -o json` prints them.
 * Each dump is generated once per process (~1 s per 1,000 pods) and shared by the workloads
 * that use it; generation is setup, never timed.
 *
 * The 20,000-pod workloads run once each, without warm-up: one iteration takes seconds and
 * needs ~1 GiB of heap, and at that size the JIT has long warmed up within the run.
 */
import { buildCluster, parseManifests } from '../../src/core/index';
import { cachedDump, type DumpOptions } from '../generate/dump';
import { defineWorkload } from '../harness';

const kubectl = (pods: number): DumpOptions => ({ pods, managedFields: false });

const parse = (label: string, options: DumpOptions, iterations: number, warmup?: number) =>
  defineWorkload({
    name: `parse ${label}`,
    iterations,
    ...(warmup === undefined ? {} : { warmup }),
    setup: () => cachedDump(options).yaml,
    run: (yaml) => parseManifests(yaml).objects.length,
  });

const build = (label: string, options: DumpOptions, iterations: number, warmup?: number) =>
  defineWorkload({
    name: `build model ${label}`,
    iterations,
    ...(warmup === undefined ? {} : { warmup }),
    setup: () => {
      const dump = cachedDump(options);
      return { parsed: parseManifests(dump.yaml), settings: dump.settings };
    },
    run: ({ parsed, settings }) => buildCluster(parsed, settings).pods.length,
  });

export const parse1k = parse('1,000 pods', kubectl(1_000), 5);
export const parse5k = parse('5,000 pods', kubectl(5_000), 3);
export const parse20k = parse('20,000 pods', kubectl(20_000), 1, 0);
export const parse5kManagedFields = parse('5,000 pods with managedFields', { pods: 5_000, managedFields: true }, 1, 0);

export const build1k = build('1,000 pods', kubectl(1_000), 5);
export const build5k = build('5,000 pods', kubectl(5_000), 3);
export const build20k = build('20,000 pods', kubectl(20_000), 1, 0);

export const parseAndBuild20k = defineWorkload({
  name: 'parse + build 20,000 pods',
  iterations: 1,
  warmup: 0,
  setup: () => cachedDump(kubectl(20_000)),
  run: (dump) => buildCluster(parseManifests(dump.yaml), dump.settings).pods.length,
});

/** The same 20,000-pod dump as `kubectl get -o json` prints it (four-space indentation: 2.2 times the YAML's size). */
const kubectlJson = (pods: number): DumpOptions => ({ pods, managedFields: false, format: 'json' });

export const parse20kJson = parse('20,000 pods as JSON', kubectlJson(20_000), 1, 0);

export const parseAndBuild20kJson = defineWorkload({
  name: 'parse + build 20,000 pods as JSON',
  iterations: 1,
  warmup: 0,
  setup: () => cachedDump(kubectlJson(20_000)),
  run: (dump) => buildCluster(parseManifests(dump.yaml), dump.settings).pods.length,
});

export const clusterWorkloads = [parse1k, parse5k, parse20k, parse5kManagedFields, parse20kJson, build1k, build5k, build20k, parseAndBuild20k, parseAndBuild20kJson];
