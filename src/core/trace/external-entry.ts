import type { Cluster, ClusterNode, Service, ServicePort } from '../cluster/types';
import type { Flow } from './types';

/** Where an outside client's connection enters the cluster, and by which Service port. */
export interface EntryPoint {
  readonly kind: 'load-balancer' | 'node-port';
  readonly service: Service;
  readonly port: ServicePort;
  /** The address the client connects to: the load balancer IP, or the node's. */
  readonly address: string;
  /** The port the client connects to: the Service port on the load balancer, the NodePort on a node. */
  readonly port2: number;
  readonly node: ClusterNode | undefined;
  /** The DNS name the client looked up first. */
  readonly name: string | undefined;
}

export type Found = { ok: true; value: EntryPoint } | { ok: false; error: { code: string; message: string } };

/** Where an outside client's connection enters: a load balancer address, or a node address with a NodePort. */
export function entryPoint(cluster: Cluster, flow: Flow): Found {
  const to = flow.to;
  const { port, protocol } = to;
  const byBalancer = (service: Service, address: string, name: string | undefined): Found => {
    const found = service.ports.find((p) => p.port === port && p.protocol === protocol);
    if (found === undefined) {
      const ports = service.ports.map((p) => `${p.port}/${p.protocol}`).join(', ');
      return failed('unknown-service-port', `${service.namespace}/${service.name}'s load balancer has no port ${port}/${protocol}; its ports are ${ports}.`);
    }
    return { ok: true, value: { kind: 'load-balancer', service, port: found, address, port2: port, node: undefined, name } };
  };
  switch (to.kind) {
    case 'name': {
      const name = to.name.replace(/\.$/, '').toLowerCase();
      const service = cluster.services.find((s) => s.externalDnsHostnames?.includes(name) === true);
      if (service === undefined) {
        return failed('unknown-external-name', `No Service publishes ${name} (annotation external-dns.alpha.kubernetes.io/hostname), so the public DNS has no answer the simulator knows; cluster names such as ${name}.svc.cluster.local resolve only inside the cluster.`);
      }
      const address = service.loadBalancerIPs[0];
      if (service.type !== 'LoadBalancer' || address === undefined) {
        return failed('no-load-balancer', `${service.namespace}/${service.name} publishes ${name} but has no load balancer address to publish.`);
      }
      return byBalancer(service, address, name);
    }
    case 'service': {
      const service = cluster.services.find((s) => s.namespace === to.namespace && s.name === to.service);
      const address = service?.loadBalancerIPs[0];
      if (service === undefined || service.type !== 'LoadBalancer' || address === undefined) {
        return failed('not-external', `From outside the cluster, a Service is reached at its load balancer address or at NODE_IP:NODEPORT; svc/${to.namespace}/${to.service} names its ClusterIP, which only answers inside the cluster.`);
      }
      return byBalancer(service, address, undefined);
    }
    case 'pod':
      return failed('not-external', `Pod addresses are not routed from the internet: reach ${to.namespace}/${to.pod} through a NodePort or LoadBalancer Service.`);
    case 'address': {
      const address = to.address;
      const balanced = cluster.services.find((s) => s.type === 'LoadBalancer' && s.loadBalancerIPs.includes(address));
      if (balanced !== undefined) return byBalancer(balanced, address, undefined);
      const node = cluster.nodes.find((n) => n.internalIP === address);
      if (node !== undefined) {
        for (const service of cluster.services) {
          const found = service.ports.find((p) => p.nodePort === port && p.protocol === protocol);
          if (found !== undefined) return { ok: true, value: { kind: 'node-port', service, port: found, address, port2: port, node, name: undefined } };
        }
        return failed('no-node-port', `No Service has NodePort ${port}/${protocol}, and the simulator knows no other process listening on ${node.name}'s address from outside.`);
      }
      if (cluster.services.some((s) => s.clusterIP === address)) {
        return failed('not-external', `${address} is a ClusterIP: it exists only in each node's kube-proxy rules, and nothing routes it from outside the cluster.`);
      }
      return failed('not-external', `${address} is not a load balancer or node address of this cluster.`);
    }
  }
}

function failed(code: string, message: string): Found {
  return { ok: false, error: { code, message } };
}
