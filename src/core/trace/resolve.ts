import type { Cluster, Container, ContainerPort, Pod, Protocol } from '../cluster/types';
import type { FlowError, PodDestination, Source } from './types';

export interface ResolvedFlow {
  readonly source: Pod;
  readonly container: Container;
  readonly destination: Pod;
  /** The declared port that matches the flow's port and protocol, and its container. */
  readonly listener: { container: Container; port: ContainerPort } | undefined;
}

/** Finds the pods and containers a flow names, or says which one does not exist. */
export function resolveFlow(
  cluster: Cluster,
  from: Source,
  to: Pick<PodDestination, 'namespace' | 'pod' | 'port' | 'protocol'>,
): { ok: true; value: ResolvedFlow } | { ok: false; error: FlowError } {
  const client = resolveSource(cluster, from);
  if (!client.ok) return client;
  const destination = findPod(cluster, to.namespace, to.pod);
  if (destination === undefined) return missingPod(cluster, to.namespace, to.pod, 'destination');
  return { ok: true, value: { ...client.value, destination, listener: listenerOf(destination, to.port, to.protocol) } };
}

/** The sending pod and container a flow names. */
export function resolveSource(cluster: Cluster, from: Source): { ok: true; value: { source: Pod; container: Container } } | { ok: false; error: FlowError } {
  if (from.kind !== 'pod') return { ok: false, error: { code: 'not-a-pod', message: `The source ${from.kind === 'node' ? `node/${from.node}` : from.ip} is not a pod.` } };
  const source = findPod(cluster, from.namespace, from.pod);
  if (source === undefined) return missingPod(cluster, from.namespace, from.pod, 'source');
  const container = from.container === undefined ? source.containers[0] : source.containers.find((c) => c.name === from.container);
  if (container === undefined) {
    const names = source.containers.map((c) => c.name).join(', ');
    return {
      ok: false,
      error: {
        code: 'unknown-container',
        message: `Pod ${source.namespace}/${source.name} has no container "${from.container ?? ''}"; its containers are ${names}.`,
      },
    };
  }
  return { ok: true, value: { source, container } };
}

/** The declared container port that matches, and its container: where a socket listens. */
export function listenerOf(pod: Pod, port: number, protocol: Protocol): ResolvedFlow['listener'] {
  for (const container of pod.containers) {
    const found = container.ports.find((p) => p.containerPort === port && p.protocol === protocol);
    if (found !== undefined) return { container, port: found };
  }
  return undefined;
}

/** Pods by `namespace/name`, per cluster: big clusters trace many flows against one model. */
const podIndexes = new WeakMap<readonly Pod[], Map<string, Pod>>();

export function findPod(cluster: Cluster, namespace: string, name: string): Pod | undefined {
  let index = podIndexes.get(cluster.pods);
  if (index === undefined) {
    index = new Map();
    // The first pod of a name wins, as a search through the list would find it.
    for (const pod of cluster.pods) if (!index.has(`${pod.namespace}/${pod.name}`)) index.set(`${pod.namespace}/${pod.name}`, pod);
    podIndexes.set(cluster.pods, index);
  }
  return index.get(`${namespace}/${name}`);
}

function missingPod(cluster: Cluster, namespace: string, name: string, role: string): { ok: false; error: FlowError } {
  const unplaced = cluster.unplaced?.find((p) => p.namespace === namespace && p.name === name);
  if (unplaced !== undefined) {
    const nodes = cluster.nodes.map((n) => n.name).join(', ');
    return {
      ok: false,
      error: {
        code: 'pod-on-missing-node',
        message:
          `The ${role} pod ${namespace}/${name} is bound to node "${unplaced.node}" (spec.nodeName), which is not in the cluster (nodes: ${nodes || 'none'}). ` +
          `No kubelet runs the pod, so no CNI plugin gave it an IP and there is no address to ${role === 'source' ? 'send from' : 'send to'}; ` +
          `a Service selecting it lists no endpoint for it. Paste Node ${unplaced.node}, or remove nodeName so the scheduler places the pod.`,
      },
    };
  }
  const known = cluster.pods.map((p) => `${p.namespace}/${p.name}`);
  const hint = known.length === 0 ? 'no pods are defined' : `known pods: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}`;
  return {
    ok: false,
    error: { code: `unknown-${role}`, message: `The ${role} pod ${namespace}/${name} is not in the manifests (${hint}).` },
  };
}
