/** The diagram's pods marked for the NetworkPolicy under the editor's cursor, and the summary boxes that hide marked pods. Pure. */
import type { DiagramNode, PolicyCount } from '../diagram/flowTypes';

export type PolicyMark = 'selected' | 'admitted' | 'both';

/** Pod element id → its mark. */
export type PolicyMarks = ReadonlyMap<string, PolicyMark>;

/** Summary box id → how many of the marked pods it stands for. */
export type PolicyCounts = ReadonlyMap<string, PolicyCount>;

const NO_COUNTS: PolicyCounts = new Map();

/**
 * The marked pods a big cluster's summaries hide (`standIn`: element id → the summary drawn
 * for it), counted per summary. A pod the policy both selects and admits counts in each.
 */
export function summaryPolicyCounts(marks: PolicyMarks, standIn: ReadonlyMap<string, string>): PolicyCounts {
  if (marks.size === 0 || standIn.size === 0) return NO_COUNTS;
  const counts = new Map<string, PolicyCount>();
  for (const [pod, mark] of marks) {
    const summary = standIn.get(pod);
    if (summary === undefined) continue;
    const { selected, admitted } = counts.get(summary) ?? { selected: 0, admitted: 0 };
    counts.set(summary, {
      selected: selected + (mark === 'admitted' ? 0 : 1),
      admitted: admitted + (mark === 'selected' ? 0 : 1),
    });
  }
  return counts;
}

/** The mark a summary box wears for its counts: the pods' own, by what it holds. */
export function summaryMark(count: PolicyCount): PolicyMark {
  if (count.selected > 0 && count.admitted > 0) return 'both';
  return count.selected > 0 ? 'selected' : 'admitted';
}

/** "3 selected", "2 admitted": the words on a summary box's marks. */
export function policyCountParts(count: PolicyCount): readonly { readonly mark: 'selected' | 'admitted'; readonly text: string }[] {
  const parts: { mark: 'selected' | 'admitted'; text: string }[] = [];
  if (count.selected > 0) parts.push({ mark: 'selected', text: `${count.selected} selected` });
  if (count.admitted > 0) parts.push({ mark: 'admitted', text: `${count.admitted} admitted` });
  return parts;
}

/**
 * The nodes with the marked pods given a `policyMark`, and the summaries hiding marked pods
 * their counts. Only those get new objects, so React Flow redraws a few boxes when the cursor
 * moves, not the cluster.
 */
export function markPolicyPods(nodes: readonly DiagramNode[], marks: PolicyMarks, counts: PolicyCounts = NO_COUNTS): DiagramNode[] {
  if (marks.size === 0 && counts.size === 0) return nodes as DiagramNode[];
  return nodes.map((node): DiagramNode => {
    if (node.type === 'k8sSummary') {
      const policyCount = counts.get(node.id);
      return policyCount === undefined ? node : { ...node, data: { ...node.data, policyCount } };
    }
    const mark = marks.get(node.id);
    return mark === undefined ? node : ({ ...node, data: { ...node.data, policyMark: mark } } as DiagramNode);
  });
}
