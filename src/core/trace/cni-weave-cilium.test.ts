import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clusterOf, netns } from '../cluster/test-helpers';
import { DEFAULT_SETTINGS, withCni } from '../cluster/settings';
import type { CniPlugin } from '../cluster/types';
import { buildTopology } from '../topology/build';
import { traceFlow } from './trace';
import type { Trace } from './types';
import { hopSteps as steps } from './test-helpers';

const example = readFileSync(fileURLToPath(new URL('../../../examples/same-node-pods.yaml', import.meta.url)), 'utf8');
const backendIngress = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: backend-ingress, namespace: default}
spec:
  podSelector: {matchLabels: {app: backend}}
  ingress: [{from: [{podSelector: {matchLabels: {app: frontend}}}]}]
`;
const backendClosed = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: backend-closed, namespace: default}
spec:
  podSelector: {matchLabels: {app: backend}}
  policyTypes: [Ingress]
`;

function setup(cni: CniPlugin, nodes: string[] = ['node-1', 'node-2'], extra = '') {
  const cluster = clusterOf(example + extra, withCni({ ...DEFAULT_SETTINGS, nodeNames: nodes }, cni));
  const result = traceFlow(cluster, {
    from: { kind: 'pod', namespace: 'default', pod: 'frontend', container: 'web' },
    to: { kind: 'pod', namespace: 'default', pod: 'backend', port: 8080, protocol: 'TCP' },
  });
  if (!result.ok) throw new Error(result.error.message);
  const pod = (name: string) => netns(cluster.pods.find((p) => p.name === name));
  return { cluster, trace: result.trace, frontend: pod('frontend'), backend: pod('backend') };
}

const hop = (trace: Trace, kind: string, n = 0) => trace.hops.filter((h) => h.kind === kind)[n]!;

describe('Weave Net fast datapath: pod to pod across nodes', () => {
  const { cluster, trace, frontend, backend } = setup('weave');
  const [n1, n2] = cluster.nodes;
  const vni = n1!.weave!.shortId | (n2!.weave!.shortId << 12);

  it('switches the frame through weave, vethwe-bridge and the datapath, into vxlan-6784 and back out on node-2', () => {
    expect(steps(trace.hops)).toEqual([
      'socket-send @ ctr:default/frontend/web',
      'route-lookup @ podnic:default/frontend/eth0',
      'arp @ bridge:node-1/weave',
      'veth-transmit @ podnic:default/frontend/eth0',
      `veth-receive @ veth:node-1/${frontend.hostVeth.name}`,
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
      `veth-transmit @ veth:node-2/${backend.hostVeth.name}`,
      'veth-receive @ podnic:default/backend/eth0',
      'deliver @ ctr:default/backend/api',
    ]);
    expect(trace.hops[1]!.rule!.text).toBe('10.32.0.0/12 dev eth0 proto kernel scope link src 10.32.0.2');
    expect(trace.hops[5]!.rule!.text).toBe(`${backend.eth0.mac} dev vethwe-bridge master weave`);
    expect(trace.hops[7]!.rule!.text).toBe(
      `in_port(vethwe-datapath),eth(src=${frontend.eth0.mac},dst=${backend.eth0.mac}) actions:set(tunnel(tun_id=0x${vni.toString(16)},src=192.168.1.11,dst=192.168.1.12,ttl=64,flags(df))),output:vxlan-6784`,
    );
    expect(trace.hops[15]!.rule!.text).toBe(`${backend.eth0.mac} dev ${backend.hostVeth.name} master weave`);
  });

  it('never routes: the pods’ own MACs and TTL 64 from end to end', () => {
    expect(trace.explanation).toContain('switched from node-1 to node-2 through vxlan-6784 (VXLAN)');
    expect(new Set(trace.hops.slice(2).map((h) => `${h.packet.eth?.src}>${h.packet.eth?.dst}`))).toEqual(new Set([`${frontend.eth0.mac}>${backend.eth0.mac}`]));
    expect(trace.hops.every((h) => h.packet.ip.ttl === 64)).toBe(true);
  });

  it('wraps the frame in VXLAN on UDP 6784 with the peers’ short IDs as VNI, TTL 64', () => {
    expect(hop(trace, 'encapsulate').packet.outer).toEqual({
      eth: { src: n1!.eth0.mac, dst: n2!.eth0.mac },
      ip: { src: '192.168.1.11', dst: '192.168.1.12', ttl: 64, protocol: 'UDP' },
      udp: { srcPort: hop(trace, 'encapsulate').packet.outer!.udp!.srcPort, dstPort: 6784 },
      vxlan: { vni },
    });
    expect(hop(trace, 'encapsulate').packet.outer!.udp!.srcPort).toBeGreaterThanOrEqual(32768);
    expect(hop(trace, 'nic-transmit').capture.command).toBe("tcpdump -eni eth0 'udp port 6784 and host 192.168.1.11 and host 192.168.1.12' -T vxlan");
    expect(hop(trace, 'decapsulate').packet.outer).toBeUndefined();
    expect(hop(trace, 'decapsulate').summary).toContain(`source short ID ${n1!.weave!.shortId} (node-1), destination ${n2!.weave!.shortId} (node-2`);
  });

  it('brings the reply back through node-2’s datapath with the short IDs swapped, without ARP', () => {
    expect(trace.reply.map((h) => h.kind)).not.toContain('arp');
    const wrapped = trace.reply.find((h) => h.kind === 'encapsulate')!;
    expect(wrapped.where).toBe('tun:node-2/vxlan-6784');
    expect(wrapped.packet.outer!.vxlan).toEqual({ vni: n2!.weave!.shortId | (n1!.weave!.shortId << 12) });
    expect(trace.reply.at(-1)!.packet.ip).toEqual({ src: '10.40.0.1', dst: '10.32.0.2', ttl: 64, protocol: 'TCP' });
  });

  it('points every hop at an element of the topology', () => {
    const ids = new Set(buildTopology(cluster).elements.map((e) => e.id));
    for (const h of [...trace.hops, ...trace.reply]) expect(ids).toContain(h.where);
  });
});

