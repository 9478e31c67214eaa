/**
 * The policy world: the namespaces (with their labels) and NetworkPolicies that verdicts are
 * computed against, indexed once. Pods are not part of it: they are the endpoints of each
 * question, and come from wherever the caller got them.
 */
import { DEFAULT_POLICY_SETTINGS, type Labels, type NetworkPolicy, type PolicyNamespace, type PolicySettings } from './types';

/** Set by the API server on every namespace to its name; it cannot be overridden. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface PolicyWorldInput {
  readonly namespaces?: readonly PolicyNamespace[];
  readonly policies: readonly NetworkPolicy[];
  readonly settings?: Partial<PolicySettings>;
}

export interface PolicyWorld {
  readonly settings: PolicySettings;
  readonly policies: readonly NetworkPolicy[];
  readonly policiesByNamespace: ReadonlyMap<string, readonly NetworkPolicy[]>;
  /** Declared namespaces' labels, each with `kubernetes.io/metadata.name`. */
  readonly namespaceLabels: ReadonlyMap<string, Labels>;
}

export function createPolicyWorld(input: PolicyWorldInput): PolicyWorld {
  const policiesByNamespace = new Map<string, NetworkPolicy[]>();
  for (const policy of input.policies) {
    const list = policiesByNamespace.get(policy.namespace) ?? [];
    list.push(policy);
    policiesByNamespace.set(policy.namespace, list);
  }
  const namespaceLabels = new Map<string, Labels>();
  for (const ns of input.namespaces ?? []) namespaceLabels.set(ns.name, withNameLabel(ns.name, ns.labels));
  return {
    settings: { ...DEFAULT_POLICY_SETTINGS, ...input.settings },
    policies: input.policies,
    policiesByNamespace,
    namespaceLabels,
  };
}

/**
 * The labels of a namespace as the API server holds them. A namespace the input does not
 * declare exists with only its automatic name label (as netpol-analyzer synthesizes it).
 */
export function namespaceLabelsOf(world: PolicyWorld, name: string): Labels {
  return world.namespaceLabels.get(name) ?? { [NAMESPACE_NAME_LABEL]: name };
}

export function policiesIn(world: PolicyWorld, namespace: string): readonly NetworkPolicy[] {
  return world.policiesByNamespace.get(namespace) ?? [];
}

function withNameLabel(name: string, labels: Labels): Labels {
  // "The Kubernetes control plane sets an immutable label kubernetes.io/metadata.name on all
  // namespaces, the value of the label is the namespace name."
  return { ...labels, [NAMESPACE_NAME_LABEL]: name };
}
