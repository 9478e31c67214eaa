import { describe, expect, it } from 'vitest';
import { OUTSIDE, type WorkloadGroup } from '../../core';
import { layoutMatrix, memberIds, namespaceEntryId, type MatrixView } from './matrixLayout';

const group = (namespace: string, name: string, labels: Record<string, string> = {}, implicit = false, kind = 'Pod'): WorkloadGroup => ({
  id: `${namespace}/${kind}/${name}`,
  namespace,
  kind,
  name,
  pods: [`${namespace}/${name}`],
  labels,
  implicit,
});

const workloads = [
  group('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, true, 'Deployment'),
  group('shop', 'api', { role: 'frontend-web-server' }),
  group('shop', 'db', { role: 'db' }),
  group('shop', 'frontend', { role: 'web' }),
];

const view = (patch: Partial<MatrixView> = {}): MatrixView => ({
  namespace: undefined,
  labels: [],
  showImplicit: true,
  collapsed: new Set(),
  ...patch,
});

const ids = (v: MatrixView) => layoutMatrix(workloads, v).flatMap((b) => b.entries.map((e) => e.id));

describe('layoutMatrix', () => {
  it('gives one band per namespace, then outside the cluster', () => {
    const bands = layoutMatrix(workloads, view());
    expect(bands.map((b) => b.key)).toEqual(['kube-system', 'shop', OUTSIDE]);
    expect(bands[1]?.entries.map((e) => e.label)).toEqual(['api', 'db', 'frontend']);
    expect(bands[0]?.entries[0]?.implicit).toBe(true);
  });

  it('collapses a namespace into one entry standing for its workloads', () => {
    const bands = layoutMatrix(workloads, view({ collapsed: new Set(['shop']) }));
    const shop = bands[1]!;
    expect(shop.collapsed).toBe(true);
    expect(shop.entries.map((e) => e.id)).toEqual([namespaceEntryId('shop')]);
    expect(memberIds(shop.entries[0]!)).toEqual(['shop/Pod/api', 'shop/Pod/db', 'shop/Pod/frontend']);
  });

  it('filters by namespace, by labels and hides the simulator’s workloads on request', () => {
    expect(ids(view({ namespace: 'shop' }))).toEqual(['shop/Pod/api', 'shop/Pod/db', 'shop/Pod/frontend', OUTSIDE]);
    expect(ids(view({ labels: [{ key: 'role', value: 'db' }] }))).toEqual(['shop/Pod/db', OUTSIDE]);
    expect(ids(view({ showImplicit: false }))).not.toContain('kube-system/Deployment/coredns');
  });

  it('names a workload by kind too when another in its namespace has the same name', () => {
    const twins = [group('a', 'web', {}, false, 'Deployment'), group('a', 'web')];
    expect(layoutMatrix(twins, view())[0]?.entries.map((e) => e.label)).toEqual(['Deployment/web', 'Pod/web']);
  });
});
