import type { ManifestObject } from '../manifest/types';
import { isMapping } from '../manifest/parse';
import { isIpv4 } from '../net/ipv4';
import type { ServicePortSpec, ServiceSpec } from './read-service';
import type { Endpoint, Pod } from './types';

/**
 * The endpoints of one Service port, as the EndpointSlice controller computes them: every pod
 * in the Service's namespace whose labels include the selector, with its target port resolved
 * on that pod. An integer targetPort is used as it is, declared or not; a named one is looked up
 * among the pod's container ports by name *and* protocol, and a pod without it is left out of
 * this port.
 */
export function selectorEndpoints(service: ServiceSpec, port: ServicePortSpec, selected: readonly Pod[]): Endpoint[] {
  const endpoints: Endpoint[] = [];
  for (const pod of selected) {
    const number = resolveTargetPort(port, pod);
    if (number === undefined) continue;
    endpoints.push({
      ip: pod.ip,
      port: number,
      pod: { namespace: pod.namespace, name: pod.name },
      nodeName: pod.nodeName,
      ready: service.publishNotReadyAddresses || pod.ready,
      serving: pod.ready,
      terminating: false,
      // A pod gets its own DNS name behind a Service only with hostname set and subdomain = the Service.
      hostname: pod.hostname !== undefined && pod.subdomain === service.name ? pod.hostname : undefined,
    });
  }
  return endpoints;
}

export function resolveTargetPort(port: ServicePortSpec, pod: Pod): number | undefined {
  if (typeof port.targetPort === 'number') return port.targetPort;
  for (const container of pod.containers) {
    const found = container.ports.find((p) => p.name === port.targetPort && p.protocol === port.protocol);
    if (found !== undefined) return found.containerPort;
  }
  return undefined;
}

export function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/**
 * Endpoints of a Service without a selector come from EndpointSlices (labelled
 * `kubernetes.io/service-name`) or a legacy Endpoints object of the same name, as pasted.
 */
export function pastedEndpoints(service: ServiceSpec, port: ServicePortSpec, objects: readonly ManifestObject[], pods: readonly Pod[]): Endpoint[] {
  const namespace = service.namespace;
  const inNamespace = (o: ManifestObject) => (o.namespace ?? 'default') === namespace;
  const byIP = new Map(pods.map((p) => [p.ip, p]));
  const endpoints: Endpoint[] = [];
  const matchesPort = (entry: Record<string, unknown>) =>
    (typeof entry.name === 'string' && entry.name !== '' ? entry.name : undefined) === port.name &&
    (entry.protocol ?? 'TCP') === port.protocol;

  for (const slice of objects.filter((o) => o.kind === 'EndpointSlice' && inNamespace(o))) {
    const metadata = isMapping(slice.body.metadata) ? slice.body.metadata : {};
    const labels = isMapping(metadata.labels) ? metadata.labels : {};
    if (labels['kubernetes.io/service-name'] !== service.name) continue;
    const ports = Array.isArray(slice.body.ports) ? slice.body.ports.filter(isMapping) : [];
    const match = ports.find(matchesPort);
    if (match === undefined || typeof match.port !== 'number') continue;
    const list = Array.isArray(slice.body.endpoints) ? slice.body.endpoints.filter(isMapping) : [];
    for (const entry of list) {
      const addresses = Array.isArray(entry.addresses) ? entry.addresses.filter((a): a is string => typeof a === 'string' && isIpv4(a)) : [];
      const conditions = isMapping(entry.conditions) ? entry.conditions : {};
      for (const ip of addresses) {
        // kube-proxy reads a missing `ready` or `serving` as true and a missing `terminating` as false.
        const endpoint = endpointAt(ip, match.port, conditions.ready !== false, entry.nodeName, entry.hostname, byIP);
        endpoints.push({ ...endpoint, serving: conditions.serving !== false, terminating: conditions.terminating === true });
      }
    }
  }
  if (endpoints.length > 0) return endpoints;

  const legacy = objects.find((o) => o.kind === 'Endpoints' && inNamespace(o) && o.name === service.name);
  const subsets = legacy !== undefined && Array.isArray(legacy.body.subsets) ? legacy.body.subsets.filter(isMapping) : [];
  for (const subset of subsets) {
    const ports = Array.isArray(subset.ports) ? subset.ports.filter(isMapping) : [];
    const match = ports.length === 1 && port.name === undefined ? ports[0] : ports.find(matchesPort);
    if (match === undefined || typeof match.port !== 'number') continue;
    for (const [field, ready] of [['addresses', true], ['notReadyAddresses', false]] as const) {
      const list = Array.isArray(subset[field]) ? (subset[field] as unknown[]).filter(isMapping) : [];
      for (const address of list) {
        if (typeof address.ip === 'string' && isIpv4(address.ip)) endpoints.push(endpointAt(address.ip, match.port, ready, address.nodeName, address.hostname, byIP));
      }
    }
  }
  return endpoints;
}

function endpointAt(ip: string, port: number, ready: boolean, nodeName: unknown, hostname: unknown, byIP: ReadonlyMap<string, Pod>): Endpoint {
  const pod = byIP.get(ip);
  return {
    ip,
    port,
    pod: pod === undefined ? undefined : { namespace: pod.namespace, name: pod.name },
    nodeName: typeof nodeName === 'string' ? nodeName : pod?.nodeName,
    ready,
    hostname: typeof hostname === 'string' ? hostname : undefined,
  };
}
