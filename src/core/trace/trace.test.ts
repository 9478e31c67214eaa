import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCluster } from '../cluster/build';
import { parseManifests } from '../manifest/parse';
import { buildTopology } from '../topology/build';
import { traceFlow } from './trace';
import type { Flow, Trace } from './types';
import type { Protocol } from '../cluster/types';
import { netns } from '../cluster/test-helpers';
import { hopSteps as steps } from './test-helpers';

const example = readFileSync(fileURLToPath(new URL('../../../examples/same-node-pods.yaml', import.meta.url)), 'utf8');
const cluster = buildCluster(parseManifests(example));
const pod = (name: string) => cluster.pods.find((p) => p.name === name)!;
const frontend = netns(pod('frontend'));
const backend = netns(pod('backend'));

function flow(to: string, port: number, protocol: Protocol = 'TCP', from = 'frontend', container: string | undefined = 'web'): Flow {
  return {
    from: { kind: 'pod', namespace: 'default', pod: from, container },
    to: { kind: 'pod', namespace: 'default', pod: to, port, protocol },
  };
}

function trace(f: Flow): Trace {
  const result = traceFlow(cluster, f);
  if (!result.ok) throw new Error(result.error.message);
  return result.trace;
}

describe('traceFlow: pod to pod on one node', () => {
  const delivered = trace(flow('backend', 8080));
  const vethF = `veth:node-1/${frontend.hostVeth.name}`;
  const vethB = `veth:node-1/${backend.hostVeth.name}`;

  it('walks socket, eth0, ARP, veth, bridge, veth, eth0 and delivers to the listening container', () => {
    expect(delivered.verdict).toBe('delivered');
    expect(steps(delivered.hops)).toEqual([
      'socket-send @ ctr:default/frontend/web',
      'route-lookup @ podnic:default/frontend/eth0',
      'arp @ bridge:node-1/cni0',
      'veth-transmit @ podnic:default/frontend/eth0',
      `veth-receive @ ${vethF}`,
      'bridge-forward @ bridge:node-1/cni0',
      `veth-transmit @ ${vethB}`,
      'veth-receive @ podnic:default/backend/eth0',
      'deliver @ ctr:default/backend/api',
    ]);
  });

  it('returns the reply the same way, without a second ARP, to the client container', () => {
    expect(steps(delivered.reply)).toEqual([
      'socket-send @ ctr:default/backend/api',
      'route-lookup @ podnic:default/backend/eth0',
      'veth-transmit @ podnic:default/backend/eth0',
      `veth-receive @ ${vethB}`,
      'bridge-forward @ bridge:node-1/cni0',
      `veth-transmit @ ${vethF}`,
      'veth-receive @ podnic:default/frontend/eth0',
      'deliver @ ctr:default/frontend/web',
    ]);
  });

  it('carries exact, consistent addresses: the reply mirrors the request', () => {
    const request = delivered.hops.at(-1)!.packet;
    const answer = delivered.reply.at(-1)!.packet;
    expect(request.ip).toEqual({ src: '10.244.0.2', dst: '10.244.0.3', ttl: 64, protocol: 'TCP' });
    expect(request.eth).toEqual({ src: frontend.eth0.mac, dst: backend.eth0.mac });
    expect(answer.ip).toEqual({ src: '10.244.0.3', dst: '10.244.0.2', ttl: 64, protocol: 'TCP' });
    expect(answer.eth).toEqual({ src: backend.eth0.mac, dst: frontend.eth0.mac });
    if (request.l4.protocol === 'ICMP' || answer.l4.protocol === 'ICMP') throw new Error('unexpected ICMP');
    expect(request.l4.dstPort).toBe(8080);
    expect(request.l4.srcPort).toBeGreaterThanOrEqual(32768);
    expect(request.l4.srcPort).toBeLessThanOrEqual(60999);
    expect([answer.l4.srcPort, answer.l4.dstPort]).toEqual([8080, request.l4.srcPort]);
    expect([request.l4.flags, answer.l4.flags]).toEqual(['SYN', 'SYN-ACK']);
  });

  it('has no L2 header in the socket and gains it when ARP resolves the neighbour', () => {
    expect(delivered.hops[0]!.packet.eth).toBeUndefined();
    expect(delivered.hops[1]!.packet.eth).toBeUndefined();
    expect(delivered.hops[2]!.changes).toEqual([
      { field: 'eth.src', before: '—', after: frontend.eth0.mac },
      { field: 'eth.dst', before: '—', after: backend.eth0.mac },
    ]);
    // Bridging rewrites nothing: no hop after ARP changes a header, the TTL included.
    expect(delivered.hops.slice(3).flatMap((h) => h.changes)).toEqual([]);
  });

  it('names the rule that decided each step', () => {
    const rules = delivered.hops.map((h) => h.rule?.text);
    expect(rules[1]).toBe('10.244.0.0/24 dev eth0 proto kernel scope link src 10.244.0.2');
    expect(rules[2]).toBe(`10.244.0.3 dev eth0 lladdr ${backend.eth0.mac} REACHABLE`);
    expect(rules[5]).toBe(`${backend.eth0.mac} dev ${backend.hostVeth.name} master cni0`);
    expect(rules[8]).toBe('api: containerPort 8080/TCP ("http")');
    const port = delivered.hops[8]!.rule!.source!;
    expect(example.slice(port.from, port.to)).toBe('name: http\n          containerPort: 8080');
  });

  it('says where to capture each hop', () => {
    const commands = delivered.hops.map((h) => h.capture.command);
    const filter = `'host 10.244.0.2 and host 10.244.0.3 and tcp port 8080'`;
    expect(commands[3]).toBe(`nsenter -t "$PID" -n tcpdump -eni eth0 ${filter}`);
    expect(delivered.hops[3]!.capture.note).toContain("crictl pods -q --namespace default --name '^frontend$'");
    expect(commands[4]).toBe(`tcpdump -eni ${frontend.hostVeth.name} ${filter}`);
    expect(commands[5]).toBe(`tcpdump -eni cni0 ${filter}`);
    expect(commands[2]).toBe(`tcpdump -eni cni0 'arp and host 10.244.0.3'`);
  });

  it('points every hop at an element of the topology', () => {
    const ids = new Set(buildTopology(cluster).elements.map((e) => e.id));
    for (const hop of [...delivered.hops, ...delivered.reply]) expect(ids).toContain(hop.where);
  });

  it('is deterministic', () => {
    expect(trace(flow('backend', 8080))).toEqual(delivered);
  });
});

