import type { Endpoint, Service, ServicePort } from '../cluster/types';

/**
 * Which endpoints of a Service port one node's kube-proxy uses, the way every kube-proxy backend
 * decides it (upstream `CategorizeEndpoints`, pkg/proxy/topology.go). Shared by the iptables,
 * IPVS and nftables backends: they differ in how they write the rules, not in which endpoints
 * the rules point at.
 *
 * Not modelled: topology-aware routing hints (`hints.forZones` / `forNodes`); every ready
 * endpoint counts as available, as when no hints are set.
 */

/** `ip:port` as kube-proxy prints an endpoint (`net.JoinHostPort`: IPv6 in brackets). */
export function endpointString(endpoint: Pick<Endpoint, 'ip' | 'port'>): string {
  return endpoint.ip.includes(':') ? `[${endpoint.ip}]:${endpoint.port}` : `${endpoint.ip}:${endpoint.port}`;
}

/** EndpointSlice `conditions.serving`; a slice that does not say counts as serving, as kube-proxy reads it. */
export function isServing(endpoint: Endpoint): boolean {
  return endpoint.serving ?? (endpoint.ready || endpoint.terminating === true);
}

export function isTerminating(endpoint: Endpoint): boolean {
  return endpoint.terminating === true;
}

/** kube-proxy calls an endpoint local when the slice names this node; an endpoint without a nodeName never is. */
export function isLocal(endpoint: Endpoint, nodeName: string): boolean {
  return endpoint.nodeName !== undefined && endpoint.nodeName === nodeName;
}

/** The addresses kube-proxy serves a Service port on from outside: its nodePort, LoadBalancer IPs and externalIPs. */
export function externallyAccessible(service: Service, port: ServicePort): boolean {
  return port.nodePort !== undefined || service.loadBalancerIPs.length > 0 || (service.externalIPs ?? []).length > 0;
}

export function internalPolicyLocal(service: Service): boolean {
  return service.internalTrafficPolicy === 'Local';
}

/** eTP Local only matters for a port that is reachable from outside. */
export function externalPolicyLocal(service: Service, port: ServicePort): boolean {
  return service.externalTrafficPolicy === 'Local' && externallyAccessible(service, port);
}

/**
 * Whether the port ever sends traffic under the Cluster policy: iTP Cluster, or any external
 * exposure (even with eTP Local, pod and node traffic to the external addresses is
 * short-circuited to the Cluster endpoints).
 */
export function usesClusterEndpoints(service: Service, port: ServicePort): boolean {
  return !internalPolicyLocal(service) || externallyAccessible(service, port);
}

/** Whether the port ever sends traffic under the Local policy (iTP Local, or eTP Local on an exposed port). */
export function usesLocalEndpoints(service: Service, port: ServicePort): boolean {
  return internalPolicyLocal(service) || externalPolicyLocal(service, port);
}

export interface EndpointCategories {
  /**
   * The endpoints under the Cluster policy: every ready one, or if none is ready anywhere,
   * every serving-and-terminating one. Empty when the port never uses the Cluster policy.
   */
  readonly cluster: readonly Endpoint[];
  /** True when `cluster` holds terminating endpoints because none was ready. */
  readonly clusterFallback: boolean;
  /**
   * The endpoints on this node under the Local policy: its ready ones, or if none is ready here,
   * its serving-and-terminating ones. Empty when the port never uses the Local policy.
   */
  readonly local: readonly Endpoint[];
  /** True when `local` holds terminating endpoints because none on this node was ready. */
  readonly localFallback: boolean;
  /** The union of both lists: the endpoints this node can DNAT to (one KUBE-SEP chain each). */
  readonly reachable: readonly Endpoint[];
  /** Whether the Service has usable endpoints anywhere in the cluster (else kube-proxy rejects). */
  readonly hasAnyEndpoints: boolean;
  readonly usesCluster: boolean;
  readonly usesLocal: boolean;
}

/**
 * The endpoints of `port` as `nodeName`'s kube-proxy categorises them. Every list is in
 * kube-proxy's order (sorted by the `ip:port` string, so `10.0.1.10:80` comes before
 * `10.0.1.2:80`) and holds one entry per `ip:port` (a ready copy wins over one that is not).
 * Headless and ExternalName Services get no categories: kube-proxy ignores them.
 */
export function categorizeEndpoints(service: Service, port: ServicePort, nodeName: string): EndpointCategories {
  const endpoints = proxyEndpoints(port.endpoints);
  const usesCluster = usesClusterEndpoints(service, port);
  const usesLocal = usesLocalEndpoints(service, port);
  const servingTerminating = (e: Endpoint) => isServing(e) && isTerminating(e);

  let cluster: Endpoint[] = [];
  let clusterFallback = false;
  if (usesCluster) {
    cluster = endpoints.filter((e) => e.ready);
    // "If we didn't get any endpoints, try again using terminating endpoints."
    if (cluster.length === 0) {
      cluster = endpoints.filter(servingTerminating);
      clusterFallback = cluster.length > 0;
    }
  }
  let hasAnyEndpoints = cluster.length > 0;
  if (!usesLocal) {
    return { cluster, clusterFallback, local: [], localFallback: false, reachable: cluster, hasAnyEndpoints, usesCluster, usesLocal };
  }

  if (endpoints.some((e) => e.ready || servingTerminating(e))) hasAnyEndpoints = true;
  let local = endpoints.filter((e) => isLocal(e, nodeName) && e.ready);
  let localFallback = false;
  if (local.length === 0) {
    local = endpoints.filter((e) => isLocal(e, nodeName) && servingTerminating(e));
    localFallback = local.length > 0;
  }
  if (!usesCluster) {
    return { cluster, clusterFallback, local, localFallback, reachable: local, hasAnyEndpoints, usesCluster, usesLocal };
  }
  // With only ready endpoints in `local`, `cluster` (every ready endpoint) already holds them all.
  const reachable = localFallback ? mergeByAddress(cluster, local) : cluster;
  return { cluster, clusterFallback, local, localFallback, reachable, hasAnyEndpoints, usesCluster, usesLocal };
}

/**
 * The endpoints as kube-proxy's endpoint cache holds them: one per `ip:port` (a ready copy is
 * kept over one that is not, when two slices list the same address) and sorted by that string.
 */
export function proxyEndpoints(endpoints: readonly Endpoint[]): Endpoint[] {
  // Most lists are already in order without duplicates: one pass tells.
  let ordered = true;
  for (let i = 1; i < endpoints.length && ordered; i++) ordered = endpointString(endpoints[i - 1]!) < endpointString(endpoints[i]!);
  if (ordered) return [...endpoints];
  const byAddress = new Map<string, Endpoint>();
  for (const endpoint of endpoints) {
    const key = endpointString(endpoint);
    const known = byAddress.get(key);
    if (known === undefined || (!known.ready && endpoint.ready)) byAddress.set(key, endpoint);
  }
  return [...byAddress].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, endpoint]) => endpoint);
}

function mergeByAddress(a: readonly Endpoint[], b: readonly Endpoint[]): Endpoint[] {
  return proxyEndpoints([...a, ...b]);
}
