import { isIpv4Cidr, parsePrefix } from '../net/ipv4';
import type { ClusterSettings, CniPlugin, IpvsScheduler, KubeProxyMode, KubeProxySettings } from './types';

/**
 * What the manifests do not say. The defaults describe a common kubeadm cluster:
 * Flannel in VXLAN mode (pods on `cni0`, MTU 1450), kube-proxy in iptables mode,
 * the kubeadm service subnet and cluster domain. One node until traffic between
 * nodes is simulated; a dump that names its nodes gets exactly those.
 */
export const DEFAULT_SETTINGS: ClusterSettings = {
  nodeNames: ['node-1'],
  nodeSubnet: '192.168.1.0/24',
  clusterCIDR: '10.244.0.0/16',
  nodeCIDRMaskSize: 24,
  serviceCIDR: '10.96.0.0/12',
  clusterDomain: 'cluster.local',
  cni: 'flannel-vxlan',
  kubeProxyMode: 'iptables',
  loadBalancerCIDR: '203.0.113.0/24',
  enforceNetworkPolicy: true,
  ipBlockMatchesPods: true,
};

/**
 * kube-proxy's defaults on a kubeadm cluster: mark bit 14 (0x4000), no --masquerade-all, pod
 * traffic told apart by the cluster CIDR (kubeadm passes its pod subnet as --cluster-cidr),
 * NodePorts on every local address including 127.0.0.1.
 */
export const DEFAULT_KUBE_PROXY_SETTINGS: KubeProxySettings = {
  masqueradeBit: 14,
  masqueradeAll: false,
  detectLocalMode: 'ClusterCIDR',
  nodePortAddresses: [],
  localhostNodePorts: true,
  ipvsScheduler: 'rr',
};

export const IPVS_SCHEDULERS: readonly IpvsScheduler[] = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'sh', 'dh', 'sed', 'nq', 'mh'];

/** The kube-proxy flags in effect: the settings' own, else the defaults. */
export function kubeProxySettings(settings: ClusterSettings): KubeProxySettings {
  return { ...DEFAULT_KUBE_PROXY_SETTINGS, ...settings.kubeProxy };
}

/** The CNI plugins and kube-proxy modes the settings may name, for pickers and validation. */
export const CNI_PLUGINS: readonly CniPlugin[] = [
  'flannel-vxlan',
  'flannel-host-gw',
  'bridge',
  'calico-ipip',
  'calico-vxlan',
  'calico-bgp',
  'weave',
  'weave-sleeve',
  'cilium-vxlan',
  'cilium-native',
];
export const KUBE_PROXY_MODES: readonly KubeProxyMode[] = ['iptables', 'ipvs', 'nftables', 'none'];

/** The settings whose usual value depends on the CNI plugin. */
type PluginDependent = Pick<ClusterSettings, 'clusterCIDR' | 'ipBlockMatchesPods'>;

/**
 * What a plugin's own defaults say about the settings that depend on it:
 * - Weave allocates from its IPALLOC_RANGE, 10.32.0.0/12 unless told otherwise (weave-kube's
 *   launch.sh), and ignores the nodes' pod CIDRs.
 * - Cilium matches ipBlocks only against addresses outside the cluster (pods and nodes carry
 *   identities instead), so an ipBlock never selects a pod.
 */
export function pluginDefaults(cni: CniPlugin): PluginDependent {
  return {
    clusterCIDR: cni === 'weave' || cni === 'weave-sleeve' ? '10.32.0.0/12' : DEFAULT_SETTINGS.clusterCIDR,
    ipBlockMatchesPods: !(cni === 'cilium-vxlan' || cni === 'cilium-native'),
  };
}

/**
 * Switches the CNI plugin. A setting that still holds the old plugin's default takes the new
 * plugin's; one the person changed stays as they set it.
 */
export function withCni(settings: ClusterSettings, cni: CniPlugin): ClusterSettings {
  const before = pluginDefaults(settings.cni);
  const after = pluginDefaults(cni);
  return {
    ...settings,
    cni,
    clusterCIDR: settings.clusterCIDR === before.clusterCIDR ? after.clusterCIDR : settings.clusterCIDR,
    ipBlockMatchesPods: settings.ipBlockMatchesPods === before.ipBlockMatchesPods ? after.ipBlockMatchesPods : settings.ipBlockMatchesPods,
  };
}

