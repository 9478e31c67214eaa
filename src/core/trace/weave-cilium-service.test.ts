import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clusterOf, netns } from '../cluster/test-helpers';
import { DEFAULT_SETTINGS, withCni } from '../cluster/settings';
import type { CniPlugin, KubeProxyMode } from '../cluster/types';
import { buildTopology } from '../topology/build';
import { traceFlow } from './trace';
import { hopSteps as steps } from './test-helpers';

// frontend on node-1; three api pods: api-…-5ckd9 on node-1, two on node-2. The Service api maps port 80 to the named port http (8080).
const example = readFileSync(fileURLToPath(new URL('../../../examples/service-kube-proxy.yaml', import.meta.url)), 'utf8');
const apiClosed = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-closed, namespace: default}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
`;

function setup(cni: CniPlugin, mode: KubeProxyMode, endpoint: number, extra = '') {
  const cluster = clusterOf(example + extra, { ...withCni({ ...DEFAULT_SETTINGS, nodeNames: ['node-1', 'node-2'] }, cni), kubeProxyMode: mode });
  const result = traceFlow(
    cluster,
    { from: { kind: 'pod', namespace: 'default', pod: 'frontend', container: undefined }, to: { kind: 'service', namespace: 'default', service: 'api', port: 80, protocol: 'TCP' } },
    { endpoint },
  );
  if (!result.ok) throw new Error(result.error.message);
  const pod = (ip: string) => netns(cluster.pods.find((p) => p.ip === ip));
  const clusterIP = cluster.services.find((s) => s.name === 'api')!.clusterIP!;
  return { cluster, trace: result.trace, frontend: pod(cluster.pods.find((p) => p.name === 'frontend')!.ip), pod, clusterIP };
}

describe('Weave Net: a ClusterIP through kube-proxy, endpoint on another node', () => {
  const { cluster, trace, frontend, pod, clusterIP } = setup('weave', 'iptables', 1);
  const api = pod('10.40.0.1');
  const [n1, n2] = cluster.nodes;
  const bridge1 = n1!.bridge!;

  it('DNATs in node-1’s nat PREROUTING, routes back onto the weave bridge and takes the fast datapath to node-2', () => {
    expect(steps(trace.hops)).toEqual([
      'socket-send @ ctr:default/frontend/web',
      'route-lookup @ podnic:default/frontend/eth0',
      'arp @ bridge:node-1/weave',
      'veth-transmit @ podnic:default/frontend/eth0',
      `veth-receive @ veth:node-1/${frontend.hostVeth.name}`,
      'service-rule @ kproxy:node-1',
      'service-rule @ kproxy:node-1',
      'service-rule @ kproxy:node-1',
      'service-rule @ kproxy:node-1',
      'service-rule @ kproxy:node-1',
      'route-lookup @ bridge:node-1/weave',
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
      `veth-transmit @ veth:node-2/${api.hostVeth.name}`,
      'veth-receive @ podnic:default/api-7dc56fdfcd-m8vs7/eth0',
      'deliver @ ctr:default/api-7dc56fdfcd-m8vs7/api',
    ]);
    expect(trace.hops[1]!.rule!.text).toBe('default via 10.32.0.1 dev eth0');
    expect(trace.hops[8]!.rule!.text).toMatch(/^-A KUBE-SEP-[A-Z2-7]{16} -p tcp -m comment --comment "default\/api:web" -m tcp -j DNAT --to-destination 10\.40\.0\.1:8080$/);
    expect(trace.hops[8]!.changes).toEqual([
      { field: 'ip.dst', before: clusterIP, after: '10.40.0.1' },
      { field: 'l4.dstPort', before: '80', after: '8080' },
    ]);
    expect(trace.hops[10]!.rule!.text).toBe('10.32.0.0/12 dev weave proto kernel scope link src 10.32.0.1');
    expect(trace.hops[11]!.rule!.text).toBe(`10.40.0.1 dev weave lladdr ${api.eth0.mac} REACHABLE`);
    expect(trace.hops[11]!.summary).toContain('"who-has 10.40.0.1 tell 10.32.0.1"');
  });

  it('sends the routed frame from the weave bridge’s MAC, TTL 63, in VXLAN on UDP 6784 between the peers', () => {
    const datapath = trace.hops[14]!;
    const vni = n1!.weave!.shortId | (n2!.weave!.shortId << 12);
    expect(datapath.rule!.text).toBe(
      `in_port(vethwe-datapath),eth(src=${bridge1.mac},dst=${api.eth0.mac}) actions:set(tunnel(tun_id=0x${vni.toString(16)},src=192.168.1.11,dst=192.168.1.12,ttl=64,flags(df))),output:vxlan-6784`,
    );
    const wrapped = trace.hops[15]!.packet;
    expect(wrapped.eth).toEqual({ src: bridge1.mac, dst: api.eth0.mac });
    expect(wrapped.ip).toEqual({ src: '10.32.0.2', dst: '10.40.0.1', ttl: 63, protocol: 'TCP' });
    expect(wrapped.outer).toMatchObject({ ip: { src: '192.168.1.11', dst: '192.168.1.12', ttl: 64, protocol: 'UDP' }, udp: { dstPort: 6784 }, vxlan: { vni } });
    expect(trace.hops.at(-1)!.packet.ip.ttl).toBe(63);
    expect(trace.service).toMatchObject({ backend: 'iptables', node: 'node-1', chosen: 1 });
  });

  it('answers straight to the client over the overlay after an ARP for it, and node-1’s conntrack (br_netfilter) undoes the DNAT before the bridge delivers it', () => {
    expect(steps(trace.reply)).toEqual([
      'socket-send @ ctr:default/api-7dc56fdfcd-m8vs7/api',
      'route-lookup @ podnic:default/api-7dc56fdfcd-m8vs7/eth0',
      'arp @ bridge:node-2/weave',
      'veth-transmit @ podnic:default/api-7dc56fdfcd-m8vs7/eth0',
      `veth-receive @ veth:node-2/${api.hostVeth.name}`,
      'bridge-forward @ bridge:node-2/weave',
      'veth-transmit @ veth:node-2/vethwe-bridge',
      'bridge-forward @ dp:node-2/datapath',
      'encapsulate @ tun:node-2/vxlan-6784',
      'nic-transmit @ nic:node-2/eth0',
      'wire @ underlay',
      'nic-receive @ nic:node-1/eth0',
      'decapsulate @ tun:node-1/vxlan-6784',
      'bridge-forward @ dp:node-1/datapath',
      'veth-transmit @ veth:node-1/vethwe-datapath',
      'conntrack @ kproxy:node-1',
      'bridge-forward @ bridge:node-1/weave',
      `veth-transmit @ veth:node-1/${frontend.hostVeth.name}`,
      'veth-receive @ podnic:default/frontend/eth0',
      'deliver @ ctr:default/frontend/web',
    ]);
    expect(trace.reply[2]!.rule!.text).toBe(`10.32.0.2 dev eth0 lladdr ${frontend.eth0.mac} REACHABLE`);
    const undo = trace.reply[15]!;
    expect(undo.changes).toEqual([
      { field: 'ip.src', before: '10.40.0.1', after: clusterIP },
      { field: 'l4.srcPort', before: '8080', after: '80' },
    ]);
    expect(undo.rule!.text).toMatch(new RegExp(`^tcp src=10\\.32\\.0\\.2 dst=${clusterIP.replace(/\./g, '\\.')} sport=\\d+ dport=80 src=10\\.40\\.0\\.1 dst=10\\.32\\.0\\.2 sport=8080 dport=\\d+$`));
    expect(trace.reply[16]!.summary).toContain('br_netfilter (bridge-nf-call-iptables=1, which weave-kube sets)');
    expect(trace.reply.at(-1)!.packet.eth).toEqual({ src: api.eth0.mac, dst: frontend.eth0.mac });
    expect(trace.reply.at(-1)!.packet.ip).toEqual({ src: clusterIP, dst: '10.32.0.2', ttl: 64, protocol: 'TCP' });
  });

  it('points every hop at an element of the topology', () => {
    const ids = new Set(buildTopology(cluster).elements.map((e) => e.id));
    for (const h of [...trace.hops, ...trace.reply]) expect(ids).toContain(h.where);
  });
});

describe('Weave Net: a ClusterIP through kube-proxy, other modes and the same node', () => {
  it('IPVS: the real server is chosen on kube-ipvs0’s virtual server, then the same weave path', () => {
    const { trace } = setup('weave', 'ipvs', 2);
    expect(trace.service).toMatchObject({ backend: 'ipvs', chosen: 2 });
    expect(trace.verdict).toBe('delivered');
    expect(trace.hops.find((h) => h.kind === 'encapsulate')!.where).toBe('tun:node-1/vxlan-6784');
    expect(trace.hops.at(-1)!.packet.ip).toMatchObject({ src: '10.32.0.2', dst: '10.40.0.2', ttl: 63 });
  });

  it('same node: routed back onto the bridge to the endpoint, and the reply bridged through conntrack', () => {
    const { trace, pod } = setup('weave', 'nftables', 0);
    const api = pod('10.32.0.3');
    expect(steps(trace.hops).slice(-6)).toEqual([
      'route-lookup @ bridge:node-1/weave',
      'arp @ bridge:node-1/weave',
      'bridge-forward @ bridge:node-1/weave',
      `veth-transmit @ veth:node-1/${api.hostVeth.name}`,
      'veth-receive @ podnic:default/api-7dc56fdfcd-5ckd9/eth0',
      'deliver @ ctr:default/api-7dc56fdfcd-5ckd9/api',
    ]);
    expect(trace.hops.some((h) => h.kind === 'encapsulate')).toBe(false);
    expect(trace.reply.map((h) => h.kind)).toContain('conntrack');
    expect(trace.reply.at(-1)!.packet.ip.src).toBe(trace.service!.address);
  });

  it('weave-npc judges the endpoint after the DNAT: WEAVE-NPC on node-2 drops what no policy admits', () => {
    const { trace, pod } = setup('weave', 'iptables', 1, apiClosed);
    const api = pod('10.40.0.1');
    expect(trace.verdict).toBe('dropped');
    const drop = trace.hops.at(-1)!;
    expect(drop).toMatchObject({ kind: 'drop', where: `veth:node-2/${api.hostVeth.name}` });
    expect(drop.summary).toContain("in weave-npc's chain WEAVE-NPC (iptables FORWARD -o weave), through WEAVE-NPC-DEFAULT and WEAVE-NPC-INGRESS");
    expect(drop.rule!.text).toBe('default/api-closed selects default/api-7dc56fdfcd-m8vs7 for ingress');
  });
});

describe('Cilium with kube-proxy (kubeProxyReplacement=false): bpf_lxc balances the ClusterIP per packet', () => {
  const { cluster, trace, frontend, pod, clusterIP } = setup('cilium-vxlan', 'iptables', 1);
  const api = pod('10.244.1.2');

  it('translates on the client’s lxc, before kube-proxy’s rules could, and tunnels the translated packet', () => {
    expect(steps(trace.hops)).toEqual([
      'socket-send @ ctr:default/frontend/web',
      'route-lookup @ podnic:default/frontend/eth0',
      `arp @ veth:node-1/${frontend.hostVeth.name}`,
      'veth-transmit @ podnic:default/frontend/eth0',
      `veth-receive @ veth:node-1/${frontend.hostVeth.name}`,
      `service-rule @ veth:node-1/${frontend.hostVeth.name}`,
      'encapsulate @ tun:node-1/cilium_vxlan',
      'nic-transmit @ nic:node-1/eth0',
      'wire @ underlay',
      'nic-receive @ nic:node-2/eth0',
      'decapsulate @ tun:node-2/cilium_vxlan',
      `veth-transmit @ veth:node-2/${api.hostVeth.name}`,
      'veth-receive @ podnic:default/api-7dc56fdfcd-m8vs7/eth0',
      'deliver @ ctr:default/api-7dc56fdfcd-m8vs7/api',
    ]);
    expect(trace.hops.some((h) => h.where.startsWith('kproxy:'))).toBe(false);
    const lb = trace.hops[5]!;
    expect(lb.rule!.text).toBe(`1 ${clusterIP}:80/TCP ClusterIP`);
    expect(lb.changes).toEqual([
      { field: 'ip.dst', before: clusterIP, after: '10.244.1.2' },
      { field: 'l4.dstPort', before: '80', after: '8080' },
    ]);
    expect(lb.summary).toContain("kube-proxy's rules in the host's nat table never see this packet.");
    expect(lb.capture.command).toBe('kubectl -n kube-system exec ds/cilium -c cilium-agent -- cilium-dbg service list');
    expect(trace.hops[6]!.packet.outer).toMatchObject({ udp: { dstPort: 8472 }, vxlan: { vni: frontend.identity!.id } });
    expect(trace.service).toMatchObject({ backend: 'none', node: 'node-1', chosen: 1 });
    expect(trace.service!.rules[0]!.chain).toBe(`tc ingress on ${frontend.hostVeth.name} (cil_from_container)`);
  });

  it('reverses the translation from Cilium’s conntrack as the reply is delivered to the client', () => {
    expect(steps(trace.reply).slice(-5)).toEqual([
      'decapsulate @ tun:node-1/cilium_vxlan',
      `conntrack @ veth:node-1/${frontend.hostVeth.name}`,
      `veth-transmit @ veth:node-1/${frontend.hostVeth.name}`,
      'veth-receive @ podnic:default/frontend/eth0',
      'deliver @ ctr:default/frontend/web',
    ]);
    expect(trace.reply.at(-4)!.changes).toEqual([
      { field: 'ip.src', before: '10.244.1.2', after: clusterIP },
      { field: 'l4.srcPort', before: '8080', after: '80' },
    ]);
    expect(trace.reply.at(-1)!.packet.ip).toEqual({ src: clusterIP, dst: '10.244.0.2', ttl: 63, protocol: 'TCP' });
  });

  it('judges the backend’s identity, not the Service, and drops as Cilium reports it', () => {
    const closed = setup('cilium-native', 'nftables', 1, apiClosed);
    expect(closed.trace.verdict).toBe('dropped');
    const drop = closed.trace.hops.at(-1)!;
    expect(drop.where).toBe(`veth:node-2/${closed.pod('10.244.1.2').hostVeth.name}`);
    expect(drop.summary).toContain('no entry allows it, so the packet is dropped ("Policy denied")');
    expect(closed.trace.explanation).toContain('after bpf_lxc chose default/api-7dc56fdfcd-m8vs7');
  });

  it('points every hop at an element of the topology', () => {
    const ids = new Set(buildTopology(cluster).elements.map((e) => e.id));
    for (const h of [...trace.hops, ...trace.reply]) expect(ids).toContain(h.where);
  });
});
