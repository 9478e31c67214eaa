/**
 * Traces across nodes in a big cluster (issue 5's workload): the generated 5,000-pod dump on
 * 100 nodes (bench/generate/dump.ts, 50 pods per worker), Flannel VXLAN, kube-proxy iptables.
 * One workload traces pod → pod between two workers; one traces pod → Service, which walks the
 * node's kube-proxy rules for the dump's Services before crossing. Building the cluster is setup.
 */
import { buildCluster, parseManifests, traceFlow, type Cluster, type Flow, type Pod } from '../../src/core/index';
import { cachedDump } from '../generate/dump';
import { defineWorkload } from '../harness';

interface Setup {
  readonly cluster: Cluster;
  readonly podFlow: Flow;
  readonly serviceFlow: Flow;
}

function setup(): Setup {
  const dump = cachedDump({ pods: 5_000, managedFields: false });
  const cluster = buildCluster(parseManifests(dump.yaml), dump.settings);
  const listening = (p: Pod) => p.network.kind === 'pod' && p.containers.some((c) => c.ports.length > 0);
  const from = cluster.pods.find((p) => p.nodeName === 'worker-1' && listening(p));
  const to = cluster.pods.find((p) => p.nodeName === 'worker-2' && listening(p));
  const service = cluster.services.find((s) => !s.implicit && s.clusterIP !== undefined && s.ports[0]?.endpoints.some((e) => e.nodeName !== from?.nodeName));
  if (from === undefined || to === undefined || service === undefined) throw new Error('the dump has no pods on worker-1 and worker-2 or no Service');
  const port = to.containers.flatMap((c) => c.ports)[0]!;
  const source = { kind: 'pod', namespace: from.namespace, pod: from.name, container: undefined } as const;
  return {
    cluster,
    podFlow: { from: source, to: { kind: 'pod', namespace: to.namespace, pod: to.name, port: port.containerPort, protocol: port.protocol } },
    serviceFlow: { from: source, to: { kind: 'service', namespace: service.namespace, service: service.name, port: service.ports[0]!.port, protocol: service.ports[0]!.protocol } },
  };
}

const hopsOf = (cluster: Cluster, flow: Flow): number => {
  const result = traceFlow(cluster, flow);
  if (!result.ok) throw new Error(result.error.message);
  return result.trace.hops.length + result.trace.reply.length;
};

export const crossNodeTrace = defineWorkload({
  name: 'trace pod → pod across nodes, 5,000 pods on 100 nodes',
  iterations: 200,
  setup,
  run: ({ cluster, podFlow }) => hopsOf(cluster, podFlow),
});

export const crossNodeServiceTrace = defineWorkload({
  name: 'trace pod → Service across nodes, 5,000 pods on 100 nodes',
  iterations: 50,
  setup,
  run: ({ cluster, serviceFlow }) => hopsOf(cluster, serviceFlow),
});

/** 10,000 flows between random pods with a declared port (same-node and cross-node mixed, as chance gives them). */
export const randomFlows10k = defineWorkload({
  name: 'trace 10,000 random pod → pod flows, 5,000 pods on 100 nodes',
  iterations: 1,
  warmup: 0,
  setup: () => {
    const { cluster } = setup();
    const pods = cluster.pods.filter((p) => p.network.kind === 'pod' && p.containers.some((c) => c.ports.length > 0));
    let state = 0x9e3779b9;
    const next = () => {
      state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
      return state;
    };
    const flows: Flow[] = Array.from({ length: 10_000 }, () => {
      const from = pods[next() % pods.length]!;
      const to = pods[next() % pods.length]!;
      const port = to.containers.flatMap((c) => c.ports)[0]!;
      return {
        from: { kind: 'pod', namespace: from.namespace, pod: from.name, container: undefined },
        to: { kind: 'pod', namespace: to.namespace, pod: to.name, port: port.containerPort, protocol: port.protocol },
      };
    });
    return { cluster, flows };
  },
  run: ({ cluster, flows }) => flows.reduce((hops, flow) => hops + hopsOf(cluster, flow), 0),
});

export const crossNodeWorkloads = [crossNodeTrace, crossNodeServiceTrace, randomFlows10k];
