import type { ClusterSettings } from './types';

/**
 * What the manifests do not say. The defaults describe one node of a common kubeadm
 * cluster whose pods hang off the CNI `bridge` plugin's `cni0` (as with Flannel), with
 * the addresses used throughout the reference notes: node 192.168.1.11, pods 10.244.1.0/24.
 */
export const DEFAULT_SETTINGS: ClusterSettings = {
  nodeName: 'node-1',
  nodeIP: '192.168.1.11',
  podCIDR: '10.244.1.0/24',
  bridgeName: 'cni0',
  mtu: 1500,
};
