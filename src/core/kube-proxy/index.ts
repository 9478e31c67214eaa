import type { KubeProxyMode } from '../cluster/types';
import { ebpfBackend } from './ebpf/index';
import { iptablesBackend } from './iptables/index';
import { ipvsBackend } from './ipvs/index';
import { nftablesBackend } from './nftables/index';
import type { KubeProxyBackend } from './types';

/**
 * The kube-proxy backends by mode. `none` is a cluster without kube-proxy, where Cilium's
 * kube-proxy replacement resolves Services in eBPF (at the socket, or on the NIC for outside
 * traffic) and no iptables rule is involved.
 */
const BACKENDS: Readonly<Record<KubeProxyMode, KubeProxyBackend>> = {
  iptables: iptablesBackend(),
  ipvs: ipvsBackend,
  nftables: nftablesBackend,
  none: ebpfBackend,
};

export function kubeProxyBackend(mode: KubeProxyMode): KubeProxyBackend {
  return BACKENDS[mode];
}

export type * from './types';
