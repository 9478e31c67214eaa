import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCluster, parseManifests, traceFlow, type Flow } from '../../src/core/index';
import { defineWorkload } from '../harness';

const example = fileURLToPath(new URL('../../examples/same-node-pods.yaml', import.meta.url));

const flow: Flow = {
  from: { kind: 'pod', namespace: 'default', pod: 'frontend', container: 'web' },
  to: { kind: 'pod', namespace: 'default', pod: 'backend', port: 8080, protocol: 'TCP' },
};

/** The first workload: trace the example flow 10,000 times on an already-built cluster. */
export const traceExample10k = defineWorkload({
  name: 'trace example flow ×10,000',
  iterations: 5,
  setup: () => buildCluster(parseManifests(readFileSync(example, 'utf8'))),
  run: (cluster) => {
    let hops = 0;
    for (let i = 0; i < 10_000; i++) {
      const result = traceFlow(cluster, flow);
      if (result.ok) hops += result.trace.hops.length;
    }
    return hops;
  },
});

/** Parsing and building the example: what every keystroke in the editor costs. */
export const parseAndBuildExample = defineWorkload({
  name: 'parse + build example',
  iterations: 200,
  setup: () => readFileSync(example, 'utf8'),
  run: (text) => buildCluster(parseManifests(text)),
});
