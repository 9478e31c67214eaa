import type { Service, ServicePort } from '../../cluster/types';

/** What a person is told when kube-proxy's filter rules refuse a Service packet. */
export function verdictReasons(servicePort: string, service: Service, port: ServicePort, nodeName: string) {
  const total = port.endpoints.length;
  const none =
    total === 0
      ? 'no endpoint at all (no pod matches its selector, or no EndpointSlice lists an address)'
      : `none of its ${total} endpoint${total === 1 ? ' is' : 's is'} ready (or serving while terminating)`;
  return {
    noEndpoints: `${servicePort} has ${none}, so kube-proxy rejects the connection: the client gets ICMP port unreachable ("connection refused").`,
    noLocalInternal: `${servicePort} has internalTrafficPolicy: Local and node ${nodeName} runs none of its ready endpoints, so kube-proxy drops packets sent here to its ClusterIP (endpoints on other nodes are not used).`,
    noLocalExternal: `${servicePort} has externalTrafficPolicy: Local and node ${nodeName} runs none of its ready endpoints, so kube-proxy drops external traffic arriving at this node${service.healthCheckNodePort === undefined ? '' : ` (its health check on port ${service.healthCheckNodePort} answers 503 here, so a load balancer stops sending to this node)`}.`,
    sourceRanges: (ranges: readonly string[]) =>
      `the client is outside loadBalancerSourceRanges (${ranges.join(', ')}) of ${servicePort}, so the packet is not DNATed and KUBE-PROXY-FIREWALL drops it.`,
  };
}
