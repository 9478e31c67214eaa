import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clusterOf, netns } from '../cluster/test-helpers';
import { DEFAULT_SETTINGS, withCni } from '../cluster/settings';
import { connectNodes } from '../dataplane/connect-nodes';
import { SLEEVE_OVERHEAD, sleeveMtu } from '../dataplane/weave-sleeve';
import { buildTopology } from '../topology/build';
import { parseDestination, parseSource } from './flow';
import { traceFlow } from './trace';
import type { Flow, Trace } from './types';
import { hopSteps as steps } from './test-helpers';

// frontend (web) and backend (api, 8080); two nodes put backend on node-2 unless one node is named.
const example = readFileSync(fileURLToPath(new URL('../../../examples/same-node-pods.yaml', import.meta.url)), 'utf8');
// frontend on node-1; api pods on both nodes behind the Service api (80 → http, 8080).
const serviceExample = readFileSync(fileURLToPath(new URL('../../../examples/service-kube-proxy.yaml', import.meta.url)), 'utf8');

const FLOW: Flow = {
  from: { kind: 'pod', namespace: 'default', pod: 'frontend', container: 'web' },
  to: { kind: 'pod', namespace: 'default', pod: 'backend', port: 8080, protocol: 'TCP' },
};

function setup(nodes: string[] = ['node-1', 'node-2']) {
  const cluster = clusterOf(example, withCni({ ...DEFAULT_SETTINGS, nodeNames: nodes }, 'weave-sleeve'));
  const result = traceFlow(cluster, FLOW);
  if (!result.ok) throw new Error(result.error.message);
  const pod = (name: string) => netns(cluster.pods.find((p) => p.name === name));
  return { cluster, trace: result.trace, frontend: pod('frontend'), backend: pod('backend') };
}

const hop = (hops: Trace['hops'], kind: string, n = 0) => hops.filter((h) => h.kind === kind)[n]!;

describe('Weave Net sleeve: the nodes', () => {
  const { cluster } = setup();
  const [n1, n2] = cluster.nodes;

  it('keeps the weave bridge and the range, pairs vethwe-bridge with vethwe-pcap, and has no datapath or tunnel device', () => {
    expect(n1!.bridge).toMatchObject({ name: 'weave', cidr: '10.32.0.1/12', mtu: 65535 });
    expect(n2!.bridge).toMatchObject({ name: 'weave', cidr: '10.40.0.0/12', mtu: 65535 });
    expect(n1!.routes.filter((r) => r.dev === 'weave')).toEqual([
      { destination: '10.32.0.0/12', via: undefined, dev: 'weave', scope: 'link', proto: 'kernel', src: '10.32.0.1' },
    ]);
    expect(n1!.tunnel).toBeUndefined();
    expect(n1!.weave).toBeUndefined();
    expect(n1!.weaveSleeve).toMatchObject({
      bridgePort: { name: 'vethwe-bridge', mtu: 65535 },
      pcapPort: { name: 'vethwe-pcap', mtu: 65535 },
      peerName: n1!.bridge!.mac,
      range: '10.32.0.0/13',
      port: 6783,
    });
    expect(n2!.weaveSleeve!.range).toBe('10.40.0.0/13');
  });

  it('gives pods the bridge’s MTU 65535 and finds 1438 for the connection: 1500 less 62 bytes of sleeve overhead', () => {
    const frontend = netns(cluster.pods.find((p) => p.name === 'frontend'));
    expect(frontend.eth0.mtu).toBe(65535);
    expect(frontend.hostVeth.name).toMatch(/^vethwepl[0-9a-f]{7}$/);
    expect(SLEEVE_OVERHEAD).toBe(62);
    expect(sleeveMtu(n1!, n2!)).toBe(1438);
    // GCE's 1460-byte underlay: `weave status connections` shows sleeve mtu=1398 there.
    const gce = connectNodes(
      cluster.nodes.map((n) => ({ ...n, eth0: { ...n.eth0, mtu: 1460 } })),
      'weave-sleeve',
      '10.32.0.0/12',
    );
    expect(sleeveMtu(gce[0]!, gce[1]!)).toBe(1398);
  });

  it('draws vethwe-bridge, vethwe-pcap and the weave router on each node, the router joined to eth0', () => {
    const topology = buildTopology(cluster);
    const on1 = topology.elements.filter((e) => e.parent === 'node:node-1' && ['veth', 'router', 'datapath', 'tunnel'].includes(e.kind) && !e.label.startsWith('vethwepl'));
    expect(on1.map((e) => `${e.kind} ${e.label}: ${e.detail}`)).toEqual([
      `veth vethwe-bridge: ${n1!.weaveSleeve!.bridgePort.mac} · MTU 65535`,
      'veth vethwe-pcap: pcap capture · MTU 65535',
      `router weaver: sleeve · UDP 6783 · peer ${n1!.weaveSleeve!.peerName}`,
    ]);
    const links = topology.links.map((l) => `${l.kind} ${l.source} ${l.target}`);
    expect(links).toContain('bridge-port veth:node-1/vethwe-bridge bridge:node-1/weave');
    expect(links).toContain('veth-pair veth:node-1/vethwe-bridge veth:node-1/vethwe-pcap');
    expect(links).toContain('host-routing veth:node-1/vethwe-pcap router:node-1/weaver');
    expect(links).toContain('host-routing router:node-1/weaver nic:node-1/eth0');
  });
});

