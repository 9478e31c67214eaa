import { describe, expect, it } from 'vitest';
import { clusterOf } from '../cluster/test-helpers';
import type { ClusterSettings } from '../cluster/types';
import { formatFlow, parseDestination, parseSource } from './flow';
import { traceFlow } from './trace';
import type { Trace, TraceOptions, TraceResult } from './types';
import { hopSteps as kinds } from './test-helpers';

// node-1: the pod `near` and a hostNetwork exporter; node-2: the pod `far`. One Service selects both pods.
const SCENARIO = `
apiVersion: v1
kind: Pod
metadata: {name: near, namespace: default, labels: {app: web}}
spec: {nodeName: node-1, containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: far, namespace: default, labels: {app: web}}
spec: {nodeName: node-2, containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: exporter, namespace: monitoring}
spec: {nodeName: node-1, hostNetwork: true, containers: [{name: exporter, image: node-exporter, ports: [{containerPort: 9100}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  clusterIP: 10.96.0.50
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`;

const DENY_ALL_INGRESS = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: default}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;

function run(from: string, to: string, settings: Partial<ClusterSettings> = {}, options: TraceOptions = {}, extra = ''): TraceResult {
  const cluster = clusterOf(SCENARIO + extra, { cni: 'flannel-vxlan', ...settings });
  const source = parseSource(from);
  if (!source.ok) throw new Error(source.error.message);
  const destination = parseDestination(to, source.value);
  if (!destination.ok) throw new Error(destination.error.message);
  return traceFlow(cluster, { from: source.value, to: destination.value }, options);
}

function trace(...args: Parameters<typeof run>): Trace {
  const result = run(...args);
  if (!result.ok) throw new Error(result.error.message);
  return result.trace;
}

describe('parsing and printing the new sources', () => {
  it('reads node/NAME, external and external:IP, and prints them back', () => {
    expect(parseSource('node/node-1')).toEqual({ ok: true, value: { kind: 'node', node: 'node-1' } });
    expect(parseSource('external')).toEqual({ ok: true, value: { kind: 'external', ip: '198.51.100.10' } });
    expect(parseSource('external:203.0.113.7')).toEqual({ ok: true, value: { kind: 'external', ip: '203.0.113.7' } });
    expect(parseSource('external:nope')).toMatchObject({ ok: false, error: { code: 'bad-source' } });
    expect(formatFlow({ from: { kind: 'node', node: 'node-1' }, to: { kind: 'address', address: '10.96.0.50', port: 80, protocol: 'TCP' } })).toBe('node/node-1 → 10.96.0.50:80/TCP');
    expect(formatFlow({ from: { kind: 'external', ip: '203.0.113.7' }, to: { kind: 'name', name: 'shop.example.com', port: 443, protocol: 'TCP' } })).toBe('external:203.0.113.7 → shop.example.com:443/TCP');
  });

  it('keeps localhost for pod sources only', () => {
    expect(parseDestination('localhost:80', { kind: 'node', node: 'node-1' })).toMatchObject({ ok: false, error: { code: 'bad-destination' } });
  });
});

