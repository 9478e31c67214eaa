import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clusterOf, netns } from '../cluster/test-helpers';
import { buildTopology } from '../topology/build';
import { traceFlow } from './trace';
import type { CniPlugin } from '../cluster/types';
import type { Trace } from './types';

const example = readFileSync(fileURLToPath(new URL('../../../examples/same-node-pods.yaml', import.meta.url)), 'utf8');

function setup(cni: CniPlugin) {
  // Two nodes: the scheduler puts frontend on node-1 and backend on node-2.
  const cluster = clusterOf(example, { nodeNames: ['node-1', 'node-2'], cni });
  const result = traceFlow(cluster, {
    from: { kind: 'pod', namespace: 'default', pod: 'frontend', container: 'web' },
    to: { kind: 'pod', namespace: 'default', pod: 'backend', port: 8080, protocol: 'TCP' },
  });
  if (!result.ok) throw new Error(result.error.message);
  const pod = (name: string) => cluster.pods.find((p) => p.name === name)!;
  return { cluster, trace: result.trace, frontend: pod('frontend'), backend: pod('backend') };
}

const steps = (trace: Trace) => trace.hops.map((h) => `${h.kind} @ ${h.where}`);

describe('pod to pod across nodes, Flannel VXLAN', () => {
  const { cluster, trace, frontend, backend } = setup('flannel-vxlan');
  const [n1, n2] = cluster.nodes;

  it('places the pods on different nodes with their own pod ranges', () => {
    expect([frontend.nodeName, frontend.ip, backend.nodeName, backend.ip]).toEqual(['node-1', '10.244.0.2', 'node-2', '10.244.1.2']);
  });

  it('installs flannel.1, the VTEP routes, permanent neighbours and FDB entries', () => {
    expect(n1!.tunnel).toMatchObject({ name: 'flannel.1', kind: 'vxlan', vni: 1, port: 8472, mtu: 1450, cidr: '10.244.0.0/32', local: '192.168.1.11' });
    expect(n1!.routes.at(-1)).toEqual({ destination: '10.244.1.0/24', via: '10.244.1.0', dev: 'flannel.1', scope: 'global', proto: undefined, src: undefined, onlink: true });
    expect(n1!.neighbours).toEqual([{ ip: '10.244.1.0', mac: n2!.tunnel!.mac, dev: 'flannel.1', state: 'PERMANENT' }]);
    expect(n1!.fdb).toEqual([{ mac: n2!.tunnel!.mac, dev: 'flannel.1', dst: '192.168.1.12' }]);
    expect(netns(frontend).eth0.mtu).toBe(1450);
  });

  it('walks out of the pod, routes into flannel.1, crosses the wire in VXLAN and routes down to the pod', () => {
    const vethF = `veth:node-1/${netns(frontend).hostVeth.name}`;
    const vethB = `veth:node-2/${netns(backend).hostVeth.name}`;
    expect(steps(trace)).toEqual([
      'socket-send @ ctr:default/frontend/web',
      'route-lookup @ podnic:default/frontend/eth0',
      'arp @ bridge:node-1/cni0',
      'veth-transmit @ podnic:default/frontend/eth0',
      `veth-receive @ ${vethF}`,
      'route-lookup @ bridge:node-1/cni0',
      'encapsulate @ tun:node-1/flannel.1',
      'nic-transmit @ nic:node-1/eth0',
      'wire @ underlay',
      'nic-receive @ nic:node-2/eth0',
      'decapsulate @ tun:node-2/flannel.1',
      'route-lookup @ bridge:node-2/cni0',
      'arp @ bridge:node-2/cni0',
      'bridge-forward @ bridge:node-2/cni0',
      `veth-transmit @ ${vethB}`,
      'veth-receive @ podnic:default/backend/eth0',
      'deliver @ ctr:default/backend/api',
    ]);
    expect(trace.hops[1]!.rule!.text).toBe('10.244.0.0/16 via 10.244.0.1 dev eth0');
    expect(trace.hops[5]!.rule!.text).toBe('10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink');
    expect(trace.hops[6]!.rule!.text).toBe(`${n2!.tunnel!.mac} dev flannel.1 dst 192.168.1.12 self permanent`);
  });

  it('decrements the TTL at each routing node and shows the outer headers only while encapsulated', () => {
    expect(trace.hops.map((h) => h.packet.ip.ttl)).toEqual([64, 64, 64, 64, 64, 63, 63, 63, 63, 63, 63, 62, 62, 62, 62, 62, 62]);
    const encapsulated = trace.hops[6]!.packet;
    expect(encapsulated.outer).toMatchObject({
      eth: { src: n1!.eth0.mac, dst: n2!.eth0.mac },
      ip: { src: '192.168.1.11', dst: '192.168.1.12', ttl: 64, protocol: 'UDP' },
      udp: { dstPort: 8472 },
      vxlan: { vni: 1 },
    });
    expect(encapsulated.eth).toEqual({ src: n1!.tunnel!.mac, dst: n2!.tunnel!.mac });
    expect(trace.hops[6]!.changes.map((c) => c.field)).toContain('outer.ip.dst');
    expect(trace.hops[10]!.packet.outer).toBeUndefined();
    expect(trace.hops[10]!.changes.map((c) => `${c.field}:${c.after}`)).toContain('outer.vxlan.vni:—');
    expect(trace.hops[7]!.capture.command).toBe("tcpdump -eni eth0 'udp port 8472 and host 192.168.1.11 and host 192.168.1.12' -T vxlan");
  });

  it('brings the reply back the mirrored way, without any ARP', () => {
    expect(trace.reply.map((h) => h.kind)).not.toContain('arp');
    expect(trace.reply.filter((h) => h.kind === 'encapsulate').map((h) => h.packet.outer?.ip.src)).toEqual(['192.168.1.12']);
    expect(trace.reply.at(-1)!.packet.ip).toEqual({ src: '10.244.1.2', dst: '10.244.0.2', ttl: 62, protocol: 'TCP' });
  });

  it('points every hop at an element of the topology, the tunnels and the node network included', () => {
    const ids = new Set(buildTopology(cluster).elements.map((e) => e.id));
    for (const hop of [...trace.hops, ...trace.reply]) expect(ids).toContain(hop.where);
  });
});

