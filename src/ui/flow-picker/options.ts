/** What the flow picker offers, read off the cluster's pods. */
import type { Cluster, Pod, PodDestination, PodSource, Protocol } from '../../core';

export interface SourceOption {
  readonly value: string;
  readonly source: PodSource;
}

export interface DestinationOption {
  readonly value: string;
  readonly namespace: string;
  readonly pod: string;
}

export interface PortOption {
  readonly port: number;
  readonly protocol: Protocol;
  readonly label: string;
}

export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

export const sourceValue = (s: PodSource): string => `${s.namespace}/${s.pod}/${s.container ?? ''}`;
export const destinationValue = (d: Pick<PodDestination, 'namespace' | 'pod'>): string => `${d.namespace}/${d.pod}`;

export function sourceOptions(cluster: Cluster): SourceOption[] {
  return cluster.pods.flatMap((pod) =>
    pod.containers.map((c) => {
      const source: PodSource = { kind: 'pod', namespace: pod.namespace, pod: pod.name, container: c.name };
      return { value: sourceValue(source), source };
    }),
  );
}

export function destinationOptions(cluster: Cluster): DestinationOption[] {
  return cluster.pods.map((pod) => ({ value: destinationValue({ namespace: pod.namespace, pod: pod.name }), namespace: pod.namespace, pod: pod.name }));
}

export function findPod(cluster: Cluster, namespace: string, name: string): Pod | undefined {
  return cluster.pods.find((p) => p.namespace === namespace && p.name === name);
}

/** The ports the pod's containers declare, e.g. `8080/TCP http (api)`. */
export function portOptions(pod: Pod | undefined): PortOption[] {
  if (!pod) return [];
  return pod.containers.flatMap((c) =>
    c.ports.map((p) => ({
      port: p.containerPort,
      protocol: p.protocol,
      label: `${p.containerPort}/${p.protocol}${p.name ? ` ${p.name}` : ''} (${c.name})`,
    })),
  );
}
