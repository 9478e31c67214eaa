/** What the flow picker offers, read off the cluster's pods and Services. */
import { DEFAULT_EXTERNAL_IP, type Cluster, type Destination, type Pod, type Protocol, type Service, type Source } from '../../core';

export interface SourceOption {
  readonly value: string;
  readonly label: string;
  readonly source: Source;
}

export const DESTINATION_GROUPS = ['Pods', 'Services', 'DNS names', 'Load balancers', 'Published names', 'NodePorts'] as const;
export type DestinationGroup = (typeof DESTINATION_GROUPS)[number];

/** A pod by name, a Service reached at its ClusterIP, or a Service's DNS name. */
export type DestinationTarget =
  | { readonly kind: 'pod'; readonly namespace: string; readonly pod: string }
  | { readonly kind: 'service'; readonly namespace: string; readonly service: string }
  /** A Service's DNS name (`api.default`), looked up from the source pod before connecting. */
  | { readonly kind: 'name'; readonly name: string; readonly namespace: string; readonly service: string }
  /** From outside: a load balancer IP or a node IP with a NodePort (`port` set for a NodePort). */
  | { readonly kind: 'address'; readonly address: string; readonly namespace: string; readonly service: string; readonly port: number | undefined };

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

export function sourceValue(s: Source): string {
  switch (s.kind) {
    case 'pod':
      return `${s.namespace}/${s.pod}/${s.container ?? ''}`;
    case 'node':
      return `node/${s.node}`;
    case 'external':
      return `external:${s.ip}`;
  }
}
/**
 * The select's value: `ns/pod` for a pod, `svc/ns/name` for a Service, the name or address
 * itself; from outside the cluster a node address is one option per NodePort (`IP:PORT`).
 */
export function destinationValue(d: Destination | DestinationTarget, nodeIPs?: ReadonlySet<string>): string {
  if (d.kind === 'pod') return `${d.namespace}/${d.pod}`;
  if (d.kind === 'service') return `svc/${d.namespace}/${d.service}`;
  if (d.kind === 'name') return d.name;
  if ('service' in d) return d.port === undefined ? d.address : `${d.address}:${d.port}`;
  return nodeIPs?.has(d.address) === true ? `${d.address}:${d.port}` : d.address;
}

/** The nodes' addresses, where the external picker tells NodePorts apart by port. */
export const nodeIPsOf = (cluster: Cluster): ReadonlySet<string> => new Set(cluster.nodes.map((n) => n.internalIP));

export function sourceOptions(cluster: Cluster): SourceOption[] {
  const pods = cluster.pods.flatMap((pod) =>
    pod.containers.map((c): SourceOption => {
      const source: Source = { kind: 'pod', namespace: pod.namespace, pod: pod.name, container: c.name };
      return { value: sourceValue(source), label: sourceValue(source), source };
    }),
  );
  const nodes = cluster.nodes.map((n): SourceOption => {
    const source: Source = { kind: 'node', node: n.name };
    return { value: sourceValue(source), label: `node/${n.name} (kubelet, host network)`, source };
  });
  const external: Source = { kind: 'external', ip: DEFAULT_EXTERNAL_IP };
  return [...pods, ...nodes, { value: sourceValue(external), label: `external client (${DEFAULT_EXTERNAL_IP})`, source: external }];
}

/**
 * What a client outside the cluster can reach: each LoadBalancer Service's address, the names
 * external-dns publishes for it, and every NodePort on every node's address.
 */
export function externalDestinationOptions(cluster: Cluster): DestinationOption[] {
  const balanced = cluster.services.filter((s) => s.type === 'LoadBalancer');
  const lbs = balanced.flatMap((s) =>
    s.loadBalancerIPs.map((ip): DestinationOption => {
      const target = { kind: 'address', address: ip, namespace: s.namespace, service: s.name, port: undefined } as const;
      return { value: destinationValue(target), group: 'Load balancers', target };
    }),
  );
  const names = balanced.flatMap((s) =>
    (s.externalDnsHostnames ?? []).map((name): DestinationOption => {
      const target = { kind: 'name', name, namespace: s.namespace, service: s.name } as const;
      return { value: name, group: 'Published names', target };
    }),
  );
  const nodePorts = cluster.nodes.flatMap((n) =>
    cluster.services.flatMap((s) =>
      s.ports
        .filter((p) => p.nodePort !== undefined)
        .map((p): DestinationOption => {
          const target = { kind: 'address', address: n.internalIP, namespace: s.namespace, service: s.name, port: p.nodePort } as const;
          return { value: destinationValue(target), group: 'NodePorts', target };
        }),
    ),
  );
  return [...lbs, ...names, ...nodePorts];
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
