import type { ClusterSettings } from './types';

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
};
