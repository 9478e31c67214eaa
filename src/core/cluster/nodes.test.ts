import { describe, expect, it } from 'vitest';
import { clusterOf, problems, userPods } from './test-helpers';

const pod = (name: string, status = '', spec = '') => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
${spec}  containers: [{name: c, image: c}]
${status}`;

describe('nodes', () => {
  it('come from the settings when the manifests name none, with pod CIDRs carved in order', () => {
    const cluster = clusterOf('', { nodeNames: ['a', 'b'] });
    expect(cluster.nodes.map((n) => [n.name, n.internalIP, n.podCIDR, n.bridge?.cidr, n.origin])).toEqual([
      ['a', '192.168.1.11', '10.244.0.0/24', '10.244.0.1/24', 'settings'],
      ['b', '192.168.1.12', '10.244.1.0/24', '10.244.1.1/24', 'settings'],
    ]);
    expect(cluster.nodes[0]!.labels['kubernetes.io/hostname']).toBe('a');
  });

  it('use a Node object’s podCIDR and InternalIP exactly, and allocate around them', () => {
    const text = `apiVersion: v1
kind: Node
metadata: {name: real, labels: {zone: a}}
spec: {podCIDR: 10.244.0.0/24}
status:
  addresses: [{type: Hostname, address: real}, {type: InternalIP, address: 172.18.0.3}]
---
apiVersion: v1
kind: Node
metadata: {name: fresh}
`;
    const cluster = clusterOf(text);
    expect(cluster.nodes.map((n) => [n.name, n.internalIP, n.podCIDR, n.labels.zone])).toEqual([
      ['real', '172.18.0.3', '10.244.0.0/24', 'a'],
      ['fresh', '192.168.1.11', '10.244.1.0/24', undefined],
    ]);
  });

  it('are learned from a dump of pods alone: nodeName, hostIP and the pods’ addresses', () => {
    const status = (podIP: string, hostIP: string) => `status: {phase: Running, podIP: ${podIP}, hostIP: ${hostIP}}\n`;
    const text =
      pod('a', status('10.244.3.7', '10.0.0.5'), '  nodeName: w1\n') +
      pod('b', status('10.244.5.9', '10.0.0.6'), '  nodeName: w2\n') +
      pod('c', '', '  nodeName: w2\n');
    const cluster = clusterOf(text);
    expect(cluster.nodes.map((n) => [n.name, n.internalIP, n.podCIDR, n.origin])).toEqual([
      ['w1', '10.0.0.5', '10.244.3.0/24', 'pod-reference'],
      ['w2', '10.0.0.6', '10.244.5.0/24', 'pod-reference'],
    ]);
    expect(userPods(cluster).map((p) => [p.name, p.nodeName, p.ip])).toEqual([
      ['a', 'w1', '10.244.3.7'],
      ['b', 'w2', '10.244.5.9'],
      ['c', 'w2', '10.244.5.2'],
    ]);
    expect(problems(cluster)).toEqual([]);
  });

  it('report a bad or overlapping pod CIDR and a pod bound to a node that was not pasted', () => {
    const text = `apiVersion: v1
kind: Node
metadata: {name: a}
spec: {podCIDR: 10.244.0.0/24}
---
apiVersion: v1
kind: Node
metadata: {name: b}
spec: {podCIDR: 10.244.0.0/23}
---
apiVersion: v1
kind: Node
metadata: {name: c}
spec: {podCIDR: nonsense}
${pod('p', '', '  nodeName: ghost\n')}`;
    expect(problems(clusterOf(text))).toEqual([
      ['cidr-invalid', 14],
      ['pod-unknown-node', 20],
      ['pod-cidr-conflict', 9],
    ]);
  });

  it('honour nodeSelector and required node affinity, and leave a pod Pending when nothing fits', () => {
    const nodes = `apiVersion: v1
kind: Node
metadata: {name: ssd-1, labels: {disk: ssd}}
---
apiVersion: v1
kind: Node
metadata: {name: hdd-1, labels: {disk: hdd}}
`;
    const affinity = `  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
          - matchExpressions: [{key: disk, operator: NotIn, values: [ssd]}]
`;
    const cluster = clusterOf(
      nodes + pod('fast', '', '  nodeSelector: {disk: ssd}\n') + pod('slow', '', affinity) + pod('nowhere', '', '  nodeSelector: {gpu: "true"}\n'),
    );
    expect(userPods(cluster).map((p) => [p.name, p.nodeName])).toEqual([
      ['fast', 'ssd-1'],
      ['slow', 'hdd-1'],
    ]);
    const pending = cluster.diagnostics.find((d) => d.code === 'pod-unschedulable')!;
    expect(pending.message).toBe(
      "Pod default/nowhere cannot be scheduled: 0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. It stays Pending and gets no IP.",
    );
  });

  it('keep cordoned and tainted nodes free of pods that do not tolerate them', () => {
    const text = `apiVersion: v1
kind: Node
metadata: {name: cordoned}
spec: {unschedulable: true}
---
apiVersion: v1
kind: Node
metadata: {name: tainted}
spec:
  taints: [{key: dedicated, value: gpu, effect: NoSchedule}]
---
apiVersion: v1
kind: Node
metadata: {name: open}
${pod('a')}${pod('b')}${pod('gpu-job', '', '  tolerations: [{key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}]\n  nodeSelector: {kubernetes.io/hostname: tainted}\n')}`;
    expect(userPods(clusterOf(text)).map((p) => [p.name, p.nodeName])).toEqual([
      ['a', 'open'],
      ['b', 'open'],
      ['gpu-job', 'tainted'],
    ]);
  });
});
