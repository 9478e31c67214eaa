import { describe, expect, it } from 'vitest';
import type { Endpoint, Service, ServicePort } from '../cluster/types';
import { clusterOf } from '../cluster/test-helpers';
import { categorizeEndpoints, endpointString, externallyAccessible, proxyEndpoints, usesClusterEndpoints, usesLocalEndpoints } from './endpoints';

const SPAN = { line: 1, column: 1, endLine: 1, endColumn: 1, from: 0, to: 0 };

function ep(ip: string, nodeName: string | undefined, conditions: { ready?: boolean; serving?: boolean; terminating?: boolean } = {}): Endpoint {
  return { ip, port: 80, pod: undefined, nodeName, ready: conditions.ready ?? true, serving: conditions.serving, terminating: conditions.terminating, hostname: undefined };
}

function service(endpoints: Endpoint[], spec: Partial<Service> = {}, portSpec: Partial<ServicePort> = {}): { service: Service; port: ServicePort } {
  const port: ServicePort = { name: 'p80', port: 80, protocol: 'TCP', targetPort: 80, nodePort: undefined, endpoints, span: SPAN, ...portSpec };
  const svc: Service = {
    namespace: 'ns1', name: 'svc1', type: 'ClusterIP', clusterIP: '172.30.1.1', headless: false, selector: undefined, ports: [port],
    externalName: undefined, loadBalancerIPs: [], externalTrafficPolicy: undefined, internalTrafficPolicy: 'Cluster',
    sessionAffinity: 'None', sessionAffinityTimeoutSeconds: undefined, publishNotReadyAddresses: false, healthCheckNodePort: undefined,
    implicit: false, span: undefined, ...spec,
  };
  return { service: svc, port };
}

const ips = (list: readonly Endpoint[]) => list.map(endpointString);