describe('a node process to a pod', () => {
  it("takes flannel.1's address as source for a pod on another node, and says which route chose it", () => {
    const t = trace('node/node-1', 'default/far:8080');
    expect(t.verdict).toBe('delivered');
    expect(kinds(t.hops).slice(0, 3)).toEqual(['socket-send @ node:node-1', 'route-lookup @ node:node-1', 'encapsulate @ tun:node-1/flannel.1']);
    expect(t.hops[0]?.packet.ip).toMatchObject({ src: '10.244.0.0', dst: '10.244.1.2' });
    expect(t.hops[0]?.summary).toContain("the route has no src, so the kernel takes flannel.1's address 10.244.0.0");
    expect(t.hops[1]?.rule?.text).toBe('10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink');
    // A local process's packet is not forwarded: no TTL is lost on the sending node.
    expect(t.hops[1]?.packet.ip.ttl).toBe(64);
    expect(kinds(t.reply).slice(-3)).toEqual(['nic-receive @ nic:node-1/eth0', 'decapsulate @ tun:node-1/flannel.1', 'deliver @ node:node-1']);
  });

  it("takes cni0's address for a pod behind its own bridge (the route's src)", () => {
    const t = trace('node/node-1', 'default/near:8080');
    expect(t.hops[0]?.packet.ip.src).toBe('10.244.0.1');
    expect(t.hops[0]?.summary).toContain("the route's src 10.244.0.1");
    expect(t.hops[1]?.rule?.text).toBe('10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1');
  });

  it("takes eth0's address through a Calico veth, which has none", () => {
    const t = trace('node/node-1', 'default/near:8080', { cni: 'calico-bgp' });
    expect(t.hops[0]?.packet.ip.src).toBe('192.168.1.11');
    expect(t.hops[0]?.summary).toContain("has no address of its own, so the kernel takes node-1's first global address, eth0's 192.168.1.11");
  });

  it('is let in by the own-node exemption even where a policy isolates the pod, and says no policy judges the sender', () => {
    const t = trace('node/node-1', 'default/near:8080', {}, {}, DENY_ALL_INGRESS);
    expect(t.verdict).toBe('delivered');
    const checks = t.hops.filter((h) => h.kind === 'network-policy');
    expect(checks[0]?.summary).toContain('Policies do not apply to hostNetwork pods');
    expect(checks[1]?.policy?.verdict).toMatchObject({ kind: 'unrestricted', reason: 'own-node' });
  });

  it('is dropped by that policy from another node, whose address is no exemption', () => {
    const t = trace('node/node-2', 'default/near:8080', {}, {}, DENY_ALL_INGRESS);
    expect(t.verdict).toBe('dropped');
    expect(t.hops.at(-1)?.kind).toBe('drop');
  });
});

