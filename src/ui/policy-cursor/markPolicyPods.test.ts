import { describe, expect, it } from 'vitest';
import type { Topology, TopologyElement } from '../../core';
import { collapseTopology, summaryId } from '../diagram/collapse';
import type { DiagramNode, SummaryNode } from '../diagram/flowTypes';
import { markPolicyPods, policyCountParts, summaryMark, summaryPolicyCounts, type PolicyMarks } from './markPolicyPods';

const el = (id: string, kind: TopologyElement['kind'], parent?: string): TopologyElement => ({ id, kind, label: id, detail: '', parent });

/** Three nodes of 70 pods (40 in `shop`, 30 in `pay`): big enough to be summarised. */
function threeNodes(): Topology {
  const elements: TopologyElement[] = [];
  for (const n of ['n1', 'n2', 'n3']) {
    elements.push(el(`node:${n}`, 'node'), el(`nic:${n}/eth0`, 'host-interface', `node:${n}`));
    for (let i = 0; i < 70; i++) {
      const ns = i < 40 ? 'shop' : 'pay';
      const pod = `pod:${ns}/${n}-${i}`;
      elements.push(el(pod, 'pod', `node:${n}`), el(`ctr:${ns}/${n}-${i}/c`, 'container', pod));
    }
  }
  return { elements, links: [] };
}

describe('marks on the summary boxes that hide marked pods', () => {
  // The packet visits shop/n1-0 on n1: n1 is drawn with its other pods per namespace; n2 and n3 are one box each.
  const view = collapseTopology(threeNodes(), new Set(['ctr:shop/n1-0/c']), new Set());
  const marks: PolicyMarks = new Map([
    ['pod:shop/n1-0', 'selected'],
    ['pod:shop/n1-1', 'selected'],
    ['pod:shop/n1-2', 'both'],
    ['pod:pay/n1-50', 'admitted'],
    ['pod:shop/n2-3', 'selected'],
    ['pod:shop/n2-4', 'selected'],
    ['pod:shop/n2-5', 'selected'],
    ['pod:pay/n2-60', 'admitted'],
    ['pod:pay/n2-61', 'admitted'],
  ]);

  it('counts the marked pods per summary standing for them; a drawn pod counts nowhere, a pod in both counts in each', () => {
    expect(view.summarised).toBe(true);
    const counts = summaryPolicyCounts(marks, view.standIn);
    expect(Object.fromEntries(counts)).toEqual({
      [summaryId.namespace('node:n1', 'shop')]: { selected: 2, admitted: 1 },
      [summaryId.namespace('node:n1', 'pay')]: { selected: 0, admitted: 1 },
      [summaryId.node('node:n2')]: { selected: 3, admitted: 2 },
    });
    expect(summaryPolicyCounts(new Map(), view.standIn).size).toBe(0);
    expect(summaryPolicyCounts(marks, new Map()).size).toBe(0);
  });

  it('wears the pods’ mark for what it holds, and says how many', () => {
    expect(summaryMark({ selected: 3, admitted: 0 })).toBe('selected');
    expect(summaryMark({ selected: 0, admitted: 2 })).toBe('admitted');
    expect(summaryMark({ selected: 3, admitted: 2 })).toBe('both');
    expect(policyCountParts({ selected: 3, admitted: 0 })).toEqual([{ mark: 'selected', text: '3 selected' }]);
    expect(policyCountParts({ selected: 3, admitted: 2 })).toEqual([
      { mark: 'selected', text: '3 selected' },
      { mark: 'admitted', text: '2 admitted' },
    ]);
  });

  it('gives the counts to the summary nodes, the marks to the drawn pods, and leaves every other node object as it was', () => {
    const summaryNode = (id: string): SummaryNode => ({
      id,
      type: 'k8sSummary',
      position: { x: 0, y: 0 },
      data: { kind: 'summary', scope: 'node', label: id, detail: '', pods: 70, onPath: false, current: false, ports: [] },
    });
    const pod: DiagramNode = {
      id: 'pod:shop/n1-0',
      type: 'k8sGroup',
      position: { x: 0, y: 0 },
      data: { kind: 'pod', label: 'n1-0', detail: '', onPath: true, current: false, muted: false, ports: [] },
    };
    const nodes: DiagramNode[] = [pod, summaryNode('summary:node:n2'), summaryNode('summary:node:n3')];
    const marked = markPolicyPods(nodes, marks, summaryPolicyCounts(marks, view.standIn));
    expect(marked[0]?.data.policyMark).toBe('selected');
    expect(marked[1]?.data.policyCount).toEqual({ selected: 3, admitted: 2 });
    expect(marked[2]).toBe(nodes[2]);
    expect(markPolicyPods(nodes, new Map(), new Map())).toBe(nodes);
  });
});
