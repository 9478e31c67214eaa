import { describe, expect, it } from 'vitest';
import { clusterOf } from '../cluster/test-helpers';
import { DEFAULT_SETTINGS, withCni } from '../cluster/settings';
import type { CniPlugin } from '../cluster/types';
import { traceFlow } from './trace';
import type { Trace } from './types';

const CLIENT = `
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: default, labels: {app: client}}
spec:
  containers: [{name: curl, image: curlimages/curl}]
`;

const EGRESS_ONLY_TO = (cidr: string) => `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-egress, namespace: default}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: ${cidr}}}]
    ports: [{port: 443}]
`;

function trace(cni: CniPlugin, extra = ''): Trace {
  const cluster = clusterOf(CLIENT + extra, { cni });
  const result = traceFlow(cluster, { from: { kind: 'pod', namespace: 'default', pod: 'client', container: undefined }, to: { kind: 'address', address: '203.0.113.9', port: 443, protocol: 'TCP' } });
  if (!result.ok) throw new Error(result.error.message);
  return result.trace;
}

describe('a pod to an address outside the cluster', () => {
  it('leaves by the default route, masqueraded to the node by flanneld, and conntrack undoes it on the answer', () => {
    const t = trace('flannel-vxlan');
    expect(t.verdict).toBe('delivered');
    expect(t.hops.map((h) => h.kind)).toEqual(['socket-send', 'route-lookup', 'arp', 'veth-transmit', 'veth-receive', 'route-lookup', 'masquerade', 'nic-transmit', 'wire']);
    const route = t.hops[5]!;
    expect(route.rule?.text).toBe('default via 192.168.1.1 dev eth0 proto static');
    const masq = t.hops[6]!;
    expect(masq.rule?.text).toBe(
      '-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG\n-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully',
    );
    expect(masq.changes.map((c) => c.field)).toEqual(['ip.src', 'l4.srcPort']);
    expect(masq.packet.ip.src).toBe('192.168.1.11');
    const undo = t.reply.find((h) => h.kind === 'conntrack');
    expect(undo?.changes[0]).toEqual({ field: 'ip.dst', before: '192.168.1.11', after: '10.244.0.2' });
    expect(t.reply.at(-1)).toMatchObject({ kind: 'deliver', where: 'ctr:default/client/curl' });
    expect(t.reply.at(-1)?.packet.ip).toMatchObject({ src: '203.0.113.9', dst: '10.244.0.2' });
  });

  it('names the masquerade rule of each plugin', () => {
    expect(trace('calico-ipip').hops.find((h) => h.kind === 'masquerade')?.rule?.text).toContain(
      '-A cali-nat-outgoing -m set --match-set cali40masq-ipam-pools src -m set ! --match-set cali40all-ipam-pools dst -j MASQUERADE --random-fully',
    );
    const kubenet = trace('bridge').hops.find((h) => h.kind === 'masquerade');
    expect(kubenet?.rule?.text).toBe('-A POSTROUTING ! -d 10.0.0.0/8 -m comment --comment "kubenet: SNAT for outbound traffic from cluster" -m addrtype ! --dst-type LOCAL -j MASQUERADE');
    // Without --random-fully the kernel keeps the client's port.
    expect(kubenet?.changes.map((c) => c.field)).toEqual(['ip.src']);
  });

  it('is judged by egress NetworkPolicy against the address itself: only an ipBlock admits it', () => {
    expect(trace('flannel-vxlan', EGRESS_ONLY_TO('203.0.113.0/24')).verdict).toBe('delivered');
    const denied = trace('flannel-vxlan', EGRESS_ONLY_TO('198.51.100.0/24'));
    expect(denied.verdict).toBe('dropped');
    expect(denied.hops.at(-1)).toMatchObject({ kind: 'drop', where: expect.stringMatching(/^veth:node-1\//) });
    expect(denied.explanation).toContain('ipBlock');
  });
});

describe('a pod to an address outside the cluster on Weave Net and Cilium', () => {
  it('Weave: the WEAVE chain masquerades traffic leaving the Weave range, keeping the port', () => {
    const cluster = clusterOf(CLIENT, withCni(DEFAULT_SETTINGS, 'weave'));
    const result = traceFlow(cluster, { from: { kind: 'pod', namespace: 'default', pod: 'client', container: undefined }, to: { kind: 'address', address: '203.0.113.9', port: 443, protocol: 'TCP' } });
    if (!result.ok) throw new Error(result.error.message);
    const t = result.trace;
    expect(t.verdict).toBe('delivered');
    const masq = t.hops.find((h) => h.kind === 'masquerade')!;
    expect(masq.rule?.text).toBe('-A WEAVE -s 10.32.0.0/12 ! -d 10.32.0.0/12 -j MASQUERADE');
    expect(masq.changes).toEqual([{ field: 'ip.src', before: '10.32.0.2', after: '192.168.1.11' }]);
    expect(t.hops[5]!.rule?.text).toBe('default via 192.168.1.1 dev eth0 proto static');
  });

  it('Cilium (tunnel): bpf_lxc answers the ARP, the host stack routes it, and CILIUM_POST_nat masquerades everything not for the node’s own pod CIDR', () => {
    const t = trace('cilium-vxlan');
    expect(t.hops.map((h) => h.kind)).toEqual(['socket-send', 'route-lookup', 'arp', 'veth-transmit', 'veth-receive', 'route-lookup', 'masquerade', 'nic-transmit', 'wire']);
    expect(t.hops[2]!.summary).toContain('bpf_lxc, on lxc');
    expect(t.hops[4]!.summary).toContain('bpf_lxc (cil_from_container)');
    const masq = t.hops[6]!;
    expect(masq.rule?.text).toBe(
      '-A POSTROUTING -m comment --comment "cilium-feeder: CILIUM_POST_nat" -j CILIUM_POST_nat\n' +
        '-A CILIUM_POST_nat -s 10.244.0.0/24 ! -d 10.244.0.0/24 ! -o cilium_+ -m comment --comment "cilium masquerade non-cluster" -j MASQUERADE',
    );
    expect(masq.changes).toEqual([{ field: 'ip.src', before: '10.244.0.2', after: '192.168.1.11' }]);
    expect(t.reply.map((h) => `${h.kind} @ ${h.where}`)).toEqual([
      'nic-receive @ nic:node-1/eth0',
      'conntrack @ kproxy:node-1',
      'route-lookup @ nic:node-1/eth0',
      expect.stringMatching(/^veth-transmit @ veth:node-1\/lxc[0-9a-f]{12}$/),
      'veth-receive @ podnic:default/client/eth0',
      'deliver @ ctr:default/client/curl',
    ]);
    expect(t.reply[2]!.rule?.text).toBe('10.244.0.0/24 via 10.244.0.1 dev cilium_host src 10.244.0.1');
    expect(t.reply[2]!.summary).toContain('bpf_host (cil_from_host');
    expect(t.reply.at(-1)?.packet.ip).toMatchObject({ src: '203.0.113.9', dst: '10.244.0.2' });
  });

  it('Cilium (native routing): the rule spares the whole native-routing CIDR instead', () => {
    expect(trace('cilium-native').hops.find((h) => h.kind === 'masquerade')?.rule?.text).toContain(
      '-A CILIUM_POST_nat -s 10.244.0.0/24 ! -d 10.244.0.0/16 ! -o cilium_+ -m comment --comment "cilium masquerade non-cluster" -j MASQUERADE',
    );
  });
});
