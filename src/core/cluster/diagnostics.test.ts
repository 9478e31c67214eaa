import { describe, expect, it } from 'vitest';
import { clusterOf } from './test-helpers';
import type { ClusterSettings } from './types';

/**
 * Every diagnostic the model can raise, each from a minimal input, with its severity and
 * the exact line it points at. (Parser diagnostics are in manifest/parse.test.ts, Service
 * rules in services.test.ts, policy lint in policy-lint/lint.test.ts.)
 */
interface Row {
  readonly name: string;
  readonly yaml: string;
  readonly settings?: Partial<ClusterSettings>;
  readonly expected: readonly [code: string, severity: string, line: number];
}

const pod = (body: string, name = 'p') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
${body}`;
const svc = (body: string) => `apiVersion: v1
kind: Service
metadata: {name: s}
spec:
${body}`;

const rows: Row[] = [
  { name: 'two containers with one name', yaml: pod('  containers:\n    - name: a\n    - name: a\n'), expected: ['container-duplicate-name', 'error', 7] },
  { name: 'a container without a name', yaml: pod('  containers:\n    - image: x\n'), expected: ['container-no-name', 'warning', 6] },
  {
    name: 'a volumeMount naming no volume',
    yaml: pod('  volumes: [{name: html, emptyDir: {}}]\n  containers:\n    - name: a\n      volumeMounts:\n        - mountPath: /data\n          name: htm\n'),
    expected: ['volume-mount-unknown', 'error', 10],
  },
  { name: 'two volumes with one name', yaml: pod('  volumes:\n    - {name: v, emptyDir: {}}\n    - name: v\n  containers: [{name: a}]\n'), expected: ['volume-duplicate-name', 'error', 7] },
  { name: 'a port entry without containerPort', yaml: pod('  containers:\n    - name: a\n      ports:\n        - name: http\n'), expected: ['port-missing', 'warning', 8] },
  {
    name: 'a node address that is not an IP',
    yaml: 'apiVersion: v1\nkind: Node\nmetadata: {name: n}\nstatus:\n  addresses:\n    - type: InternalIP\n      address: 10.0.0.999\n',
    expected: ['ip-invalid', 'error', 7],
  },
  { name: 'a pod IP that is not an IP', yaml: pod('  containers: [{name: a}]\nstatus: {podIP: not-an-ip}\n'), expected: ['pod-ip-invalid', 'warning', 6] },
  { name: 'a pod IP outside its node’s range', yaml: pod('  containers: [{name: a}]\nstatus: {podIP: 10.99.0.5}\n'), expected: ['pod-ip-outside-cidr', 'warning', 6] },
  {
    name: 'two pods with one IP',
    yaml: `${pod('  containers: [{name: a}]\nstatus: {podIP: 10.244.0.5}\n', 'a')}---\n${pod('  containers: [{name: a}]\nstatus: {podIP: 10.244.0.5}\n', 'b')}`,
    expected: ['pod-ip-conflict', 'error', 13],
  },
  {
    name: 'more pods than the node range holds',
    yaml: `${pod('  containers: [{name: a}]\n', 'a')}---\n${pod('  containers: [{name: a}]\n', 'b')}`,
    // A /30 has one address for a pod: the network, the bridge's gateway and the broadcast take the rest.
    settings: { nodeCIDRMaskSize: 30, clusterCIDR: '10.244.0.0/30' },
    expected: ['pod-cidr-exhausted', 'error', 7],
  },
  { name: 'more nodes than the cluster CIDR holds', yaml: '', settings: { nodeNames: ['a', 'b'], clusterCIDR: '10.244.0.0/24', nodeCIDRMaskSize: 24 }, expected: ['cluster-cidr-exhausted', 'error', 1] },
  { name: 'a ClusterIP that is not an IP', yaml: svc('  clusterIP: 10.96.0.300\n  ports: [{port: 80}]\n'), expected: ['service-cluster-ip-invalid', 'error', 5] },
  {
    name: 'a ClusterIP used twice',
    yaml: `${svc('  clusterIP: 10.96.0.50\n  ports: [{port: 80}]\n')}---\napiVersion: v1\nkind: Service\nmetadata: {name: t}\nspec:\n  clusterIP: 10.96.0.50\n  ports: [{port: 80}]\n`,
    expected: ['service-cluster-ip-conflict', 'error', 12],
  },
  { name: 'an unknown Service type', yaml: svc('  type: Internal\n  ports: [{port: 80}]\n'), expected: ['service-type-invalid', 'error', 5] },
  { name: 'a Service without ports', yaml: svc('  selector: {app: x}\n'), expected: ['service-ports-required', 'error', 4] },
  { name: 'a port listed twice', yaml: svc('  ports:\n    - {name: a, port: 80}\n    - {name: b, port: 80}\n'), expected: ['service-port-duplicate', 'error', 7] },
  { name: 'a port out of range', yaml: svc('  ports: [{port: 0}]\n'), expected: ['service-port-invalid', 'error', 5] },
  { name: 'a target port name that is not a port name', yaml: svc('  ports: [{port: 80, targetPort: Web_Port}]\n'), expected: ['service-target-port-invalid', 'error', 5] },
  { name: 'a headless NodePort', yaml: svc('  type: NodePort\n  clusterIP: None\n  ports: [{port: 80}]\n'), expected: ['service-headless-type', 'error', 6] },
  { name: 'an ExternalName without a name', yaml: svc('  type: ExternalName\n'), expected: ['service-external-name-required', 'error', 4] },
  { name: 'externalTrafficPolicy on a ClusterIP Service', yaml: svc('  externalTrafficPolicy: Local\n  ports: [{port: 80}]\n'), expected: ['service-etp-not-external', 'error', 5] },
  { name: 'an unknown traffic policy', yaml: svc('  internalTrafficPolicy: Nearby\n  ports: [{port: 80}]\n'), expected: ['service-policy-invalid', 'error', 5] },
  { name: 'an unknown session affinity', yaml: svc('  sessionAffinity: Cookie\n  ports: [{port: 80}]\n'), expected: ['service-affinity-invalid', 'error', 5] },
];

describe('diagnostics, one row per kind of problem', () => {
  it.each(rows)('$name', ({ yaml, settings, expected }) => {
    const [code, severity, line] = expected;
    const found = clusterOf(yaml, settings).diagnostics.filter((d) => d.code === code);
    expect(found.length, `no ${code} diagnostic`).toBeGreaterThan(0);
    expect(found[0]!.severity).toBe(severity);
    expect(found[0]!.span.line).toBe(line);
  });

  it('reports a service CIDR with no room left', () => {
    // A /28 holds 14 addresses; its lower band of 16 swallows them all, so nothing is allocatable.
    const found = clusterOf(svc('  ports: [{port: 80}]\n'), { serviceCIDR: '10.96.0.0/28' }).diagnostics.filter((d) => d.code === 'service-cidr-exhausted');
    expect(found.map((d) => [d.severity, d.span.line])).toEqual([['error', 4]]);
  });
});
