/**
 * Reads what an earlier visit stored, trusting nothing: every field is checked, missing
 * ones take the default, and settings the core rejects are not used.
 */
import { CNI_PLUGINS, DEFAULT_SETTINGS, KUBE_PROXY_MODES, readScenarioFlow, validateSettings } from '../../core';
import type { ClusterSettings, ScenarioFlow } from '../../core';
import { draftOf, type SettingsDraft } from '../store/settingsDraft';

type Fields = Readonly<Record<string, unknown>>;

export const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const oneOf = <T extends string>(value: unknown, allowed: readonly T[]): T | undefined =>
  allowed.find((option) => option === value);

function names(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const items: readonly unknown[] = value;
  const strings = items.filter((item): item is string => typeof item === 'string');
  return strings.length === items.length ? strings : undefined;
}

const flag = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);

const whole = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) ? value : undefined;

/** `{"text": "..."}` → the text; undefined when it is not that. */
export function readScenario(value: unknown): string | undefined {
  return isFields(value) ? text(value['text']) : undefined;
}

/** Stored settings the core accepts, or undefined. */
export function readSettings(value: unknown): ClusterSettings | undefined {
  if (!isFields(value)) return undefined;
  const d = DEFAULT_SETTINGS;
  const settings: ClusterSettings = {
    nodeNames: names(value['nodeNames']) ?? d.nodeNames,
    nodeSubnet: text(value['nodeSubnet']) ?? d.nodeSubnet,
    clusterCIDR: text(value['clusterCIDR']) ?? d.clusterCIDR,
    nodeCIDRMaskSize: whole(value['nodeCIDRMaskSize']) ?? d.nodeCIDRMaskSize,
    serviceCIDR: text(value['serviceCIDR']) ?? d.serviceCIDR,
    clusterDomain: text(value['clusterDomain']) ?? d.clusterDomain,
    cni: oneOf(value['cni'], CNI_PLUGINS) ?? d.cni,
    kubeProxyMode: oneOf(value['kubeProxyMode'], KUBE_PROXY_MODES) ?? d.kubeProxyMode,
    loadBalancerCIDR: text(value['loadBalancerCIDR']) ?? d.loadBalancerCIDR,
    enforceNetworkPolicy: flag(value['enforceNetworkPolicy']) ?? d.enforceNetworkPolicy,
    ipBlockMatchesPods: flag(value['ipBlockMatchesPods']) ?? d.ipBlockMatchesPods,
  };
  return validateSettings(settings).length === 0 ? settings : undefined;
}

/** A stored form draft (which may hold invalid values: that is what drafts are for). */
export function readDraft(value: unknown, fallback: ClusterSettings): SettingsDraft {
  const base = draftOf(fallback);
  if (!isFields(value)) return base;
  return {
    nodeNames: text(value['nodeNames']) ?? base.nodeNames,
    nodeSubnet: text(value['nodeSubnet']) ?? base.nodeSubnet,
    clusterCIDR: text(value['clusterCIDR']) ?? base.clusterCIDR,
    nodeCIDRMaskSize: text(value['nodeCIDRMaskSize']) ?? base.nodeCIDRMaskSize,
    serviceCIDR: text(value['serviceCIDR']) ?? base.serviceCIDR,
    clusterDomain: text(value['clusterDomain']) ?? base.clusterDomain,
    cni: oneOf(value['cni'], CNI_PLUGINS) ?? base.cni,
    kubeProxyMode: oneOf(value['kubeProxyMode'], KUBE_PROXY_MODES) ?? base.kubeProxyMode,
    loadBalancerCIDR: text(value['loadBalancerCIDR']) ?? base.loadBalancerCIDR,
    enforceNetworkPolicy: flag(value['enforceNetworkPolicy']) ?? base.enforceNetworkPolicy,
    ipBlockMatchesPods: flag(value['ipBlockMatchesPods']) ?? base.ipBlockMatchesPods,
  };
}

/** A stored list of flows and the shown one's index. */
export interface StoredFlows {
  readonly flows: readonly ScenarioFlow[];
  readonly flowIndex: number;
}

/**
 * `{"flows": [...], "flowIndex": n}` → the flows the core's scenario reader accepts, in order;
 * a flow it refuses (a later version's kind, a damaged entry) is left out, and the index then
 * follows the flow it pointed at (the first flow when that one is gone). Undefined when no
 * flow is left or the value is not that shape.
 */
export function readFlows(value: unknown): StoredFlows | undefined {
  if (!isFields(value) || !Array.isArray(value['flows'])) return undefined;
  const items: readonly unknown[] = value['flows'];
  const wanted = whole(value['flowIndex']) ?? 0;
  const flows: ScenarioFlow[] = [];
  let flowIndex = 0;
  for (const [i, item] of items.entries()) {
    const flow = readScenarioFlow(item);
    if (!flow) continue;
    if (i === wanted) flowIndex = flows.length;
    flows.push(flow);
  }
  return flows.length === 0 ? undefined : { flows, flowIndex };
}
