import { describe, expect, it } from 'vitest';
import { clusterOf } from '../cluster/test-helpers';
import type { ClusterSettings } from '../cluster/types';
import { buildTopology } from '../topology/build';
import { parseDestination, parseSource } from './flow';
import { traceFlow } from './trace';
import type { Hop, Trace, TraceOptions, TraceResult } from './types';
import { hopSteps as kinds } from './test-helpers';

// node-1 holds only a placeholder pod; the one endpoint, web, runs on node-2. Four Services
// select it: LoadBalancer with Cluster (published in DNS), LoadBalancer with Local, a NodePort,
// and a LoadBalancer that only accepts 10.0.0.0/8.
const SCENARIO = `
apiVersion: v1
kind: Pod
metadata: {name: anchor, namespace: default}
spec: {nodeName: node-1, containers: [{name: pause, image: pause}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: default, labels: {app: web}}
spec: {nodeName: node-2, containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: shop, namespace: default, annotations: {external-dns.alpha.kubernetes.io/hostname: shop.example.com}}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080, nodePort: 30080}]
---
apiVersion: v1
kind: Service
metadata: {name: shop-local, namespace: default}
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  healthCheckNodePort: 32000
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080, nodePort: 30081}]
---
apiVersion: v1
kind: Service
metadata: {name: shop-ranges, namespace: default}
spec:
  type: LoadBalancer
  loadBalancerSourceRanges: [10.0.0.0/8]
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080, nodePort: 30082}]
`;

function run(from: string, to: string, settings: Partial<ClusterSettings> = {}, options: TraceOptions = {}): TraceResult {
  const cluster = clusterOf(SCENARIO, { cni: 'flannel-vxlan', ...settings });
  const source = parseSource(from);
  if (!source.ok) throw new Error(source.error.message);
  const destination = parseDestination(to, source.value);
  if (!destination.ok) throw new Error(destination.error.message);
  return traceFlow(cluster, { from: source.value, to: destination.value }, options);
}

function trace(from: string, to: string, settings: Partial<ClusterSettings> = {}, options: TraceOptions = {}): Trace {
  const result = run(from, to, settings, options);
  if (!result.ok) throw new Error(result.error.message);
  return result.trace;
}

const addresses = (h: Hop | undefined) => (h === undefined ? '' : `${h.packet.ip.src}:${portOf(h, 'src')} → ${h.packet.ip.dst}:${portOf(h, 'dst')}`);
const portOf = (h: Hop, side: 'src' | 'dst') => (h.packet.l4.protocol === 'ICMP' ? '-' : side === 'src' ? h.packet.l4.srcPort : h.packet.l4.dstPort);

