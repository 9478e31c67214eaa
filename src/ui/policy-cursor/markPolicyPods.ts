/** The diagram's pods marked for the NetworkPolicy under the editor's cursor. Pure. */
import type { DiagramNode } from '../diagram/flowTypes';

export type PolicyMark = 'selected' | 'admitted' | 'both';

/** Pod element id → its mark. */
export type PolicyMarks = ReadonlyMap<string, PolicyMark>;

/**
 * The nodes with the marked pods given a `policyMark`. Only those get new objects, so React Flow
 * redraws a few boxes when the cursor moves, not the cluster.
 */
export function markPolicyPods(nodes: readonly DiagramNode[], marks: PolicyMarks): DiagramNode[] {
  if (marks.size === 0) return nodes as DiagramNode[];
  return nodes.map((node) => {
    const mark = marks.get(node.id);
    return mark === undefined ? node : ({ ...node, data: { ...node.data, policyMark: mark } } as DiagramNode);
  });
}
