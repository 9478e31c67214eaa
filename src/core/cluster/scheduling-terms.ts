import { isMapping } from '../manifest/parse';

export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  readonly values: readonly string[];
  /** `matchFields` can only name `metadata.name`; `matchExpressions` look at labels. */
  readonly field: boolean;
}

/** One term of `requiredDuringSchedulingIgnoredDuringExecution`: all requirements must hold. */
export interface NodeSelectorTerm {
  readonly requirements: readonly NodeSelectorRequirement[];
}

export interface Toleration {
  readonly key: string | undefined;
  readonly operator: 'Equal' | 'Exists';
  readonly value: string | undefined;
  readonly effect: string | undefined;
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);

export function readNodeAffinity(affinity: unknown): NodeSelectorTerm[] {
  if (!isMapping(affinity) || !isMapping(affinity.nodeAffinity)) return [];
  const required = affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  if (!isMapping(required) || !Array.isArray(required.nodeSelectorTerms)) return [];
  return required.nodeSelectorTerms.filter(isMapping).map((term) => ({
    requirements: [...requirements(term.matchExpressions, false), ...requirements(term.matchFields, true)],
  }));
}

function requirements(list: unknown, field: boolean): NodeSelectorRequirement[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isMapping).flatMap((r) => {
    if (typeof r.key !== 'string' || typeof r.operator !== 'string' || !OPERATORS.has(r.operator)) return [];
    const values = Array.isArray(r.values) ? r.values.map(String) : [];
    return [{ key: r.key, operator: r.operator as NodeSelectorRequirement['operator'], values, field }];
  });
}

export function readTolerations(value: unknown): Toleration[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isMapping).map((t) => ({
    key: typeof t.key === 'string' ? t.key : undefined,
    operator: t.operator === 'Exists' ? 'Exists' : 'Equal',
    value: typeof t.value === 'string' ? t.value : undefined,
    effect: typeof t.effect === 'string' ? t.effect : undefined,
  }));
}
