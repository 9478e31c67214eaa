/** What the flow picker offers, read off the cluster's pods and Services. */
import type { Cluster, Destination, Pod, PodSource, Protocol, Service } from '../../core';

export interface SourceOption {
  readonly value: string;
  readonly source: PodSource;
}

export const DESTINATION_GROUPS = ['Pods', 'Services', 'DNS names'] as const;
export type DestinationGroup = (typeof DESTINATION_GROUPS)[number];

/** A pod by name, a Service reached at its ClusterIP, or a Service's DNS name. */
export type DestinationTarget =
  | { readonly kind: 'pod'; readonly namespace: string; readonly pod: string }
  | { readonly kind: 'service'; readonly namespace: string; readonly service: string }
  /** A Service's DNS name (`api.default`), looked up from the source pod before connecting. */
  | { readonly kind: 'name'; readonly name: string; readonly namespace: string; readonly service: string };

export interface DestinationOption {
  readonly value: string;
  readonly group: DestinationGroup;
  readonly target: DestinationTarget;
}

export interface PortOption {
  readonly port: number;
  readonly protocol: Protocol;
  readonly label: string;
}

export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

export const sourceValue = (s: PodSource): string => `${s.namespace}/${s.pod}/${s.container ?? ''}`;
/** The select's value: `ns/pod` for a pod, `svc/ns/name` for a Service; other destinations (names, addresses) are typed, not picked. */
export function destinationValue(d: Destination | DestinationTarget): string {
  if (d.kind === 'pod') return `${d.namespace}/${d.pod}`;
  if (d.kind === 'service') return `svc/${d.namespace}/${d.service}`;
  return d.kind === 'name' ? d.name : d.address;
}

export function sourceOptions(cluster: Cluster): SourceOption[] {
  return cluster.pods.flatMap((pod) =>
    pod.containers.map((c) => {
      const source: PodSource = { kind: 'pod', namespace: pod.namespace, pod: pod.name, container: c.name };
      return { value: sourceValue(source), source };
    }),
  );
}

export function destinationOptions(cluster: Cluster): DestinationOption[] {
  const pods = cluster.pods.map((pod): DestinationOption => {
    const target = { kind: 'pod', namespace: pod.namespace, pod: pod.name } as const;
    return { value: destinationValue(target), group: 'Pods', target };
  });
  // Only Services with a ClusterIP: headless and ExternalName ones have no address kube-proxy answers on.
  const services = cluster.services
    .filter((s) => s.clusterIP !== undefined)
    .map((s): DestinationOption => {
      const target = { kind: 'service', namespace: s.namespace, service: s.name } as const;
      return { value: destinationValue(target), group: 'Services', target };
    });
  // Names of every Service kube-dns answers for, headless and ExternalName ones included.
  const names = cluster.services.map((s): DestinationOption => {
    const target = { kind: 'name', name: `${s.name}.${s.namespace}`, namespace: s.namespace, service: s.name } as const;
    return { value: target.name, group: 'DNS names', target };
  });
  return [...pods, ...services, ...names];
}

export function findService(cluster: Cluster, namespace: string, name: string): Service | undefined {
  return cluster.services.find((s) => s.namespace === namespace && s.name === name);
}

/** The Service's ports, e.g. `80/TCP http → 8080`. */
export function servicePortOptions(service: Service | undefined): PortOption[] {
  if (!service) return [];
  return service.ports.map((p) => ({
    port: p.port,
    protocol: p.protocol,
    label: `${p.port}/${p.protocol}${p.name ? ` ${p.name}` : ''} → ${p.targetPort}`,
  }));
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
