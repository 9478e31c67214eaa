import type { Cluster, Pod, PodDnsConfig, Service } from '../cluster/types';
import { addressAt, parsePrefix } from '../net/ipv4';
import { MAX_NAMESERVERS, MAX_SEARCH_LIST_CHARS, MAX_SEARCH_PATHS } from './read-pod-dns';
import type { NodeResolvConf, ResolvConf } from './types';

/** glibc caps ndots at 15 (RES_MAXNDOTS) and uses 1 when resolv.conf does not say. */
const MAX_NDOTS = 15;
const DEFAULT_NDOTS = 1;
/** kubelet's options for cluster DNS: exactly this, the node's options are not inherited. */
const CLUSTER_OPTIONS = ['ndots:5'];
/** A search domain longer than a DNS subdomain is dropped by kubelet (glibc 2.28 aborts on it). */
const MAX_SEARCH_LENGTH = 253;

/** The `kube-dns` Service in kube-system: the Service kubelet's `--cluster-dns` points at. */
export function kubeDnsService(cluster: Cluster): Service | undefined {
  return cluster.services.find((s) => s.namespace === 'kube-system' && s.name === 'kube-dns');
}

/**
 * kubelet's `--cluster-dns`: by convention (kubeadm) the kube-dns Service's ClusterIP, the tenth
 * address of the service CIDR.
 */
export function clusterDnsIP(cluster: Cluster): string {
  return kubeDnsService(cluster)?.clusterIP ?? addressAt(parsePrefix(cluster.settings.serviceCIDR), 10);
}

/**
 * The node's own /etc/resolv.conf, which no manifest shows. Assumed: one resolver at the first
 * address of the node subnet (where a router or a cloud's DHCP usually puts it), no search
 * domains, no options. Pass the real file's content to `resolvConf` to replace the assumption.
 */
export function assumedNodeResolvConf(cluster: Cluster): NodeResolvConf {
  return { nameservers: [addressAt(parsePrefix(cluster.settings.nodeSubnet), 1)], searches: [], options: [] };
}

/**
 * The /etc/resolv.conf kubelet gives a pod (pkg/kubelet/network/dns `GetPodDNS`):
 * - ClusterFirst (the default), and ClusterFirstWithHostNet: `nameserver <kube-dns ClusterIP>`,
 *   `search <ns>.svc.<domain> svc.<domain> <domain>` followed by the node's search domains,
 *   `options ndots:5`;
 * - ClusterFirst on a hostNetwork pod falls back to Default: the node's own file;
 * - Default: the node's own file; None: nothing but dnsConfig;
 * then `dnsConfig` is merged in (nameservers and searches appended without duplicates, options
 * by name, the pod's value winning), and the result cut to 3 nameservers and the search limits.
 */
