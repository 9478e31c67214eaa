import type { Cluster, Service } from '../cluster/types';
import { elementId } from './ids';
import type { TopologyElement, TopologyLink } from './types';

/**
 * The cluster's Services, each in the frame of its namespace, joined to their endpoints.
 * A Service is virtual: no device holds its ClusterIP and no packet passes through it, so it has
 * no parent node; kube-proxy's rules on the sending node rewrite its address to an endpoint's.
 * Namespaces come in the order their first Service does (the ones every cluster has, kube-dns
 * and kubernetes, come after the pasted ones), Services in the cluster's order.
 */
export function serviceElements(cluster: Cluster, present: ReadonlySet<string>, elements: TopologyElement[], links: TopologyLink[]): void {
  const byNamespace = new Map<string, Service[]>();
  for (const service of cluster.services) {
    const list = byNamespace.get(service.namespace) ?? [];
    list.push(service);
    byNamespace.set(service.namespace, list);
  }
  const nodeByAddress = new Map(cluster.nodes.map((n) => [n.internalIP, elementId.node(n.name)]));
  for (const [namespace, services] of byNamespace) {
    const frameId = elementId.services(namespace);
    elements.push({ id: frameId, kind: 'services', label: namespace, detail: services.length === 1 ? '1 Service' : `${services.length} Services`, parent: undefined });
    for (const service of services) {
      const id = elementId.service(service.namespace, service.name);
      const ready = readiness(service);
      elements.push({
        id,
        kind: 'service',
        label: service.name,
        detail: serviceDetail(service),
        parent: frameId,
        service: {
          namespace: service.namespace,
          type: service.type,
          headless: service.headless,
          readyEndpoints: [...ready.values()].filter(Boolean).length,
          notReadyEndpoints: [...ready.values()].filter((r) => !r).length,
        },
      });
      const joined = new Set<string>();
      for (const [address, isReady] of ready) {
        const target = endpointTarget(service, address, nodeByAddress);
        // One link per pod (or node), even when it serves several ports; an address outside the cluster has no box to join.
        if (target === undefined || !present.has(target) || joined.has(target)) continue;
        joined.add(target);
        links.push({ id: `link:${id}~${target}`, kind: 'endpoint', source: id, target, address, ready: isReady });
      }
    }
  }
}

/**
 * Each endpoint address of the Service, over all its ports, and whether it is ready on at least
 * one of them (the EndpointSlice's `ready` condition, which kube-proxy routes new connections by).
 */
function readiness(service: Service): Map<string, boolean> {
  const ready = new Map<string, boolean>();
  for (const port of service.ports) {
    for (const endpoint of port.endpoints) ready.set(endpoint.ip, (ready.get(endpoint.ip) ?? false) || endpoint.ready);
  }
  return ready;
}

/** The pod behind an endpoint address, or the node whose own address it is (the API server's, a hostNetwork daemon's). */
function endpointTarget(service: Service, address: string, nodeByAddress: ReadonlyMap<string, string>): string | undefined {
  for (const port of service.ports) {
    const pod = port.endpoints.find((e) => e.ip === address)?.pod;
    if (pod !== undefined) return elementId.pod(pod.namespace, pod.name);
  }
  return nodeByAddress.get(address);
}

/**
 * What `kubectl get service` shows, on one line: the ClusterIP (`None` when headless, the
 * external name for ExternalName), the ports as `port[:nodePort]/protocol`, then the load
 * balancer's and the external addresses.
 */
export function serviceDetail(service: Service): string {
  const address =
    service.type === 'ExternalName' ? `CNAME ${service.externalName ?? ''}` : service.headless ? 'None (headless)' : (service.clusterIP ?? '');
  const ports = service.ports.map((p) => `${p.port}${p.nodePort === undefined ? '' : `:${p.nodePort}`}/${p.protocol}`).join(',');
  // A no-break space keeps each word with its addresses when the line wraps.
  const lb = service.loadBalancerIPs.length > 0 ? `LB\u00a0${service.loadBalancerIPs.join(',')}` : '';
  const external = (service.externalIPs ?? []).length > 0 ? `external\u00a0${(service.externalIPs ?? []).join(',')}` : '';
  return [address, ports, lb, external].filter(Boolean).join(' · ');
}
