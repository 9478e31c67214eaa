import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clusterOf, netns } from '../cluster/test-helpers';
import { traceFlow } from './trace';
import { fragmentSizes } from './packet-size';
import type { CniPlugin } from '../cluster/types';
import type { Flow, Trace, TraceResult } from './types';

const example = readFileSync(fileURLToPath(new URL('../../../examples/same-node-pods.yaml', import.meta.url)), 'utf8');
// frontend on node-1, backend on node-2 (the scheduler spreads them).
const twoNodes = (cni: CniPlugin) => clusterOf(example, { nodeNames: ['node-1', 'node-2'], cni });
const frontend = { kind: 'pod', namespace: 'default', pod: 'frontend', container: 'web' } as const;
const toBackend = (protocol: 'TCP' | 'UDP', port = 8080) => ({ kind: 'pod', namespace: 'default', pod: 'backend', port, protocol }) as const;

function traced(result: TraceResult): Trace {
  if (!result.ok) throw new Error(result.error.message);
  return result.trace;
}
const steps = (trace: Trace) => trace.hops.map((h) => `${h.kind} @ ${h.where}`);

describe('a packet larger than the MTU', () => {
  it('refuses a UDP datagram with DF larger than the pod eth0 MTU on Flannel VXLAN: EMSGSIZE, nothing sent', () => {
    const cluster = twoNodes('flannel-vxlan');
    const flow: Flow = { from: frontend, to: toBackend('UDP'), size: 1500, dontFragment: true };
    const trace = traced(traceFlow(cluster, flow));
    expect(trace.verdict).toBe('dropped');
    expect(steps(trace)).toEqual(['socket-send @ ctr:default/frontend/web', 'drop @ podnic:default/frontend/eth0']);
    const drop = trace.hops[1]!;
    expect(drop.summary).toContain('sendmsg() fails with EMSGSIZE ("Message too long"): the route to 10.244.1.2 leaves by eth0, whose MTU is 1450, and a 1500-byte packet with DF');
    expect(drop.summary).toContain('no ICMP is sent');
    expect(drop.summary).toContain("Flannel gives pods the MTU of flannel.1, 1450: the underlay's 1500 less the 50 bytes of VXLAN headers");
    expect(drop.rule?.text).toBe('10.244.0.0/16 via 10.244.0.1 dev eth0');
    expect(drop.capture.command).toBe('nsenter -t "$PID" -n ip link show eth0');
    expect(drop.packet.ip).toEqual({ src: '10.244.0.2', dst: '10.244.1.2', ttl: 64, length: 1500, flags: 'DF', protocol: 'UDP' });
    expect(trace.reply).toEqual([]);
    expect(trace.explanation).toBe(
      "default/frontend/web → default/backend:8080/UDP never leaves the sender: the 1500-byte UDP datagram with DF is larger than the path MTU 1450 (eth0's), so sendmsg() fails with EMSGSIZE.",
    );
  });

  it('lets a 1450-byte datagram with DF through, 1500 bytes on the wire once wrapped in VXLAN', () => {
    const trace = traced(traceFlow(twoNodes('flannel-vxlan'), { from: frontend, to: toBackend('UDP'), size: 1450, dontFragment: true }));
    expect(trace.hops[0]!.summary).toContain('The 1450-byte datagram fits eth0\'s MTU 1450, so it goes out whole, with DF set (IP_PMTUDISC_DO).');
    const wire = trace.hops.find((h) => h.kind === 'wire')!;
    expect([wire.packet.ip.length, wire.packet.ip.flags, wire.packet.outer?.ip.length]).toEqual([1450, 'DF', 1500]);
    const encapsulate = trace.hops.find((h) => h.kind === 'encapsulate')!;
    expect(encapsulate.changes).toContainEqual({ field: 'outer.ip.length', before: '—', after: '1500' });
  });

  it('fragments a large UDP datagram without DF at the sender (IP_PMTUDISC_WANT), and the first fragment crosses', () => {
    expect(fragmentSizes(2000, 1450)).toEqual([1444, 576]);
    const trace = traced(traceFlow(twoNodes('flannel-vxlan'), { from: frontend, to: toBackend('UDP'), size: 2000 }));
    expect(trace.verdict).toBe('refused'); // backend declares no UDP port: the datagram arrives, nothing listens
    expect(trace.hops[0]!.summary).toContain("The 2000-byte datagram is larger than eth0's MTU 1450, so the sending kernel fragments it (IP_PMTUDISC_WANT, a UDP socket's default): 2 fragments of 1444, 576 bytes, DF clear.");
    expect(trace.hops.every((h) => h.packet.ip.length === 1444 && h.packet.ip.flags === 'MF')).toBe(true);
  });

  it('never drops TCP: the MSS keeps every segment within the pod MTU (Calico IP-in-IP, 1480)', () => {
    const trace = traced(traceFlow(twoNodes('calico-ipip'), { from: frontend, to: toBackend('TCP'), size: 3000 }));
    expect(trace.verdict).toBe('delivered');
    expect(trace.hops[0]!.summary).toContain(
      "The SYN advertises MSS 1440 (eth0's MTU 1480 − 40), so a write that would make a 3000-byte packet goes out as 3 segments of at most 1480 bytes, each with DF set",
    );
    expect(trace.hops[0]!.packet.ip.length).toBeUndefined();
  });

  it("checks Cilium's route MTU (1450 on the pod's default route), not eth0's 1500", () => {
    const cluster = twoNodes('cilium-vxlan');
    expect(netns(cluster.pods.find((p) => p.name === 'frontend')).eth0.mtu).toBe(1500);
    const trace = traced(traceFlow(cluster, { from: frontend, to: toBackend('UDP'), size: 1480, dontFragment: true }));
    expect(steps(trace)).toEqual(['socket-send @ ctr:default/frontend/web', 'drop @ podnic:default/frontend/eth0']);
    expect(trace.hops[1]!.summary).toContain('the route to 10.244.1.2 carries mtu 1450 (eth0 itself allows more)');
    expect(trace.hops[1]!.rule?.text).toBe('default via 10.244.0.1 dev eth0 mtu 1450');
    expect(trace.hops[1]!.capture.command).toBe('nsenter -t "$PID" -n ip route get 10.244.1.2');
  });

  it('refuses a node process\'s datagram at the tunnel device it would leave by (flannel.1, 1450)', () => {
    const trace = traced(traceFlow(twoNodes('flannel-vxlan'), { from: { kind: 'node', node: 'node-1' }, to: toBackend('UDP'), size: 1480, dontFragment: true }));
    expect(steps(trace)).toEqual(['socket-send @ node:node-1', 'drop @ tun:node-1/flannel.1']);
    expect(trace.hops[1]!.summary).toContain('the route to 10.244.1.2 leaves by flannel.1, whose MTU is 1450');
    expect(trace.hops[1]!.rule?.text).toBe('10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink');
    expect(trace.hops[1]!.capture).toEqual({ command: 'ip link show flannel.1', note: undefined });
    // flannel.1's own address is the source of host traffic to remote pods.
    expect(trace.hops[0]!.packet.ip.src).toBe('10.244.0.0');
  });

  it("is answered by Weave's sleeve router with ICMP fragmentation needed: pods have MTU 65535, the connection 1438", () => {
    const cluster = twoNodes('weave-sleeve');
    const trace = traced(traceFlow(cluster, { from: frontend, to: toBackend('UDP'), size: 2000 }));
    expect(trace.verdict).toBe('dropped');
    const drop = trace.hops[trace.hops.length - 1]!;
    expect(drop.kind).toBe('drop');
    expect(drop.where).toBe('router:node-1/weaver');
    expect(drop.packet.ip).toMatchObject({ length: 2000, flags: 'DF' });
    expect(drop.packet.outer).toBeUndefined();
    expect(drop.summary).toContain('its sleeve connection to node-2 has MTU 1438');
    expect(drop.summary).toContain('ICMP type 3 code 4 ("fragmentation needed", next-hop MTU 1438)');
    expect(drop.summary).toContain('the next datagram of this size is fragmented by the sending kernel to fit 1438 (IP_PMTUDISC_WANT)');
    expect(trace.reply).toEqual([]);
    // 1438 bytes fit the connection: delivered (refused: nothing listens on UDP 8080), 1500 on the wire.
    const fits = traced(traceFlow(cluster, { from: frontend, to: toBackend('UDP'), size: 1438, dontFragment: true }));
    expect(fits.verdict).toBe('refused');
    // TCP is not judged here: its SYN is small.
    expect(traced(traceFlow(cluster, { from: frontend, to: toBackend('TCP'), size: 2000 })).verdict).toBe('delivered');
  });

  it('says where a size is not checked, rather than ignoring it', () => {
    const cluster = twoNodes('flannel-vxlan');
    const first = (flow: Flow) => traced(traceFlow(cluster, flow)).hops[0]!.summary;
    expect(first({ from: frontend, to: { kind: 'pod', namespace: 'default', pod: 'frontend', port: 8080, protocol: 'UDP', localhost: true }, size: 9000, dontFragment: true })).toMatch(
      / The 9000-byte packet goes whole: the loopback device's MTU is 65536\.$/,
    );
    expect(first({ from: { kind: 'node', node: 'node-1' }, to: { kind: 'service', namespace: 'kube-system', service: 'kube-dns', port: 53, protocol: 'UDP' }, size: 3000 })).toMatch(
      / The 3000-byte size is not checked on this path: the node's route is chosen after kube-proxy's DNAT in nat OUTPUT, which this check does not follow\.$/,
    );
  });

  it('rejects sizes that are no packet, and DF on TCP', () => {
    const bad = (flow: Flow) => {
      const r = traceFlow(twoNodes('flannel-vxlan'), flow);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(bad({ from: frontend, to: toBackend('UDP'), size: 27 })).toBe('bad-size');
    expect(bad({ from: frontend, to: toBackend('UDP'), size: 65536 })).toBe('bad-size');
    expect(bad({ from: frontend, to: toBackend('TCP'), size: 39 })).toBe('bad-size');
    expect(bad({ from: frontend, to: toBackend('TCP'), size: 1000, dontFragment: true })).toBe('bad-dont-fragment');
    expect(bad({ from: frontend, to: toBackend('UDP'), size: 28 })).toBe('ok');
  });
});

describe('no route', () => {
  it("drops at the peer node's blackhole route for an unused address of its Calico block, silently", () => {
    const trace = traced(traceFlow(twoNodes('calico-ipip'), { from: frontend, to: { kind: 'address', address: '10.244.1.50', port: 80, protocol: 'TCP' } }));
    expect(trace.verdict).toBe('dropped');
    expect(steps(trace).slice(-3)).toEqual(['nic-receive @ nic:node-2/eth0', 'decapsulate @ tun:node-2/tunl0', 'drop @ tun:node-2/tunl0']);
    const drop = trace.hops.at(-1)!;
    expect(drop.rule?.text).toBe('blackhole 10.244.1.0/26 proto bird');
    expect(drop.summary).toContain('the lookup fails with EINVAL and the kernel sends no ICMP');
    expect(drop.capture.command).toBe('ip route get 10.244.1.50');
    // Pool to pool: cali-nat-outgoing does not masquerade.
    expect(trace.hops.some((h) => h.kind === 'masquerade')).toBe(false);
    expect(drop.packet.ip.src).toBe('10.244.0.1');
    expect(trace.explanation).toBe(
      "default/frontend/web → 10.244.1.50:80/TCP is dropped: node-2 has only a blackhole route for 10.244.1.50 (10.244.1.0/26, Calico's route for its own block): no pod has that address, and the packet is discarded without an ICMP error.",
    );
  });

  it("drops on the sender's own node for an unused address of its own block (Calico BGP)", () => {
    const trace = traced(traceFlow(twoNodes('calico-bgp'), { from: frontend, to: { kind: 'address', address: '10.244.0.50', port: 80, protocol: 'TCP' } }));
    const vethF = `veth:node-1/${netns(twoNodes('calico-bgp').pods.find((p) => p.name === 'frontend')).hostVeth.name}`;
    expect(steps(trace).at(-1)).toBe(`drop @ ${vethF}`);
    expect(trace.hops.at(-1)!.rule?.text).toBe('blackhole 10.244.0.0/26 proto bird');
  });
});

describe('a pod bound to a node that does not exist', () => {
  const manifests = `apiVersion: v1
kind: Node
metadata: {name: node-1}
---
apiVersion: v1
kind: Pod
metadata: {name: client, labels: {app: client}}
spec:
  nodeName: node-1
  containers: [{name: c, image: busybox}]
---
apiVersion: v1
kind: Pod
metadata: {name: orphan, labels: {app: web}}
spec:
  nodeName: ghost
  containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`;
  const cluster = clusterOf(manifests);
  const client = { kind: 'pod', namespace: 'default', pod: 'client', container: undefined } as const;

  it('is not run: no node is made up for it, it gets no IP, and the builder says why', () => {
    expect(cluster.nodes.map((n) => n.name)).toEqual(['node-1']);
    expect(cluster.pods.some((p) => p.name === 'orphan')).toBe(false);
    expect(cluster.unplaced).toEqual([{ namespace: 'default', name: 'orphan', reason: 'missing-node', node: 'ghost' }]);
    const warning = cluster.diagnostics.find((d) => d.code === 'pod-unknown-node')!;
    expect(warning.span.line).toBe(16);
    expect(warning.message).toContain('Pod default/orphan is bound to node "ghost" (spec.nodeName), which is not among the pasted Nodes.');
  });

  it('makes a trace to it fail with a message that names the missing node', () => {
    const result = traceFlow(cluster, { from: client, to: { kind: 'pod', namespace: 'default', pod: 'orphan', port: 80, protocol: 'TCP' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('pod-on-missing-node');
    expect(result.error.message).toBe(
      'The destination pod default/orphan is bound to node "ghost" (spec.nodeName), which is not in the cluster (nodes: node-1). No kubelet runs the pod, so no CNI plugin gave it an IP and there is no address to send to; ' +
        'a Service selecting it lists no endpoint for it. Paste Node ghost, or remove nodeName so the scheduler places the pod.',
    );
  });

  it('gives a Service that selects only it no endpoints', () => {
    const web = cluster.services.find((s) => s.name === 'web')!;
    expect(web.ports[0]!.endpoints).toEqual([]);
  });

  it('keeps a pod whose dump status shows it running on an unpasted node (a partial paste), on that node', () => {
    const dump = cluster && clusterOf(manifests.replace('  nodeName: ghost\n  containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]', '  nodeName: ghost\n  containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]\nstatus: {podIP: 10.244.7.9, hostIP: 192.168.1.40}'));
    expect(dump.pods.find((p) => p.name === 'orphan')?.nodeName).toBe('ghost');
    expect(dump.nodes.find((n) => n.name === 'ghost')?.internalIP).toBe('192.168.1.40');
  });
});
