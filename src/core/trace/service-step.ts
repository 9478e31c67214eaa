import type { ClusterNode, Service, ServicePort } from '../cluster/types';
import type { ServiceLookup } from '../kube-proxy/types';
import type { ServiceStep } from './types';

export interface ServiceTarget {
  readonly service: Service;
  readonly port: ServicePort;
  /** The address the client wrote: the ClusterIP, or a load balancer IP that kube-proxy short-circuits. */
  readonly address: string;
}

export function serviceStep(target: ServiceTarget, node: ClusterNode, lookup: ServiceLookup): ServiceStep {
  const outcome = lookup.outcome;
  const candidates = outcome.kind === 'dnat' ? outcome.candidates : [];
  return {
    namespace: target.service.namespace,
    name: target.service.name,
    address: target.address,
    port: target.port.port,
    node: node.name,
    backend: lookup.backend,
    rules: lookup.rules,
    endpoints: candidates.map((e) => ({ ip: e.ip, port: e.port, pod: e.pod === undefined ? undefined : `${e.pod.namespace}/${e.pod.name}` })),
    chosen: outcome.kind === 'dnat' ? outcome.index : undefined,
  };
}