export interface SettingsProblem {
  readonly field: keyof ClusterSettings;
  readonly message: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Checks settings a person typed, field by field. The cluster is only built from settings
 * without problems; the UI shows each message beside its field.
 */
export function validateSettings(settings: ClusterSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const cidr = (field: keyof ClusterSettings, value: string, maxPrefix: number) => {
    if (!isIpv4Cidr(value)) problems.push({ field, message: `"${value}" is not an IPv4 CIDR such as 10.244.0.0/16.` });
    else if (parsePrefix(value).length > maxPrefix) problems.push({ field, message: `${value} is too small; use a prefix of /${maxPrefix} or shorter.` });
  };
  if (settings.nodeNames.length === 0) problems.push({ field: 'nodeNames', message: 'Name at least one node.' });
  if (settings.nodeNames.length > 500) problems.push({ field: 'nodeNames', message: 'At most 500 nodes.' });
  const seen = new Set<string>();
  for (const name of settings.nodeNames) {
    if (!DNS_SUBDOMAIN.test(name) || name.length > 253) problems.push({ field: 'nodeNames', message: `"${name}" is not a valid node name (lower-case letters, digits, '-' and '.').` });
    if (seen.has(name)) problems.push({ field: 'nodeNames', message: `"${name}" is listed twice.` });
    seen.add(name);
  }
  cidr('nodeSubnet', settings.nodeSubnet, 28);
  cidr('clusterCIDR', settings.clusterCIDR, 28);
  cidr('serviceCIDR', settings.serviceCIDR, 28);
  cidr('loadBalancerCIDR', settings.loadBalancerCIDR, 30);
  if (!Number.isInteger(settings.nodeCIDRMaskSize) || settings.nodeCIDRMaskSize < 16 || settings.nodeCIDRMaskSize > 28) {
    problems.push({ field: 'nodeCIDRMaskSize', message: 'The per-node pod CIDR size must be a prefix length from /16 to /28.' });
  } else if (isIpv4Cidr(settings.clusterCIDR) && parsePrefix(settings.clusterCIDR).length > settings.nodeCIDRMaskSize) {
    problems.push({ field: 'nodeCIDRMaskSize', message: `Each node's range (/${settings.nodeCIDRMaskSize}) must fit inside the cluster CIDR ${settings.clusterCIDR}.` });
  }
  if (isIpv4Cidr(settings.clusterCIDR) && isIpv4Cidr(settings.serviceCIDR) && overlap(settings.clusterCIDR, settings.serviceCIDR)) {
    problems.push({ field: 'serviceCIDR', message: `The service CIDR overlaps the cluster (pod) CIDR ${settings.clusterCIDR}; kubeadm refuses that.` });
  }
  if (!settings.clusterDomain.split('.').every((label) => DNS_LABEL.test(label))) {
    problems.push({ field: 'clusterDomain', message: `"${settings.clusterDomain}" is not a DNS domain such as cluster.local.` });
  }
  if (!CNI_PLUGINS.includes(settings.cni)) problems.push({ field: 'cni', message: `Unknown CNI plugin "${settings.cni}".` });
  if (!KUBE_PROXY_MODES.includes(settings.kubeProxyMode)) problems.push({ field: 'kubeProxyMode', message: `Unknown kube-proxy mode "${settings.kubeProxyMode}".` });
  const proxy = kubeProxySettings(settings);
  if (!Number.isInteger(proxy.masqueradeBit) || proxy.masqueradeBit < 0 || proxy.masqueradeBit > 31) {
    problems.push({ field: 'kubeProxy', message: 'The masquerade bit (--iptables-masquerade-bit) must be a whole number from 0 to 31.' });
  }
  if (!['ClusterCIDR', 'NodeCIDR', 'None'].includes(proxy.detectLocalMode)) {
    problems.push({ field: 'kubeProxy', message: `Unknown local-traffic detection mode "${proxy.detectLocalMode}"; use ClusterCIDR, NodeCIDR or None.` });
  }
  if (!IPVS_SCHEDULERS.includes(proxy.ipvsScheduler)) {
    problems.push({ field: 'kubeProxy', message: `Unknown IPVS scheduler "${proxy.ipvsScheduler}"; use one of ${IPVS_SCHEDULERS.join(', ')}.` });
  }
  for (const cidr of proxy.nodePortAddresses) {
    if (!isIpv4Cidr(cidr)) problems.push({ field: 'kubeProxy', message: `NodePort address "${cidr}" is not an IPv4 CIDR such as 192.168.1.0/24.` });
  }
  return problems;
}

function overlap(a: string, b: string): boolean {
  const x = parsePrefix(a);
  const y = parsePrefix(b);
  const length = Math.min(x.length, y.length);
  const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
  return ((x.network & mask) >>> 0) === ((y.network & mask) >>> 0);
}