describe('Weave Net sleeve: pod to pod across nodes', () => {
  const { cluster, trace, frontend, backend } = setup();
  const [n1, n2] = cluster.nodes;
  const peer1 = n1!.weaveSleeve!.peerName;
  const peer2 = n2!.weaveSleeve!.peerName;

  it('switches the frame to vethwe-pcap, where the router captures it, sends it over UDP 6783 and injects it on node-2', () => {
    expect(steps(trace.hops)).toEqual([
      'socket-send @ ctr:default/frontend/web',
      'route-lookup @ podnic:default/frontend/eth0',
      'arp @ bridge:node-1/weave',
      'veth-transmit @ podnic:default/frontend/eth0',
      `veth-receive @ veth:node-1/${frontend.hostVeth.name}`,
      'bridge-forward @ bridge:node-1/weave',
      'veth-transmit @ veth:node-1/vethwe-bridge',
      'veth-receive @ veth:node-1/vethwe-pcap',
      'encapsulate @ router:node-1/weaver',
      'nic-transmit @ nic:node-1/eth0',
      'wire @ underlay',
      'nic-receive @ nic:node-2/eth0',
      'decapsulate @ router:node-2/weaver',
      'veth-transmit @ veth:node-2/vethwe-pcap',
      'bridge-forward @ bridge:node-2/weave',
      `veth-transmit @ veth:node-2/${backend.hostVeth.name}`,
      'veth-receive @ podnic:default/backend/eth0',
      'deliver @ ctr:default/backend/api',
    ]);
    expect(trace.hops[1]!.rule!.text).toBe('10.32.0.0/12 dev eth0 proto kernel scope link src 10.32.0.2');
    expect(trace.hops[5]!.rule!.text).toBe(`${backend.eth0.mac} dev vethwe-bridge master weave`);
    expect(trace.hops[5]!.summary).toContain("towards the weave router's capture on vethwe-pcap");
    expect(trace.hops[7]!.rule!.text).toBe(`${backend.eth0.mac} → peer ${peer2}(node-2) (weave router MAC cache)`);
    expect(trace.hops[7]!.capture.command).toBe("tcpdump -eni vethwe-pcap 'host 10.32.0.2 and host 10.40.0.1 and tcp port 8080'");
    expect(trace.hops[14]!.rule!.text).toBe(`${backend.eth0.mac} dev ${backend.hostVeth.name} master weave`);
  });

  it('never routes: the pods’ own MACs and TTL 64 from end to end', () => {
    expect(trace.explanation).toContain("switched from node-1 to node-2 by the weave routers' sleeve encapsulation (UDP 6783)");
    expect(new Set(trace.hops.slice(2).map((h) => `${h.packet.eth?.src}>${h.packet.eth?.dst}`))).toEqual(new Set([`${frontend.eth0.mac}>${backend.eth0.mac}`]));
    expect(trace.hops.every((h) => h.packet.ip.ttl === 64)).toBe(true);
  });

  it('wraps the frame in UDP 6783 → 6783 between the node addresses, with the three peer names of the sleeve header', () => {
    const wrap = hop(trace.hops, 'encapsulate');
    expect(wrap.packet.outer).toEqual({
      eth: { src: n1!.eth0.mac, dst: n2!.eth0.mac },
      ip: { src: '192.168.1.11', dst: '192.168.1.12', ttl: 64, protocol: 'UDP' },
      udp: { srcPort: 6783, dstPort: 6783 },
      vxlan: undefined,
      sleeve: { sender: peer1, capturing: peer1, destination: peer2 },
    });
    expect(wrap.changes.map((c) => `${c.field}: ${c.before} → ${c.after}`)).toEqual(
      expect.arrayContaining([`outer.udp.dstPort: — → 6783`, `outer.sleeve.destination: — → ${peer2}`]),
    );
    expect(wrap.summary).toContain('This connection\'s MTU is 1438: the 1500-byte underlay less 62 bytes');
    expect(wrap.summary).toContain('Pods have MTU 65535');
    expect(wrap.capture.command).toBe("tcpdump -eni eth0 'udp port 6783 and host 192.168.1.11 and host 192.168.1.12'");
    expect(wrap.capture.note).toContain('"weave status connections"');
    expect(wrap.capture.note).toContain('"sleeve" with mtu=1438');
    // Plain UDP to tcpdump: no -T vxlan on the wire.
    expect(hop(trace.hops, 'nic-transmit').capture.command).toBe("tcpdump -eni eth0 'udp port 6783 and host 192.168.1.11 and host 192.168.1.12'");
    expect(hop(trace.hops, 'nic-transmit').summary).toContain('sends the sleeve UDP packet to 192.168.1.12');
    expect(hop(trace.hops, 'nic-receive').summary).toContain("UDP port 6783, where the weave router's socket listens");
    const unwrap = hop(trace.hops, 'decapsulate');
    expect(unwrap.packet.outer).toBeUndefined();
    expect(unwrap.summary).toContain(`The sender's name, ${peer1}, picks the connection from node-1`);
    // The inner packet on node-2's bridge: `tcpdump -ni weave` there shows it.
    expect(hop(trace.hops, 'bridge-forward', 1).capture.command).toBe("tcpdump -eni weave 'host 10.32.0.2 and host 10.40.0.1 and tcp port 8080'");
  });

  it('brings the reply back through node-2’s router with the peers swapped, without ARP', () => {
    expect(steps(trace.reply)).toEqual([
      'socket-send @ ctr:default/backend/api',
      'route-lookup @ podnic:default/backend/eth0',
      'veth-transmit @ podnic:default/backend/eth0',
      `veth-receive @ veth:node-2/${backend.hostVeth.name}`,
      'bridge-forward @ bridge:node-2/weave',
      'veth-transmit @ veth:node-2/vethwe-bridge',
      'veth-receive @ veth:node-2/vethwe-pcap',
      'encapsulate @ router:node-2/weaver',
      'nic-transmit @ nic:node-2/eth0',
      'wire @ underlay',
      'nic-receive @ nic:node-1/eth0',
      'decapsulate @ router:node-1/weaver',
      'veth-transmit @ veth:node-1/vethwe-pcap',
      'bridge-forward @ bridge:node-1/weave',
      `veth-transmit @ veth:node-1/${frontend.hostVeth.name}`,
      'veth-receive @ podnic:default/frontend/eth0',
      'deliver @ ctr:default/frontend/web',
    ]);
    const wrapped = hop(trace.reply, 'encapsulate');
    expect(wrapped.packet.outer).toMatchObject({
      ip: { src: '192.168.1.12', dst: '192.168.1.11', ttl: 64, protocol: 'UDP' },
      udp: { srcPort: 6783, dstPort: 6783 },
      sleeve: { sender: peer2, capturing: peer2, destination: peer1 },
    });
    expect(trace.reply.at(-1)!.packet.ip).toEqual({ src: '10.40.0.1', dst: '10.32.0.2', ttl: 64, protocol: 'TCP' });
  });

  it('points every hop at an element of the topology', () => {
    const ids = new Set(buildTopology(cluster).elements.map((e) => e.id));
    for (const h of [...trace.hops, ...trace.reply]) expect(ids).toContain(h.where);
  });
});

