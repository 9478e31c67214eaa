import type { Cluster, Service, ServicePort } from '../cluster/types';
import { findPod } from './resolve';
import type { Flow, FlowError, PodDestination } from './types';

/** What a flow's destination turned out to be once its name or address is looked up. */
export type Target =
  | { readonly kind: 'pod'; readonly pod: PodDestination }
  | { readonly kind: 'service'; readonly service: Service; readonly port: ServicePort; readonly address: string };

type Resolved = { ok: true; value: Target } | { ok: false; error: FlowError };

/**
 * Turns the destination as written into a pod or a Service port: a pod by name stays a pod; a
 * Service by name is reached at its ClusterIP; an address is whatever owns it in the cluster.
 */
export function resolveDestination(cluster: Cluster, flow: Flow): Resolved {
  const to = flow.to;
  switch (to.kind) {
    case 'pod':
      return { ok: true, value: { kind: 'pod', pod: to } };
    case 'service':
      return serviceByName(cluster, to.namespace, to.service, to.port, to.protocol);
    case 'address':
      return byAddress(cluster, to.address, to.port, to.protocol);
    case 'name':
      // Names are looked up first (name-trace.ts); what reaches here is the address they gave.
      return fail('unresolved-name', `${to.name} is a name: resolve it with traceName first.`);
  }
}

function serviceByName(cluster: Cluster, namespace: string, name: string, port: number, protocol: ServicePort['protocol']): Resolved {
  const service = cluster.services.find((s) => s.namespace === namespace && s.name === name);
  if (service === undefined) {
    const known = cluster.services.map((s) => `${s.namespace}/${s.name}`);
    return fail('unknown-service', `There is no Service ${namespace}/${name} (known: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}).`);
  }
  if (service.type === 'ExternalName') {
    return fail('external-name', `${namespace}/${name} is an ExternalName Service (${service.externalName ?? ''}): it has no ClusterIP and kube-proxy writes no rules for it; only DNS knows it, as a CNAME.`);
  }
  if (service.clusterIP === undefined) {
    return fail('headless', `${namespace}/${name} is headless (clusterIP: None): it has no virtual address and kube-proxy ignores it; DNS answers with the pod IPs, so address a pod instead.`);
  }
  return servicePort(service, service.clusterIP, port, protocol, (p) => p.port === port);
}

function servicePort(service: Service, address: string, port: number, protocol: ServicePort['protocol'], matches: (p: ServicePort) => boolean): Resolved {
  const found = service.ports.find((p) => matches(p) && p.protocol === protocol);
  if (found === undefined) {
    const ports = service.ports.map((p) => `${p.port}/${p.protocol}${p.name === undefined ? '' : ` (${p.name})`}`).join(', ');
    return fail('unknown-service-port', `${service.namespace}/${service.name} has no port ${port}/${protocol}; its ports are ${ports || 'none'}. Nothing answers there: kube-proxy writes rules only for declared ports.`);
  }
  return { ok: true, value: { kind: 'service', service, port: found, address } };
}

/** Whatever owns the address: a pod IP, a ClusterIP, a load balancer IP, or a node IP with a NodePort. */
function byAddress(cluster: Cluster, address: string, port: number, protocol: ServicePort['protocol']): Resolved {
  const pod = cluster.pods.find((p) => p.ip === address && p.network.kind === 'pod');
  if (pod !== undefined) {
    const found = findPod(cluster, pod.namespace, pod.name);
    if (found !== undefined) return { ok: true, value: { kind: 'pod', pod: { kind: 'pod', namespace: pod.namespace, pod: pod.name, port, protocol } } };
  }
  const byClusterIP = cluster.services.find((s) => s.clusterIP === address);
  if (byClusterIP !== undefined) return servicePort(byClusterIP, address, port, protocol, (p) => p.port === port);
  const byBalancer = cluster.services.find((s) => s.type === 'LoadBalancer' && s.loadBalancerIPs.includes(address));
  if (byBalancer !== undefined) return servicePort(byBalancer, address, port, protocol, (p) => p.port === port);
  const node = cluster.nodes.find((n) => n.internalIP === address);
  if (node !== undefined) {
    const byNodePort = cluster.services.find((s) => s.ports.some((p) => p.nodePort === port && p.protocol === protocol));
    if (byNodePort !== undefined) return servicePort(byNodePort, address, port, protocol, (p) => p.nodePort === port);
    return fail('node-address', `${address} is ${node.name}'s address and no Service has NodePort ${port}/${protocol}; a port in the node's own namespace is traced as such (host-destination.ts).`);
  }
  const hostPod = cluster.pods.find((p) => p.ip === address);
  if (hostPod !== undefined) return fail('host-network', `${address} is ${hostPod.namespace}/${hostPod.name}, which uses hostNetwork: it is reached in its node's own namespace.`);
  // Pods reach such addresses through their node's default route (egress-trace.ts).
  return fail('outside', `${address} is not a pod, Service or node address in this cluster: it is outside the cluster.`);
}

function fail(code: string, message: string): Resolved {
  return { ok: false, error: { code, message } };
}
