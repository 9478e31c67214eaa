import { describe, expect, it } from 'vitest';
import { parseManifests } from '../manifest/parse';
import { buildCluster } from './build';
import { DEFAULT_SETTINGS } from './settings';
import { netns } from './test-helpers';

const pod = (name: string, extra = '', ports = '') => `---
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
    - name: main
      image: busybox${ports}
${extra}`;

const build = (text: string) => buildCluster(parseManifests(text));
/** The pods the text defines, leaving out the CoreDNS pods every cluster gets. */
const userPods = (cluster: ReturnType<typeof build>) => cluster.pods.filter((p) => !p.implicit);

describe('buildCluster', () => {
  it('gives pods addresses from the node pod CIDR in order, skipping the gateway', () => {
    const cluster = build(pod('a') + pod('b') + pod('c'));
    expect(userPods(cluster).map((p) => [p.name, p.ip])).toEqual([
      ['a', '10.244.0.2'],
      ['b', '10.244.0.3'],
      ['c', '10.244.0.4'],
    ]);
    expect(cluster.nodes[0]!.bridge?.cidr).toBe('10.244.0.1/24');
    expect(netns(cluster.pods[0]).eth0.cidr).toBe('10.244.0.2/24');
  });

  it('uses status.podIP from a dump and allocates around it', () => {
    const cluster = build(pod('a') + pod('b', 'status:\n  podIP: 10.244.0.2\n') + pod('c'));
    expect(userPods(cluster).map((p) => [p.name, p.ip, p.ipFromStatus])).toEqual([
      ['a', '10.244.0.3', false],
      ['b', '10.244.0.2', true],
      ['c', '10.244.0.4', false],
    ]);
  });

  it('is deterministic: same names and MACs on every build, different per pod', () => {
    const first = build(pod('a') + pod('b'));
    const second = build(pod('a') + pod('b'));
    expect(second.pods).toEqual(first.pods);
    const [a, b] = first.pods.map(netns);
    expect(a!.hostVeth.name).toMatch(/^veth[0-9a-f]{8}$/);
    expect(a!.hostVeth.name).not.toBe(b!.hostVeth.name);
    expect(a!.eth0.mac).not.toBe(b!.eth0.mac);
    for (const mac of [a!.eth0.mac, a!.hostVeth.mac, first.nodes[0]!.bridge!.mac]) {
      expect(mac).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
      const firstOctet = parseInt(mac.slice(0, 2), 16);
      expect(firstOctet & 0x02).toBe(0x02); // locally administered
      expect(firstOctet & 0x01).toBe(0); // unicast
    }
  });

  it('gives a pod the MACs derived from its identity, kept in what JSON and postMessage copy', () => {
    // Worked out once from `mac:default/a/eth0` and `mac:default/a/host-veth`; Calico's host veths all have ee:ee:….
    const expected = {
      'flannel-vxlan': ['96:a0:2b:8b:17:22', 'vetha5667bd2', '8a:7e:f9:fb:aa:09'],
      'calico-ipip': ['96:a0:2b:8b:17:22', 'caliacd53aa4120', 'ee:ee:ee:ee:ee:ee'],
      'cilium-vxlan': ['96:a0:2b:8b:17:22', 'lxc377ad2713cf6', '8a:7e:f9:fb:aa:09'],
    } as const;
    for (const [cni, [eth0, vethName, vethMac]] of Object.entries(expected)) {
      const cluster = buildCluster(parseManifests(pod('a')), { ...DEFAULT_SETTINGS, cni: cni as keyof typeof expected });
      const net = netns(userPods(cluster)[0]);
      // The derived MACs are looked up when read: copies must still carry them.
      for (const copy of [JSON.parse(JSON.stringify(net)) as typeof net, structuredClone(net), { ...net, eth0: { ...net.eth0 }, hostVeth: { ...net.hostVeth } }]) {
        expect([copy.eth0.mac, copy.hostVeth.name, copy.hostVeth.mac]).toEqual([eth0, vethName, vethMac]);
      }
      expect([net.eth0.mac, net.hostVeth.name, net.hostVeth.mac]).toEqual([eth0, vethName, vethMac]);
    }
  });

  it('gives pods the routes that Flannel’s bridge delegate installs', () => {
    const a = netns(build(pod('a')).pods[0]);
    expect(a!.routes.map((r) => [r.destination, r.via, r.dev])).toEqual([
      ['default', '10.244.0.1', 'eth0'],
      ['10.244.0.0/16', '10.244.0.1', 'eth0'],
      ['10.244.0.0/24', undefined, 'eth0'],
    ]);
  });

  it('reports two containers of one pod declaring the same port, at the second one', () => {
    const text = `kind: Pod
metadata:
  name: clash
spec:
  containers:
    - name: one
      ports:
        - containerPort: 8080
    - name: two
      ports:
        - containerPort: 8080
          protocol: TCP
        - containerPort: 8080
          protocol: UDP
`;
    const conflicts = build(text).diagnostics.filter((d) => d.code === 'port-conflict');
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.span.line).toBe(11);
    expect(conflicts[0]!.message).toContain('"one" and "two" both declare TCP 8080');
  });

  it('says what is wrong with a port, at its line', () => {
    const text = pod('p', '', '\n      ports:\n        - containerPort: "80"\n        - containerPort: 70000\n        - containerPort: 53\n          protocol: ICMP');
    const found = build(text).diagnostics.map((d) => [d.code, d.span.line]);
    expect(found).toEqual([
      ['port-out-of-range', 11],
      ['port-out-of-range', 12],
      ['port-bad-protocol', 14],
    ]);
    expect(build(text).pods[0]!.containers[0]!.ports).toEqual([]);
  });

  it('counts native sidecars (restartPolicy: Always init containers) as running containers', () => {
    const text = pod('s', `  initContainers:
    - name: proxy
      restartPolicy: Always
      ports:
        - containerPort: 15001
    - name: setup
      ports:
        - containerPort: 9
`);
    expect(build(text).pods[0]!.containers.map((c) => c.name)).toEqual(['main', 'proxy']);
  });

  it('lists kinds it does not simulate without failing, and notes that Secrets stay local', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n`;
    const cluster = build(text);
    expect(userPods(cluster)).toEqual([]);
    expect(cluster.diagnostics.map((d) => [d.severity, d.code])).toEqual([
      ['info', 'kind-not-simulated'],
      ['info', 'secret-not-needed'],
      ['info', 'kind-not-simulated'],
    ]);
  });

  it('rejects a pod defined twice and one without containers', () => {
    const codes = build(pod('a') + pod('a') + '---\napiVersion: v1\nkind: Pod\nmetadata: {name: empty}\nspec: {containers: []}\n').diagnostics.map((d) => d.code);
    expect(codes).toEqual(['object-duplicate', 'pod-no-containers']);
  });

  it('warns about non-string label values, which the API server would refuse', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: l\n  labels:\n    version: 2\nspec:\n  containers: [{name: c}]\n';
    const cluster = build(text);
    expect(cluster.diagnostics.map((d) => [d.code, d.span.line])).toEqual([['wrong-type', 6]]);
    expect(cluster.pods[0]!.labels).toEqual({ version: '2' });
  });
});
