import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clusterOf, netns } from '../cluster/test-helpers';
import type { ClusterSettings } from '../cluster/types';
import { compareTraces, type HopComparison } from './compare';
import { traceFlow } from './trace';
import type { Flow, Trace } from './types';

const example = readFileSync(fileURLToPath(new URL('../../../examples/same-node-pods.yaml', import.meta.url)), 'utf8');

const FLOW: Flow = {
  from: { kind: 'pod', namespace: 'default', pod: 'frontend', container: 'web' },
  to: { kind: 'pod', namespace: 'default', pod: 'backend', port: 8080, protocol: 'TCP' },
};

function trace(text: string, settings: Partial<ClusterSettings> = {}): Trace {
  const result = traceFlow(clusterOf(text, settings), FLOW);
  if (!result.ok) throw new Error(result.error.message);
  return result.trace;
}

/** `kind: hop kind @ where`, plus the changed fields, so a whole comparison reads as one list. */
function lines(list: readonly HopComparison[]): string[] {
  return list.map((c) => {
    if (c.kind === 'removed') return `removed: ${c.before.kind} @ ${c.before.where}`;
    const line = `${c.kind}: ${c.hop.kind} @ ${c.hop.where}`;
    return c.kind === 'changed' ? `${line} [${c.fields.map((f) => `${f.field} ${f.before} → ${f.after}`).join('; ')}]` : line;
  });
}

const ONLY_DB_TO_BACKEND = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: backend-ingress, namespace: default}
spec:
  podSelector: {matchLabels: {app: backend}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: db}}}]