describe('Weave Net on one node: weave-npc judges both sides in its own chains', () => {
  it('bridges frontend to backend and names WEAVE-NPC-EGRESS and WEAVE-NPC', () => {
    const { trace, frontend, backend } = setup('weave', ['node-1'], backendIngress);
    expect(steps(trace.hops)).toEqual([
      'socket-send @ ctr:default/frontend/web',
      'route-lookup @ podnic:default/frontend/eth0',
      'arp @ bridge:node-1/weave',
      'veth-transmit @ podnic:default/frontend/eth0',
      `veth-receive @ veth:node-1/${frontend.hostVeth.name}`,
      `network-policy @ veth:node-1/${frontend.hostVeth.name}`,
      'bridge-forward @ bridge:node-1/weave',
      `network-policy @ veth:node-1/${backend.hostVeth.name}`,
      `veth-transmit @ veth:node-1/${backend.hostVeth.name}`,
      'veth-receive @ podnic:default/backend/eth0',
      'deliver @ ctr:default/backend/api',
    ]);
    expect(trace.hops[5]!.summary).toContain("in weave-npc's chain WEAVE-NPC-EGRESS (iptables FORWARD -i weave)");
    expect(trace.hops[7]!.summary).toContain("in weave-npc's chain WEAVE-NPC (iptables FORWARD -o weave), through WEAVE-NPC-DEFAULT and WEAVE-NPC-INGRESS");
    expect(trace.hops[7]!.rule!.text).toBe('default/backend-ingress ingress rule 0');
  });
});

