import { describe, expect, it } from 'vitest';
import example from '../../../examples/same-node-pods.yaml?raw';
import { traceFlow } from '../../core';
import type { Flow } from '../../core';
import { clusterOf } from '../../core/cluster/test-helpers';
import { comparisonOf, freshEntry, retraced, scenarioFlowOf, splitScenarioFlow, withoutComparison, withoutFlow, type FlowEntry, type Tracer } from './flowList';
import { pickFlow } from './pickFlow';


const POLICY = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: backend-ingress, namespace: default}
spec:
  podSelector: {matchLabels: {app: backend}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: db}}}]
`;

/** The store's tracer, on the cluster this text builds. */
function tracerFor(text: string): Tracer {
  const cluster = clusterOf(text);
  return (wanted, endpoint) => {
    const flow = pickFlow(cluster, wanted);
    if (!flow) return { flow: wanted, result: undefined };
    return { flow, result: traceFlow(cluster, flow, endpoint === undefined ? {} : { endpoint }) };
  };
}

const toBackend: Flow = {
  from: { kind: 'pod', namespace: 'default', pod: 'frontend', container: 'web' },
  to: { kind: 'pod', namespace: 'default', pod: 'backend', port: 8080, protocol: 'TCP' },
};
const toDb: Flow = { ...toBackend, to: { kind: 'pod', namespace: 'default', pod: 'db', port: 5432, protocol: 'TCP' } };

const verdictOf = (entry: FlowEntry): string | undefined => (entry.result?.ok ? entry.result.trace.verdict : undefined);

describe('retraced', () => {
  it('keeps the run an edit replaced, and compares the two', () => {
    const before = freshEntry(tracerFor(example), toBackend, undefined);
    expect(comparisonOf(before)).toBeUndefined();
    const after = retraced(before, tracerFor(example + POLICY), false);
    expect(after.previous).toBe(before.result);
    expect(verdictOf(after)).toBe('dropped');
    const comparison = comparisonOf(after);
    expect(comparison?.verdict).toEqual({ before: 'delivered', after: 'dropped' });
    expect(comparison?.hops.filter((c) => c.kind === 'added').map((c) => c.hop.kind)).toEqual(['network-policy', 'drop']);
    // The same entry gives the same comparison object (the hop list and the line read it on every render).
    expect(comparisonOf(after)).toBe(comparison);
  });

  it('each flow of a list keeps its own comparison: the policy drops one, the other is delivered still', () => {
    const tracer = tracerFor(example);
    const list = [freshEntry(tracer, toBackend, undefined), freshEntry(tracer, toDb, undefined)];
    const edited = list.map((e) => retraced(e, tracerFor(example + POLICY), false));
    expect(edited.map(verdictOf)).toEqual(['dropped', 'delivered']);
    expect(comparisonOf(edited[0])?.verdict).toEqual({ before: 'delivered', after: 'dropped' });
    // Once a policy exists the trace checks both sides of every connection; db is not selected, so both checks pass.
    const toDbChanges = comparisonOf(edited[1]);
    expect(toDbChanges?.verdict).toBeUndefined();
    expect(toDbChanges?.hops.filter((c) => c.kind !== 'same').map((c) => `${c.kind} ${c.kind === 'removed' ? c.before.kind : c.hop.kind}`)).toEqual([
      'added network-policy',
      'added network-policy',
    ]);
  });

  it('keeps the earlier comparison through an edit that does not change this flow (typing on after the change)', () => {
    const first = retraced(freshEntry(tracerFor(example), toBackend, undefined), tracerFor(example), false);
    const dropped = retraced(first, tracerFor(example + POLICY), false);
    const typedOn = retraced(dropped, tracerFor(`${example + POLICY}# a comment\n`), false);
    expect(typedOn.result).not.toBe(dropped.result);
    expect(typedOn.previous).toBe(dropped.previous);
    expect(comparisonOf(typedOn)?.verdict).toEqual({ before: 'delivered', after: 'dropped' });
    // Undoing the policy is a change again: the comparison now goes the other way.
    const undone = retraced(typedOn, tracerFor(example), false);
    expect(comparisonOf(undone)?.verdict).toEqual({ before: 'dropped', after: 'delivered' });
  });

  it('compares a word typed key by key as one edit with the run before it began', () => {
    const port = (digits: string) => tracerFor(example.replace('containerPort: 8080', `containerPort: ${digits}`));
    const start = retraced(freshEntry(tracerFor(example), toBackend, undefined), tracerFor(example), false);
    // Backspaces, then 9090: the runs in between are refused too, with other declared ports.
    let entry = retraced(start, port('80'), false);
    expect(comparisonOf(entry)?.verdict).toEqual({ before: 'delivered', after: 'refused' });
    for (const digits of ['9', '90', '9090']) entry = retraced(entry, port(digits), true);
    expect(entry.previous).toBe(start.result);
    expect(comparisonOf(entry)?.verdict).toEqual({ before: 'delivered', after: 'refused' });
    // Not continued: the next edit compares with 9090's run.
    const again = retraced(entry, port('9091'), false);
    expect(again.previous).toBe(entry.result);
    const changes = comparisonOf(again);
    expect(changes?.verdict).toBeUndefined();
    expect(changes?.hops.flatMap((c) => (c.kind === 'changed' ? [[c.hop.kind, ...c.fields.map((f) => `${f.field}: ${f.before} → ${f.after}`)]] : []))).toEqual([
      ['refuse', 'rule: declared: api 9090/TCP, metrics 9102/TCP → declared: api 9091/TCP, metrics 9102/TCP'],
    ]);
  });

  it('an edit that comes back to where it began shows nothing, and a dismissed comparison does not return', () => {
    const start = retraced(freshEntry(tracerFor(example), toBackend, undefined), tracerFor(example), false);
    const halfway = retraced(start, tracerFor(example + POLICY), false);
    expect(comparisonOf(halfway)?.verdict).toEqual({ before: 'delivered', after: 'dropped' });
    const back = retraced(halfway, tracerFor(example), true);
    expect(comparisonOf(back)).toBeUndefined();
    const dismissed = withoutComparison(halfway);
    expect(comparisonOf(dismissed)).toBeUndefined();
    // The edit goes on after the dismiss: compared with what was on screen then, which it repeats.
    expect(comparisonOf(retraced(dismissed, tracerFor(`${example + POLICY}# more\n`), true))).toBeUndefined();
  });

  it('starts afresh when the flow itself had to change (its pod is gone)', () => {
    const before = freshEntry(tracerFor(example), toDb, undefined);
    const withoutDb = example.slice(0, example.lastIndexOf('---'));
    const after = retraced(before, tracerFor(withoutDb), false);
    expect(after.flow).not.toBe(toDb);
    expect(after.flow.to).toMatchObject({ kind: 'pod', pod: 'backend' });
    expect(after.previous).toBeUndefined();
  });
});

