import { describe, expect, it } from 'vitest';
import { clusterOf } from '../cluster/test-helpers';
import type { ClusterSettings, CniPlugin } from '../cluster/types';
import { parseDestination, parseSource } from './flow';
import { traceFlow } from './trace';
import type { Trace, TraceResult } from './types';
import { hopSteps as kinds } from './test-helpers';

// node-1 (the control plane: node[0] holds the API server): the pod `near`; node-2: the pod `far`
// and a hostNetwork exporter. `db` is a Service without a selector whose Endpoints point outside.
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
metadata: {name: exporter, namespace: monitoring, labels: {app: exporter}}
spec: {nodeName: node-2, hostNetwork: true, containers: [{name: exporter, image: node-exporter, ports: [{containerPort: 9100}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: exporter, namespace: monitoring}
spec:
  clusterIP: 10.96.0.60
  selector: {app: exporter}
  ports: [{port: 9100}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  clusterIP: 10.96.0.50
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: default}
spec:
  clusterIP: 10.96.0.70
  ports: [{port: 5432}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: db, namespace: default}
subsets:
- addresses: [{ip: 203.0.113.20}]
  ports: [{port: 5432}]
`;

const EGRESS_ONLY_DNS = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: near-egress, namespace: default}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - ports: [{port: 53, protocol: UDP}]
`;

function run(from: string, to: string, settings: Partial<ClusterSettings> = {}, extra = ''): TraceResult {
  const cluster = clusterOf(SCENARIO + extra, { cni: 'flannel-vxlan', ...settings });
  const source = parseSource(from);
  if (!source.ok) throw new Error(source.error.message);
  const destination = parseDestination(to, source.value);
  if (!destination.ok) throw new Error(destination.error.message);
  return traceFlow(cluster, { from: source.value, to: destination.value });
}

function trace(...args: Parameters<typeof run>): Trace {
  const result = run(...args);
  if (!result.ok) throw new Error(result.error.message);
  return result.trace;
}

const masquerade = (t: Trace) => t.hops.find((h) => h.kind === 'masquerade');

describe("a pod to another node's own address", () => {
  it('leaves like egress: flanneld masquerades it to the sending node, the other node takes it in, conntrack restores the pod on the reply', () => {
    const t = trace('default/near', '192.168.1.12:9100');
    expect(t.verdict).toBe('delivered');
    expect(kinds(t.hops)).toEqual([
      'socket-send @ ctr:default/near/web',
      'route-lookup @ podnic:default/near/eth0',
      'arp @ bridge:node-1/cni0',
      'veth-transmit @ podnic:default/near/eth0',
      expect.stringMatching(/^veth-receive @ veth:node-1\/veth[0-9a-f]{8}$/),
      'route-lookup @ bridge:node-1/cni0',
      'masquerade @ nic:node-1/eth0',
      'nic-transmit @ nic:node-1/eth0',
      'wire @ underlay',
      'nic-receive @ nic:node-2/eth0',
      'route-lookup @ nic:node-2/eth0',
      'deliver @ ctr:monitoring/exporter/exporter',
    ]);
    expect(t.hops[5]!.rule?.text).toBe('192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.11');
    const masq = t.hops[6]!;
    expect(masq.rule?.text).toBe(
      '-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG\n-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully',
    );
    expect(masq.changes.map((c) => c.field)).toEqual(['ip.src', 'l4.srcPort']);
    expect(masq.changes[0]).toEqual({ field: 'ip.src', before: '10.244.0.2', after: '192.168.1.11' });
    expect(t.hops[10]!.rule?.text).toBe('local 192.168.1.12 dev eth0 table local proto kernel scope host src 192.168.1.12');
    expect(t.hops[11]!.packet.ip).toMatchObject({ src: '192.168.1.11', dst: '192.168.1.12' });
    expect(t.hops[11]!.rule?.text).toBe('exporter: containerPort 9100/TCP (hostNetwork)');

    expect(kinds(t.reply).slice(0, 6)).toEqual([
      'socket-send @ ctr:monitoring/exporter/exporter',
      'route-lookup @ ctr:monitoring/exporter/exporter',
      'nic-transmit @ nic:node-2/eth0',
      'wire @ underlay',
      'nic-receive @ nic:node-1/eth0',
      'conntrack @ kproxy:node-1',
    ]);
    const sport = (t.hops[0]!.packet.l4 as { srcPort: number }).srcPort;
    const natPort = (masq.packet.l4 as { srcPort: number }).srcPort;
    expect(t.reply[5]!.rule?.text).toBe(`tcp src=10.244.0.2 dst=192.168.1.12 sport=${sport} dport=9100 src=192.168.1.12 dst=192.168.1.11 sport=9100 dport=${natPort}`);
    expect(t.reply[5]!.changes[0]).toEqual({ field: 'ip.dst', before: '192.168.1.11', after: '10.244.0.2' });
    expect(t.reply.at(-1)).toMatchObject({ kind: 'deliver', where: 'ctr:default/near/web' });
    expect(t.reply.at(-1)!.packet.ip).toMatchObject({ src: '192.168.1.12', dst: '10.244.0.2' });
    expect(t.explanation).toContain("is masqueraded to 192.168.1.11 by flanneld's FLANNEL-POSTRTG chain");
  });

  it('reaches a hostNetwork pod by name the same way', () => {
    const t = trace('default/near', 'monitoring/exporter:9100');
    expect(t.verdict).toBe('delivered');
    expect(t.hops.at(-1)).toMatchObject({ kind: 'deliver', where: 'ctr:monitoring/exporter/exporter' });
    expect(t.hops.at(-1)!.packet.ip.src).toBe('192.168.1.11');
  });

  const masqueradedBy: [CniPlugin, string][] = [
    ['calico-ipip', '-A cali-nat-outgoing -m set --match-set cali40masq-ipam-pools src -m set ! --match-set cali40all-ipam-pools dst -j MASQUERADE --random-fully'],
    ['calico-bgp', '-A cali-nat-outgoing -m set --match-set cali40masq-ipam-pools src -m set ! --match-set cali40all-ipam-pools dst -j MASQUERADE --random-fully'],
    ['weave', '-A WEAVE -s 10.244.0.0/16 ! -d 10.244.0.0/16 -j MASQUERADE'],
    ['bridge', '-A POSTROUTING ! -d 10.0.0.0/8 -m comment --comment "kubenet: SNAT for outbound traffic from cluster" -m addrtype ! --dst-type LOCAL -j MASQUERADE'],
    ['cilium-vxlan', '-A CILIUM_POST_nat -s 10.244.0.0/24 ! -d 10.244.0.0/24 ! -o cilium_+ -m comment --comment "cilium masquerade non-cluster" -j MASQUERADE'],
  ];
  it.each(masqueradedBy)('%s masquerades a destination that is a cluster node too', (cni, rule) => {
    const t = trace('default/near', '192.168.1.12:9100', { cni });
    expect(t.verdict).toBe('delivered');
    expect(masquerade(t)?.rule?.text.split('\n')).toContain(rule);
    expect(masquerade(t)?.packet.ip.src).toBe('192.168.1.11');
    expect(t.hops.at(-1)!.packet.ip.src).toBe('192.168.1.11');
    expect(t.reply.filter((h) => h.kind === 'conntrack')).toHaveLength(1);
  });

  it("Cilium with native routing spares the nodes' addresses (cilium_node_set_v4): the other node sees the pod, and answers it by its route", () => {
    const t = trace('default/near', '192.168.1.12:9100', { cni: 'cilium-native' });
    expect(t.verdict).toBe('delivered');
    expect(masquerade(t)).toBeUndefined();
    expect(t.hops.at(-1)!.packet.ip).toMatchObject({ src: '10.244.0.2', dst: '192.168.1.12' });
    expect(t.explanation).toContain('"-A CILIUM_POST_nat -s 10.244.0.0/24 -m set --match-set cilium_node_set_v4 dst -m comment --comment "exclude traffic to cluster nodes from masquerade" -j ACCEPT"');
    expect(t.reply[1]!.rule?.text).toBe('10.244.0.0/24 via 192.168.1.11 dev eth0');
    expect(t.reply.some((h) => h.kind === 'conntrack')).toBe(false);
    expect(t.reply.at(-1)!.packet.ip).toMatchObject({ src: '192.168.1.12', dst: '10.244.0.2' });
  });

  it('is refused by the other kernel where nothing listens, still masqueraded', () => {
    const t = trace('default/near', '192.168.1.12:9999');
    expect(t.verdict).toBe('refused');
    expect(t.hops.at(-1)).toMatchObject({ kind: 'refuse', where: 'nic:node-2/eth0' });
    expect(t.reply[0]).toMatchObject({ kind: 'kernel-reply' });
    expect(t.reply[0]!.packet.l4).toMatchObject({ protocol: 'TCP', flags: 'RST-ACK' });
    expect(t.reply.at(-1)!.packet.ip.dst).toBe('10.244.0.2');
  });

  it('is judged by egress NetworkPolicy against the node address, which no pod selector admits', () => {
    const t = trace('default/near', '192.168.1.12:9100', {}, EGRESS_ONLY_DNS);
    expect(t.verdict).toBe('dropped');
    expect(t.hops.at(-1)).toMatchObject({ kind: 'drop', where: expect.stringMatching(/^veth:node-1\/veth/) });
    expect(masquerade(t)).toBeUndefined();
  });
});

describe('the kubernetes Service: the API server on the control-plane node', () => {
  it('from a pod on another node, by name: DNS, DNAT to 192.168.1.11:6443, masquerade, kube-apiserver, both rewrites undone', () => {
    const t = trace('default/far', 'kubernetes.default:443');
    expect(t.verdict).toBe('delivered');
    expect(t.dns?.lookup.result).toMatchObject({ ok: true, name: 'kubernetes.default.svc.cluster.local.', addresses: ['10.96.0.1'] });
    expect(t.service).toMatchObject({ namespace: 'default', name: 'kubernetes', address: '10.96.0.1', port: 443, node: 'node-2', endpoints: [{ ip: '192.168.1.11', port: 6443, pod: undefined }], chosen: 0 });
    const dnat = t.hops.find((h) => h.kind === 'service-rule' && h.changes.length > 0)!;
    expect(dnat.rule?.text).toMatch(/^-A KUBE-SEP-[A-Z0-9]{16} -p tcp -m comment --comment "default\/kubernetes:https" -m tcp -j DNAT --to-destination 192\.168\.1\.11:6443$/);
    expect(dnat.changes).toEqual([
      { field: 'ip.dst', before: '10.96.0.1', after: '192.168.1.11' },
      { field: 'l4.dstPort', before: '443', after: '6443' },
    ]);
    expect(masquerade(t)?.changes[0]).toEqual({ field: 'ip.src', before: '10.244.1.2', after: '192.168.1.12' });
    expect(masquerade(t)?.rule?.text).toContain('-j FLANNEL-POSTRTG');
    expect(t.hops.at(-1)).toMatchObject({ kind: 'deliver', where: 'node:node-1' });
    expect(t.hops.at(-1)!.summary).toContain('kube-apiserver');
    expect(t.hops.at(-1)!.packet.ip).toMatchObject({ src: '192.168.1.12', dst: '192.168.1.11' });
    expect(t.hops.at(-1)!.packet.l4).toMatchObject({ dstPort: 6443 });

    const undo = t.reply.filter((h) => h.kind === 'conntrack');
    expect(undo.map((h) => h.changes.map((c) => c.field))).toEqual([['ip.dst', 'l4.dstPort'], ['ip.src', 'l4.srcPort']]);
    expect(undo[0]!.changes[0]).toEqual({ field: 'ip.dst', before: '192.168.1.12', after: '10.244.1.2' });
    expect(undo[1]!.changes).toEqual([
      { field: 'ip.src', before: '192.168.1.11', after: '10.96.0.1' },
      { field: 'l4.srcPort', before: '6443', after: '443' },
    ]);
    expect(t.reply.at(-1)).toMatchObject({ kind: 'deliver', where: 'ctr:default/far/web' });
    expect(t.reply.at(-1)!.packet.ip).toMatchObject({ src: '10.96.0.1', dst: '10.244.1.2' });
  });

  it("from a pod on the API server's own node: taken in locally after the DNAT (INPUT), no POSTROUTING, so no masquerade", () => {
    const t = trace('default/near', 'svc/default/kubernetes:443');
    expect(t.verdict).toBe('delivered');
    expect(masquerade(t)).toBeUndefined();
    expect(kinds(t.hops).slice(-2)).toEqual(['route-lookup @ nic:node-1/eth0', 'deliver @ node:node-1']);
    expect(t.hops.at(-2)!.rule?.text).toBe('local 192.168.1.11 dev eth0 table local proto kernel scope host src 192.168.1.11');
    expect(t.hops.at(-1)!.packet.ip).toMatchObject({ src: '10.244.0.2', dst: '192.168.1.11' });
    expect(t.hops.some((h) => h.rule?.text.startsWith('-A INPUT ') === true)).toBe(true);
    const undo = t.reply.filter((h) => h.kind === 'conntrack');
    expect(undo).toHaveLength(1);
    expect(undo[0]!.changes[0]).toEqual({ field: 'ip.src', before: '192.168.1.11', after: '10.96.0.1' });
    expect(t.reply.at(-1)!.packet.ip).toMatchObject({ src: '10.96.0.1', dst: '10.244.0.2' });
  });

  it('works the same through IPVS and nftables', () => {
    for (const kubeProxyMode of ['ipvs', 'nftables'] as const) {
      const t = trace('default/far', 'svc/default/kubernetes:443', { kubeProxyMode });
      expect(t.verdict).toBe('delivered');
      expect(t.hops.at(-1)).toMatchObject({ kind: 'deliver', where: 'node:node-1' });
      expect(masquerade(t)?.packet.ip.src).toBe('192.168.1.12');
    }
  });
});

describe('Service endpoints that are no pod with its own namespace', () => {
  it("a hostNetwork pod's endpoint on another node: DNAT to the node address, masquerade, the exporter's socket", () => {
    const t = trace('default/near', 'svc/monitoring/exporter:9100', { cni: 'calico-ipip' });
    expect(t.verdict).toBe('delivered');
    expect(t.service?.endpoints).toEqual([{ ip: '192.168.1.12', port: 9100, pod: 'monitoring/exporter' }]);
    expect(masquerade(t)?.rule?.text).toBe(
      '-A cali-POSTROUTING -j cali-nat-outgoing\n-A cali-nat-outgoing -m set --match-set cali40masq-ipam-pools src -m set ! --match-set cali40all-ipam-pools dst -j MASQUERADE --random-fully',
    );
    expect(t.hops.at(-1)).toMatchObject({ kind: 'deliver', where: 'ctr:monitoring/exporter/exporter' });
    expect(t.reply.at(-1)!.packet.ip).toMatchObject({ src: '10.96.0.60', dst: '10.244.0.1' });
  });

  it('an Endpoints object pointing outside the cluster: out of the default route like egress, the answer un-NATed twice', () => {
    const t = trace('default/near', 'svc/default/db:5432');
    expect(t.verdict).toBe('delivered');
    expect(kinds(t.hops).slice(-4)).toEqual(['route-lookup @ kproxy:node-1', 'masquerade @ nic:node-1/eth0', 'nic-transmit @ nic:node-1/eth0', 'wire @ nic:node-1/eth0']);
    expect(t.hops.at(-4)!.rule?.text).toBe('default via 192.168.1.1 dev eth0 proto static');
    expect(t.hops.at(-1)!.packet.ip).toMatchObject({ src: '192.168.1.11', dst: '203.0.113.20' });
    expect(kinds(t.reply).slice(0, 4)).toEqual(['nic-receive @ nic:node-1/eth0', 'conntrack @ kproxy:node-1', 'route-lookup @ nic:node-1/eth0', 'conntrack @ kproxy:node-1']);
    expect(t.reply[3]!.changes[0]).toEqual({ field: 'ip.src', before: '203.0.113.20', after: '10.96.0.70' });
    expect(t.reply.at(-1)!.packet.ip).toMatchObject({ src: '10.96.0.70', dst: '10.244.0.2' });
    expect(t.explanation).toContain('an address outside the cluster');
  });
});

describe('a hostNetwork pod as the sender', () => {
  it("to a Service: nat OUTPUT in its node's namespace, the socket drawn at its container", () => {
    const t = trace('monitoring/exporter', 'svc/default/web:80');
    expect(t.verdict).toBe('delivered');
    expect(t.hops[0]).toMatchObject({ kind: 'socket-send', where: 'ctr:monitoring/exporter/exporter' });
    expect(t.hops[0]!.packet.ip.src).toBe('192.168.1.12');
    expect(t.hops.find((h) => h.kind === 'service-rule')?.rule?.text).toBe('-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
    expect(t.reply.at(-1)).toMatchObject({ kind: 'deliver', where: 'ctr:monitoring/exporter/exporter' });
    expect(t.reply.at(-1)!.packet.ip.src).toBe('10.96.0.50');
  });

  it('to a pod: from the node namespace, with the node address the route gives', () => {
    const t = trace('monitoring/exporter', 'default/far:8080');
    expect(t.verdict).toBe('delivered');
    expect(t.hops[0]!.packet.ip).toMatchObject({ src: '10.244.1.1', dst: '10.244.1.2' });
    expect(t.hops[0]!.summary).toContain("the route's src 10.244.1.1");
  });

  it('to the kubernetes Service: nat OUTPUT marks it (no pod source), KUBE-POSTROUTING masquerades it out of eth0, conntrack undoes both for the socket', () => {
    const t = trace('monitoring/exporter', 'svc/default/kubernetes:443');
    expect(t.verdict).toBe('delivered');
    expect(t.hops.some((h) => /^-A KUBE-SVC-[A-Z0-9]{16} ! -s 10\.244\.0\.0\/16 -d 10\.96\.0\.1\/32 .* -j KUBE-MARK-MASQ$/.test(h.rule?.text ?? ''))).toBe(true);
    const masq = masquerade(t)!;
    expect(masq.where).toBe('kproxy:node-2');
    expect(masq.rule?.text.split('\n').at(-1)).toBe('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully');
    expect(masq.changes.map((c) => c.field)).toEqual(['l4.srcPort']);
    expect(kinds(t.hops).slice(-2)).toEqual(['route-lookup @ nic:node-1/eth0', 'deliver @ node:node-1']);
    expect(kinds(t.reply).slice(-3)).toEqual(['conntrack @ kproxy:node-2', 'conntrack @ kproxy:node-2', 'deliver @ ctr:monitoring/exporter/exporter']);
    expect(t.reply.at(-1)!.packet.ip).toMatchObject({ src: '10.96.0.1', dst: '192.168.1.12' });
    expect(t.reply.at(-1)!.packet.l4).toMatchObject({ srcPort: 443, dstPort: (t.hops[0]!.packet.l4 as { srcPort: number }).srcPort });
  });

  it("from the API server's own node: the loopback device, the same two conntrack rewrites", () => {
    const t = trace('node/node-1', 'svc/default/kubernetes:443');
    expect(t.verdict).toBe('delivered');
    expect(t.hops.some((h) => h.kind === 'nic-transmit')).toBe(false);
    expect(t.hops.at(-1)).toMatchObject({ kind: 'deliver', where: 'node:node-1' });
    expect(t.hops.at(-1)!.packet.ip).toMatchObject({ src: '192.168.1.11', dst: '192.168.1.11' });
    expect(kinds(t.reply)).toEqual(['socket-send @ node:node-1', 'conntrack @ kproxy:node-1', 'conntrack @ kproxy:node-1', 'deliver @ node:node-1']);
    expect(t.reply.at(-1)!.packet.ip).toMatchObject({ src: '10.96.0.1', dst: '192.168.1.11' });
  });
});

describe('Cilium: the kubernetes Service and hostNetwork backends', () => {
  it('bpf_lxc DNATs the ClusterIP to the API server, the host stack routes it, CILIUM_POST_nat masquerades it (tunnel mode), the endpoint program reverses the DNAT', () => {
    const t = trace('default/far', 'svc/default/kubernetes:443', { cni: 'cilium-vxlan' });
    expect(t.verdict).toBe('delivered');
    const lb = t.hops.find((h) => h.kind === 'service-rule')!;
    expect(lb.where).toMatch(/^veth:node-2\/lxc[0-9a-f]{12}$/);
    expect(lb.changes).toEqual([
      { field: 'ip.dst', before: '10.96.0.1', after: '192.168.1.11' },
      { field: 'l4.dstPort', before: '443', after: '6443' },
    ]);
    expect(masquerade(t)?.rule?.text).toBe(
      '-A POSTROUTING -m comment --comment "cilium-feeder: CILIUM_POST_nat" -j CILIUM_POST_nat\n' +
        '-A CILIUM_POST_nat -s 10.244.1.0/24 ! -d 10.244.1.0/24 ! -o cilium_+ -m comment --comment "cilium masquerade non-cluster" -j MASQUERADE',
    );
    expect(t.hops.at(-1)).toMatchObject({ kind: 'deliver', where: 'node:node-1' });
    const undo = t.reply.filter((h) => h.kind === 'conntrack');
    expect(undo.map((h) => h.where)).toEqual(['kproxy:node-2', lb.where]);
    expect(undo[1]!.changes).toEqual([
      { field: 'ip.src', before: '192.168.1.11', after: '10.96.0.1' },
      { field: 'l4.srcPort', before: '6443', after: '443' },
    ]);
    expect(t.reply.at(-1)!.packet.ip).toMatchObject({ src: '10.96.0.1', dst: '10.244.1.2' });
  });

  it('native routing: the node set keeps the pod address to the API server', () => {
    const t = trace('default/far', 'svc/default/kubernetes:443', { cni: 'cilium-native' });
    expect(t.verdict).toBe('delivered');
    expect(masquerade(t)).toBeUndefined();
    expect(t.hops.at(-1)!.packet.ip).toMatchObject({ src: '10.244.1.2', dst: '192.168.1.11' });
    expect(t.reply[1]!.rule?.text).toBe('10.244.1.0/24 via 192.168.1.12 dev eth0');
    expect(t.reply.at(-1)!.packet.ip).toMatchObject({ src: '10.96.0.1', dst: '10.244.1.2' });
  });

  it("the kube-proxy replacement's socket load balancer: connect() already goes to 192.168.1.11:6443, and no NAT is undone but the masquerade", () => {
    const t = trace('default/far', 'svc/default/kubernetes:443', { cni: 'cilium-vxlan', kubeProxyMode: 'none' });
    expect(t.verdict).toBe('delivered');
    expect(kinds(t.hops).slice(0, 3)).toEqual(['socket-send @ ctr:default/far/web', 'service-rule @ ctr:default/far/web', 'route-lookup @ podnic:default/far/eth0']);
    expect(t.hops[2]!.packet.ip.dst).toBe('192.168.1.11');
    expect(masquerade(t)?.packet.ip.src).toBe('192.168.1.12');
    expect(t.reply.filter((h) => h.kind === 'conntrack').map((h) => h.where)).toEqual(['kproxy:node-2']);
    expect(t.reply.at(-1)!.packet.ip).toMatchObject({ src: '192.168.1.11', dst: '10.244.1.2' });
    expect(t.explanation).toContain('cil_sock4_recvmsg');
  });

  it('a hostNetwork backend on the same node: taken in by the local stack, no masquerade', () => {
    const t = trace('default/far', 'svc/monitoring/exporter:9100', { cni: 'cilium-vxlan' });
    expect(t.verdict).toBe('delivered');
    expect(masquerade(t)).toBeUndefined();
    expect(t.hops.at(-1)).toMatchObject({ kind: 'deliver', where: 'ctr:monitoring/exporter/exporter' });
    expect(t.hops.at(-1)!.packet.ip).toMatchObject({ src: '10.244.1.2', dst: '192.168.1.12' });
    expect(t.explanation).toContain('no POSTROUTING, so no masquerade');
  });
});

describe('from outside to a NodePort whose endpoint is a hostNetwork pod', () => {
  const NODE_PORT = `
---
apiVersion: v1
kind: Service
metadata: {name: exporter-np, namespace: monitoring}
spec:
  type: NodePort
  selector: {app: exporter}
  ports: [{port: 9100, nodePort: 30910}]
`;

  it('on another node: DNAT to 192.168.1.12:9100, KUBE-POSTROUTING masquerades it to node-1, both rewrites undone on the reply', () => {
    const t = trace('external', '192.168.1.11:30910', {}, NODE_PORT);
    expect(t.verdict).toBe('delivered');
    const masq = masquerade(t)!;
    expect(masq.where).toBe('kproxy:node-1');
    expect(masq.changes[0]).toEqual({ field: 'ip.src', before: '198.51.100.10', after: '192.168.1.11' });
    expect(t.hops.at(-1)).toMatchObject({ kind: 'deliver', where: 'ctr:monitoring/exporter/exporter' });
    expect(t.hops.at(-1)!.packet.ip).toMatchObject({ src: '192.168.1.11', dst: '192.168.1.12' });
    expect(t.reply.filter((h) => h.kind === 'conntrack').map((h) => h.changes.map((c) => `${c.field} ${c.before}→${c.after}`))).toEqual([
      [`ip.dst 192.168.1.11→198.51.100.10`, expect.stringMatching(/^l4\.dstPort \d+→\d+$/)],
      ['ip.src 192.168.1.12→192.168.1.11', 'l4.srcPort 9100→30910'],
    ]);
    expect(t.reply.at(-1)).toMatchObject({ kind: 'deliver', where: 'client' });
    expect(t.reply.at(-1)!.packet.ip).toMatchObject({ src: '192.168.1.11', dst: '198.51.100.10' });
  });

  it("on the endpoint's own node: up to INPUT, never POSTROUTING, so the pod sees the client", () => {
    const t = trace('external', '192.168.1.12:30910', {}, NODE_PORT);
    expect(t.verdict).toBe('delivered');
    expect(masquerade(t)).toBeUndefined();
    expect(t.hops.at(-1)!.packet.ip).toMatchObject({ src: '198.51.100.10', dst: '192.168.1.12' });
    expect(t.hops.at(-1)!.packet.l4).toMatchObject({ dstPort: 9100 });
    const undo = t.reply.filter((h) => h.kind === 'conntrack');
    expect(undo.map((h) => h.changes)).toEqual([[{ field: 'l4.srcPort', before: '9100', after: '30910' }]]);
    expect(t.explanation).toContain("sees the client's own address 198.51.100.10");
  });
});