describe('Cilium, VXLAN tunnel: pod to pod across nodes', () => {
  const { cluster, trace, frontend, backend } = setup('cilium-vxlan', ['node-1', 'node-2'], backendIngress);
  const [n1, n2] = cluster.nodes;

  it('runs bpf_lxc on lxc ingress, encapsulates at cilium_vxlan and delivers from bpf_overlay, with no bridge and no host routing', () => {
    expect(steps(trace.hops)).toEqual([
      'socket-send @ ctr:default/frontend/web',
      'route-lookup @ podnic:default/frontend/eth0',
      `arp @ veth:node-1/${frontend.hostVeth.name}`,
      'veth-transmit @ podnic:default/frontend/eth0',
      `veth-receive @ veth:node-1/${frontend.hostVeth.name}`,
      `network-policy @ veth:node-1/${frontend.hostVeth.name}`,
      'encapsulate @ tun:node-1/cilium_vxlan',
      'nic-transmit @ nic:node-1/eth0',
      'wire @ underlay',
      'nic-receive @ nic:node-2/eth0',
      'decapsulate @ tun:node-2/cilium_vxlan',
      `network-policy @ veth:node-2/${backend.hostVeth.name}`,
      `veth-transmit @ veth:node-2/${backend.hostVeth.name}`,
      'veth-receive @ podnic:default/backend/eth0',
      'deliver @ ctr:default/backend/api',
    ]);
    expect(trace.hops[1]!.rule!.text).toBe('default via 10.244.0.1 dev eth0 mtu 1450');
    expect(trace.hops[2]!.rule!.text).toBe(`10.244.0.1 dev eth0 lladdr ${frontend.hostVeth.mac} REACHABLE`);
    expect(trace.hops[4]!.summary).toContain('bpf_lxc (cil_from_container)');
  });

  it('carries the sender’s security identity as the VNI, on UDP 8472', () => {
    expect(hop(trace, 'encapsulate').packet.outer).toMatchObject({
      eth: { src: n1!.eth0.mac, dst: n2!.eth0.mac },
      ip: { src: '192.168.1.11', dst: '192.168.1.12', ttl: 64, protocol: 'UDP' },
      udp: { dstPort: 8472 },
      vxlan: { vni: frontend.identity!.id },
    });
    expect(hop(trace, 'decapsulate').summary).toContain(`reads the sender's identity from the VNI: ${frontend.identity!.id}`);
  });

  it('phrases the policy verdicts by identity', () => {
    const ingress = hop(trace, 'network-policy', 1);
    expect(ingress.summary).toContain(
      `bpf_overlay tail-calls backend's policy program, which looks up the policy map for ingress of identity ${backend.identity!.id} (default/backend) from identity ${frontend.identity!.id} on TCP/8080: allowed.`,
    );
    expect(ingress.rule!.text).toBe('default/backend-ingress ingress rule 0');
    expect(ingress.capture.command).toBe('kubectl -n kube-system exec ds/cilium -c cilium-agent -- cilium-dbg monitor --type policy-verdict');
  });

  it('decrements the TTL only at local delivery, where the MACs are rewritten', () => {
    expect(trace.explanation).toContain('carried by eBPF from node-1 to node-2 through cilium_vxlan (VXLAN)');
    expect(trace.hops.map((h) => h.packet.ip.ttl)).toEqual([64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 63, 63, 63]);
    expect(trace.hops[12]!.packet.eth).toEqual({ src: backend.hostVeth.mac, dst: backend.eth0.mac });
  });

  it('answers with the receiver’s identity as the VNI; conntrack lets the reply skip policy', () => {
    expect(trace.reply.map((h) => h.kind)).not.toContain('network-policy');
    expect(trace.reply[3]!.summary).toContain("Cilium's conntrack finds the connection: a reply");
    expect(trace.reply.find((h) => h.kind === 'encapsulate')!.packet.outer!.vxlan).toEqual({ vni: backend.identity!.id });
    expect(trace.reply.at(-1)!.packet.ip).toEqual({ src: '10.244.1.2', dst: '10.244.0.2', ttl: 63, protocol: 'TCP' });
  });

  it('points every hop at an element of the topology', () => {
    const ids = new Set(buildTopology(cluster).elements.map((e) => e.id));
    for (const h of [...trace.hops, ...trace.reply]) expect(ids).toContain(h.where);
  });
});

describe('Cilium, native routing and on one node', () => {
  it('native: routes the plain packet via the peer node on eth0; bpf_host on node-2 delivers it', () => {
    const { trace, cluster } = setup('cilium-native');
    expect(trace.hops.map((h) => h.kind)).toEqual([
      'socket-send', 'route-lookup', 'arp', 'veth-transmit', 'veth-receive', 'route-lookup',
      'nic-transmit', 'wire', 'nic-receive', 'route-lookup', 'veth-transmit', 'veth-receive', 'deliver',
    ]);
    expect(trace.hops[5]!.rule!.text).toBe('10.244.1.0/24 via 192.168.1.12 dev eth0');
    expect(trace.hops[5]!.packet.eth).toEqual({ src: cluster.nodes[0]!.eth0.mac, dst: cluster.nodes[1]!.eth0.mac });
    expect(trace.hops[9]!.summary).toContain('bpf_host (cil_from_netdev');
    expect(trace.hops.some((h) => h.packet.outer !== undefined)).toBe(false);
    expect(trace.hops.at(-1)!.packet.ip.ttl).toBe(62);
  });

  it('same node: bpf_lxc hands the packet straight to the other pod’s veth (TTL −1)', () => {
    const { trace, backend } = setup('cilium-vxlan', ['node-1']);
    expect(steps(trace.hops).slice(4)).toEqual([
      expect.stringMatching(/^veth-receive @ veth:node-1\/lxc/),
      `veth-transmit @ veth:node-1/${backend.hostVeth.name}`,
      'veth-receive @ podnic:default/backend/eth0',
      'deliver @ ctr:default/backend/api',
    ]);
    expect(trace.hops.at(-1)!.packet.ip.ttl).toBe(63);
  });

  it('drops what no policy allows, as Cilium reports it: "Policy denied"', () => {
    const { trace, backend, frontend } = setup('cilium-vxlan', ['node-1', 'node-2'], backendClosed);
    expect(trace.verdict).toBe('dropped');
    const drop = trace.hops.at(-1)!;
    expect(drop.kind).toBe('drop');
    expect(drop.where).toBe(`veth:node-2/${backend.hostVeth.name}`);
    expect(drop.summary).toContain(`ingress of identity ${backend.identity!.id} (default/backend) from identity ${frontend.identity!.id} on TCP/8080: no entry allows it, so the packet is dropped ("Policy denied").`);
    expect(drop.capture.command).toBe('kubectl -n kube-system exec ds/cilium -c cilium-agent -- cilium-dbg monitor --type drop');
  });
});

