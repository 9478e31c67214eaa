/**
 * Keeps the selected flow pointing at things that exist. This is a choice of
 * what to select in the picker, not networking: the core still decides what
 * happens to the packet.
 */
import type { Cluster, Flow, Pod, PodSource, Protocol } from '../../core';

export const DEFAULT_FLOW: Flow & { readonly from: PodSource } = {
  from: { kind: 'pod', namespace: 'default', pod: 'frontend', container: 'web' },
  to: { kind: 'pod', namespace: 'default', pod: 'backend', port: 8080, protocol: 'TCP' },
};

const findPod = (cluster: Cluster, namespace: string, name: string): Pod | undefined =>
  cluster.pods.find((p) => p.namespace === namespace && p.name === name);

/** The first port the pod declares for the protocol (or for any protocol). */
export function firstDeclaredPort(pod: Pod, protocol: Protocol): number | undefined {
  const ports = pod.containers.flatMap((c) => c.ports);
  return (ports.find((p) => p.protocol === protocol) ?? ports[0])?.containerPort;
}

/** The pods to fall back on: the user's own before those the simulator adds (CoreDNS). */
const candidates = (cluster: Cluster): Pod[] => [...cluster.pods].sort((a, b) => Number(a.implicit) - Number(b.implicit));

function validSource(cluster: Cluster, flow: Flow): Flow['from'] | undefined {
  const from = flow.from;
  // An outside client needs nothing in the cluster; a node source needs its node.
  if (from.kind === 'external') return from;
  if (from.kind === 'node' && cluster.nodes.some((n) => n.name === from.node)) return from;
  const pod = from.kind === 'pod' ? findPod(cluster, from.namespace, from.pod) : undefined;
  if (pod && from.kind === 'pod') {
    const keeps = pod.containers.some((c) => c.name === from.container);
    return keeps ? from : { ...from, container: pod.containers[0]?.name };
  }
  const first = candidates(cluster)[0];
  if (!first) return undefined;
  return { kind: 'pod', namespace: first.namespace, pod: first.name, container: first.containers[0]?.name };
}

function validDestination(cluster: Cluster, flow: Flow, from: Flow['from']): Flow['to'] | undefined {
  const to = flow.to;
  if (to.kind === 'pod' && findPod(cluster, to.namespace, to.pod)) return to;
  if (to.kind === 'service' && cluster.services.some((s) => s.namespace === to.namespace && s.name === to.service)) return to;
  // A typed name or address is the user's to keep: the trace says what it finds there.
  if (to.kind === 'name' || to.kind === 'address') return to;
  const pods = candidates(cluster);
  const other = from.kind === 'pod' ? pods.find((p) => p.namespace !== from.namespace || p.name !== from.pod) : pods[0];
  const pod = other ?? pods[0];
  if (!pod) return undefined;
  const port = firstDeclaredPort(pod, flow.to.protocol) ?? flow.to.port;
  return { kind: 'pod', namespace: pod.namespace, pod: pod.name, port, protocol: flow.to.protocol };
}

/**
 * The flow unchanged when its pods still exist; otherwise the nearest sensible
 * one, with the same packet size. Undefined when the cluster has no pods at all.
 */
export function pickFlow(cluster: Cluster, flow: Flow): Flow | undefined {
  const from = validSource(cluster, flow);
  if (!from) return undefined;
  const to = validDestination(cluster, flow, from);
  if (!to) return undefined;
  return from === flow.from && to === flow.to ? flow : { ...flow, from, to };
}
