import { describe, expect, it } from 'vitest';
import { clusterOf } from '../cluster/test-helpers';
import type { ClusterSettings } from '../cluster/types';
import { parseDestination } from './flow';
import { traceFlow } from './trace';
import type { Trace, TraceOptions } from './types';
import { hopSteps as kinds } from './test-helpers';

// A client, a three-replica Deployment behind a Service with a named targetPort, and a Service
// that selects nothing. Two nodes: the scheduler spreads the pods across them.
const SCENARIO = `
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: default, labels: {app: client}}
spec:
  containers: [{name: curl, image: curlimages/curl}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: default}
spec:
  replicas: 3
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: api
        image: example/api
        ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: default}
spec:
  clusterIP: 10.96.100.10
  selector: {app: api}
  ports: [{name: web, port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: empty, namespace: default}
spec:
  clusterIP: 10.96.100.20
  selector: {app: nothing}
  ports: [{port: 80}]
`;

const ONLY_FRONTEND = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-from-frontend, namespace: default}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
  - from: [{podSelector: {matchLabels: {role: frontend}}}]
    ports: [{port: 8080}]
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

function trace(to: string, settings: Partial<ClusterSettings> = {}, options: TraceOptions = {}, extra = ''): Trace {
  const cluster = clusterOf(SCENARIO + extra, { nodeNames: ['node-1', 'node-2'], ...settings });
  const destination = parseDestination(to);
  if (!destination.ok) throw new Error(destination.error.message);
  const result = traceFlow(cluster, { from: { kind: 'pod', namespace: 'default', pod: 'client', container: undefined }, to: destination.value }, options);
  if (!result.ok) throw new Error(result.error.message);
  return result.trace;
}


