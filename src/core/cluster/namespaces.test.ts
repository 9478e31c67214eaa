import { describe, expect, it } from 'vitest';
import { clusterOf } from './test-helpers';

describe('namespaces', () => {
  it('exist for every object that uses one, plus the four every cluster has, all with the metadata.name label', () => {
    const text = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop, kubernetes.io/metadata.name: wrong}}
---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: billing}
spec: {containers: [{name: c, image: c}]}
`;
    const namespaces = clusterOf(text).namespaces;
    expect(namespaces.map((n) => [n.name, n.implicit])).toEqual([
      ['billing', true],
      ['default', true],
      ['kube-node-lease', true],
      ['kube-public', true],
      ['kube-system', true],
      ['shop', false],
    ]);
    // The API server always sets (and overwrites) this label.
    expect(namespaces.find((n) => n.name === 'shop')!.labels).toEqual({ team: 'shop', 'kubernetes.io/metadata.name': 'shop' });
    expect(namespaces.find((n) => n.name === 'billing')!.labels).toEqual({ 'kubernetes.io/metadata.name': 'billing' });
  });

  it('do not get a second CoreDNS when a dump brings its own', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: coredns-76f75df574-abcde
  namespace: kube-system
  labels: {k8s-app: kube-dns, pod-template-hash: 76f75df574}
  ownerReferences: [{kind: ReplicaSet, name: coredns-76f75df574, controller: true}]
spec: {containers: [{name: coredns, image: coredns, ports: [{name: dns, containerPort: 53, protocol: UDP}]}]}
`;
    const cluster = clusterOf(text);
    expect(cluster.pods.map((p) => p.name)).toEqual(['coredns-76f75df574-abcde']);
    expect(cluster.services.find((s) => s.name === 'kube-dns')!.ports[0]!.endpoints.map((e) => e.pod?.name)).toEqual(['coredns-76f75df574-abcde']);
  });
});
