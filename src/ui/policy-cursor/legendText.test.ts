import { describe, expect, it } from 'vitest';
import type { PolicyAtCursor, RuleAtCursor } from '../../core';
import type { DiagramNode } from '../diagram/flowTypes';
import { legendText, legendTitle } from './legendText';
import { markPolicyPods } from './markPolicyPods';

const span = { line: 1, column: 1, endLine: 1, endColumn: 1, from: 0, to: 0 };
const ref = (name: string) => ({ namespace: 'shop', name });

const rule = (over: Partial<RuleAtCursor>): RuleAtCursor => ({
  direction: 'ingress',
  index: 0,
  everyPeer: false,
  admits: [ref('web-1'), ref('web-2')],
  ipBlocks: [],
  ports: ['TCP 3306'],
  peer: undefined,
  span,
  ...over,
});

const policy = (r: RuleAtCursor | undefined): PolicyAtCursor => ({ namespace: 'shop', name: 'db-policy', selects: [ref('db')], rule: r, span });

describe('legendText', () => {
  it('says what the policy selects and what the rule admits, on which ports', () => {
    expect(legendText(policy(undefined))).toBe('policy db-policy selects 1 pod');
    expect(legendText(policy(rule({})))).toBe('policy db-policy selects 1 pod; ingress rule 0 admits 2 pods on TCP 3306');
    expect(legendText(policy(rule({ direction: 'egress', index: 2, ports: [], ipBlocks: ['10.0.0.0/8 except 10.1.0.0/16'] })))).toBe(
      'policy db-policy selects 1 pod; egress rule 2 admits 2 pods and addresses in 10.0.0.0/8 except 10.1.0.0/16 on all ports',
    );
    expect(legendText(policy(rule({ everyPeer: true, admits: [ref('a')] })))).toBe(
      'policy db-policy selects 1 pod; ingress rule 0 admits every source (1 pod and all addresses) on TCP 3306',
    );
  });

  it('names the peer the cursor is in, with its own pods, and lists them in the tooltip', () => {
    const inPeer = policy(rule({ peer: { index: 1, kind: 'selectors', text: 'pods with role=web in namespace shop', admits: [ref('web-1')], span } }));
    expect(legendText(inPeer)).toBe(
      'policy db-policy selects 1 pod; ingress rule 0, peer 1 (pods with role=web in namespace shop), admits 1 pod on TCP 3306',
    );
    expect(legendTitle(inPeer)).toBe('selected: shop/db\nadmitted: shop/web-1');
  });
});

describe('markPolicyPods', () => {
  const node = (id: string): DiagramNode => ({
    id,
    type: 'k8sGroup',
    position: { x: 0, y: 0 },
    data: { kind: 'pod', label: id, detail: '', onPath: false, current: false, muted: false, ports: [] },
  });

  it('marks only the named pods, keeping every other node object as it was', () => {
    const nodes = [node('pod:shop/db'), node('pod:shop/web-1'), node('pod:shop/other')];
    const marked = markPolicyPods(nodes, new Map([['pod:shop/db', 'selected'], ['pod:shop/web-1', 'admitted']]));
    expect(marked.map((n) => n.data.policyMark)).toEqual(['selected', 'admitted', undefined]);
    expect(marked[2]).toBe(nodes[2]);
    expect(markPolicyPods(nodes, new Map())).toBe(nodes);
  });
});
