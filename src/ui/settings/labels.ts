/** Words for the settings form: field labels and hints, plugin and mode names, node origins. */
import type { ClusterNode, CniPlugin, KubeProxyMode } from '../../core';
import type { SettingsField } from '../store/settingsDraft';

/** Label, one-line hint, and the kubeadm / kube-controller-manager flag the field stands for. */
export interface FieldText {
  readonly label: string;
  readonly hint: string;
  readonly flag?: string;
}

export const FIELD_TEXT: Readonly<Record<SettingsField, FieldText>> = {
  nodeNames: { label: 'Node names', hint: 'Used when the YAML names no nodes; separate with commas.' },
  nodeSubnet: { label: 'Node subnet', hint: 'Node InternalIPs (.11, .12, …) when a dump does not say.' },
  clusterCIDR: { label: 'Cluster CIDR', hint: 'Each node’s pod CIDR is carved from it. With Weave: its IPALLOC_RANGE, split among the nodes.', flag: '--cluster-cidr' },
  nodeCIDRMaskSize: { label: 'Pod CIDR size', hint: 'Prefix of each node’s pod CIDR.', flag: '--node-cidr-mask-size' },
  serviceCIDR: { label: 'Service CIDR', hint: 'Where ClusterIPs come from.', flag: '--service-cluster-ip-range' },
  clusterDomain: { label: 'Cluster domain', hint: 'The DNS suffix of Service names.' },
  cni: { label: 'CNI plugin', hint: 'What wires pods to their node.' },
  kubeProxyMode: { label: 'kube-proxy mode', hint: 'How nodes implement Services (not in the packet path yet).' },
  loadBalancerCIDR: { label: 'LoadBalancer pool', hint: 'Addresses a cloud would give LoadBalancer Services.' },
  enforceNetworkPolicy: {
    label: 'Enforce NetworkPolicies',
    hint: 'Flannel alone enforces none; clusters pair it with a policy engine (Canal, kube-router).',
  },
  ipBlockMatchesPods: {
    label: 'ipBlocks match pod IPs',
    hint: 'As Calico does. Cilium and netpol-analyzer match ipBlocks against addresses outside the cluster only.',
  },
};

export const CNI_LABELS: Readonly<Record<CniPlugin, string>> = {
  'flannel-vxlan': 'Flannel, VXLAN (cni0)',
  'flannel-host-gw': 'Flannel, host-gw (cni0)',
  bridge: 'bridge / kubenet (cbr0)',
  'calico-ipip': 'Calico, IP-in-IP (tunl0)',
  'calico-vxlan': 'Calico, VXLAN (vxlan.calico)',
  'calico-bgp': 'Calico, BGP, no encapsulation',
  weave: 'Weave Net, fast datapath (weave, VXLAN on UDP 6784)',
  'weave-sleeve': 'Weave Net, sleeve only (WEAVE_NO_FASTDP, router on UDP 6783)',
  'cilium-vxlan': 'Cilium, eBPF, VXLAN tunnel (cilium_vxlan)',
  'cilium-native': 'Cilium, eBPF, native routing',
};

export const KUBE_PROXY_LABELS: Readonly<Record<KubeProxyMode, string>> = {
  iptables: 'iptables',
  ipvs: 'IPVS',
  nftables: 'nftables',
  none: 'none (eBPF replacement)',
};

export const ORIGIN_TEXT: Readonly<Record<ClusterNode['origin'], { readonly label: string; readonly title: string }>> = {
  'node-object': { label: 'Node object', title: 'A Node in your YAML: its name and addresses are used as written.' },
  'pod-reference': { label: 'pods’ nodeName', title: 'Named by spec.nodeName of your pods; addresses from their status where given.' },
  settings: { label: 'settings', title: 'Your YAML names no nodes: the name and addresses come from these settings.' },
};
