/**
 * The flow a matrix cell stands for, to trace in the diagram: from the first container of the
 * row workload's first pod to the column workload's first pod (its second, for a workload and
 * itself), on the queried port, else the first port the destination declares. A choice of what
 * to pick, like the flow picker's; the core still decides what happens to the packet.
 */
import type { Cluster, Flow, Pod, PodDestination, WorkloadGroup } from '../../core';
import type { MatrixQuery } from './matrixQuery';

function podById(cluster: Cluster, id: string | undefined): Pod | undefined {
  if (id === undefined) return undefined;
  const slash = id.indexOf('/');
  const namespace = id.slice(0, slash);
  const name = id.slice(slash + 1);
  return cluster.pods.find((p) => p.namespace === namespace && p.name === name);
}

function port(pod: Pod, query: MatrixQuery, fallback: Pick<PodDestination, 'port' | 'protocol'>): Pick<PodDestination, 'port' | 'protocol'> {
  if (query.kind === 'port') return { port: query.port, protocol: query.protocol };
  const declared = pod.containers.flatMap((c) => c.ports)[0];
  return declared ? { port: declared.containerPort, protocol: declared.protocol } : { port: fallback.port, protocol: fallback.protocol };
}

export function flowForCell(
  cluster: Cluster,
  from: WorkloadGroup,
  to: WorkloadGroup,
  query: MatrixQuery,
  fallback: Pick<PodDestination, 'port' | 'protocol'>,
): Flow | undefined {
  const source = podById(cluster, from.pods[0]);
  const itself = from.id === to.id && to.pods.length > 1;
  const destination = podById(cluster, itself ? to.pods[1] : to.pods[0]);
  if (!source || !destination) return undefined;
  return {
    from: { kind: 'pod', namespace: source.namespace, pod: source.name, container: source.containers[0]?.name },
    to: { kind: 'pod', namespace: destination.namespace, pod: destination.name, ...port(destination, query, fallback) },
  };
}
