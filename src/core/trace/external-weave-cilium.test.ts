import { describe, expect, it } from 'vitest';
import { clusterOf } from '../cluster/test-helpers';
import { DEFAULT_SETTINGS, withCni } from '../cluster/settings';
import type { CniPlugin, KubeProxyMode } from '../cluster/types';
import { parseDestination, parseSource } from './flow';
import { traceFlow } from './trace';
import type { Hop, Trace } from './types';
import { hopAddresses as addresses } from './test-helpers';

// anchor on node-1; the one endpoint, web (8080), on node-2. shop: LoadBalancer, eTP Cluster; shop-local: eTP Local.
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
metadata: {name: shop, namespace: default}
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
`;

function trace(cni: CniPlugin, mode: KubeProxyMode, node: string, to = 'svc/default/shop:80'): Trace {
  const cluster = clusterOf(SCENARIO, { ...withCni(DEFAULT_SETTINGS, cni), kubeProxyMode: mode });
  const source = parseSource('external');
  if (!source.ok) throw new Error(source.error.message);
  const destination = parseDestination(to, source.value);
  if (!destination.ok) throw new Error(destination.error.message);
  const result = traceFlow(cluster, { from: source.value, to: destination.value }, { node });
  if (!result.ok) throw new Error(result.error.message);
  return result.trace;
}

const steps = (hops: readonly Hop[]) => hops.filter((h) => h.where !== `kproxy:node-1` || h.kind !== 'service-rule').map((h) => `${h.kind} @ ${h.where}`);

describe('from outside on Weave Net, endpoint on another peer', () => {
  const t = trace('weave', 'iptables', 'node-1');
  const masq = t.hops.find((h) => h.kind === 'masquerade')!;

  it('kube-proxy DNATs on node-1, routes onto the weave bridge, masquerades to the bridge address and takes the fast datapath', () => {
    expect(t.verdict).toBe('delivered');
    const web = t.hops.find((h) => h.kind === 'veth-transmit' && h.where.startsWith('veth:node-2/vethwepl'))!.where;
    expect(steps(t.hops).slice(4)).toEqual([
      'route-lookup @ nic:node-1/eth0',
      'masquerade @ kproxy:node-1',
      'arp @ bridge:node-1/weave',
      'bridge-forward @ bridge:node-1/weave',
      'veth-transmit @ veth:node-1/vethwe-bridge',
      'bridge-forward @ dp:node-1/datapath',
      'encapsulate @ tun:node-1/vxlan-6784',
      'nic-transmit @ nic:node-1/eth0',
      'wire @ underlay',
      'nic-receive @ nic:node-2/eth0',
      'decapsulate @ tun:node-2/vxlan-6784',
      'bridge-forward @ dp:node-2/datapath',
      'veth-transmit @ veth:node-2/vethwe-datapath',
      'bridge-forward @ bridge:node-2/weave',
      `veth-transmit @ ${web}`,
      'veth-receive @ podnic:default/web/eth0',
      'deliver @ ctr:default/web/web',
    ]);
    expect(t.hops.find((h) => h.kind === 'route-lookup')?.rule?.text).toBe('10.32.0.0/12 dev weave proto kernel scope link src 10.32.0.1');
    expect(masq.packet.ip.src).toBe('10.32.0.1');
    expect(t.hops.find((h) => h.kind === 'encapsulate')?.packet.outer).toMatchObject({ ip: { src: '192.168.1.11', dst: '192.168.1.12' }, udp: { dstPort: 6784 } });
  });

  it('the reply goes to node-1’s bridge address through the datapath, and node-1 undoes the SNAT and the DNAT', () => {
    expect(steps(t.reply).slice(-10)).toEqual([
      'decapsulate @ tun:node-1/vxlan-6784',
      'bridge-forward @ dp:node-1/datapath',
      'veth-transmit @ veth:node-1/vethwe-datapath',
      'bridge-forward @ bridge:node-1/weave',
      'conntrack @ kproxy:node-1',
      'route-lookup @ bridge:node-1/weave',
      'conntrack @ kproxy:node-1',
      'nic-transmit @ nic:node-1/eth0',
      'load-balancer @ lb:default/shop',
      'deliver @ client',
    ]);
    expect(t.reply[1]?.packet.ip.dst).toBe('10.32.0.1');
    expect(t.reply[1]?.summary).toContain('it is node-1\'s weave bridge address');
    expect(addresses(t.reply.at(-1))).toBe(`203.0.113.10:80 → 198.51.100.10:${(t.hops[0]!.packet.l4 as { srcPort: number }).srcPort}`);
  });
});

describe('from outside on Weave Net with externalTrafficPolicy Local', () => {
  it('WEAVE’s no-masq-local RETURN keeps the client address', () => {
    const t = trace('weave', 'iptables', 'node-2', 'svc/default/shop-local:80');
    const weave = t.hops.find((h) => h.where === 'bridge:node-2/weave' && h.kind === 'service-rule')!;
    expect(weave.rule?.text).toBe('-A POSTROUTING -j WEAVE\n-A WEAVE -m set --match-set weaver-no-masq-local dst -m comment --comment "Prevent SNAT to locally running containers" -j RETURN');
    expect(weave.summary).toContain('(10.40.0.0/13, this peer');
    expect(t.hops.at(-1)?.packet.ip.src).toBe('198.51.100.10');
    expect(t.hops.some((h) => h.kind === 'masquerade')).toBe(false);
  });
});

describe('from outside on Cilium with kube-proxy (kubeProxyReplacement=false)', () => {
  it('tunnel: kube-proxy DNATs, the route into cilium_host masquerades to the router IP, bpf_host encapsulates with VNI 6 (remote-node)', () => {
    const t = trace('cilium-vxlan', 'iptables', 'node-1');
    expect(t.hops[3]!.summary).toContain('has no frontend for it');
    const after = t.hops.slice(t.hops.findIndex((h) => h.kind === 'route-lookup'));
    expect(after.map((h) => `${h.kind} @ ${h.where}`)).toEqual([
      'route-lookup @ nic:node-1/eth0',
      'masquerade @ kproxy:node-1',
      'encapsulate @ tun:node-1/cilium_vxlan',
      'nic-transmit @ nic:node-1/eth0',
      'wire @ underlay',
      'nic-receive @ nic:node-2/eth0',
      'decapsulate @ tun:node-2/cilium_vxlan',
      expect.stringMatching(/^veth-transmit @ veth:node-2\/lxc[0-9a-f]{12}$/),
      'veth-receive @ podnic:default/web/eth0',
      'deliver @ ctr:default/web/web',
    ]);
    expect(after[0]!.rule?.text).toBe('10.244.1.0/24 via 10.244.0.1 dev cilium_host src 10.244.0.1 mtu 1450');
    expect(after[1]!.packet.ip.src).toBe('10.244.0.1');
    expect(after[2]!.packet.outer).toMatchObject({ ip: { src: '192.168.1.11', dst: '192.168.1.12' }, udp: { dstPort: 8472 }, vxlan: { vni: 6 } });
    expect(after.at(-1)?.packet.ip.ttl).toBe(62);
    expect(t.reply.map((h) => h.kind).slice(-7)).toEqual(['decapsulate', 'conntrack', 'route-lookup', 'conntrack', 'nic-transmit', 'load-balancer', 'deliver']);
    expect(t.reply.at(-1)?.packet.ip.src).toBe('203.0.113.10');
  });

  it('native routing: the masquerade gives eth0’s address and bpf_host on node-2’s eth0 delivers', () => {
    const t = trace('cilium-native', 'iptables', 'node-1');
    const masq = t.hops.find((h) => h.kind === 'masquerade')!;
    expect(masq.packet.ip.src).toBe('192.168.1.11');
    expect(t.hops.find((h) => h.kind === 'route-lookup')?.rule?.text).toBe('10.244.1.0/24 via 192.168.1.12 dev eth0');
    expect(t.hops.some((h) => h.kind === 'encapsulate')).toBe(false);
    expect(t.hops.find((h) => h.where === 'nic:node-2/eth0' && h.kind === 'route-lookup')?.summary).toContain('cil_from_netdev');
    expect(t.reply.filter((h) => h.kind === 'conntrack').map((h) => addresses(h))).toEqual([
      `10.244.1.2:8080 → 198.51.100.10:${(t.hops[0]!.packet.l4 as { srcPort: number }).srcPort}`,
      `203.0.113.10:80 → 198.51.100.10:${(t.hops[0]!.packet.l4 as { srcPort: number }).srcPort}`,
    ]);
  });
});

describe('from outside on Cilium as the kube-proxy replacement', () => {
  it('remote backend, tunnel: cil_from_netdev DNATs, SNATs to the node keeping the port, and encapsulates with VNI 2 (world)', () => {
    const t = trace('cilium-vxlan', 'none', 'node-1');
    const sport = (t.hops[0]!.packet.l4 as { srcPort: number }).srcPort;
    expect(t.hops.map((h) => `${h.kind} @ ${h.where}`).slice(4, 8)).toEqual([
      'service-rule @ nic:node-1/eth0',
      'masquerade @ nic:node-1/eth0',
      'encapsulate @ tun:node-1/cilium_vxlan',
      'nic-transmit @ nic:node-1/eth0',
    ]);
    expect(t.hops[4]!.rule?.text).toMatch(/^\d+ 203\.0\.113\.10:80\/TCP LoadBalancer$/);
    expect(addresses(t.hops[5])).toBe(`192.168.1.11:${sport} → 10.244.1.2:8080`);
    expect(t.hops[6]!.packet.outer?.vxlan?.vni).toBe(2);
    expect(t.hops.some((h) => h.where.startsWith('kproxy:'))).toBe(false);
    expect(t.reply.map((h) => `${h.kind} @ ${h.where}`).slice(-5)).toEqual([
      'decapsulate @ tun:node-1/cilium_vxlan',
      'conntrack @ tun:node-1/cilium_vxlan',
      'nic-transmit @ nic:node-1/eth0',
      'load-balancer @ lb:default/shop',
      'deliver @ client',
    ]);
    expect(addresses(t.reply.at(-3))).toBe(`203.0.113.10:80 → 198.51.100.10:${sport}`);
  });

  it('remote backend, native routing: bpf_host redirects out of eth0 by a FIB lookup; the reply comes back to node-1’s eth0', () => {
    const t = trace('cilium-native', 'none', 'node-1');
    expect(t.hops.some((h) => h.kind === 'encapsulate')).toBe(false);
    expect(t.hops.find((h) => h.kind === 'route-lookup')?.rule?.text).toBe('10.244.1.0/24 via 192.168.1.12 dev eth0');
    expect(t.reply.map((h) => `${h.kind} @ ${h.where}`).slice(-4)).toEqual(['conntrack @ nic:node-1/eth0', 'nic-transmit @ nic:node-1/eth0', 'load-balancer @ lb:default/shop', 'deliver @ client']);
  });

  it('local backend: no SNAT, the pod sees the client; bpf_lxc reverses the DNAT and sends the reply straight out of eth0', () => {
    const t = trace('cilium-vxlan', 'none', 'node-2');
    expect(t.hops.map((h) => h.kind).slice(4)).toEqual(['service-rule', 'veth-transmit', 'veth-receive', 'deliver']);
    expect(t.hops.at(-1)?.packet.ip).toMatchObject({ src: '198.51.100.10', dst: '10.244.1.2', ttl: 63 });
    expect(t.reply.map((h) => h.kind)).toEqual(['socket-send', 'route-lookup', 'veth-transmit', 'veth-receive', 'conntrack', 'nic-transmit', 'load-balancer', 'deliver']);
    expect(t.reply[4]!.summary).toContain('tail_rev_nodeport_lb4');
    expect(t.explanation).toContain('sees the client\'s own address 198.51.100.10');
  });
});

describe('from a node’s own namespace on Weave Net and Cilium', () => {
  const PODS = `
