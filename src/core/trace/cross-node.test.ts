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
    const hostRoute = trace.hops.find((h) => h.kind === 'route-lookup' && h.where === `bridge:node-1/${n1!.bridge.name}`)!;
    expect(hostRoute.rule!.text).toBe(`10.244.1.0/24 via 192.168.1.12 dev eth0${cni === 'bridge' ? ' proto static' : ''}`);
    expect(hostRoute.packet.eth).toEqual({ src: n1!.eth0.mac, dst: n2!.eth0.mac });
    expect(trace.hops.some((h) => h.kind === 'encapsulate' || h.packet.outer !== undefined)).toBe(false);
    expect(trace.hops.at(-1)!.packet.ip.ttl).toBe(62);
    expect(n1!.bridge.name).toBe(cni === 'bridge' ? 'cbr0' : 'cni0');
  });
});
