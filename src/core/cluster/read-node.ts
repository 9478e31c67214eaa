import type { Diagnostic, ManifestObject, SourceSpan } from '../manifest/types';
import { isMapping } from '../manifest/parse';
import { isIpv4, isIpv4Cidr } from '../net/ipv4';
import { clusterMessages } from './messages';
import { readStringMap, reporterFor } from './read-template';
import type { Taint } from './types';

/** What a pasted Node object says about itself. */
export interface NodeFacts {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly podCIDR: string | undefined;
  readonly podCIDRSpan: SourceSpan;
  readonly internalIP: string | undefined;
  readonly unschedulable: boolean;
  readonly taints: readonly Taint[];
  readonly span: SourceSpan;
}

const EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

export function readNode(object: ManifestObject, diagnostics: Diagnostic[]): NodeFacts {
  const report = reporterFor(object, diagnostics);
  const spec = isMapping(object.body.spec) ? object.body.spec : {};
  const status = isMapping(object.body.status) ? object.body.status : {};
  const metadata = isMapping(object.body.metadata) ? object.body.metadata : {};

  let podCIDR: string | undefined;
  if (typeof spec.podCIDR === 'string') {
    if (isIpv4Cidr(spec.podCIDR)) podCIDR = spec.podCIDR;
    else report(clusterMessages.badCIDR('spec.podCIDR', spec.podCIDR), ['spec', 'podCIDR']);
  }

  let internalIP: string | undefined;
  if (Array.isArray(status.addresses)) {
    status.addresses.forEach((entry, i) => {
      if (!isMapping(entry) || entry.type !== 'InternalIP' || internalIP !== undefined) return;
      if (typeof entry.address === 'string' && isIpv4(entry.address)) internalIP = entry.address;
      else report(clusterMessages.badIP('InternalIP', String(entry.address)), ['status', 'addresses', i, 'address']);
    });
  }

  const taints: Taint[] = [];
  if (Array.isArray(spec.taints)) {
    for (const taint of spec.taints) {
      if (!isMapping(taint) || typeof taint.key !== 'string' || typeof taint.effect !== 'string' || !EFFECTS.has(taint.effect)) continue;
      taints.push({ key: taint.key, value: typeof taint.value === 'string' ? taint.value : undefined, effect: taint.effect as Taint['effect'] });
    }
  }

  return {
    name: object.name,
    labels: readStringMap(metadata.labels, ['metadata', 'labels'], report),
    podCIDR,
    podCIDRSpan: object.spanOf(['spec', 'podCIDR']),
    internalIP,
    unschedulable: spec.unschedulable === true,
    taints,
    span: object.span,
  };
}
