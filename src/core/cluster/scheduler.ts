import type { PodTemplate } from './read-template';
import type { NodeSelectorRequirement } from './scheduling-terms';
import type { Taint } from './types';

/** What the scheduler needs to know about a node. */
export interface SchedulableNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly unschedulable: boolean;
  readonly taints: readonly Taint[];
}

export type Placement = { ok: true; node: string } | { ok: false; reasons: string };

/**
 * A deterministic stand-in for kube-scheduler: the same filters (cordon, taints and
 * tolerations, nodeSelector, required node affinity), then the node with the fewest pods,
 * ties broken by node order, so pods spread evenly and the same input lands the same way.
 */
export class Scheduler {
  private readonly load = new Map<string, number>();

  constructor(private readonly nodes: readonly SchedulableNode[]) {
    for (const node of nodes) this.load.set(node.name, 0);
  }

  /** Counts a pod already bound to a node (from `spec.nodeName`). */
  bind(node: string): void {
    this.load.set(node, (this.load.get(node) ?? 0) + 1);
  }

  place(template: PodTemplate): Placement {
    const fitting = this.fittingNodes(template);
    if (!fitting.ok) return fitting;
    let best: SchedulableNode | undefined;
    for (const node of fitting.nodes) {
      if (best === undefined || (this.load.get(node.name) ?? 0) < (this.load.get(best.name) ?? 0)) best = node;
    }
    // fittingNodes never returns an empty list with ok: true.
    const chosen = best!.name;
    this.bind(chosen);
    return { ok: true, node: chosen };
  }

  /** The nodes a pod may run on, or the scheduler's own style of explanation why none. */
  fittingNodes(template: PodTemplate): { ok: true; nodes: SchedulableNode[] } | { ok: false; reasons: string } {
    const reasons = new Map<string, number>();
    const fitting: SchedulableNode[] = [];
    for (const node of this.nodes) {
      const reason = rejection(node, template);
      if (reason === undefined) fitting.push(node);
      else reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    if (fitting.length > 0) return { ok: true, nodes: fitting };
    const text = [...reasons].map(([reason, n]) => `${n} node(s) ${reason}`).join(', ');
    return { ok: false, reasons: text || 'no nodes' };
  }
}

function rejection(node: SchedulableNode, template: PodTemplate): string | undefined {
  if (node.unschedulable && !tolerates(template, { key: 'node.kubernetes.io/unschedulable', value: undefined, effect: 'NoSchedule' })) {
    return 'were unschedulable';
  }
  for (const taint of node.taints) {
    if (taint.effect === 'PreferNoSchedule') continue;
    if (!tolerates(template, taint)) return `had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  }
  for (const [key, value] of Object.entries(template.nodeSelector)) {
    if (node.labels[key] !== value) return "didn't match Pod's node affinity/selector";
  }
  const terms = template.requiredNodeTerms;
  if (terms.length > 0 && !terms.some((term) => term.requirements.every((r) => satisfies(node, r)))) {
    return "didn't match Pod's node affinity/selector";
  }
  return undefined;
}

function tolerates(template: PodTemplate, taint: Taint): boolean {
  return template.tolerations.some((t) => {
    if (t.effect !== undefined && t.effect !== taint.effect) return false;
    if (t.key === undefined) return t.operator === 'Exists';
    if (t.key !== taint.key) return false;
    return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
  });
}

function satisfies(node: SchedulableNode, requirement: NodeSelectorRequirement): boolean {
  const value = requirement.field ? (requirement.key === 'metadata.name' ? node.name : undefined) : node.labels[requirement.key];
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && requirement.values.includes(value);
    case 'NotIn':
      return value === undefined || !requirement.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const bound = Number(requirement.values[0]);
      const actual = Number(value);
      if (value === undefined || !Number.isInteger(bound) || !Number.isInteger(actual)) return false;
      return requirement.operator === 'Gt' ? actual > bound : actual < bound;
    }
  }
}
