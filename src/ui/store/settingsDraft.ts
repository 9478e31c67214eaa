/**
 * The settings form as typed: text fields as strings (pickers and switches hold their value), so a half-typed
 * CIDR or an empty size can sit in the form while the last valid settings stay in effect.
 */
import type { ClusterSettings, CniPlugin, KubeProxyMode } from '../../core';

export interface SettingsDraft {
  /** Node names separated by commas or spaces. */
  readonly nodeNames: string;
  readonly nodeSubnet: string;
  readonly clusterCIDR: string;
  /** A prefix length, with or without its slash ("24" or "/24"). */
  readonly nodeCIDRMaskSize: string;
  readonly serviceCIDR: string;
  readonly clusterDomain: string;
  readonly cni: CniPlugin;
  readonly kubeProxyMode: KubeProxyMode;
  readonly loadBalancerCIDR: string;
  readonly enforceNetworkPolicy: boolean;
  readonly ipBlockMatchesPods: boolean;
}

export type SettingsField = keyof SettingsDraft;

export function draftOf(settings: ClusterSettings): SettingsDraft {
  return {
    nodeNames: settings.nodeNames.join(', '),
    nodeSubnet: settings.nodeSubnet,
    clusterCIDR: settings.clusterCIDR,
    nodeCIDRMaskSize: String(settings.nodeCIDRMaskSize),
    serviceCIDR: settings.serviceCIDR,
    clusterDomain: settings.clusterDomain,
    cni: settings.cni,
    kubeProxyMode: settings.kubeProxyMode,
    loadBalancerCIDR: settings.loadBalancerCIDR,
    enforceNetworkPolicy: settings.enforceNetworkPolicy,
    ipBlockMatchesPods: settings.ipBlockMatchesPods,
  };
}

/** "node-1, node-2" or "node-1 node-2" → ['node-1', 'node-2']. */
export const parseNodeNames = (text: string): string[] => text.split(/[\s,]+/).filter((name) => name !== '');

/** "/24", "24" → 24; anything else → NaN, which the core's validation reports. */
function parseMaskSize(text: string): number {
  const digits = text.trim().replace(/^\//, '');
  return /^\d+$/.test(digits) ? Number(digits) : Number.NaN;
}

/** The settings the draft stands for; check them with the core's `validateSettings` before use. */
export function settingsOf(draft: SettingsDraft): ClusterSettings {
  return {
    nodeNames: parseNodeNames(draft.nodeNames),
    nodeSubnet: draft.nodeSubnet.trim(),
    clusterCIDR: draft.clusterCIDR.trim(),
    nodeCIDRMaskSize: parseMaskSize(draft.nodeCIDRMaskSize),
    serviceCIDR: draft.serviceCIDR.trim(),
    clusterDomain: draft.clusterDomain.trim(),
    cni: draft.cni,
    kubeProxyMode: draft.kubeProxyMode,
    loadBalancerCIDR: draft.loadBalancerCIDR.trim(),
    enforceNetworkPolicy: draft.enforceNetworkPolicy,
    ipBlockMatchesPods: draft.ipBlockMatchesPods,
  };
}

/** Field by field, so a settings object built anew but equal does not re-run the core. */
export function sameSettings(a: ClusterSettings, b: ClusterSettings): boolean {
  return (
    a.nodeNames.join('\n') === b.nodeNames.join('\n') &&
    a.nodeSubnet === b.nodeSubnet &&
    a.clusterCIDR === b.clusterCIDR &&
    a.nodeCIDRMaskSize === b.nodeCIDRMaskSize &&
    a.serviceCIDR === b.serviceCIDR &&
    a.clusterDomain === b.clusterDomain &&
    a.cni === b.cni &&
    a.kubeProxyMode === b.kubeProxyMode &&
    a.loadBalancerCIDR === b.loadBalancerCIDR &&
    a.enforceNetworkPolicy === b.enforceNetworkPolicy &&
    a.ipBlockMatchesPods === b.ipBlockMatchesPods
  );
}
