import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../core';
import { runSimulation } from './runSimulation';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: nginx
      image: nginx:1.27
      ports:
        - containerPort: 80
`;

describe('runSimulation', () => {
  it('builds with the settings it is given', () => {
    const outcome = runSimulation(POD, { ...DEFAULT_SETTINGS, clusterCIDR: '10.42.0.0/16', nodeNames: ['worker-a'] });
    const web = outcome.model?.cluster.pods.find((p) => p.name === 'web');
    expect(web?.ip).toMatch(/^10\.42\./);
    expect(outcome.model?.cluster.nodes.map((n) => n.name)).toEqual(['worker-a']);
  });

  it('lists each diagnostic once, though the cluster passes on the parse diagnostics', () => {
    const outcome = runSimulation(POD.replace('apiVersion: v1\n', ''), DEFAULT_SETTINGS);
    const codes = outcome.diagnostics.map((d) => d.code);
    expect(codes.filter((c) => c === 'missing-api-version')).toHaveLength(1);
  });

  it('lists the problems of every document when one has a syntax error, but gives no model', () => {
    const text = `${POD.replace('80', '"eighty"')}---\nkind: Pod\nmetadata: {name: x\n`;
    const outcome = runSimulation(text, DEFAULT_SETTINGS);
    expect(outcome.model).toBeUndefined();
    expect(outcome.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['port-out-of-range', 'yaml-syntax']));
    const froms = outcome.diagnostics.map((d) => d.span.from);
    expect(froms).toEqual([...froms].sort((a, b) => a - b));
  });
});