describe('topology: the devices Weave and Cilium add', () => {
  it('Weave: vethwe-bridge on the bridge, paired with vethwe-datapath on the datapath, whose vport is vxlan-6784', () => {
    const { cluster } = setup('weave');
    const topology = buildTopology(cluster);
    const node1 = topology.elements.filter((e) => e.parent === 'node:node-1' && ['veth', 'datapath', 'tunnel', 'bridge'].includes(e.kind) && !e.label.startsWith('vethwepl'));
    expect(node1.map((e) => [e.id, e.kind, e.subtype])).toEqual([
      ['bridge:node-1/weave', 'bridge', undefined],
      ['tun:node-1/vxlan-6784', 'tunnel', 'vxlan'],
      ['veth:node-1/vethwe-bridge', 'veth', undefined],
      ['veth:node-1/vethwe-datapath', 'veth', undefined],
      ['dp:node-1/datapath', 'datapath', undefined],
    ]);
    expect(topology.elements.find((e) => e.id === 'tun:node-1/vxlan-6784')!.detail).toBe('VXLAN VNI per packet · UDP 6784 · MTU 65485');
    const linksOf = (id: string) => topology.links.filter((l) => l.source === id || l.target === id).map((l) => `${l.kind} ${l.source} ${l.target}`);
    expect(linksOf('dp:node-1/datapath')).toEqual([
      'bridge-port veth:node-1/vethwe-datapath dp:node-1/datapath',
      'bridge-port tun:node-1/vxlan-6784 dp:node-1/datapath',
    ]);
    expect(linksOf('veth:node-1/vethwe-bridge')).toEqual([
      'bridge-port veth:node-1/vethwe-bridge bridge:node-1/weave',
      'veth-pair veth:node-1/vethwe-bridge veth:node-1/vethwe-datapath',
    ]);
    // The weave bridge does not route into the tunnel.
    expect(topology.links.some((l) => l.source === 'bridge:node-1/weave' && l.target === 'tun:node-1/vxlan-6784')).toBe(false);
  });

  it('Cilium: cilium_host and cilium_net, a VXLAN tunnel in tunnel mode, none in native mode', () => {
    const tunnel = buildTopology(setup('cilium-vxlan').cluster);
    expect(tunnel.elements.filter((e) => e.parent === 'node:node-1' && (e.kind === 'host-interface' || e.kind === 'tunnel')).map((e) => [e.id, e.detail])).toEqual([
      ['nic:node-1/eth0', '192.168.1.11/24'],
      ['tun:node-1/cilium_vxlan', 'VXLAN VNI per packet · UDP 8472 · MTU 1500'],
      ['nic:node-1/cilium_host', 'router IP 10.244.0.1/32'],
      ['nic:node-1/cilium_net', expect.stringMatching(/^peer of cilium_host · /)],
    ]);
    expect(tunnel.links.some((l) => l.kind === 'veth-pair' && l.source === 'nic:node-1/cilium_host' && l.target === 'nic:node-1/cilium_net')).toBe(true);
    expect(tunnel.elements.some((e) => e.kind === 'bridge')).toBe(false);
    const native = buildTopology(setup('cilium-native').cluster);
    expect(native.elements.some((e) => e.kind === 'tunnel')).toBe(false);
  });

  it('gives Calico’s tunl0 the ipip subtype', () => {
    const { cluster } = setup('calico-ipip');
    expect(buildTopology(cluster).elements.find((e) => e.id === 'tun:node-1/tunl0')!.subtype).toBe('ipip');
  });
});