describe('pod to pod across nodes, without encapsulation', () => {
  it.each(['flannel-host-gw', 'bridge'] as const)('%s routes via the peer node’s address on eth0', (cni) => {
    const { cluster, trace } = setup(cni);
    const [n1, n2] = cluster.nodes;
    expect(n1!.tunnel).toBeUndefined();
    const hostRoute = trace.hops.find((h) => h.kind === 'route-lookup' && h.where === `bridge:node-1/${n1!.bridge!.name}`)!;
    expect(hostRoute.rule!.text).toBe(`10.244.1.0/24 via 192.168.1.12 dev eth0${cni === 'bridge' ? ' proto static' : ''}`);
    expect(hostRoute.packet.eth).toEqual({ src: n1!.eth0.mac, dst: n2!.eth0.mac });
    expect(trace.hops.some((h) => h.kind === 'encapsulate' || h.packet.outer !== undefined)).toBe(false);
    expect(trace.hops.at(-1)!.packet.ip.ttl).toBe(62);
    expect(n1!.bridge!.name).toBe(cni === 'bridge' ? 'cbr0' : 'cni0');
  });
});

describe('Calico: no bridge, a /32 per pod, proxy ARP for 169.254.1.1', () => {
  it('names host veths cali + sha1(namespace.pod) and routes each pod by a /32', () => {
    const { cluster, frontend } = setup('calico-ipip');
    expect(netns(frontend).hostVeth).toMatchObject({ name: 'cali9b723216629', mac: 'ee:ee:ee:ee:ee:ee' });
    expect(netns(frontend).eth0.cidr).toBe('10.244.0.1/32');
    expect(netns(frontend).routes.map((r) => [r.destination, r.via, r.dev])).toEqual([
      ['default', '169.254.1.1', 'eth0'],
      ['169.254.1.1/32', undefined, 'eth0'],
    ]);
    const n1 = cluster.nodes[0]!;
    expect(n1.bridge).toBeUndefined();
    expect(n1.tunnel).toMatchObject({ kind: 'ipip', name: 'tunl0', mtu: 1480, cidr: '10.244.0.0/32' });
    expect(n1.routes.find((r) => r.dev === 'cali9b723216629')).toMatchObject({ destination: '10.244.0.1', scope: 'link' });
  });

  it('IPIP: routes via tunl0, wraps in protocol 4 with no inner Ethernet, outer TTL inherited', () => {
    const { trace, cluster } = setup('calico-ipip');
    const kinds = trace.hops.map((h) => h.kind);
    expect(kinds).toEqual([
      'socket-send', 'route-lookup', 'arp', 'veth-transmit', 'veth-receive', 'route-lookup', 'encapsulate',
      'nic-transmit', 'wire', 'nic-receive', 'decapsulate', 'route-lookup', 'veth-transmit', 'veth-receive', 'deliver',
    ]);
    expect(trace.hops[2]!.summary).toContain('proxy ARP');
    expect(trace.hops[5]!.rule!.text).toBe('10.244.1.0/26 via 192.168.1.12 dev tunl0 proto bird onlink');
    const wrapped = trace.hops[6]!.packet;
    expect(wrapped.eth).toBeUndefined();
    expect(wrapped.outer).toEqual({
      eth: { src: cluster.nodes[0]!.eth0.mac, dst: cluster.nodes[1]!.eth0.mac },
      ip: { src: '192.168.1.11', dst: '192.168.1.12', ttl: 63, protocol: 'IPIP' },
      udp: undefined,
      vxlan: undefined,
    });
    expect(trace.hops[7]!.capture.command).toBe("tcpdump -eni eth0 'ip proto 4 and host 192.168.1.11 and host 192.168.1.12'");
    expect(trace.hops.at(-1)!.packet.eth).toEqual({ src: 'ee:ee:ee:ee:ee:ee', dst: netns(cluster.pods.find((p) => p.name === 'backend')).eth0.mac });
    expect(trace.hops.at(-1)!.packet.ip.ttl).toBe(62);
  });

  it('VXLAN: vxlan.calico with VNI 4096 on UDP 4789, MTU 1450', () => {
    const { trace, cluster } = setup('calico-vxlan');
    expect(cluster.nodes[0]!.tunnel).toMatchObject({ kind: 'vxlan', name: 'vxlan.calico', vni: 4096, port: 4789, mtu: 1450 });
    const wrapped = trace.hops.find((h) => h.kind === 'encapsulate')!.packet;
    expect(wrapped.outer).toMatchObject({ udp: { dstPort: 4789 }, vxlan: { vni: 4096 } });
    expect(trace.hops.find((h) => h.kind === 'nic-transmit')!.capture.command).not.toContain('-T vxlan');
  });

  it('BGP without encapsulation: plain routes via the peer on eth0, proto bird', () => {
    const { trace } = setup('calico-bgp');
    expect(trace.hops.some((h) => h.packet.outer !== undefined)).toBe(false);
    expect(trace.hops.find((h) => h.kind === 'route-lookup' && h.rule?.text.includes('proto bird'))!.rule!.text).toBe('10.244.1.0/26 via 192.168.1.12 dev eth0 proto bird');
  });

  it('routes between two pods of one node through the host, with Felix chains named for each veth', () => {
    const text = `${example}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: backend-ingress, namespace: default}
spec:
  podSelector: {matchLabels: {app: backend}}
  ingress: [{from: [{podSelector: {matchLabels: {app: frontend}}}]}]
`;
    const cluster = clusterOf(text, { cni: 'calico-ipip' });
    const result = traceFlow(cluster, {
      from: { kind: 'pod', namespace: 'default', pod: 'frontend', container: 'web' },
      to: { kind: 'pod', namespace: 'default', pod: 'backend', port: 8080, protocol: 'TCP' },
    });
    if (!result.ok) throw new Error(result.error.message);
    const backendVeth = netns(cluster.pods.find((p) => p.name === 'backend')).hostVeth.name;
    expect(result.trace.hops.map((h) => h.kind)).toEqual([
      'socket-send', 'route-lookup', 'arp', 'veth-transmit', 'veth-receive', 'network-policy', 'route-lookup', 'network-policy', 'veth-transmit', 'veth-receive', 'deliver',
    ]);
    expect(result.trace.hops[6]!.rule!.text).toBe(`10.244.0.2 dev ${backendVeth} scope link`);
    expect(result.trace.hops[6]!.packet.ip.ttl).toBe(63);
    expect(result.trace.hops[7]!.summary).toContain(`cali-tw-${backendVeth}`);
  });
});