describe('an external client to a LoadBalancer Service with externalTrafficPolicy Cluster', () => {
  const t = trace('external', 'shop.example.com:80', {}, { node: 'node-1' });
  const sport = t.hops.find((h) => h.kind === 'socket-send')!.packet.l4.protocol === 'TCP' ? (t.hops.find((h) => h.kind === 'socket-send')!.packet.l4 as { srcPort: number }).srcPort : 0;

  it('resolves the external-dns name in public DNS, then goes client → load balancer → node-1 eth0 → kube-proxy', () => {
    expect(t.verdict).toBe('delivered');
    expect(kinds(t.hops).slice(0, 7)).toEqual([
      'dns-query @ client',
      'dns-answer @ client',
      'socket-send @ client',
      'load-balancer @ lb:default/shop',
      'wire @ underlay',
      'nic-receive @ nic:node-1/eth0',
      'service-rule @ kproxy:node-1',
    ]);
    expect(t.hops[1]?.rule?.text).toBe('shop.example.com. 300 IN A 203.0.113.10');
    expect(addresses(t.hops[2])).toBe(`198.51.100.10:${sport} → 203.0.113.10:80`);
  });

  it('says every node is a backend and which one the load balancer picked', () => {
    const lb = t.hops[3]!;
    expect(lb.rule?.text.split('\n')).toEqual(['backend node-1 192.168.1.11', 'backend node-2 192.168.1.12', 'chosen: node-1']);
    expect(lb.summary).toContain('externalTrafficPolicy is Cluster: every node is a backend (node-1, node-2)');
  });

  it("walks the node's rules from the loadbalancer IP rule through KUBE-EXT's masquerade mark to the DNAT", () => {
    const rules = t.hops.filter((h) => h.kind === 'service-rule').map((h) => h.rule?.text ?? '');
    expect(rules.some((r) => r.includes('"default/shop loadbalancer IP"') && r.includes('203.0.113.10') && r.includes('-j KUBE-EXT-'))).toBe(true);
    expect(rules.some((r) => r.includes('"masquerade traffic for default/shop external destinations"') && r.endsWith('-j KUBE-MARK-MASQ'))).toBe(true);
    const dnat = t.hops.find((h) => h.rule?.text.includes('--to-destination'));
    expect(dnat?.changes).toEqual([
      { field: 'ip.dst', before: '203.0.113.10', after: '10.244.1.2' },
      { field: 'l4.dstPort', before: '80', after: '8080' },
    ]);
  });

  it("masquerades on node-1 to flannel.1's address, so the pod on node-2 sees node-1, not the client", () => {
    const masq = t.hops.find((h) => h.kind === 'masquerade');
    expect(masq?.where).toBe('kproxy:node-1');
    expect(masq?.changes.map((c) => [c.field, c.before, c.after])).toEqual([
      ['ip.src', '198.51.100.10', '10.244.0.0'],
      ['l4.srcPort', String(sport), expect.stringMatching(/^\d+$/)],
    ]);
    expect(masq?.rule?.text).toMatch(/KUBE-POSTROUTING .*"kubernetes service traffic requiring SNAT".* -j MASQUERADE --random-fully$/);
    expect(masq?.summary).toContain("becomes 10.244.0.0, the address of flannel.1, the device the route chose");
    const i = t.hops.indexOf(masq!);
    // POSTROUTING comes after the routing decision and before the VXLAN encapsulation.
    expect(kinds(t.hops.slice(i - 1, i + 2))).toEqual(['route-lookup @ nic:node-1/eth0', 'masquerade @ kproxy:node-1', 'encapsulate @ tun:node-1/flannel.1']);
    const delivered = t.hops.at(-1)!;
    expect(delivered.where).toBe('ctr:default/web/web');
    expect(delivered.packet.ip.src).toBe('10.244.0.0');
    expect(t.explanation).toContain('the pod sees the connection come from 10.244.0.0 (node-1, masqueraded under externalTrafficPolicy Cluster)');
  });

  it('brings the reply back through node-1, where conntrack undoes the SNAT, then the DNAT, then the load balancer and the client', () => {
    const masqPort = (t.hops.find((h) => h.kind === 'masquerade')!.packet.l4 as { srcPort: number }).srcPort;
    expect(kinds(t.reply).slice(-8)).toEqual([
      'nic-receive @ nic:node-1/eth0',
      'decapsulate @ tun:node-1/flannel.1',
      'conntrack @ kproxy:node-1',
      'route-lookup @ nic:node-1/eth0',
      'conntrack @ kproxy:node-1',
      'nic-transmit @ nic:node-1/eth0',
      'load-balancer @ lb:default/shop',
      'deliver @ client',
    ]);
    const [unSnat, unDnat] = t.reply.filter((h) => h.kind === 'conntrack');
    const entry = `tcp src=198.51.100.10 dst=203.0.113.10 sport=${sport} dport=80 src=10.244.1.2 dst=10.244.0.0 sport=8080 dport=${masqPort}`;
    expect(unSnat?.rule?.text).toBe(entry);
    expect(unSnat?.changes).toEqual([
      { field: 'ip.dst', before: '10.244.0.0', after: '198.51.100.10' },
      { field: 'l4.dstPort', before: String(masqPort), after: String(sport) },
    ]);
    expect(unDnat?.rule?.text).toBe(entry);
    expect(unDnat?.changes).toEqual([
      { field: 'ip.src', before: '10.244.1.2', after: '203.0.113.10' },
      { field: 'l4.srcPort', before: '8080', after: '80' },
    ]);
    expect(addresses(t.reply.at(-1))).toBe(`203.0.113.10:80 → 198.51.100.10:${sport}`);
  });
});

describe('externalTrafficPolicy Local', () => {
  const t = trace('external:203.0.113.7', '203.0.113.11:80', {}, { node: 'node-1' });

  it("sends traffic only to nodes whose health check node port answers 200, whatever the flow asked for", () => {
    const lb = t.hops.find((h) => h.kind === 'load-balancer')!;
    expect(lb.where).toBe('lb:default/shop-local');
    expect(lb.rule?.text.split('\n')).toEqual([
      'GET http://192.168.1.11:32000/healthz → 503 (node-1, localEndpoints: 0)',
      'GET http://192.168.1.12:32000/healthz → 200 (node-2, localEndpoints: 1)',
      'chosen: node-2',
    ]);
    expect(lb.summary).toContain('only nodes with a ready local endpoint answer 200 — node-2');
  });

  it("keeps the client's address: no masquerade, the pod sees 203.0.113.7", () => {
    expect(t.verdict).toBe('delivered');
    expect(t.hops.some((h) => h.kind === 'masquerade')).toBe(false);
    expect(t.hops.some((h) => h.rule?.text.includes('KUBE-MARK-MASQ') === true && h.rule.text.includes('shop-local'))).toBe(false);
    expect(t.hops.at(-1)?.packet.ip.src).toBe('203.0.113.7');
    expect(t.hops.filter((h) => h.kind === 'nic-receive').map((h) => h.where)).toEqual(['nic:node-2/eth0']);
  });

  it('has conntrack undo only the DNAT on the way back', () => {
    const undone = t.reply.filter((h) => h.kind === 'conntrack');
    expect(undone.map((h) => h.changes.map((c) => `${c.field} ${c.before}→${c.after}`))).toEqual([['ip.src 10.244.1.2→203.0.113.11', 'l4.srcPort 8080→80']]);
    expect(addresses(t.reply.at(-1))).toMatch(/^203\.0\.113\.11:80 → 203\.0\.113\.7:\d+$/);
  });

  it("drops at a node without a local endpoint when the client uses that node's NodePort", () => {
    const dropped = trace('external', '192.168.1.11:30081');
    expect(dropped.verdict).toBe('dropped');
    const last = dropped.hops.at(-1)!;
    expect(last.kind).toBe('drop');
    expect(dropped.hops.some((h) => h.rule?.text.includes('"default/shop-local has no local endpoints"') === true && h.rule.text.includes('-j DROP'))).toBe(true);
    expect(dropped.hops.some((h) => h.kind === 'load-balancer')).toBe(false);
  });
});