apiVersion: v1
kind: Pod
metadata: {name: near, namespace: default}
spec: {nodeName: node-1, containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: far, namespace: default}
spec: {nodeName: node-2, containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]}
`;
  const fromNode = (cni: CniPlugin, to: string): Trace => {
    const cluster = clusterOf(PODS, withCni(DEFAULT_SETTINGS, cni));
    const source = parseSource('node/node-1');
    if (!source.ok) throw new Error(source.error.message);
    const destination = parseDestination(to, source.value);
    if (!destination.ok) throw new Error(destination.error.message);
    const result = traceFlow(cluster, { from: source.value, to: destination.value });
    if (!result.ok) throw new Error(result.error.message);
    return result.trace;
  };

  it('Weave, pod on another peer: from the bridge address 10.32.0.1 through the fast datapath, and back to the bridge', () => {
    const t = fromNode('weave', 'default/far:8080');
    expect(t.hops.map((h) => h.kind)).toEqual([
      'socket-send', 'route-lookup', 'arp', 'bridge-forward', 'veth-transmit', 'bridge-forward', 'encapsulate', 'nic-transmit', 'wire', 'nic-receive',
      'decapsulate', 'bridge-forward', 'veth-transmit', 'bridge-forward', 'veth-transmit', 'veth-receive', 'deliver',
    ]);
    expect(addresses(t.hops[1])).toMatch(/^10\.32\.0\.1:\d+ → 10\.40\.0\.1:8080$/);
    expect(t.hops.at(-1)?.packet.ip.ttl).toBe(64);
    expect(t.reply.map((h) => `${h.kind} @ ${h.where}`).slice(-2)).toEqual(['bridge-forward @ bridge:node-1/weave', 'deliver @ node:node-1']);
  });

  it('Cilium tunnel, pod on another node: from the router IP via cilium_host, VNI 6 (remote-node), back with the pod’s identity', () => {
    const t = fromNode('cilium-vxlan', 'default/far:8080');
    expect(t.hops[1]!.rule?.text).toBe('10.244.1.0/24 via 10.244.0.1 dev cilium_host src 10.244.0.1 mtu 1450');
    expect(t.hops.find((h) => h.kind === 'encapsulate')?.packet.outer?.vxlan?.vni).toBe(6);
    expect(t.hops.at(-1)?.packet.ip).toMatchObject({ src: '10.244.0.1', dst: '10.244.1.2', ttl: 63 });
    expect(t.reply.at(-2)?.kind).toBe('decapsulate');
    expect(t.reply.at(-1)?.where).toBe('node:node-1');
  });

  it('Cilium native routing: bpf_host on node-2’s eth0 delivers, one TTL less', () => {
    const t = fromNode('cilium-native', 'default/far:8080');
    const atPeer = t.hops.find((h) => h.kind === 'route-lookup' && h.where === 'nic:node-2/eth0')!;
    expect(atPeer.summary).toContain('cil_from_netdev');
    expect(t.hops.at(-1)?.packet.ip).toMatchObject({ src: '192.168.1.11', ttl: 63 });
  });

  it('Weave, pod on the same node: bridged from the weave bridge address', () => {
    const t = fromNode('weave', 'default/near:8080');
    expect(t.hops.map((h) => h.kind)).toEqual(['socket-send', 'route-lookup', 'arp', 'bridge-forward', 'veth-transmit', 'veth-receive', 'deliver']);
    expect(t.hops.at(-1)?.packet.ip.src).toBe('10.32.0.1');
  });
});
