import type { Cluster, Container, ContainerPort, Pod } from '../cluster/types';
import type { Flow, FlowError } from './types';

export interface ResolvedFlow {
  readonly source: Pod;
  readonly container: Container;
  readonly destination: Pod;
  /** The declared port that matches the flow's port and protocol, and its container. */
  readonly listener: { container: Container; port: ContainerPort } | undefined;
}

/** Finds the pods and containers a flow names, or says which one does not exist. */
export function resolveFlow(cluster: Cluster, flow: Flow): { ok: true; value: ResolvedFlow } | { ok: false; error: FlowError } {
  const source = findPod(cluster, flow.from.namespace, flow.from.pod);
  if (source === undefined) return missingPod(cluster, flow.from.namespace, flow.from.pod, 'source');
  const container =
    flow.from.container === undefined ? source.containers[0] : source.containers.find((c) => c.name === flow.from.container);
  if (container === undefined) {
    const names = source.containers.map((c) => c.name).join(', ');
    return {
      ok: false,
      error: {
        code: 'unknown-container',
        message: `Pod ${source.namespace}/${source.name} has no container "${flow.from.container ?? ''}"; its containers are ${names}.`,
      },
    };
  }
  const destination = findPod(cluster, flow.to.namespace, flow.to.pod);
  if (destination === undefined) return missingPod(cluster, flow.to.namespace, flow.to.pod, 'destination');

  let listener: ResolvedFlow['listener'];
  for (const candidate of destination.containers) {
    const port = candidate.ports.find((p) => p.containerPort === flow.to.port && p.protocol === flow.to.protocol);
    if (port !== undefined) {
      listener = { container: candidate, port };
      break;
    }
  }
  return { ok: true, value: { source, container, destination, listener } };
}

function findPod(cluster: Cluster, namespace: string, name: string): Pod | undefined {
  return cluster.pods.find((p) => p.namespace === namespace && p.name === name);
}

function missingPod(cluster: Cluster, namespace: string, name: string, role: string): { ok: false; error: FlowError } {
  const known = cluster.pods.map((p) => `${p.namespace}/${p.name}`);
  const hint = known.length === 0 ? 'no pods are defined' : `known pods: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}`;
  return {
    ok: false,
    error: { code: `unknown-${role}`, message: `The ${role} pod ${namespace}/${name} is not in the manifests (${hint}).` },
  };
}