`;

describe('compareTraces', () => {
  it('finds nothing to report between two runs of the same text', () => {
    const comparison = compareTraces(trace(example), trace(example));
    expect(comparison.unchanged).toBe(true);
    expect(comparison.verdict).toBeUndefined();
    expect(comparison.hops.every((c) => c.kind === 'same')).toBe(true);
    expect(comparison.hops.map((c) => (c.kind === 'same' ? [c.beforeIndex, c.index] : c.kind))).toEqual(
      Array.from({ length: 9 }, (_, i) => [i, i]),
    );
    expect(comparison.dnsHops).toEqual([]);
  });

  it('shows the policy check and the drop a new NetworkPolicy adds, and the verdict flipping', () => {
    const cluster = clusterOf(example);
    const veth = (pod: string) => `veth:node-1/${netns(cluster.pods.find((p) => p.name === pod)).hostVeth.name}`;
    const before = trace(example);
    const after = trace(example + ONLY_DB_TO_BACKEND);
    const comparison = compareTraces(before, after);
    expect(comparison.verdict).toEqual({ before: 'delivered', after: 'dropped' });
    expect(comparison.unchanged).toBe(false);
    expect(lines(comparison.hops)).toEqual([
      'same: socket-send @ ctr:default/frontend/web',
      'same: route-lookup @ podnic:default/frontend/eth0',
      'same: arp @ bridge:node-1/cni0',
      'same: veth-transmit @ podnic:default/frontend/eth0',
      `same: veth-receive @ ${veth('frontend')}`,
      `added: network-policy @ ${veth('frontend')}`,
      'same: bridge-forward @ bridge:node-1/cni0',
      `removed: veth-transmit @ ${veth('backend')}`,
      'removed: veth-receive @ podnic:default/backend/eth0',
      'removed: deliver @ ctr:default/backend/api',
      `added: drop @ ${veth('backend')}`,
    ]);
    // Indexes point into each run's own list, so the UI can find the hop of either run.
    const added = comparison.hops.filter((c) => c.kind === 'added');
    expect(added.map((c) => [c.index, after.hops[c.index]?.kind])).toEqual([
      [5, 'network-policy'],
      [7, 'drop'],
    ]);
    const removed = comparison.hops.filter((c) => c.kind === 'removed');
    expect(removed.map((c) => c.beforeIndex)).toEqual([6, 7, 8]);
    // The dropped connection has no reply: every reply hop of the old run is gone.
    expect(comparison.reply.map((c) => c.kind)).toEqual(Array<string>(8).fill('removed'));
  });

  it('turns delivered into refused when the container stops declaring the port, with the reset on the way back', () => {
    const before = trace(example);
    const after = trace(example.replace('containerPort: 8080', 'containerPort: 9090'));
    const comparison = compareTraces(before, after);
    expect(comparison.verdict).toEqual({ before: 'delivered', after: 'refused' });
    expect(lines(comparison.hops).slice(-3)).toEqual([
      'same: veth-receive @ podnic:default/backend/eth0',
      'removed: deliver @ ctr:default/backend/api',
      'added: refuse @ pod:default/backend',
    ]);
    expect(lines(comparison.reply).slice(0, 4)).toEqual([
      'removed: socket-send @ ctr:default/backend/api',
      'added: kernel-reply @ pod:default/backend',
      'changed: route-lookup @ podnic:default/backend/eth0 [l4.flags SYN-ACK → RST-ACK]',
      'changed: veth-transmit @ podnic:default/backend/eth0 [l4.flags SYN-ACK → RST-ACK]',
    ]);
    // And back: the edit undone flips the verdict the other way.
    expect(compareTraces(after, before).verdict).toEqual({ before: 'refused', after: 'delivered' });
  });

  it('adds the overlay hops when the destination pod moves to another node', () => {
    const two = { nodeNames: ['node-1', 'node-2'] };
    const pinned = (backendNode: string) =>
      example
        .replace('spec:\n  containers:\n    - name: web', 'spec:\n  nodeName: node-1\n  containers:\n    - name: web')
        .replace('spec:\n  containers:\n    - name: api', `spec:\n  nodeName: ${backendNode}\n  containers:\n    - name: api`);
    const before = trace(pinned('node-1'), two);
    const after = trace(pinned('node-2'), two);
    const comparison = compareTraces(before, after);
    expect(comparison.verdict).toBeUndefined();
    expect(comparison.hops.filter((c) => c.kind === 'added').map((c) => `${c.hop.kind} @ ${c.hop.where}`)).toEqual([
      'route-lookup @ bridge:node-1/cni0',
      'encapsulate @ tun:node-1/flannel.1',
      'nic-transmit @ nic:node-1/eth0',
      'wire @ underlay',
      'nic-receive @ nic:node-2/eth0',
      'decapsulate @ tun:node-2/flannel.1',
      'route-lookup @ bridge:node-2/cni0',
      'arp @ bridge:node-2/cni0',
      'bridge-forward @ bridge:node-2/cni0',
      expect.stringMatching(/^veth-transmit @ veth:node-2\/veth[0-9a-f]{8}$/),
    ]);
    expect(comparison.hops.filter((c) => c.kind === 'removed').map((c) => `${c.before.kind} @ ${c.before.where}`)).toEqual([
      'bridge-forward @ bridge:node-1/cni0',
      expect.stringMatching(/^veth-transmit @ veth:node-1\/veth[0-9a-f]{8}$/),
    ]);
    // The first hop keeps its place but the backend has a new address in node-2's range; the route that decides changes too.
    expect(lines(comparison.hops).slice(0, 2)).toEqual([
      'changed: socket-send @ ctr:default/frontend/web [ip.dst 10.244.0.3 → 10.244.1.2]',
      'changed: route-lookup @ podnic:default/frontend/eth0 [ip.dst 10.244.0.3 → 10.244.1.2; rule 10.244.0.0/24 dev eth0 proto kernel scope link src 10.244.0.2 → 10.244.0.0/16 via 10.244.0.1 dev eth0]',
    ]);
    // Delivered after two routed hops: the TTL shows it.
    const delivered = comparison.hops.at(-1);
    expect(delivered?.kind === 'changed' ? delivered.fields.find((f) => f.field === 'ip.ttl') : undefined).toEqual({ field: 'ip.ttl', before: '64', after: '62' });
  });
});
