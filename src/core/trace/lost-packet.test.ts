import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../manifest/parse';
import { buildCluster } from '../cluster/build';
import { DEFAULT_SETTINGS, withCni } from '../cluster/settings';
import { traceFlow } from './trace';

const dump = readFileSync(fileURLToPath(new URL('../../../fixtures/realistic-dump/cluster.yaml', import.meta.url)), 'utf8');

describe('a flow whose packet the model loses half-way', () => {
  // A Flannel cluster's dump (pods in 10.244.x.0/24) read with Weave's settings (10.32.0.0/12):
  // the stated addresses are kept, and Weave's routes do not lead to them.
  const cluster = buildCluster(parseManifests(dump), withCni(DEFAULT_SETTINGS, 'weave'));

  it('is a failed trace that names the foreign addresses, not an exception', () => {
    expect(cluster.diagnostics.some((d) => d.code === 'pod-ip-outside-cidr')).toBe(true);
    const result = traceFlow(cluster, {
      from: { kind: 'pod', namespace: 'kube-flannel', pod: 'kube-flannel-ds-v9zns', container: undefined },
      to: { kind: 'pod', namespace: 'kube-system', pod: 'coredns-xcmd8l67hl-lkldq', port: 53, protocol: 'UDP' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('internal');
    expect(result.error.message).toMatch(/^The simulator cannot follow this flow \(the packet for 10\.244\.\d+\.\d+ did not reach a pod\): some pods' stated addresses lie outside the pod network of these settings/);
  });

  it('leaves the flows the model can follow alone', () => {
    const flannel = buildCluster(parseManifests(dump), DEFAULT_SETTINGS);
    const result = traceFlow(flannel, {
      from: { kind: 'pod', namespace: 'kube-flannel', pod: 'kube-flannel-ds-v9zns', container: undefined },
      to: { kind: 'pod', namespace: 'kube-system', pod: 'coredns-xcmd8l67hl-lkldq', port: 53, protocol: 'UDP' },
    });
    expect(result.ok && result.trace.verdict).toBe('delivered');
  });
});
