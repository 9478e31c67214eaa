import { describe, expect, it } from 'vitest';
import { clusterOf } from '../cluster/test-helpers';
import type { ClusterSettings } from '../cluster/types';
import { parseDestination } from './flow';
import { traceFlow } from './trace';
import type { Trace, TraceOptions } from './types';

// A client in default, a two-replica web behind a Service in shop, and a pod whose resolv.conf
// names a nameserver outside the cluster. Two nodes, so CoreDNS's two pods are on different nodes.
const SCENARIO = `
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: default, labels: {app: client}}
spec:
  containers: [{name: curl, image: curlimages/curl}]
---
apiVersion: v1
kind: Pod
metadata: {name: own-resolver, namespace: default}
spec:
  dnsPolicy: None
  dnsConfig: {nameservers: [1.1.1.1]}
  containers: [{name: curl, image: curlimages/curl}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  clusterIP: 10.96.7.7
  selector: {app: web}
  ports: [{port: 80}]
`;

const NO_EGRESS = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-no-egress, namespace: default}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
`;

function trace(to: string, { from = 'client', settings = {}, options = {}, extra = '' }: { from?: string; settings?: Partial<ClusterSettings>; options?: TraceOptions; extra?: string } = {}): Trace {
  const cluster = clusterOf(SCENARIO + extra, { nodeNames: ['node-1', 'node-2'], ...settings });
  const destination = parseDestination(to);
  if (!destination.ok) throw new Error(destination.error.message);
  const result = traceFlow(cluster, { from: { kind: 'pod', namespace: 'default', pod: from, container: undefined }, to: destination.value }, options);
  if (!result.ok) throw new Error(result.error.message);
  return result.trace;
}

/** The CoreDNS pod the question was delivered to, by its address. */
const answeredBy = (t: Trace): string | undefined => t.dns?.hops.find((h) => h.kind === 'deliver')?.packet.ip.dst;

describe('the DNS question’s way through kube-dns', () => {
  it('keeps the kube-dns Service step: its address, the rules, both CoreDNS endpoints and the one chosen', () => {
    const t = trace('web.shop:80');
    expect(t.verdict).toBe('delivered');
    const step = t.dns?.service;
    expect(step).toMatchObject({ namespace: 'kube-system', name: 'kube-dns', address: '10.96.0.10', port: 53, node: 'node-1', backend: 'iptables' });
    expect(step?.endpoints.map((e) => `${e.ip}:${e.port}`).sort()).toEqual(['10.244.0.4:53', '10.244.1.4:53']);
    expect(step?.endpoints.every((e) => /^kube-system\/coredns-[a-z0-9]+-[a-z0-9]{5}$/.test(e.pod ?? ''))).toBe(true);
    // The chosen endpoint is the CoreDNS pod the question reaches, and the DNAT rule names it.
    const chosen = step?.endpoints[step.chosen ?? -1];
    expect(chosen?.ip).toBe(answeredBy(t));
    expect(step?.rules.find((r) => r.dnat === true)?.text).toBe(
      `-A ${step?.rules.find((r) => r.dnat === true)?.chain} -p udp -m comment --comment "kube-system/kube-dns:dns" -m udp -j DNAT --to-destination ${chosen?.ip}:53`,
    );
    // The connection's own Service step is the destination's, not kube-dns.
    expect(t.service).toMatchObject({ namespace: 'shop', name: 'web', address: '10.96.7.7', port: 80 });
  });

  it('is the same for every way of writing the name: one question, one draw', () => {
    const short = trace('web.shop:80').dns?.service;
    const full = trace('web.shop.svc.cluster.local:80').dns?.service;
    expect(full?.endpoints[full.chosen ?? -1]).toEqual(short?.endpoints[short.chosen ?? -1]);
  });

  it('does not follow an endpoint pinned for the destination Service: the pin is web’s, not CoreDNS’s', () => {
    const seeded = trace('web.shop:80');
    const dnsChoice = seeded.dns?.service?.chosen;
    for (const endpoint of [0, 1]) {
      const pinned = trace('web.shop:80', { options: { endpoint } });
      expect(pinned.service?.chosen).toBe(endpoint);
      expect(pinned.dns?.service?.chosen).toBe(dnsChoice);
      expect(answeredBy(pinned)).toBe(answeredBy(seeded));
    }
  });

  it('is kept when the name does not resolve: the question still went through kube-dns', () => {
    const t = trace('nope:80');
    expect(t.verdict).toBe('unresolved');
    expect(t.service).toBeUndefined();
    expect(t.dns?.service).toMatchObject({ namespace: 'kube-system', name: 'kube-dns' });
    expect(t.dns?.service?.chosen).not.toBeUndefined();
  });

  it('is kept when NetworkPolicy drops the question after kube-proxy chose a CoreDNS pod', () => {
    const t = trace('web.shop:80', { extra: NO_EGRESS });
    expect(t.verdict).toBe('dropped');
    expect(t.dns?.hops.at(-1)?.kind).toBe('drop');
    const step = t.dns?.service;
    expect(step).toMatchObject({ namespace: 'kube-system', name: 'kube-dns' });
    expect(t.dns?.hops.at(-1)?.packet.ip.dst).toBe(step?.endpoints[step.chosen ?? -1]?.ip);
  });

  it('names the backend that decided, with IPVS and with the eBPF replacement', () => {
    expect(trace('web.shop:80', { settings: { kubeProxyMode: 'ipvs' } }).dns?.service).toMatchObject({ name: 'kube-dns', backend: 'ipvs' });
    expect(trace('web.shop:80', { settings: { kubeProxyMode: 'none' } }).dns?.service).toMatchObject({ name: 'kube-dns', backend: 'none' });
  });

  it('is absent when the nameserver is no Service (a resolver outside the cluster)', () => {
    const t = trace('example.com:443', { from: 'own-resolver' });
    expect(t.dns?.hops[0]?.rule?.text).toBe('nameserver 1.1.1.1');
    expect(t.dns?.hops.length).toBeGreaterThan(1);
    expect(t.dns?.service).toBeUndefined();
  });
});
