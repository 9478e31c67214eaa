import { describe, expect, it } from 'vitest';
import { clusterOf, netns } from '../cluster/test-helpers';
import { DEFAULT_SETTINGS, withCni } from '../cluster/settings';
import type { ClusterSettings, CniPlugin, KubeProxyMode } from '../cluster/types';
import { parseDestination, parseSource } from './flow';
import { traceFlow } from './trace';
import type { Trace } from './types';
import { hopSteps as steps, hopAddresses as addresses } from './test-helpers';

// node-1: near (app=web); node-2: far (app=web) and solo (app=solo). web: ClusterIP 10.96.0.50; shop: LoadBalancer for solo.
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
metadata: {name: solo, namespace: default, labels: {app: solo}}
spec: {nodeName: node-2, containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]}
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
metadata: {name: shop, namespace: default}
spec:
  type: LoadBalancer
  selector: {app: solo}
  ports: [{port: 80, targetPort: 8080, nodePort: 30080}]
`;

const DENY_ALL = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: default}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;
/** Admits every IPv4 address by ipBlock: on Cilium that is reserved:world, never a node. */
const FROM_ANYWHERE = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-anywhere, namespace: default}
spec:
  podSelector: {matchLabels: {app: solo}}
  policyTypes: [Ingress]
  ingress:
  - from: [{ipBlock: {cidr: 0.0.0.0/0}}]
`;
/** Admits the node network by ipBlock: a prefix with a CIDR identity of its own on Cilium. */
const FROM_NODE_NETWORK = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-node-network, namespace: default}
spec:
  podSelector: {matchLabels: {app: solo}}
  policyTypes: [Ingress]
  ingress:
  - from: [{ipBlock: {cidr: 192.168.1.0/24}}]