describe('Weave Net sleeve: pod to pod on one node', () => {
  const { trace, frontend, backend } = setup(['node-1']);

  it('is bridged by weave alone: the router never sees the frame', () => {
    expect(steps(trace.hops)).toEqual([
      'socket-send @ ctr:default/frontend/web',
      'route-lookup @ podnic:default/frontend/eth0',
      'arp @ bridge:node-1/weave',
      'veth-transmit @ podnic:default/frontend/eth0',
      `veth-receive @ veth:node-1/${frontend.hostVeth.name}`,
      'bridge-forward @ bridge:node-1/weave',
      `veth-transmit @ veth:node-1/${backend.hostVeth.name}`,
      'veth-receive @ podnic:default/backend/eth0',
      'deliver @ ctr:default/backend/api',
    ]);
    expect(trace.hops[5]!.rule!.text).toBe(`${backend.eth0.mac} dev ${backend.hostVeth.name} master weave`);
    expect([...trace.hops, ...trace.reply].some((h) => h.packet.outer !== undefined)).toBe(false);
    expect(steps(trace.reply).at(-1)).toBe('deliver @ ctr:default/frontend/web');
  });
});

describe('Weave Net sleeve: a ClusterIP through kube-proxy, endpoint on another node', () => {
  const cluster = clusterOf(serviceExample, withCni({ ...DEFAULT_SETTINGS, nodeNames: ['node-1', 'node-2'] }, 'weave-sleeve'));
  const result = traceFlow(
    cluster,
    { from: { kind: 'pod', namespace: 'default', pod: 'frontend', container: undefined }, to: { kind: 'service', namespace: 'default', service: 'api', port: 80, protocol: 'TCP' } },
    { endpoint: 1 },
  );
  if (!result.ok) throw new Error(result.error.message);
  const t = result.trace;
  const [n1, n2] = cluster.nodes;

  it('DNATs on node-1, routes back onto the weave bridge (TTL 63) and hands the frame, from the bridge’s MAC, to the sleeve router', () => {
    expect(t.verdict).toBe('delivered');
    const at = steps(t.hops);
    const routed = at.indexOf('route-lookup @ bridge:node-1/weave');
    expect(at.slice(routed, routed + 9)).toEqual([
      'route-lookup @ bridge:node-1/weave',
      'arp @ bridge:node-1/weave',
      'bridge-forward @ bridge:node-1/weave',
      'veth-transmit @ veth:node-1/vethwe-bridge',
      'veth-receive @ veth:node-1/vethwe-pcap',
      'encapsulate @ router:node-1/weaver',
      'nic-transmit @ nic:node-1/eth0',
      'wire @ underlay',
      'nic-receive @ nic:node-2/eth0',
    ]);
    const wrap = hop(t.hops, 'encapsulate');
    expect(wrap.packet.eth!.src).toBe(n1!.bridge!.mac);
    expect(wrap.packet.ip).toMatchObject({ src: '10.32.0.2', dst: '10.40.0.1', ttl: 63 });
    expect(wrap.packet.outer!.sleeve).toEqual({ sender: n1!.weaveSleeve!.peerName, capturing: n1!.weaveSleeve!.peerName, destination: n2!.weaveSleeve!.peerName });
  });

  it('takes the reply back through node-2’s router, and node-1’s conntrack undoes the DNAT', () => {
    expect(steps(t.reply)).toContain('encapsulate @ router:node-2/weaver');
    expect(steps(t.reply)).toContain('decapsulate @ router:node-1/weaver');
    const unDnat = t.reply.find((h) => h.kind === 'conntrack')!;
    expect(unDnat.packet.ip.src).toBe(cluster.services.find((s) => s.name === 'api')!.clusterIP);
    expect(t.reply.at(-1)!.where).toBe('ctr:default/frontend/web');
  });
});