describe('traceFlow: refusals and other protocols', () => {
  it('refuses a TCP port no container declares: the kernel answers with a reset', () => {
    const refused = trace(flow('backend', 9999));
    expect(refused.verdict).toBe('refused');
    expect(refused.hops.at(-1)!.kind).toBe('refuse');
    expect(refused.hops.at(-1)!.where).toBe('pod:default/backend');
    expect(refused.reply[0]!.kind).toBe('kernel-reply');
    expect(refused.reply[0]!.packet.l4).toMatchObject({ protocol: 'TCP', srcPort: 9999, flags: 'RST-ACK' });
    expect(refused.reply.at(-1)!.summary).toContain('ECONNREFUSED');
    expect(refused.explanation).toContain('api 8080/TCP, metrics 9102/TCP');
  });

  it('does not deliver TCP to a port declared for UDP only', () => {
    expect(trace(flow('backend', 8080, 'UDP')).verdict).toBe('refused');
  });

  it('answers a closed UDP port with ICMP port unreachable', () => {
    const refused = trace(flow('db', 5432, 'UDP'));
    const icmp = refused.reply[0]!.packet;
    expect(icmp.ip.protocol).toBe('ICMP');
    expect(icmp.l4).toEqual({ protocol: 'ICMP', type: 3, code: 3, description: 'destination unreachable: port unreachable' });
    expect(refused.reply[2]!.capture.command).toBe(`nsenter -t "$PID" -n tcpdump -eni eth0 'icmp and host 10.244.0.2'`);
  });

  it('delivers to a sidecar container of the destination pod', () => {
    const metrics = trace(flow('backend', 9102));
    expect(metrics.hops.at(-1)!.where).toBe('ctr:default/backend/metrics');
  });

  it('defaults the source container to the pod’s first', () => {
    expect(trace(flow('db', 5432, 'TCP', 'frontend', undefined)).hops[0]!.where).toBe('ctr:default/frontend/web');
  });

  it('sends traffic to the pod’s own IP through loopback, never over the bridge', () => {
    const self = trace(flow('backend', 9102, 'TCP', 'backend', 'api'));
    expect(steps(self.hops)).toEqual([
      'socket-send @ ctr:default/backend/api',
      'loopback @ pod:default/backend',
      'deliver @ ctr:default/backend/metrics',
    ]);
    expect(self.hops[1]!.rule!.text).toBe('local 10.244.0.3 dev eth0 table local proto kernel scope host src 10.244.0.3');
  });
});

describe('traceFlow: flows that cannot be traced', () => {
  it.each([
    [flow('nope', 80), 'unknown-destination'],
    [flow('backend', 80, 'TCP', 'ghost'), 'unknown-source'],
    [flow('backend', 80, 'TCP', 'frontend', 'sidecar'), 'unknown-container'],
  ])('says why (%#)', (f, code) => {
    const result = traceFlow(cluster, f);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });
});

describe('traceFlow: containers of one pod over localhost', () => {
  const text = readFileSync(fileURLToPath(new URL('../../../examples/pod-localhost.yaml', import.meta.url)), 'utf8');
  const local = buildCluster(parseManifests(text));
  const run = (port: number) => {
    const result = traceFlow(local, {
      from: { kind: 'pod', namespace: 'default', pod: 'web', container: 'helper' },
      to: { kind: 'pod', namespace: 'default', pod: 'web', port, protocol: 'TCP', localhost: true },
    });
    if (!result.ok) throw new Error(result.error.message);
    return result.trace;
  };

  it('goes through the shared loopback device to the container that listens', () => {
    const trace = run(80);
    expect(steps(trace.hops)).toEqual(['socket-send @ ctr:default/web/helper', 'loopback @ pod:default/web', 'deliver @ ctr:default/web/nginx']);
    expect(trace.hops[0]!.packet.ip).toEqual({ src: '127.0.0.1', dst: '127.0.0.1', ttl: 64, protocol: 'TCP' });
    expect(trace.hops[1]!.rule!.text).toBe('local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1');
    expect(trace.hops[1]!.capture.command).toBe(`nsenter -t "$PID" -n tcpdump -ni lo 'host 127.0.0.1 and host 127.0.0.1 and tcp port 80'`);
    expect(trace.hops.some((h) => h.packet.eth !== undefined)).toBe(false);
  });

  it('is refused on a port no container of the pod declares', () => {
    expect(run(81).verdict).toBe('refused');
  });

  it('cannot reach another pod', () => {
    const result = traceFlow(cluster, {
      from: { kind: 'pod', namespace: 'default', pod: 'frontend', container: 'web' },
      to: { kind: 'pod', namespace: 'default', pod: 'backend', port: 8080, protocol: 'TCP', localhost: true },
    });
    expect(result.ok ? 'ok' : result.error.code).toBe('localhost-other-pod');
  });
});