`;

function run(cni: CniPlugin, mode: KubeProxyMode, from: string, to: string, options: { endpoint?: number; node?: string; extra?: string; settings?: Partial<ClusterSettings> } = {}): Trace {
  const cluster = clusterOf(SCENARIO + (options.extra ?? ''), { ...withCni({ ...DEFAULT_SETTINGS, nodeNames: ['node-1', 'node-2'] }, cni), kubeProxyMode: mode, ...options.settings });
  const source = parseSource(from);
  if (!source.ok) throw new Error(source.error.message);
  const destination = parseDestination(to, source.value);
  if (!destination.ok) throw new Error(destination.error.message);
  const result = traceFlow(cluster, { from: source.value, to: destination.value }, { ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }), ...(options.node === undefined ? {} : { node: options.node }) });
  if (!result.ok) throw new Error(result.error.message);
  return result.trace;
}

function podOf(cni: CniPlugin, name: string) {
  const cluster = clusterOf(SCENARIO, withCni({ ...DEFAULT_SETTINGS, nodeNames: ['node-1', 'node-2'] }, cni));
  const pod = cluster.pods.find((p) => p.name === name);
  return { ip: pod!.ip, net: netns(pod) };
}

describe('Cilium with kube-proxy: a pod reaching itself through its ClusterIP (service loopback)', () => {
  const near = podOf('cilium-vxlan', 'near');
  const lxc = near.net.hostVeth.name;
  const t = run('cilium-vxlan', 'iptables', 'default/near', 'svc/default/web:80', { endpoint: 0 });
  const sport = (t.hops[0]!.packet.l4 as { srcPort: number }).srcPort;

  it('DNATs to the pod itself and SNATs the source to IPV4_LOOPBACK 169.254.42.1 on its lxc, keeping the port', () => {
    expect(t.verdict).toBe('delivered');
    expect(steps(t.hops)).toEqual([
      'socket-send @ ctr:default/near/web',
      'route-lookup @ podnic:default/near/eth0',
      `arp @ veth:node-1/${lxc}`,
      'veth-transmit @ podnic:default/near/eth0',
      `veth-receive @ veth:node-1/${lxc}`,
      `service-rule @ veth:node-1/${lxc}`,
      `masquerade @ veth:node-1/${lxc}`,
      `veth-transmit @ veth:node-1/${lxc}`,
      'veth-receive @ podnic:default/near/eth0',
      'deliver @ ctr:default/near/web',
    ]);
    expect(addresses(t.hops[5])).toBe(`${near.ip}:${sport} → ${near.ip}:8080`);
    expect(addresses(t.hops[6])).toBe(`169.254.42.1:${sport} → ${near.ip}:8080`);
    expect(t.hops[6]!.changes).toEqual([{ field: 'ip.src', before: near.ip, after: '169.254.42.1' }]);
    expect(t.hops[6]!.summary).toContain('IPV4_LOOPBACK, the agent\'s --ipv4-service-loopback-address');
    expect(t.hops.at(-1)!.packet.ip).toMatchObject({ src: '169.254.42.1', dst: near.ip, ttl: 63 });
    expect(t.service).toMatchObject({ backend: 'none', node: 'node-1', chosen: 0 });
  });

  it('never leaves node-1, and bpf_lxc reverses both translations on the reply', () => {
    expect([...t.hops, ...t.reply].every((h) => h.where.includes('node-1/') || h.where.includes('default/near'))).toBe(true);
    expect(steps(t.reply)).toEqual([
      'socket-send @ ctr:default/near/web',
      'route-lookup @ podnic:default/near/eth0',
      'veth-transmit @ podnic:default/near/eth0',
      `veth-receive @ veth:node-1/${lxc}`,
      `conntrack @ veth:node-1/${lxc}`,
      `veth-transmit @ veth:node-1/${lxc}`,
      'veth-receive @ podnic:default/near/eth0',
      'deliver @ ctr:default/near/web',
    ]);
    expect(addresses(t.reply[0])).toBe(`${near.ip}:8080 → 169.254.42.1:${sport}`);
    expect(t.reply[1]!.rule!.text).toMatch(/^default via 10\.244\.0\.\d+ dev eth0/);
    expect(addresses(t.reply[4])).toBe(`10.96.0.50:80 → ${near.ip}:${sport}`);
    expect(t.reply[4]!.changes).toEqual([
      { field: 'ip.src', before: near.ip, after: '10.96.0.50' },
      { field: 'ip.dst', before: '169.254.42.1', after: near.ip },
      { field: 'l4.srcPort', before: '8080', after: '80' },
    ]);
    expect(t.explanation).toContain('SNATs the source to 169.254.42.1 (IPV4_LOOPBACK)');
  });

  it('enforces no NetworkPolicy on the loopback connection, even under deny-all', () => {
    const denied = run('cilium-vxlan', 'iptables', 'default/near', 'svc/default/web:80', { endpoint: 0, extra: DENY_ALL });
    expect(denied.verdict).toBe('delivered');
    expect(denied.hops.some((h) => h.kind === 'network-policy' || h.kind === 'drop')).toBe(false);
    expect(steps(denied.hops)).toEqual(steps(t.hops));
  });

  it('native routing takes the same way: the loopback never reaches the routing table', () => {
    const native = run('cilium-native', 'iptables', 'default/near', 'svc/default/web:80', { endpoint: 0 });
    expect(native.hops.map((h) => h.kind)).toEqual(t.hops.map((h) => h.kind));
    expect(native.hops[6]!.packet.ip.src).toBe('169.254.42.1');
  });
});

describe('Weave Net: kube-proxy masquerades a pod’s ClusterIP packet to an endpoint on another peer (--masquerade-all)', () => {
  const near = podOf('weave', 'near');
  const far = podOf('weave', 'far');
  const t = run('weave', 'iptables', 'default/near', 'svc/default/web:80', { endpoint: 1, settings: { kubeProxy: { masqueradeAll: true } as ClusterSettings['kubeProxy'] } });
  const sport = (t.hops[0]!.packet.l4 as { srcPort: number }).srcPort;
  const masq = t.hops.find((h) => h.kind === 'masquerade')!;
  const natPort = (masq.packet.l4 as { srcPort: number }).srcPort;

  it('DNATs, routes onto the weave bridge, MASQUERADEs to the bridge address 10.32.0.1 and takes the fast datapath', () => {
    expect(t.verdict).toBe('delivered');
    expect(steps(t.hops).slice(12)).toEqual([
      'route-lookup @ bridge:node-1/weave',
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
      `veth-transmit @ veth:node-2/${far.net.hostVeth.name}`,
      'veth-receive @ podnic:default/far/eth0',
      'deliver @ ctr:default/far/web',
    ]);
    expect(t.hops[12]!.rule!.text).toBe('10.32.0.0/12 dev weave proto kernel scope link src 10.32.0.1');
    expect(addresses(t.hops[12])).toBe(`${near.ip}:${sport} → ${far.ip}:8080`);
    expect(t.hops[12]!.packet.ip.ttl).toBe(63);
    expect(addresses(masq)).toBe(`10.32.0.1:${natPort} → ${far.ip}:8080`);
    expect(masq.summary).toContain('the rules marked the packet (--masquerade-all)');
    expect(masq.rule!.text).toContain('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully');
    expect(t.hops[14]!.summary).toContain('"who-has 10.40.0.1 tell 10.32.0.1"');
    expect(t.hops[18]!.packet.outer).toMatchObject({ ip: { src: '192.168.1.11', dst: '192.168.1.12', protocol: 'UDP' }, udp: { dstPort: 6784 } });
    expect(t.hops.at(-1)!.packet.ip).toMatchObject({ src: '10.32.0.1', dst: far.ip, ttl: 63 });
  });

  it('the endpoint answers 10.32.0.1 across the overlay; conntrack on node-1 undoes the SNAT, then the DNAT', () => {
    expect(steps(t.reply).slice(11)).toEqual([
      'decapsulate @ tun:node-1/vxlan-6784',
      'bridge-forward @ dp:node-1/datapath',
      'veth-transmit @ veth:node-1/vethwe-datapath',
      'bridge-forward @ bridge:node-1/weave',
      'conntrack @ kproxy:node-1',
      'route-lookup @ bridge:node-1/weave',
      'conntrack @ kproxy:node-1',
      'bridge-forward @ bridge:node-1/weave',
      `veth-transmit @ veth:node-1/${near.net.hostVeth.name}`,
      'veth-receive @ podnic:default/near/eth0',
      'deliver @ ctr:default/near/web',
    ]);
    expect(addresses(t.reply[0])).toBe(`${far.ip}:8080 → 10.32.0.1:${natPort}`);
    expect(addresses(t.reply[15])).toBe(`${far.ip}:8080 → ${near.ip}:${sport}`);
    expect(t.reply[15]!.rule!.text).toBe(`tcp src=${near.ip} dst=10.96.0.50 sport=${sport} dport=80 src=${far.ip} dst=10.32.0.1 sport=8080 dport=${natPort}`);
    expect(addresses(t.reply[17])).toBe(`10.96.0.50:80 → ${near.ip}:${sport}`);
    expect(t.reply.at(-1)!.packet.ip.ttl).toBe(63);
  });
});

describe('Cilium kube-proxy replacement, tunnel mode, traffic from outside to a backend on another node', () => {
  const trace = (cni: CniPlugin, extra: string) => run(cni, 'none', 'external', 'svc/default/shop:80', { node: 'node-1', extra });
  const check = (t: Trace) => t.hops.find((h) => h.policy?.direction === 'ingress')!;

  it('judges the packet by the identity it carried in the VNI, reserved:world: an ipBlock of 0.0.0.0/0 admits it', () => {
    const t = trace('cilium-vxlan', FROM_ANYWHERE);
    expect(t.verdict).toBe('delivered');
    expect(t.hops.find((h) => h.kind === 'encapsulate')!.packet.outer?.vxlan?.vni).toBe(2);
    const hop = check(t);
    expect(hop.kind).toBe('network-policy');
    expect(hop.where).toMatch(/^veth:node-2\/lxc/);
    expect(hop.packet.ip.src).toBe('192.168.1.11');
    expect(hop.summary).toContain('Cilium judges the packet by the identity it carries, identity 2 (reserved:world), not by its source address 192.168.1.11');
    expect(hop.summary).toContain('The ipcache would have said 6 (reserved:remote-node) for 192.168.1.11');
    expect(hop.summary).toContain('default/from-anywhere ingress rule 0 admits ipBlock 0.0.0.0/0, which is reserved:world');
  });

  it('a narrower ipBlock holding the node address does not admit world', () => {
    const t = trace('cilium-vxlan', FROM_NODE_NETWORK);
    expect(t.verdict).toBe('dropped');
    const hop = check(t);
    expect(hop.kind).toBe('drop');
    expect(hop.summary).toContain('No rule of the 1 policy that isolates default/solo for ingress admits reserved:world');
    expect(hop.summary).toContain('default/from-node-network ingress rule 0 admits 192.168.1.11 by an ipBlock narrower than 0.0.0.0/0');
  });

  it('native routing carries no identity: the SNATed node address is judged as reserved:remote-node, which no ipBlock selects', () => {
    const t = trace('cilium-native', FROM_ANYWHERE);
    expect(t.verdict).toBe('dropped');
    expect(check(t).summary).toContain('so the ipcache gives it identity 6 (reserved:remote-node)');
  });
});

describe('Cilium with kube-proxy: a pod reaching a LoadBalancer IP', () => {
  const near = podOf('cilium-vxlan', 'near');
  const solo = podOf('cilium-vxlan', 'solo');
  const t = run('cilium-vxlan', 'iptables', 'default/near', '203.0.113.10:80');
  const sport = (t.hops[0]!.packet.l4 as { srcPort: number }).srcPort;
  const masq = t.hops.find((h) => h.kind === 'masquerade')!;
  const natPort = (masq.packet.l4 as { srcPort: number }).srcPort;
  const EGRESS_TO_LB = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress-to-solo, namespace: default}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
  - to: [{podSelector: {matchLabels: {app: solo}}}]
`;

  it('leaves bpf_lxc unchanged, and kube-proxy’s KUBE-SERVICES → KUBE-EXT-… marks and DNATs it in node-1’s stack', () => {
    expect(t.verdict).toBe('delivered');
    expect(steps(t.hops).slice(0, 5)).toEqual([
      'socket-send @ ctr:default/near/web',
      'route-lookup @ podnic:default/near/eth0',
      `arp @ veth:node-1/${near.net.hostVeth.name}`,
      'veth-transmit @ podnic:default/near/eth0',
      `veth-receive @ veth:node-1/${near.net.hostVeth.name}`,
    ]);
    expect(t.hops[4]!.packet.ip.dst).toBe('203.0.113.10');
    const rules = t.hops.filter((h) => h.kind === 'service-rule').map((h) => h.rule!.text.split('\n')[0]!);
    expect(rules[0]).toBe('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
    expect(rules[1]).toMatch(/^-A KUBE-SERVICES -d 203\.0\.113\.10\/32 -p tcp -m comment --comment "default\/shop loadbalancer IP" -m tcp --dport 80 -j KUBE-EXT-[A-Z2-7]{16}$/);
    expect(rules[2]).toMatch(/^-A KUBE-EXT-[A-Z2-7]{16} -m comment --comment "masquerade traffic for default\/shop external destinations" -j KUBE-MARK-MASQ$/);
    expect(addresses(t.hops[11])).toBe(`${near.ip}:${sport} → ${solo.ip}:8080`);
  });

  it('routes into cilium_host, MASQUERADEs to the router IP and tunnels to node-2 as reserved:remote-node', () => {
    expect(steps(t.hops).slice(13)).toEqual([
      `route-lookup @ veth:node-1/${near.net.hostVeth.name}`,
      'masquerade @ kproxy:node-1',
      'encapsulate @ tun:node-1/cilium_vxlan',
      'nic-transmit @ nic:node-1/eth0',
      'wire @ underlay',
      'nic-receive @ nic:node-2/eth0',
      'decapsulate @ tun:node-2/cilium_vxlan',
      `veth-transmit @ veth:node-2/${solo.net.hostVeth.name}`,
      'veth-receive @ podnic:default/solo/eth0',
      'deliver @ ctr:default/solo/web',
    ]);
    expect(t.hops[13]!.rule!.text).toBe('10.244.1.0/24 via 10.244.0.1 dev cilium_host src 10.244.0.1 mtu 1450');
    expect(addresses(masq)).toBe(`10.244.0.1:${natPort} → ${solo.ip}:8080`);
    expect(masq.summary).toContain('KUBE-EXT\'s rule "masquerade traffic for default/shop external destinations" set it');
    expect(t.hops[15]!.packet.outer?.vxlan?.vni).toBe(6);
  });

  it('the reply comes back through the tunnel to node-1, whose conntrack undoes the SNAT and the DNAT', () => {
    expect(t.reply.map((h) => `${h.kind} @ ${h.where}`).slice(8)).toEqual([
      'decapsulate @ tun:node-1/cilium_vxlan',
      'conntrack @ kproxy:node-1',
      'route-lookup @ kproxy:node-1',
      'conntrack @ kproxy:node-1',
      `veth-transmit @ veth:node-1/${near.net.hostVeth.name}`,
      'veth-receive @ podnic:default/near/eth0',
      'deliver @ ctr:default/near/web',
    ]);
    expect(t.reply[9]!.rule!.text).toBe(`tcp src=${near.ip} dst=203.0.113.10 sport=${sport} dport=80 src=${solo.ip} dst=10.244.0.1 sport=8080 dport=${natPort}`);
    expect(addresses(t.reply[11])).toBe(`203.0.113.10:80 → ${near.ip}:${sport}`);
  });

  it('native routing: out of eth0, masqueraded to the node address', () => {
    const n = run('cilium-native', 'iptables', 'default/near', '203.0.113.10:80');
    expect(n.verdict).toBe('delivered');
    expect(n.hops.some((h) => h.kind === 'encapsulate')).toBe(false);
    expect(n.hops.find((h) => h.kind === 'masquerade')!.packet.ip.src).toBe('192.168.1.11');
  });

  it('bpf_lxc judges the egress against the load balancer IP (reserved:world), not the endpoint pod', () => {
    const d = run('cilium-vxlan', 'iptables', 'default/near', '203.0.113.10:80', { extra: EGRESS_TO_LB });
    expect(d.verdict).toBe('dropped');
    const drop = d.hops.at(-1)!;
    expect(drop.kind).toBe('drop');
    expect(drop.where).toBe(`veth:node-1/${near.net.hostVeth.name}`);
    expect(drop.packet.ip.dst).toBe('203.0.113.10');
    expect(drop.summary).toContain('identity 2 (reserved:world)');
    expect(d.hops.some((h) => h.kind === 'service-rule')).toBe(false);
  });
});
