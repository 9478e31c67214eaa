/**
 * Topology element ids: one function per kind, so that the topology builder, the tracer
 * and the UI agree on them without sharing strings by hand.
 */
export const elementId = {
  node: (node: string) => `node:${node}`,
  nodeInterface: (node: string, name: string) => `nic:${node}/${name}`,
  bridge: (node: string, name: string) => `bridge:${node}/${name}`,
  pod: (namespace: string, pod: string) => `pod:${namespace}/${pod}`,
  podInterface: (namespace: string, pod: string, name: string) => `podnic:${namespace}/${pod}/${name}`,
  container: (namespace: string, pod: string, container: string) => `ctr:${namespace}/${pod}/${container}`,
  volume: (namespace: string, pod: string, volume: string) => `vol:${namespace}/${pod}/${volume}`,
  hostVeth: (node: string, name: string) => `veth:${node}/${name}`,
  tunnel: (node: string, name: string) => `tun:${node}/${name}`,
  /** An Open vSwitch kernel datapath (Weave's `datapath`). */
  datapath: (node: string, name: string) => `dp:${node}/${name}`,
  /** A user-space process that carries packets between nodes (Weave's router in sleeve mode). */
  router: (node: string, name: string) => `router:${node}/${name}`,
  kubeProxy: (node: string) => `kproxy:${node}`,
  /** The network between the nodes; there is one. */
  underlay: () => 'underlay',
  /** A client outside the cluster, on the internet; there is one, whatever its address. */
  client: () => 'client',
  /** The cloud load balancer in front of a LoadBalancer Service. */
  loadBalancer: (namespace: string, service: string) => `lb:${namespace}/${service}`,
  /** A Service, drawn apart from the nodes whose rules implement it. */
  service: (namespace: string, service: string) => `svc:${namespace}/${service}`,
  /** The frame around one namespace's Services. */
  services: (namespace: string) => `svcs:${namespace}`,
} as const;
