import { describe, expect, it } from 'vitest';
import { clusterOf } from '../cluster/test-helpers';
import { DEFAULT_SETTINGS, withCni } from '../cluster/settings';
import type { CniPlugin } from '../cluster/types';
import { parseDestination, parseSource } from './flow';
import { traceFlow } from './trace';
import type { Hop, Trace } from './types';
import { hopSteps as steps } from './test-helpers';

// node-1: the pod `near`; node-2: the pod `far`. The Service web selects both.
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
kind: Service
metadata: {name: web, namespace: default}
spec:
  clusterIP: 10.96.0.50
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`;

// Admits the node network and the pod range by ipBlock: node addresses on most plugins, nothing of a node on Cilium.
const FROM_NODES = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-nodes, namespace: default}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
  - from: [{ipBlock: {cidr: 192.168.1.0/24}}, {ipBlock: {cidr: 10.244.0.0/16}}]
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
const ANY_SOURCE_8080 = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: any-8080, namespace: default}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
  - ports: [{port: 8080}]
`;
const EGRESS_DOCS = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: to-docs, namespace: default}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: 203.0.113.0/24}}, {ipBlock: {cidr: 192.168.1.0/24}}]
`;

function run(cni: CniPlugin, from: string, to: string, extra = '', endpoint?: number): Trace {
  const cluster = clusterOf(SCENARIO + extra, withCni({ ...DEFAULT_SETTINGS, nodeNames: ['node-1', 'node-2'] }, cni));
  const source = parseSource(from);
  if (!source.ok) throw new Error(source.error.message);
  const destination = parseDestination(to, source.value);
  if (!destination.ok) throw new Error(destination.error.message);
  const result = traceFlow(cluster, { from: source.value, to: destination.value }, endpoint === undefined ? {} : { endpoint });
  if (!result.ok) throw new Error(result.error.message);
  return result.trace;
}

const at = (hops: readonly Hop[], kind: Hop['kind']) => hops.filter((h) => h.kind === kind);
const KUBE_PROXY = Array<string>(7).fill('service-rule @ kproxy:node-1');

describe("a node's Service connection to an endpoint on another node, through the overlay", () => {
  it('Weave: nat OUTPUT DNATs, the route 10.32.0.0/12 dev weave and MASQUERADE to the bridge address, the fast datapath, and conntrack on the way back', () => {
    const t = run('weave', 'node/node-1', '10.96.0.50:80', '', 1);
    expect(t.verdict).toBe('delivered');
    const farVeth = t.hops.find((h) => h.where.startsWith('veth:node-2/vethwepl'))!.where;
    expect(steps(t.hops)).toEqual([
      'socket-send @ node:node-1',
      ...KUBE_PROXY,
      'route-lookup @ node:node-1',
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
      `veth-transmit @ ${farVeth}`,
      'veth-receive @ podnic:default/far/eth0',
      'deliver @ ctr:default/far/web',
    ]);
    const route = at(t.hops, 'route-lookup')[0]!;
    expect(route.rule?.text).toBe('10.32.0.0/12 dev weave proto kernel scope link src 10.32.0.1');
    expect(route.packet.ip).toMatchObject({ src: '192.168.1.11', dst: '10.40.0.1', ttl: 64 });
    const masq = at(t.hops, 'masquerade')[0]!;
    expect(masq.packet.ip.src).toBe('10.32.0.1');
    expect(masq.summary).toContain('becomes 10.32.0.1, the address of weave');
    expect(at(t.hops, 'encapsulate')[0]!.packet.outer).toMatchObject({ ip: { src: '192.168.1.11', dst: '192.168.1.12' }, udp: { dstPort: 6784 } });
    expect(t.hops.at(-1)!.packet.ip).toMatchObject({ src: '10.32.0.1', dst: '10.40.0.1' });

    expect(steps(t.reply).slice(-4)).toEqual(['bridge-forward @ bridge:node-1/weave', 'conntrack @ kproxy:node-1', 'conntrack @ kproxy:node-1', 'deliver @ node:node-1']);
    const [unSnat, unDnat] = at(t.reply, 'conntrack');
    expect(unSnat!.packet.ip).toMatchObject({ src: '10.40.0.1', dst: '192.168.1.11' });
    expect(unDnat!.packet.ip).toMatchObject({ src: '10.96.0.50', dst: '192.168.1.11' });
    expect(unDnat!.packet.l4).toMatchObject({ srcPort: 80 });
    expect(t.explanation).toContain("through Weave's overlay (the weave bridge and the peers' datapath), masqueraded to 10.32.0.1 (weave's address)");
  });

  it('Cilium tunnel: via cilium_host, MASQUERADE to the router IP, VNI 6 (reserved:remote-node) out and the pod identity back', () => {
    const t = run('cilium-vxlan', 'node/node-1', '10.96.0.50:80', '', 1);
    expect(t.verdict).toBe('delivered');
    const lxc = t.hops.find((h) => h.where.startsWith('veth:node-2/lxc'))!.where;
    expect(steps(t.hops)).toEqual([
      'socket-send @ node:node-1',
      ...KUBE_PROXY,
      'route-lookup @ node:node-1',
      'masquerade @ kproxy:node-1',
      'encapsulate @ tun:node-1/cilium_vxlan',
      'nic-transmit @ nic:node-1/eth0',
      'wire @ underlay',
      'nic-receive @ nic:node-2/eth0',
      'decapsulate @ tun:node-2/cilium_vxlan',
      `veth-transmit @ ${lxc}`,
      'veth-receive @ podnic:default/far/eth0',
      'deliver @ ctr:default/far/web',
    ]);
    expect(at(t.hops, 'route-lookup')[0]!.rule?.text).toBe('10.244.1.0/24 via 10.244.0.1 dev cilium_host src 10.244.0.1 mtu 1450');
    expect(at(t.hops, 'masquerade')[0]!.packet.ip.src).toBe('10.244.0.1');
    expect(at(t.hops, 'encapsulate')[0]!.packet.outer).toMatchObject({ ip: { src: '192.168.1.11', dst: '192.168.1.12' }, udp: { dstPort: 8472 }, vxlan: { vni: 6 } });
    expect(at(t.hops, 'decapsulate')[0]!.summary).toContain('source identity 6 (reserved:remote-node)');

    expect(steps(t.reply)).toEqual([
      'socket-send @ ctr:default/far/web',
      'route-lookup @ podnic:default/far/eth0',
      'veth-transmit @ podnic:default/far/eth0',
      `veth-receive @ ${lxc}`,
      'encapsulate @ tun:node-2/cilium_vxlan',
      'nic-transmit @ nic:node-2/eth0',
      'wire @ underlay',
      'nic-receive @ nic:node-1/eth0',
      'decapsulate @ tun:node-1/cilium_vxlan',
      'conntrack @ kproxy:node-1',
      'conntrack @ kproxy:node-1',
      'deliver @ node:node-1',
    ]);
    const far = t.reply[0]!;
    expect(far.packet.ip).toMatchObject({ src: '10.244.1.2', dst: '10.244.0.1' });
    const identity = at(t.reply, 'encapsulate')[0]!.packet.outer;
    expect(identity && 'vxlan' in identity ? identity.vxlan?.vni : undefined).toBeGreaterThanOrEqual(256);
    expect(t.reply.at(-1)!.packet.ip).toMatchObject({ src: '10.96.0.50', dst: '192.168.1.11' });
  });

  it("judges the masqueraded router IP as reserved:remote-node at the endpoint's policy", () => {
    const t = run('cilium-vxlan', 'node/node-1', '10.96.0.50:80', FROM_NODES, 1);
    expect(t.verdict).toBe('dropped');
    const drop = t.hops.at(-1)!;
    expect(drop.kind).toBe('drop');
    expect(drop.packet.ip.src).toBe('10.244.0.1');
    expect(drop.summary).toContain('10.244.0.1 is an address of node-1, another node of the cluster, so the ipcache gives it identity 6 (reserved:remote-node)');
  });
});

describe('Cilium judges traffic that is not pod-to-pod by security identity', () => {
  it('reserved:host: the pod’s own node gets in under a deny-all policy (allow-localhost)', () => {
    const t = run('cilium-vxlan', 'node/node-2', 'default/far:8080', DENY_ALL);
    expect(t.verdict).toBe('delivered');
    const check = t.hops.find((h) => h.kind === 'network-policy' && h.where.startsWith('veth:node-2/lxc'))!;
    expect(check.summary).toContain('10.244.1.1 is an address of node-2, the pod\'s own node, so the ipcache gives it identity 1 (reserved:host)');
    expect(check.summary).toContain('allow-localhost is at its default, auto, which under Kubernetes means always');
    expect(check.policy?.verdict).toMatchObject({ kind: 'unrestricted', reason: 'own-node' });
  });

  it('reserved:remote-node: an ipBlock holding the node address does not admit it on Cilium, but does on Calico', () => {
    const t = run('cilium-native', 'node/node-1', 'default/far:8080', FROM_NODES);
    expect(t.verdict).toBe('dropped');
    const drop = t.hops.at(-1)!;
    expect(drop.kind).toBe('drop');
    expect(drop.summary).toContain('so the ipcache gives it identity 6 (reserved:remote-node)');
    expect(drop.summary).toContain('ipBlock peers do not select node addresses unless the agent runs with policy-cidr-match-mode=nodes (empty by default)');
    expect(drop.summary).toContain('default/from-nodes ingress rule 0 holds 192.168.1.11 in its ipBlock (peer 0), but Cilium does not match node addresses against ipBlocks.');
    expect(drop.rule?.text).toBe('default/from-nodes selects default/far for ingress');
    expect(drop.policy?.verdict.kind).toBe('denied');

    const calico = run('calico-ipip', 'node/node-1', 'default/far:8080', FROM_NODES);
    expect(calico.verdict).toBe('delivered');
    expect(calico.hops.find((h) => h.kind === 'network-policy' && h.policy?.direction === 'ingress')!.rule?.text).toBe('default/from-nodes ingress rule 0');
  });

  it('reserved:remote-node: a rule without `from` (reserved:all) admits it', () => {
    const t = run('cilium-native', 'node/node-1', 'default/far:8080', ANY_SOURCE_8080);
    expect(t.verdict).toBe('delivered');
    const check = t.hops.find((h) => h.kind === 'network-policy' && h.policy?.direction === 'ingress')!;
    expect(check.summary).toContain('default/any-8080 ingress rule 0 lists no `from` peers, which Cilium translates to reserved:all, so it admits reserved:remote-node');
    expect(check.rule?.text).toBe('default/any-8080 ingress rule 0');
  });

  it('reserved:world: an ipBlock selects an outside address as written; a node address in the same policy is remote-node', () => {
    const t = run('cilium-vxlan', 'default/far', '203.0.113.9:443', EGRESS_DOCS);
    expect(t.verdict).toBe('delivered');
    const check = t.hops.find((h) => h.kind === 'network-policy' && h.policy?.direction === 'egress')!;
    expect(check.summary).toContain('203.0.113.9 is neither an endpoint nor a node, so the ipcache gives it identity 2 (reserved:world)');
    expect(check.summary).toContain('this cluster\'s setting "ipBlocks match pod IPs" is off, as on Cilium.');
    expect(check.rule?.text).toBe('default/to-docs egress rule 0');

    const node = run('cilium-vxlan', 'default/far', '192.168.1.11:10250', EGRESS_DOCS);
    expect(node.verdict).toBe('dropped');
    expect(node.hops.at(-1)!.summary).toContain('identity 6 (reserved:remote-node)');
  });

  it('reserved:host on egress: allow-localhost does not open a pod’s egress to its own node', () => {
    const t = run('cilium-vxlan', 'default/far', '192.168.1.12:10250', EGRESS_DOCS);
    expect(t.verdict).toBe('dropped');
    const drop = t.hops.at(-1)!;
    expect(drop.summary).toContain('identity 1 (reserved:host)');
    expect(drop.summary).toContain('allow-localhost opens only the ingress of an endpoint to its host; its egress follows its policies.');
    // Other plugins keep Kubernetes' rule: a pod and its own node always reach each other (refused: nothing listens on 10250 in the manifests).
    expect(run('calico-vxlan', 'default/far', '192.168.1.12:10250', EGRESS_DOCS).verdict).toBe('refused');
  });
});
