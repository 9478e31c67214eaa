import { CILIUM_TUNNEL_ROUTE_MTU } from '../cluster/cni-profile';
import type { ClusterNode, Namespace, Pod, Route, SecurityIdentity } from '../cluster/types';
import { addressAt, parsePrefix } from '../net/ipv4';
import { deterministicMac } from '../net/mac';
import { hash32 } from '../util/hash';

/** Cilium's default tunnel port for VXLAN: the Linux vxlan driver's 8472 (Geneve would be 6081). */
export const CILIUM_VXLAN_PORT = 8472;

/**
 * Cilium on every node: the `cilium_host`/`cilium_net` veth pair, `cilium_host` holding the
 * router IP (the pods' gateway) with the route for the node's own pod CIDR through it.
 * - Tunnel mode (`routing-mode: tunnel`, `tunnel-protocol: vxlan`): `cilium_vxlan` in
 *   collect-metadata mode on UDP 8472 — bpf_lxc sets the VNI (the sender's security identity)
 *   and the remote node per packet — and a route per remote pod CIDR via the router IP on
 *   cilium_host with `mtu 1450`, which only host traffic uses.
 * - Native routing with `auto-direct-node-routes: true`: a route per remote pod CIDR via that
 *   node's address on eth0.
 * Cilium's IPAM hands out the router IP like any address of the node's CIDR; the model gives
 * it the first host address, and the pods the ones after it.
 */
export function ciliumNodes(nodes: readonly ClusterNode[], routing: 'tunnel' | 'native'): ClusterNode[] {
  const routerIP = (node: ClusterNode) => addressAt(parsePrefix(node.podCIDR), 1);
  return nodes.map((node) => {
    const router = routerIP(node);
    const own: Route[] = [
      { destination: node.podCIDR, via: router, dev: 'cilium_host', scope: 'global', proto: undefined, src: router },
      { destination: router, via: undefined, dev: 'cilium_host', scope: 'link', proto: undefined, src: undefined },
    ];
    const peers = nodes.filter((n) => n !== node);
    const remote: Route[] =
      routing === 'tunnel'
        ? peers.map((peer) => ({ destination: peer.podCIDR, via: router, dev: 'cilium_host', scope: 'global', proto: undefined, src: router, mtu: CILIUM_TUNNEL_ROUTE_MTU }))
        : peers.map((peer) => ({ destination: peer.podCIDR, via: peer.internalIP, dev: 'eth0', scope: 'global', proto: undefined, src: undefined }));
    return {
      ...node,
      cilium: {
        host: { name: 'cilium_host', mac: deterministicMac(`${node.name}/cilium_host`), cidr: `${router}/32`, mtu: node.eth0.mtu },
        net: { name: 'cilium_net', mac: deterministicMac(`${node.name}/cilium_net`), cidr: undefined, mtu: node.eth0.mtu },
        routing,
      },
      tunnel:
        routing === 'tunnel'
          ? {
              kind: 'vxlan',
              name: 'cilium_vxlan',
              mac: deterministicMac(`${node.name}/cilium_vxlan`),
              cidr: undefined,
              mtu: node.eth0.mtu,
              vni: 0,
              port: CILIUM_VXLAN_PORT,
              local: node.internalIP,
              external: true,
            }
          : undefined,
      routes: [...node.routes, ...own, ...remote],
    };
  });
}

/**
 * Label keys Cilium leaves out of identities by default (its label filter's exclusive patterns,
 * matched anywhere in the key), unless an inclusive default pattern keeps them.
 */
const EXCLUDED = [
  'io.kubernetes',
  'kubernetes.io',
  'k8s.io',
  'pod-template-generation',
  'pod-template-hash',
  'controller-revision-hash',
  'annotation',
  'controller-uid',
  'etcd_node',
];
const INCLUDED = ['app.kubernetes.io', 'io.kubernetes.pod.namespace', 'io.cilium.k8s.namespace.labels', 'io.cilium.k8s.policy'];

function identityRelevant(key: string): boolean {
  return INCLUDED.some((p) => key.includes(p)) || !EXCLUDED.some((p) => key.includes(p));
}

/** The labels an endpoint's identity is made of, as `cilium identity list` prints them, sorted. */
export function identityLabels(pod: Pod, namespace: Namespace | undefined): string[] {
  const labels = Object.entries(pod.labels)
    .filter(([key]) => identityRelevant(key))
    .map(([key, value]) => `k8s:${key}=${value}`);
  for (const [key, value] of Object.entries(namespace?.labels ?? {})) labels.push(`k8s:io.cilium.k8s.namespace.labels.${key}=${value}`);
  // The model does not read spec.serviceAccountName; every pod runs as its namespace's `default`.
  labels.push('k8s:io.cilium.k8s.policy.cluster=default', 'k8s:io.cilium.k8s.policy.serviceaccount=default', `k8s:io.kubernetes.pod.namespace=${pod.namespace}`);
  return labels.sort();
}

/** Cluster-wide identities are allocated from 256 up to 65535; below are the reserved ones (host, world, …). */
const FIRST_IDENTITY = 256;
const IDENTITY_COUNT = 65536 - FIRST_IDENTITY;

/**
 * Gives every pod with its own network namespace the security identity of its label set. Pods
 * with the same identity-relevant labels share one. The operator (or agent) picks a free number
 * at random; the model derives it from the labels and moves past clashes, so it is stable.
 */
export function withCiliumIdentities(pods: readonly Pod[], namespaces: readonly Namespace[]): Pod[] {
  const byName = new Map(namespaces.map((n) => [n.name, n]));
  const byLabels = new Map<string, SecurityIdentity>();
  const taken = new Set<number>();
  return pods.map((pod) => {
    if (pod.network.kind !== 'pod') return pod;
    const labels = identityLabels(pod, byName.get(pod.namespace));
    const key = labels.join('\n');
    let identity = byLabels.get(key);
    if (identity === undefined) {
      let id = FIRST_IDENTITY + (hash32(`cilium-identity:${key}`) % IDENTITY_COUNT);
      while (taken.has(id)) id = id + 1 >= 65536 ? FIRST_IDENTITY : id + 1;
      taken.add(id);
      identity = { id, labels };
      byLabels.set(key, identity);
    }
    return { ...pod, network: { ...pod.network, identity } };
  });
}
