import type { KubeProxyBackend } from '../types';
import { renderIpvs } from './render';
import { cachedIpvs, walkIpvs } from './walk';

/** kube-proxy in IPVS mode: kube-ipvs0, `ipvsadm -Ln`, `ipset list` and its few iptables rules. */
export const ipvsBackend: KubeProxyBackend = {
  mode: 'ipvs',
  dump: (cluster, nodeName) => renderIpvs(cachedIpvs(cluster, nodeName)),
  lookup: walkIpvs,
};

export { buildIpvs, type IpvsState, type VirtualServer, type Ipset } from './ruleset';
