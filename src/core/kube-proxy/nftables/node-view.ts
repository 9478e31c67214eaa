import { kubeProxySettings } from '../../cluster/settings';
import type { Cluster, ClusterNode, KubeProxySettings, Service, ServicePort } from '../../cluster/types';
import { isIpv4Cidr, parsePrefix, prefixContains } from '../../net/ipv4';
import type { EndpointChoice } from '../types';

/**
 * What one node's kube-proxy knows about itself, shared by the IPVS and nftables backends:
 * its addresses, how it tells pod traffic apart (the local-traffic detector), its mark.
 */
export interface ProxyNode {
  readonly node: ClusterNode;
  readonly flags: KubeProxySettings;
  /** The mark KUBE-MARK-MASQ / mark-for-masquerade sets: 1 << --iptables-masquerade-bit. */
  readonly mark: number;
  /** `--detect-local-mode`'s CIDR (the cluster CIDR, or this node's pod CIDR), undefined for `None`. */
  readonly localCIDR: string | undefined;
  /** Every address the node owns on its own interfaces (eth0, the CNI bridge, the tunnel device). */
  readonly localAddresses: readonly string[];
}

export function proxyNode(cluster: Cluster, nodeName: string): ProxyNode {
  const node = cluster.nodes.find((n) => n.name === nodeName);
  if (node === undefined) throw new Error(`no node named ${nodeName} in the cluster`);
  const flags = kubeProxySettings(cluster.settings);
  const localCIDR =
    flags.detectLocalMode === 'ClusterCIDR' ? cluster.settings.clusterCIDR : flags.detectLocalMode === 'NodeCIDR' ? node.podCIDR : undefined;
  const localAddresses = [node.eth0, node.bridge, node.tunnel]
    .map((i) => i?.cidr?.split('/')[0])
    .filter((ip): ip is string => ip !== undefined);
  return { node, flags, mark: 2 ** flags.masqueradeBit, localCIDR, localAddresses: [...new Set([node.internalIP, ...localAddresses])] };
}

export function inCIDR(ip: string, cidr: string): boolean {
  return isIpv4Cidr(cidr) && prefixContains(parsePrefix(cidr), ip);
}

/** The Services kube-proxy programs: those with a ClusterIP (headless and ExternalName ones get no rules), in namespace/name order. */
export function proxiedServices(cluster: Cluster): Service[] {
  return cluster.services
    .filter((s) => s.clusterIP !== undefined && !s.headless && s.type !== 'ExternalName')
    .sort((a, b) => compare(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The `ns/name:port` name kube-proxy uses in comments (no `:port` for an unnamed port). */
export function portLabel(service: Service, port: ServicePort): string {
  return port.name === undefined ? `${service.namespace}/${service.name}` : `${service.namespace}/${service.name}:${port.name}`;
}

/**
 * Which of `count` candidates a random choice takes: the pinned one, else a deterministic draw
 * from the seed (the same seed always gives the same endpoint).
 */
export function drawIndex(choice: EndpointChoice, count: number): number {
  if (choice.pin !== undefined && choice.pin >= 0 && choice.pin < count) return choice.pin;
  return (Math.abs(Math.trunc(choice.seed)) >>> 0) % count;
}

/**
 * Remembers what `build(cluster, nodeName)` returned: clusters are immutable values, so a node's
 * rules are built once and reused by every dump and lookup on it.
 */
export function perClusterNode<T>(build: (cluster: Cluster, nodeName: string) => T): (cluster: Cluster, nodeName: string) => T {
  const cache = new WeakMap<Cluster, Map<string, T>>();
  return (cluster, nodeName) => {
    let perNode = cache.get(cluster);
    if (perNode === undefined) {
      perNode = new Map();
      cache.set(cluster, perNode);
    }
    let value = perNode.get(nodeName);
    if (value === undefined) {
      value = build(cluster, nodeName);
      perNode.set(nodeName, value);
    }
    return value;
  };
}