export function resolvConf(cluster: Cluster, pod: Pod, node?: NodeResolvConf): ResolvConf {
  const policy = pod.dnsPolicy ?? 'ClusterFirst';
  const hostNetwork = pod.network.kind === 'host';
  const host = normaliseNode(node ?? assumedNodeResolvConf(cluster));
  const notes: string[] = [];
  const domain = cluster.settings.clusterDomain;

  let base: ResolvConf['base'];
  let nameservers: string[];
  let searches: string[];
  let options: string[];
  if (policy === 'None') {
    base = 'none';
    [nameservers, searches, options] = [[], [], []];
  } else if (policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !hostNetwork)) {
    base = 'cluster-dns';
    nameservers = [clusterDnsIP(cluster)];
    searches = unique([`${pod.namespace}.svc.${domain}`, `svc.${domain}`, domain, ...host.searches]);
    options = [...CLUSTER_OPTIONS];
  } else {
    base = 'node';
    [nameservers, searches, options] = [[...host.nameservers], [...host.searches], [...host.options]];
    if (policy === 'ClusterFirst') {
      notes.push(
        `dnsPolicy ClusterFirst on a hostNetwork pod falls back to Default: the pod gets the node's own resolv.conf, so cluster names (${domain}) do not resolve. dnsPolicy: ClusterFirstWithHostNet gives it the cluster DNS.`,
      );
    }
  }
  if (base === 'node' && node === undefined) {
    notes.push(
      `The node's own /etc/resolv.conf (kubelet --resolv-conf) is not in the manifests; it is taken to be "nameserver ${host.nameservers.join(' ')}" with no search domains and no options.`,
    );
  }

  const config = pod.dnsConfig;
  if (config !== undefined) {
    nameservers = unique([...nameservers, ...config.nameservers]);
    searches = unique([...searches, ...config.searches]);
    options = mergeOptions(options, config);
    if (config.options.length > 0 && options.length > 1) {
      notes.push('kubelet merges dnsConfig options through a Go map, so a real pod may list them in another order; the resolver reads them the same in any order.');
    }
  }

  if (nameservers.length > MAX_NAMESERVERS) {
    nameservers = nameservers.slice(0, MAX_NAMESERVERS);
    notes.push(`Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${nameservers.join(' ')} (kubelet event DNSConfigForming).`);
  }
  const fitted = fitSearches(searches);
  if (fitted.length !== searches.length) {
    notes.push(`Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${fitted.join(' ')} (kubelet event DNSConfigForming).`);
  }
  searches = fitted;

  return { policy, base, nameservers, searches, options, ndots: ndotsOf(options), notes, text: renderResolvConf(nameservers, searches, options) };
}

/** The file as containerd and CRI-O write it: `search`, then one `nameserver` line each, then `options`; empty lines left out. */
export function renderResolvConf(nameservers: readonly string[], searches: readonly string[], options: readonly string[]): string {
  let text = '';
  if (searches.length > 0) text += `search ${searches.join(' ')}\n`;
  for (const server of nameservers) text += `nameserver ${server}\n`;
  if (options.length > 0) text += `options ${options.join(' ')}\n`;
  return text;
}

/** What glibc takes from `options`: the last `ndots:n`, capped at 15; 1 without one. */
export function ndotsOf(options: readonly string[]): number {
  let ndots = DEFAULT_NDOTS;
  for (const option of options) {
    if (!option.startsWith('ndots:')) continue;
    const n = Number.parseInt(option.slice('ndots:'.length), 10);
    ndots = Number.isNaN(n) || n < 0 ? 0 : Math.min(n, MAX_NDOTS);
  }
  return ndots;
}

/** kubelet's `mergeDNSOptions`: by option name, the pod's value replacing the base one; `name:value`, or `name` alone. */
function mergeOptions(base: readonly string[], config: PodDnsConfig): string[] {
  const merged = new Map<string, string>();
  for (const option of base) {
    const colon = option.indexOf(':');
    if (colon === -1) merged.set(option, '');
    else merged.set(option.slice(0, colon), option.slice(colon + 1));
  }
  for (const option of config.options) merged.set(option.name, option.value ?? '');
  return [...merged].map(([name, value]) => (value === '' ? name : `${name}:${value}`));
}

/** kubelet's `formDNSSearchFitsLimits`: at most 32 domains, none longer than 253, at most 2048 characters in all. */
function fitSearches(searches: readonly string[]): string[] {
  let fitted = searches.slice(0, MAX_SEARCH_PATHS).filter((s) => s.length <= MAX_SEARCH_LENGTH);
  while (fitted.join(' ').length > MAX_SEARCH_LIST_CHARS) fitted = fitted.slice(0, -1);
  return fitted;
}

/** kubelet's `parseResolvConf` of the node's file: search domains lose a trailing dot, and "." is dropped. */
function normaliseNode(node: NodeResolvConf): NodeResolvConf {
  return { ...node, searches: node.searches.filter((s) => s !== '.').map((s) => (s.endsWith('.') ? s.slice(0, -1) : s)) };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
