import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../manifest/parse';
import type { Diagnostic } from '../../manifest/types';
import { buildConnlist, externalAtoms } from './connlist';
import { formatConnectionsMap, formatConnlist } from './format';
import { readConnlistInput } from './read-input';

function connlist(yaml: string) {
  const parsed = parseManifests(yaml);
  const diagnostics: Diagnostic[] = [];
  const input = readConnlistInput(parsed.objects, diagnostics);
  return { result: buildConnlist([input]), input, diagnostics };
}

const PODS = `apiVersion: v1
kind: Pod
metadata:
  name: web-7d9f-abcde
  namespace: shop
  labels: {app: web}
  ownerReferences:
  - {apiVersion: apps/v1, kind: ReplicaSet, name: web-7d9f, controller: true}
spec:
  containers:
  - name: c
    ports: [{containerPort: 8080, name: http}]
---
apiVersion: v1
kind: Pod
metadata:
  name: web-7d9f-fghij
  namespace: shop
  labels: {app: web}
  ownerReferences:
  - {apiVersion: apps/v1, kind: ReplicaSet, name: web-7d9f, controller: true}
spec:
  containers: [{name: c, ports: [{containerPort: 8080, name: http}]}]
---
apiVersion: v1
kind: Pod
metadata:
  name: etcd-minikube
  namespace: kube-system
  ownerReferences:
  - {apiVersion: v1, kind: Node, name: minikube, controller: true}
spec:
  hostNetwork: true
  containers: [{name: etcd}]
---
apiVersion: v1
kind: Pod
metadata:
  name: pod-1
  ownerReferences:
  - {name: internal-security, controller: true}
spec:
  containers: [{name: c}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: report, namespace: shop}
spec:
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: report}}
        spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}
`;

describe('connlist', () => {
  it("names workload peers by the analyzer's owner rules", () => {
    const { result } = connlist(PODS);
    expect(result.workloads.map((w) => w.peer)).toEqual([
      'shop/web-7d9f[ReplicaSet]',
      'kube-system/etcd-minikube[Pod]',
      // A controller reference without kind: `[Pod]` with the owner's name (upstream quirk).
      'default/internal-security[Pod]',
      'shop/report[CronJob]',
    ]);
    expect(result.workloads[0]!.podNames).toEqual(['web-7d9f-abcde', 'web-7d9f-fghij']);
  });

  it('lists every ordered pair but self pairs, all allowed without policies, sorted byte-wise', () => {
    const { result } = connlist(PODS);
    const text = formatConnlist(result.connections, 'txt');
    expect(text.split('\n').slice(0, 3)).toEqual([
      '0.0.0.0-255.255.255.255[External] => default/internal-security[Pod] : All Connections',
      '0.0.0.0-255.255.255.255[External] => kube-system/etcd-minikube[Pod] : All Connections',
      '0.0.0.0-255.255.255.255[External] => shop/report[CronJob] : All Connections',
    ]);
    expect(result.connections).toHaveLength(4 + 4 + 4 * 3);
    expect(text.endsWith('All Connections\n')).toBe(true);
    expect(result.connections.some((c) => c.src === c.dst)).toBe(false);
  });

  it('restricts with policies: named ports resolve per destination, atoms per direction', () => {
    const { result } = connlist(`${PODS}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from:
    - ipBlock: {cidr: 10.0.0.0/8, except: [10.10.0.0/16]}
    - namespaceSelector: {}
    ports: [{port: http}]
`);
    const toWeb = result.connections.filter((c) => c.dst === 'shop/web-7d9f[ReplicaSet]').map((c) => `${c.src} : ${c.conn}`);
    expect(toWeb).toEqual([
      '10.0.0.0-10.9.255.255[External] : TCP 8080',
      '10.11.0.0-10.255.255.255[External] : TCP 8080',
      'default/internal-security[Pod] : TCP 8080',
      'kube-system/etcd-minikube[Pod] : TCP 8080',
      'shop/report[CronJob] : TCP 8080',
    ]);
    // Every source atom gets its own line to an unprotected workload; destinations stay one atom.
    expect(result.connections.filter((c) => c.dst === 'shop/report[CronJob]' && c.src.endsWith('[External]'))).toHaveLength(5);
    expect(result.connections.filter((c) => c.src === 'shop/report[CronJob]' && c.dst.endsWith('[External]'))).toHaveLength(1);
  });

  it('computes atoms from every ipBlock of a direction, whatever the policy selects', () => {
    const { input } = connlist(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: x}
spec:
  podSelector: {matchLabels: {app: nothing}}
  policyTypes: [Ingress]
  egress:
  - to: [{ipBlock: {cidr: 49.50.0.1/32}}]
`);
    expect(externalAtoms(input.policies, 'ingress')).toHaveLength(1);
    expect(externalAtoms(input.policies, 'egress')).toHaveLength(3);
  });

  it('is empty without pods', () => {
    const { result } = connlist('apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n');
    expect(result.connections).toEqual([]);
    expect(formatConnlist(result.connections, 'json')).toBe('[]');
  });

  it('writes json (no trailing newline), csv (unquoted) and md', () => {
    const connections = [{ src: 'a/b[Pod]', dst: 'a/c[Pod]', conn: 'TCP 8080,9090', connections: { TCP: [], UDP: [], SCTP: [] } }];
    expect(formatConnlist(connections, 'json')).toBe('[\n  {\n    "src": "a/b[Pod]",\n    "dst": "a/c[Pod]",\n    "conn": "TCP 8080,9090"\n  }\n]');
    expect(formatConnlist(connections, 'csv')).toBe('src,dst,conn\na/b[Pod],a/c[Pod],TCP 8080,9090\n');
    expect(formatConnlist(connections, 'md')).toBe('| src | dst | conn |\n|-----|-----|------|\n| a/b[Pod] | a/c[Pod] | TCP 8080,9090 |\n');
  });

  it('writes the pod-level connections map with self pairs and denied pairs', () => {
    const { result } = connlist(`apiVersion: v1
kind: Pod
metadata: {name: a, namespace: n, labels: {app: a}}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: n}
spec: {containers: [{name: c}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: n}
spec: {podSelector: {matchLabels: {app: a}}}
`);
    expect(formatConnectionsMap(result)).toBe(
      [
        'src: n/a, dest: n/a, allowed conns: All Connections',
        'src: n/a, dest: n/b, allowed conns: All Connections',
        'src: n/b, dest: n/a, allowed conns: No Connections',
        'src: n/b, dest: n/b, allowed conns: All Connections',
        '',
      ].join('\n'),
    );
  });

  it('warns about a container port without a number', () => {
    const { diagnostics } = connlist(`apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers: [{name: c, ports: [{name: udps, containerport: 3535}]}]
`);
    expect(diagnostics.map((d) => [d.severity, d.code, d.span.line])).toEqual([['warning', 'connlist-port-without-number', 7]]);
  });
});
