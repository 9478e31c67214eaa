import { describe, expect, it } from 'vitest';
import example from '../../../examples/same-node-pods.yaml?raw';
import { compareTraces, traceFlow } from '../../core';
import type { Flow, TraceResult } from '../../core';
import { clusterOf } from '../../core/cluster/test-helpers';
import { stepsOf } from '../store/steps';
import { changeCounts, fieldLines, hopRows, type HopRowData } from './hopRows';


const FLOW: Flow = {
  from: { kind: 'pod', namespace: 'default', pod: 'frontend', container: 'web' },
  to: { kind: 'pod', namespace: 'default', pod: 'backend', port: 8080, protocol: 'TCP' },
};

function run(text: string): Extract<TraceResult, { ok: true }> {
  const result = traceFlow(clusterOf(text), FLOW);
  if (!result.ok) throw new Error(result.error.message);
  return result;
}

/** `[direction, change, hop kind]` per row, with the step number for rows that are steps. */
const shape = (rows: readonly HopRowData[]) =>
  rows.map((r) => (r.kind === 'step' ? [r.step.direction, r.mark ?? '-', r.step.hop.kind, r.step.index] : [r.direction, 'removed', r.hop.kind]));

describe('hopRows', () => {
  it('lists the steps unmarked when there is nothing to compare', () => {
    const steps = stepsOf(run(example));
    expect(hopRows(steps, undefined).every((r) => r.kind === 'step' && r.mark === undefined)).toBe(true);
    expect(hopRows(steps, undefined)).toHaveLength(17);
  });

  it('marks the refused run against the delivered one, with the lost hops in their old places', () => {
    const before = run(example);
    const after = run(example.replace('containerPort: 8080', 'containerPort: 9090'));
    const rows = hopRows(stepsOf(after), compareTraces(before.trace, after.trace));
    expect(shape(rows).slice(7)).toEqual([
      ['forward', 'same', 'veth-receive', 7],
      ['forward', 'removed', 'deliver'],
      ['forward', 'added', 'refuse', 8],
      ['reply', 'removed', 'socket-send'],
      ['reply', 'added', 'kernel-reply', 9],
      ['reply', 'changed', 'route-lookup', 10],
      ['reply', 'changed', 'veth-transmit', 11],
      ['reply', 'changed', 'veth-receive', 12],
      ['reply', 'changed', 'bridge-forward', 13],
      ['reply', 'changed', 'veth-transmit', 14],
      ['reply', 'changed', 'veth-receive', 15],
      ['reply', 'changed', 'deliver', 16],
    ]);
    const changed = rows.find((r) => r.kind === 'step' && r.mark === 'changed');
    expect(changed?.kind === 'step' ? fieldLines(changed.fields) : '').toBe('l4.flags: SYN-ACK → RST-ACK');
    expect(changeCounts(compareTraces(before.trace, after.trace))).toEqual({ added: 2, removed: 2, changed: 7 });
  });

  it('keeps every reply hop of a dropped run, struck out under the reply heading', () => {
    const before = run(example);
    const after = run(`${example}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: default}
spec: {podSelector: {}}
`);
    const rows = hopRows(stepsOf(after), compareTraces(before.trace, after.trace));
    expect(rows.filter((r) => r.kind === 'removed' && r.direction === 'reply')).toHaveLength(8);
    expect(rows.filter((r) => r.kind === 'step').map((r) => (r.kind === 'step' ? r.step.index : -1))).toEqual(
      stepsOf(after).map((s) => s.index),
    );
  });

  it('does not mark steps with a comparison of other results', () => {
    const before = run(example);
    const after = run(example.replace('containerPort: 8080', 'containerPort: 9090'));
    const rows = hopRows(stepsOf(run(example)), compareTraces(before.trace, after.trace));
    expect(rows.every((r) => r.kind === 'step' && r.mark === undefined)).toBe(true);
  });
});