describe('Weave Net sleeve: from outside, endpoint on another peer', () => {
  const scenario = `
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
`;
  const cluster = clusterOf(scenario, withCni(DEFAULT_SETTINGS, 'weave-sleeve'));
  const source = parseSource('external');
  if (!source.ok) throw new Error(source.error.message);
  const destination = parseDestination('svc/default/shop:80', source.value);
  if (!destination.ok) throw new Error(destination.error.message);
  const result = traceFlow(cluster, { from: source.value, to: destination.value }, { node: 'node-1' });
  if (!result.ok) throw new Error(result.error.message);
  const t = result.trace;

  it('masquerades to node-1’s weave address and carries the request and the reply through the routers', () => {
    expect(t.verdict).toBe('delivered');
    const masq = t.hops.find((h) => h.kind === 'masquerade')!;
    expect(masq.packet.ip.src).toBe('10.32.0.1');
    expect(steps(t.hops)).toContain('encapsulate @ router:node-1/weaver');
    expect(steps(t.hops)).toContain('decapsulate @ router:node-2/weaver');
    const back = hop(t.reply, 'encapsulate');
    expect(back.where).toBe('router:node-2/weaver');
    expect(back.packet.ip).toMatchObject({ src: '10.40.0.1', dst: '10.32.0.1' });
    expect(back.packet.outer!.udp).toEqual({ srcPort: 6783, dstPort: 6783 });
  });
});
