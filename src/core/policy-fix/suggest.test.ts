import { describe, expect, it } from 'vitest';
import { clusterOf } from '../cluster/test-helpers';
import { traceFlow } from '../trace/trace';
import type { Flow } from '../trace/types';

const pods = `apiVersion: v1
kind: Namespace
metadata: {name: web}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: web}
spec:
  selector: {matchLabels: {app: frontend}}
  template:
    metadata: {labels: {app: frontend, tier: web}}
    spec: {containers: [{name: nginx, image: nginx}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: data, labels: {app: db}}
spec: {containers: [{name: mysql, image: mysql, ports: [{containerPort: 3306}]}]}
`;
const denyAll = (namespace: string, types: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: ${namespace}}
spec:
  podSelector: {}
  policyTypes: [${types}]
`;

function run(text: string) {
  const cluster = clusterOf(text);
  const frontend = cluster.pods.find((p) => p.workload.name === 'frontend')!;
  const flow: Flow = {
    from: { kind: 'pod', namespace: 'web', pod: frontend.name, container: undefined },
    to: { kind: 'pod', namespace: 'data', pod: 'db', port: 3306, protocol: 'TCP' },
  };
  const result = traceFlow(cluster, flow);
  if (!result.ok) throw new Error(result.error.message);
  return result.trace;
}

describe('suggested policy fix', () => {
  it('adds an ingress policy on the destination that admits exactly this source and port, and it works', () => {
    const text = pods + denyAll('data', 'Ingress');
    const dropped = run(text);
    expect(dropped.verdict).toBe('dropped');
    const fix = dropped.fix!;
    expect(fix.summary).toContain('Add data/allow-frontend-to-db-3306');
    expect(fix.yaml).toBe(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-frontend-to-db-3306
  namespace: data
spec:
  podSelector:
    matchLabels:
      app: db
  policyTypes:
    - Ingress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: frontend
              tier: web
          namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: web
      ports:
        - protocol: TCP
          port: 3306
`);
    expect(fix.yaml).not.toContain('pod-template-hash');
    expect(run(`${text}---\n${fix.yaml}`).verdict).toBe('delivered');
  });

  it('fixes both sides when both are isolated, and only this port is opened', () => {
    const text = pods + denyAll('data', 'Ingress') + denyAll('web', 'Egress');
    const fix = run(text).fix!;
    expect(fix.yaml.split('---\n')).toHaveLength(2);
    const fixed = `${text}---\n${fix.yaml}`;
    expect(run(fixed).verdict).toBe('delivered');
    const other = clusterOf(fixed);
    const frontend = other.pods.find((p) => p.workload.name === 'frontend')!;
    const result = traceFlow(other, {
      from: { kind: 'pod', namespace: 'web', pod: frontend.name, container: undefined },
      to: { kind: 'pod', namespace: 'data', pod: 'db', port: 3307, protocol: 'TCP' },
    });
    expect(result.ok && result.trace.verdict).toBe('dropped');
  });
});
