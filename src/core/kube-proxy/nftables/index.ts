import type { KubeProxyBackend } from '../types';
import { renderNftTable } from './render';
import { cachedTable, walkNftables } from './walk';

/** kube-proxy in nftables mode: `table ip kube-proxy`, as `nft list table ip kube-proxy` prints it. */
export const nftablesBackend: KubeProxyBackend = {
  mode: 'nftables',
  dump: (cluster, nodeName) => renderNftTable(cachedTable(cluster, nodeName)),
  lookup: walkNftables,
};

export { buildNftTable } from './ruleset';
export { renderNftTable } from './render';
export * from './names';