describe('withoutFlow', () => {
  const tracer = tracerFor(example);
  const [a, b, c] = [toBackend, toDb, toBackend].map((f) => freshEntry(tracer, f, undefined)) as [FlowEntry, FlowEntry, FlowEntry];

  it('keeps the shown flow shown when another goes', () => {
    expect(withoutFlow([a, b, c], 2, 0)).toEqual({ flows: [b, c], selected: 1 });
    expect(withoutFlow([a, b, c], 0, 2)).toEqual({ flows: [a, b], selected: 0 });
  });

  it('shows the next flow (or the one before, at the end) when the shown one goes', () => {
    expect(withoutFlow([a, b, c], 1, 1)).toEqual({ flows: [a, c], selected: 1 });
    expect(withoutFlow([a, b, c], 2, 2)).toEqual({ flows: [a, b], selected: 1 });
  });

  it('never removes the last flow, nor one that is not there', () => {
    const one = [a];
    expect(withoutFlow(one, 0, 0).flows).toBe(one);
    const three = [a, b, c];
    expect(withoutFlow(three, 0, 3).flows).toBe(three);
  });
});

describe('scenario flows', () => {
  it('carry the endpoint choice only when there is one, and split back', () => {
    const tracer = tracerFor(example);
    expect(scenarioFlowOf(freshEntry(tracer, toBackend, undefined))).toEqual(toBackend);
    expect(scenarioFlowOf(freshEntry(tracer, toBackend, 2))).toEqual({ ...toBackend, endpoint: 2 });
    expect(splitScenarioFlow({ ...toDb, endpoint: 1 })).toEqual({ flow: toDb, endpoint: 1 });
  });
});