describe('kube-proxy endpoint categories', () => {
  it('sort endpoints by their ip:port string, not numerically, and keep one per address', () => {
    const list = proxyEndpoints([ep('10.0.1.2', 'a'), ep('10.0.1.10', 'a'), ep('10.0.1.2', 'b', { ready: false }), ep('10.0.1.1', 'a')]);
    expect(ips(list)).toEqual(['10.0.1.10:80', '10.0.1.1:80', '10.0.1.2:80']);
    expect(list[2]!.nodeName).toBe('a');
  });

  it('iTP Cluster: every ready endpoint, no Local list', () => {
    const { service: s, port } = service([ep('10.0.1.1', 'me'), ep('10.0.1.2', 'other'), ep('10.0.1.3', 'other', { ready: false })]);
    const c = categorizeEndpoints(s, port, 'me');
    expect(ips(c.cluster)).toEqual(['10.0.1.1:80', '10.0.1.2:80']);
    expect(c.local).toEqual([]);
    expect(ips(c.reachable)).toEqual(['10.0.1.1:80', '10.0.1.2:80']);
    expect(c).toMatchObject({ hasAnyEndpoints: true, usesCluster: true, usesLocal: false, clusterFallback: false });
  });

  it('iTP Local: only this node’s ready endpoints; the Cluster list is unused on a port without external exposure', () => {
    const { service: s, port } = service([ep('10.0.1.1', 'me'), ep('10.0.1.2', 'other'), ep('10.0.1.3', undefined)], { internalTrafficPolicy: 'Local' });
    const c = categorizeEndpoints(s, port, 'me');
    expect(ips(c.local)).toEqual(['10.0.1.1:80']);
    expect(c.cluster).toEqual([]);
    expect(ips(c.reachable)).toEqual(['10.0.1.1:80']);
    expect(c).toMatchObject({ hasAnyEndpoints: true, usesCluster: false, usesLocal: true });
  });

  it('iTP Local on a node without endpoints: none local, but the Service has endpoints elsewhere', () => {
    const { service: s, port } = service([ep('10.0.1.1', 'host0'), ep('10.0.1.2', 'host1')], { internalTrafficPolicy: 'Local' });
    const c = categorizeEndpoints(s, port, 'me');
    expect(c.local).toEqual([]);
    expect(c.reachable).toEqual([]);
    expect(c.hasAnyEndpoints).toBe(true);
  });

  it('an endpoint without a nodeName is never local', () => {
    const { service: s, port } = service([ep('10.180.0.2', undefined)], { type: 'LoadBalancer', externalTrafficPolicy: 'Local', loadBalancerIPs: ['1.2.3.4'] });
    const c = categorizeEndpoints(s, port, 'test-node');
    expect(c.local).toEqual([]);
    expect(ips(c.cluster)).toEqual(['10.180.0.2:80']);
    expect(c).toMatchObject({ usesCluster: true, usesLocal: true, hasAnyEndpoints: true });
  });

  it('eTP Local only counts on an externally reachable port', () => {
    const plain = service([ep('10.0.1.1', 'me')], { externalTrafficPolicy: 'Local' });
    expect(externallyAccessible(plain.service, plain.port)).toBe(false);
    expect(usesLocalEndpoints(plain.service, plain.port)).toBe(false);
    const withIP = service([ep('10.0.1.1', 'me')], { externalTrafficPolicy: 'Local', externalIPs: ['192.168.99.11'] });
    expect(externallyAccessible(withIP.service, withIP.port)).toBe(true);
    expect(usesLocalEndpoints(withIP.service, withIP.port)).toBe(true);
    // External exposure keeps the Cluster list in use even with iTP Local (pod traffic to the external address).
    const both = service([], { internalTrafficPolicy: 'Local', externalTrafficPolicy: 'Local' }, { nodePort: 30080 });
    expect(usesClusterEndpoints(both.service, both.port)).toBe(true);
  });

  it('fall back to serving terminating endpoints only when none is ready', () => {
    const some = service([ep('10.0.1.1', 'me', { ready: false, serving: true, terminating: true }), ep('10.0.1.2', 'other')]);
    expect(ips(categorizeEndpoints(some.service, some.port, 'me').cluster)).toEqual(['10.0.1.2:80']);

    const all = service([
      ep('10.0.1.1', 'me', { ready: false, serving: true, terminating: true }),
      ep('10.0.1.2', 'other', { ready: false, serving: false, terminating: true }),
      ep('10.0.1.3', 'other', { ready: false }),
    ]);
    const c = categorizeEndpoints(all.service, all.port, 'me');
    expect(ips(c.cluster)).toEqual(['10.0.1.1:80']);
    expect(c).toMatchObject({ clusterFallback: true, hasAnyEndpoints: true });
  });

  it('Local falls back per node: a terminating local endpoint is used while a ready one runs elsewhere, and is reachable too', () => {
    const { service: s, port } = service(
      [ep('10.0.1.1', 'me', { ready: false, serving: true, terminating: true }), ep('10.0.1.2', 'other')],
      { type: 'NodePort', externalTrafficPolicy: 'Local' },
      { nodePort: 30080 },
    );
    const c = categorizeEndpoints(s, port, 'me');
    expect(ips(c.cluster)).toEqual(['10.0.1.2:80']);
    expect(ips(c.local)).toEqual(['10.0.1.1:80']);
    expect(c.localFallback).toBe(true);
    expect(ips(c.reachable)).toEqual(['10.0.1.1:80', '10.0.1.2:80']);
  });

  it('no usable endpoint at all: nothing, and hasAnyEndpoints false (kube-proxy rejects)', () => {
    const { service: s, port } = service([ep('10.0.1.1', 'me', { ready: false }), ep('10.0.1.2', 'me', { ready: false, serving: false, terminating: true })], { internalTrafficPolicy: 'Local' });
    const c = categorizeEndpoints(s, port, 'me');
    expect(c).toMatchObject({ cluster: [], local: [], reachable: [], hasAnyEndpoints: false });
  });

  it('read serving and terminating from EndpointSlice conditions (missing serving counts as true)', () => {
    const cluster = clusterOf(`apiVersion: v1
kind: Service
metadata: {name: svc1, namespace: ns1}
spec:
  ports: [{name: p80, port: 80}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: svc1-abc, namespace: ns1, labels: {kubernetes.io/service-name: svc1}}
addressType: IPv4
ports: [{name: p80, port: 8080, protocol: TCP}]
endpoints:
- {addresses: [10.0.1.1], nodeName: node-1, conditions: {ready: false, serving: true, terminating: true}}
- {addresses: [10.0.1.2], nodeName: node-1, conditions: {ready: false, terminating: true}}
- {addresses: [10.0.1.3], nodeName: node-1, conditions: {ready: false, serving: false, terminating: true}}
- {addresses: [10.0.1.4], nodeName: node-1}
`);
    const svc = cluster.services.find((s) => s.name === 'svc1')!;
    expect(svc.ports[0]!.endpoints.map((e) => [e.ip, e.ready, e.serving, e.terminating])).toEqual([
      ['10.0.1.1', false, true, true],
      ['10.0.1.2', false, true, true],
      ['10.0.1.3', false, false, true],
      ['10.0.1.4', true, true, false],
    ]);
    expect(ips(categorizeEndpoints(svc, svc.ports[0]!, 'node-1').cluster)).toEqual(['10.0.1.4:8080']);
  });
});