describe('a pod to a ClusterIP through kube-proxy iptables', () => {
  const t = trace('svc/default/api:80', {}, { endpoint: 0 });

  it('leaves the pod for its gateway, then walks nat PREROUTING → KUBE-SERVICES → KUBE-SVC → KUBE-SEP', () => {
    expect(kinds(t.hops).slice(0, 10)).toEqual([
      'socket-send @ ctr:default/client/curl',
      'route-lookup @ podnic:default/client/eth0',
      'arp @ bridge:node-1/cni0',
      'veth-transmit @ podnic:default/client/eth0',
      'veth-receive @ veth:node-1/veth' + t.hops[4]!.where.split('/veth')[1],
      'service-rule @ kproxy:node-1',
      'service-rule @ kproxy:node-1',
      'service-rule @ kproxy:node-1',
      'service-rule @ kproxy:node-1',
      'service-rule @ kproxy:node-1',
    ]);
    const rules = t.hops.filter((h) => h.kind === 'service-rule').map((h) => h.rule?.text.split('\n')[0]);
    expect(rules[0]).toBe('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
    expect(rules[1]).toMatch(/^-A KUBE-SERVICES -d 10\.96\.100\.10\/32 -p tcp -m comment --comment "default\/api:web cluster IP" -m tcp --dport 80 -j KUBE-SVC-[A-Z2-7]{16}$/);
    expect(rules[2]).toMatch(/^-A KUBE-SVC-[A-Z2-7]{16} -m comment --comment "default\/api:web -> 10\.244\.0\.3:8080" -m statistic --mode random --probability 0\.33333333349 -j KUBE-SEP-[A-Z2-7]{16}$/);
    expect(rules[3]).toMatch(/^-A KUBE-SEP-[A-Z2-7]{16} -p tcp -m comment --comment "default\/api:web" -m tcp -j DNAT --to-destination 10\.244\.0\.3:8080$/);
  });

  it('rewrites the destination at the DNAT rule, and only there', () => {
    const dnat = t.hops.find((h) => h.rule?.text.includes('-j DNAT'));
    expect(dnat?.changes).toEqual([
      { field: 'ip.dst', before: '10.96.100.10', after: '10.244.0.3' },
      { field: 'l4.dstPort', before: '80', after: '8080' },
    ]);
    expect(dnat?.summary).toContain('endpoint 1 of 3');
    expect(t.hops.filter((h) => h.changes.some((c) => c.field === 'ip.dst'))).toHaveLength(1);
  });

  it('routes to the endpoint on the same node back onto the bridge (TTL −1) and delivers to its named target port', () => {
    expect(t.hops.at(-1)).toMatchObject({ kind: 'deliver', where: 'ctr:default/api-78cbd886fc-jln8q/api' });
    expect(t.hops.at(-1)?.packet.ip).toMatchObject({ src: '10.244.0.2', dst: '10.244.0.3', ttl: 63 });
    expect(t.verdict).toBe('delivered');
    expect(t.service).toMatchObject({ namespace: 'default', name: 'api', address: '10.96.100.10', port: 80, node: 'node-1', backend: 'iptables', chosen: 0 });
    expect(t.service?.endpoints.map((e) => `${e.ip}:${e.port}`)).toEqual(['10.244.0.3:8080', '10.244.1.2:8080', '10.244.1.3:8080']);
  });

  it('has conntrack give the reply the ClusterIP back as its source before it reaches the client', () => {
    const undo = t.reply.find((h) => h.kind === 'conntrack');
    expect(undo?.where).toBe('kproxy:node-1');
    expect(undo?.changes).toEqual([
      { field: 'ip.src', before: '10.244.0.3', after: '10.96.100.10' },
      { field: 'l4.srcPort', before: '8080', after: '80' },
    ]);
    expect(undo?.rule?.text).toMatch(/^tcp src=10\.244\.0\.2 dst=10\.96\.100\.10 sport=\d+ dport=80 src=10\.244\.0\.3 dst=10\.244\.0\.2 sport=8080 dport=\d+$/);
    expect(t.reply.at(-1)).toMatchObject({ kind: 'deliver', where: 'ctr:default/client/curl' });
    expect(t.reply.at(-1)?.packet.ip.src).toBe('10.96.100.10');
  });
});

describe('the branches kube-proxy can take', () => {
  it('follows a pinned endpoint on the other node through flannel.1', () => {
    const t = trace('svc/default/api:80', {}, { endpoint: 1 });
    expect(t.service?.chosen).toBe(1);
    expect(t.hops.map((h) => h.kind)).toContain('encapsulate');
    expect(t.hops.at(-1)?.where).toBe('ctr:default/api-78cbd886fc-24574/api');
    // The reply crosses back and conntrack on the client's node (not the endpoint's) undoes the DNAT.
    expect(t.reply.find((h) => h.kind === 'conntrack')?.where).toBe('kproxy:node-1');
  });

  it('gives every endpoint a chance: different flows land on different endpoints', () => {
    const chosen = new Set(['api:80', 'api.default:80', 'api.default.svc:80', 'api.default.svc.cluster.local:80', 'svc/default/api:80', '10.96.100.10:80'].map((to) => trace(to).service?.chosen));
    expect(chosen.size).toBeGreaterThan(1);
  });

  it('rejects a Service without endpoints with ICMP port unreachable from the node', () => {
    const t = trace('svc/default/empty:80');
    expect(t.verdict).toBe('refused');
    expect(t.hops.at(-1)).toMatchObject({ kind: 'refuse', where: 'kproxy:node-1' });
    expect(t.hops.at(-2)?.rule?.text).toBe('-A KUBE-SERVICES -d 10.96.100.20/32 -p tcp -m comment --comment "default/empty has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable');
    expect(t.reply[0]?.packet).toMatchObject({ ip: { src: '10.244.0.1', dst: '10.244.0.2', protocol: 'ICMP' }, l4: { type: 3, code: 3 } });
  });

  it('judges NetworkPolicy against the endpoint pod and its target port, after the DNAT', () => {
    const t = trace('svc/default/api:80', {}, { endpoint: 0 }, ONLY_FRONTEND);
    expect(t.verdict).toBe('dropped');
    const drop = t.hops.at(-1);
    expect(drop?.kind).toBe('drop');
    expect(drop?.packet.ip.dst).toBe('10.244.0.3');
    expect(t.explanation).toContain('policies judge the endpoint pod and its target port 8080, not the Service');
    expect(t.fix).toBeDefined();
  });

  it('with IPVS, rewrites at the real server IPVS picked', () => {
    const t = trace('svc/default/api:80', { kubeProxyMode: 'ipvs' }, { endpoint: 2 });
    const dnat = t.hops.find((h) => h.changes.some((c) => c.field === 'ip.dst'));
    expect(dnat?.rule?.text.trim()).toMatch(/^-> 10\.244\.1\.3:8080\s+Masq\s+1\s+0\s+0$/);
    expect(t.verdict).toBe('delivered');
  });

  it('with Cilium replacing kube-proxy, translates inside connect(): no packet ever carries the ClusterIP past the socket', () => {
    const t = trace('svc/default/api:80', { kubeProxyMode: 'none' }, { endpoint: 1 });
    expect(t.hops[1]).toMatchObject({ kind: 'service-rule', where: 'ctr:default/client/curl' });
    expect(t.hops.slice(2).every((h) => h.packet.ip.dst !== '10.96.100.10')).toBe(true);
    expect(t.hops.some((h) => h.where.startsWith('kproxy:'))).toBe(false);
    expect(t.reply.some((h) => h.kind === 'conntrack')).toBe(false);
    expect(t.explanation).toContain('cil_sock4_recvmsg');
  });
});

describe('a destination given by name', () => {
  it('resolves it through the search path first, tracing the DNS question to CoreDNS and back', () => {
    const t = trace('api:80');
    expect(t.verdict).toBe('delivered');
    expect(t.dns?.lookup.queries.map((q) => `${q.name} ${q.type}`)).toEqual(['api.default.svc.cluster.local. A', 'api.default.svc.cluster.local. AAAA']);
    expect(t.dns?.hops[0]).toMatchObject({ kind: 'dns-query', where: 'ctr:default/client/curl' });
    expect(t.dns?.hops[0]?.rule?.text).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5');
    // The question goes to kube-dns's ClusterIP and kube-proxy sends it to a CoreDNS pod.
    const dnat = t.dns?.hops.find((h) => h.rule?.text.includes('-j DNAT'));
    expect(dnat?.rule?.text).toMatch(/-p udp -m comment --comment "kube-system\/kube-dns:dns" -m udp -j DNAT --to-destination 10\.244\.\d+\.\d+:53$/);
    expect(t.dns?.reply.at(-1)).toMatchObject({ kind: 'dns-answer' });
    expect(t.dns?.reply.at(-1)?.rule?.text.split('\n')).toEqual([
      'api.default.svc.cluster.local. A @10.96.0.10: api.default.svc.cluster.local. 30 IN A 10.96.100.10',
      'api.default.svc.cluster.local. AAAA @10.96.0.10: NOERROR (no data)',
    ]);
    expect(t.hops[0]?.packet.ip.dst).toBe('10.96.100.10');
  });

  it('asks every search domain in order before giving up on a typo', () => {
    const t = trace('apii:80');
    expect(t.verdict).toBe('unresolved');
    expect([...new Set(t.dns?.lookup.queries.map((q) => q.name))]).toEqual([
      'apii.default.svc.cluster.local.',
      'apii.svc.cluster.local.',
      'apii.cluster.local.',
      'apii.',
    ]);
    expect(t.hops).toEqual([]);
  });

  it('shows a NetworkPolicy that blocks egress to kube-dns breaking the lookup', () => {
    const t = trace('api:80', {}, {}, NO_EGRESS);
    expect(t.verdict).toBe('dropped');
    expect(t.explanation).toContain('never starts: the DNS question');
    expect(t.dns?.hops.at(-1)?.kind).toBe('drop');
    expect(t.dns?.hops.at(-1)?.packet.l4).toMatchObject({ protocol: 'UDP', dstPort: 53 });
  });
});