describe('a NodePort reached straight on a node', () => {
  it("masquerades to the bridge's address when the endpoint runs on that same node", () => {
    const t = trace('external', '192.168.1.12:30080');
    expect(kinds(t.hops).slice(0, 3)).toEqual(['socket-send @ client', 'wire @ underlay', 'nic-receive @ nic:node-2/eth0']);
    expect(t.hops.some((h) => h.rule?.text.includes('KUBE-NODEPORTS') === true && h.rule.text.includes('--dport 30080'))).toBe(true);
    const masq = t.hops.find((h) => h.kind === 'masquerade');
    expect(masq?.changes[0]).toEqual({ field: 'ip.src', before: '198.51.100.10', after: '10.244.1.1' });
    expect(masq?.summary).toContain('the address of cni0');
    // The reply comes up the bridge to the node's own address: conntrack takes it there.
    expect(kinds(t.reply).slice(-6)).toEqual([
      'veth-receive @ veth:node-2/' + (t.hops.find((h) => h.kind === 'veth-transmit')?.where.split('/')[1] ?? ''),
      'conntrack @ kproxy:node-2',
      'route-lookup @ nic:node-2/eth0',
      'conntrack @ kproxy:node-2',
      'nic-transmit @ nic:node-2/eth0',
      'deliver @ client',
    ]);
    expect(addresses(t.reply.at(-1))).toMatch(/^192\.168\.1\.12:30080 → 198\.51\.100\.10:\d+$/);
  });
});

describe('what an external client cannot reach', () => {
  it('is dropped by KUBE-FW when outside loadBalancerSourceRanges', () => {
    const t = trace('external', '203.0.113.12:80');
    expect(t.verdict).toBe('dropped');
    expect(t.hops.at(-1)?.kind).toBe('drop');
    expect(t.hops.some((h) => h.rule?.text.includes('KUBE-FW-') === true)).toBe(true);
  });

  it('passes the source range check from inside the range', () => {
    expect(trace('external:10.1.2.3', '203.0.113.12:80').verdict).toBe('delivered');
  });

  it('refuses ClusterIPs, pods and unknown names with a clear error', () => {
    const cluster = clusterOf(SCENARIO, { cni: 'flannel-vxlan' });
    const clusterIP = cluster.services.find((s) => s.name === 'shop')!.clusterIP!;
    expect(run('external', `${clusterIP}:80`)).toMatchObject({ ok: false, error: { code: 'not-external' } });
    expect(run('external', 'default/web:8080')).toMatchObject({ ok: false, error: { code: 'not-external' } });
    expect(run('external', 'nothing.example.com:80')).toMatchObject({ ok: false, error: { code: 'unknown-external-name' } });
  });
});

describe('the topology outside the cluster', () => {
  it('has one external client and a load balancer per LoadBalancer Service, joined to the node network', () => {
    const topology = buildTopology(clusterOf(SCENARIO, { cni: 'flannel-vxlan' }));
    const outside = topology.elements.filter((e) => e.kind === 'client' || e.kind === 'load-balancer');
    expect(outside.map((e) => [e.id, e.label, e.detail])).toEqual([
      ['client', 'external client', 'on the internet'],
      ['lb:default/shop', 'default/shop', '203.0.113.10'],
      ['lb:default/shop-local', 'default/shop-local', '203.0.113.11'],
      ['lb:default/shop-ranges', 'default/shop-ranges', '203.0.113.12'],
    ]);
    const links = topology.links.filter((l) => l.kind === 'internet').map((l) => `${l.source} ~ ${l.target}`);
    expect(links).toEqual([
      'client ~ lb:default/shop',
      'lb:default/shop ~ underlay',
      'client ~ lb:default/shop-local',
      'lb:default/shop-local ~ underlay',
      'client ~ lb:default/shop-ranges',
      'lb:default/shop-ranges ~ underlay',
      'client ~ underlay',
    ]);
  });

  it('adds nothing for a cluster that exposes no Service', () => {
    const topology = buildTopology(clusterOf(SCENARIO.split('---\napiVersion: v1\nkind: Service')[0]!, { cni: 'flannel-vxlan' }));
    expect(topology.elements.filter((e) => e.kind === 'client' || e.kind === 'load-balancer')).toEqual([]);
  });
});