describe('a node process to a Service', () => {
  const t = trace('node/node-1', 'svc/default/web:80', {}, { endpoint: 1 });

  it("goes through nat OUTPUT, and KUBE-SVC's masquerade rule marks it because the node's address is not a pod's", () => {
    expect(t.hops[0]?.packet.ip).toMatchObject({ src: '192.168.1.11', dst: '10.96.0.50' });
    const rules = t.hops.filter((h) => h.kind === 'service-rule').map((h) => h.rule?.text ?? '');
    expect(rules[0]).toBe('-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
    expect(rules.some((r) => r.includes('! -s 10.244.0.0/16') && r.endsWith('-j KUBE-MARK-MASQ'))).toBe(true);
  });

  it("masquerades to flannel.1's address for the endpoint on node-2, and undoes both NATs before the socket", () => {
    const masq = t.hops.find((h) => h.kind === 'masquerade');
    expect(masq?.changes[0]).toEqual({ field: 'ip.src', before: '192.168.1.11', after: '10.244.0.0' });
    expect(t.hops.at(-1)?.where).toBe('ctr:default/far/web');
    const undone = t.reply.filter((h) => h.kind === 'conntrack').map((h) => h.changes.map((c) => c.field));
    expect(undone).toEqual([['ip.dst', 'l4.dstPort'], ['ip.src', 'l4.srcPort']]);
    expect(t.reply.at(-1)).toMatchObject({ kind: 'deliver', where: 'node:node-1', packet: { ip: { src: '10.96.0.50', dst: '192.168.1.11' } } });
  });
});

describe('hostNetwork pods', () => {
  it('as a source, send from the node\'s namespace with their own container', () => {
    const t = trace('monitoring/exporter', 'default/far:8080');
    expect(t.hops[0]).toMatchObject({ kind: 'socket-send', where: 'ctr:monitoring/exporter/exporter', packet: { ip: { src: '10.244.0.0' } } });
    expect(t.reply.at(-1)?.where).toBe('ctr:monitoring/exporter/exporter');
  });

  it('as a destination from a pod on the same node: up the veth into the node, taken in for its own address', () => {
    const t = trace('default/near', 'monitoring/exporter:9100');
    expect(t.verdict).toBe('delivered');
    expect(kinds(t.hops).slice(-2)).toEqual(['route-lookup @ nic:node-1/eth0', 'deliver @ ctr:monitoring/exporter/exporter']);
    expect(t.hops.at(-2)?.rule?.text).toBe('local 192.168.1.11 dev eth0 table local proto kernel scope host src 192.168.1.11');
    expect(t.hops.at(-1)?.summary).toContain('No NetworkPolicy applies to it');
  });

  it('as a destination from another node: over the node network to its address', () => {
    const t = trace('node/node-2', '192.168.1.11:9100');
    expect(kinds(t.hops)).toEqual([
      'socket-send @ node:node-2',
      'route-lookup @ node:node-2',
      'nic-transmit @ nic:node-2/eth0',
      'wire @ underlay',
      'nic-receive @ nic:node-1/eth0',
      'route-lookup @ nic:node-1/eth0',
      'deliver @ ctr:monitoring/exporter/exporter',
    ]);
    expect(t.hops[1]?.rule?.text).toBe('192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.12');
  });

  it('refuses a port no hostNetwork pod declares, with the kernel\'s reset', () => {
    const t = trace('node/node-2', '192.168.1.11:10250');
    expect(t.verdict).toBe('refused');
    expect(t.reply[0]).toMatchObject({ kind: 'kernel-reply', packet: { l4: { flags: 'RST-ACK' } } });
  });

  it("reaches a hostNetwork pod on another node through flanneld's masquerade (host-endpoints.test.ts has the hops)", () => {
    const t = trace('default/far', 'monitoring/exporter:9100');
    expect(t.verdict).toBe('delivered');
    expect(t.hops.find((h) => h.kind === 'masquerade')?.packet.ip.src).toBe('192.168.1.12');
    expect(t.hops.at(-1)).toMatchObject({ kind: 'deliver', where: 'ctr:monitoring/exporter/exporter' });
  });
});

describe('a pod to its own node’s namespace on Weave Net and Cilium', () => {
  it('Weave: up the veth to the weave bridge’s address as gateway, taken in locally; the reply switched back by the bridge', () => {
    const t = trace('default/near', 'monitoring/exporter:9100', { cni: 'weave', clusterCIDR: '10.32.0.0/12' });
    expect(t.verdict).toBe('delivered');
    expect(kinds(t.hops)).toEqual([
      'socket-send @ ctr:default/near/web',
      'route-lookup @ podnic:default/near/eth0',
      'arp @ bridge:node-1/weave',
      'veth-transmit @ podnic:default/near/eth0',
      expect.stringMatching(/^veth-receive @ veth:node-1\/vethwepl[0-9a-f]{7}$/),
      'route-lookup @ nic:node-1/eth0',
      'deliver @ ctr:monitoring/exporter/exporter',
    ]);
    expect(t.hops[1]?.rule?.text).toBe('default via 10.32.0.1 dev eth0');
    expect(kinds(t.reply).slice(1, 3)).toEqual(['route-lookup @ ctr:monitoring/exporter/exporter', 'bridge-forward @ bridge:node-1/weave']);
    expect(t.reply[1]?.rule?.text).toBe('10.32.0.0/12 dev weave proto kernel scope link src 10.32.0.1');
  });

  it('Cilium: bpf_lxc answers the gateway ARP and hands the packet to the stack; bpf_host on cilium_host delivers the reply', () => {
    const t = trace('default/near', 'monitoring/exporter:9100', { cni: 'cilium-vxlan' });
    expect(t.verdict).toBe('delivered');
    expect(t.hops[2]).toMatchObject({ kind: 'arp', where: expect.stringMatching(/^veth:node-1\/lxc[0-9a-f]{12}$/) });
    expect(t.hops[2]?.summary).toContain('bpf_lxc, on lxc');
    expect(t.hops[4]?.summary).toContain('hands the packet to node-1\'s IP stack');
    expect(kinds(t.reply).slice(1)).toEqual([
      'route-lookup @ ctr:monitoring/exporter/exporter',
      expect.stringMatching(/^veth-transmit @ veth:node-1\/lxc[0-9a-f]{12}$/),
      'veth-receive @ podnic:default/near/eth0',
      'deliver @ ctr:default/near/web',
    ]);
    expect(t.reply[1]?.rule?.text).toBe('10.244.0.0/24 via 10.244.0.1 dev cilium_host src 10.244.0.1');
    expect(t.reply[1]?.summary).toContain('bpf_host (cil_from_host, on cilium_host\'s tc egress)');
    expect(t.reply.at(-1)?.packet.ip).toEqual({ src: '192.168.1.11', dst: '10.244.0.2', ttl: 63, protocol: 'TCP' });
  });
});
