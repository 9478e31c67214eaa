import { describe, expect, it } from 'vitest';
import { clusterOf } from '../cluster/test-helpers';
import { reachability } from './matrix';
import { OUTSIDE } from './types';

const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {role: web}}
  template:
    metadata: {labels: {role: web}}
    spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {role: db}}
spec: {containers: [{name: mysql, image: mysql, ports: [{containerPort: 3306}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-only-from-web, namespace: shop}
spec:
  podSelector: {matchLabels: {role: db}}
  ingress:
    - from: [{podSelector: {matchLabels: {role: web}}}]
      ports: [{port: 3306}]
    - from: [{ipBlock: {cidr: 172.16.0.0/12}}]
`;

describe('reachability', () => {
  const cluster = clusterOf(text);
  const web = 'shop/Deployment/web';
  const db = 'shop/Pod/db';

  it('groups pods by workload, in namespace order', () => {
    const matrix = reachability(cluster);
    expect(matrix.workloads.map((w) => [w.id, w.pods.length, w.implicit])).toEqual([
      ['kube-system/Deployment/coredns', 2, true],
      [db, 1, false],
      [web, 2, false],
    ]);
  });

  it('marks each cell allowed, denied or partial for all connections', () => {
    const { cells } = reachability(cluster);
    expect(cells[web]![db]).toEqual({ state: 'partial', connections: 'TCP 3306', note: 'Only some ports, protocols or pod pairs.' });
    expect(cells[db]![web]!.state).toBe('allowed');
    expect(cells['kube-system/Deployment/coredns']![db]!.state).toBe('denied');
    // Outside: only sources in 172.16.0.0/12 may reach db, so some outside ranges are allowed.
    expect(cells[OUTSIDE]![db]!.state).toBe('partial');
    expect(cells[OUTSIDE]![web]!.state).toBe('allowed');
    expect(cells[db]![OUTSIDE]!.state).toBe('allowed');
  });

  it('answers for one port and protocol', () => {
    const { cells } = reachability(cluster, { port: 3306, protocol: 'TCP' });
    expect(cells[web]![db]!.state).toBe('allowed');
    expect(reachability(cluster, { port: 80, protocol: 'TCP' }).cells[web]![db]!.state).toBe('denied');
    expect(reachability(cluster, { protocol: 'UDP' }).cells[web]![db]!.state).toBe('denied');
  });

  it('agrees with single traces', async () => {
    const { traceFlow } = await import('../trace/trace');
    const webPod = cluster.pods.find((p) => p.workload.name === 'web')!;
    const result = traceFlow(cluster, {
      from: { kind: 'pod', namespace: 'shop', pod: webPod.name, container: undefined },
      to: { kind: 'pod', namespace: 'shop', pod: 'db', port: 80, protocol: 'TCP' },
    });
    expect(result.ok && result.trace.verdict).toBe('dropped');
  });

  it('allows everything when enforcement is off', () => {
    const off = reachability(clusterOf(text, { enforceNetworkPolicy: false }));
    expect(off.enforced).toBe(false);
    expect(off.cells[web]![db]!.state).toBe('allowed');
  });

  it('lets an ipBlock admit pods only when the CNI matches pod IPs against it (the setting)', () => {
    const wide = text.replace('172.16.0.0/12', '10.0.0.0/8');
    expect(reachability(clusterOf(wide, { ipBlockMatchesPods: true })).cells[web]![db]!.state).toBe('allowed');
    expect(reachability(clusterOf(wide, { ipBlockMatchesPods: false })).cells[web]![db]!.state).toBe('partial');
  });
});
