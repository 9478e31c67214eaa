import { describe, expect, it } from 'vitest';
import { clusterOf } from '../cluster/test-helpers';
import { traceFlow } from './trace';
import type { Flow, Trace } from './types';

const scenario = `apiVersion: v1
kind: Pod
metadata: {name: frontend, namespace: shop, labels: {role: web}}
spec: {containers: [{name: web, image: nginx}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop, labels: {role: frontend-web-server}}
spec: {containers: [{name: api, image: api}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {role: db}}
spec: {containers: [{name: mysql, image: mysql, ports: [{name: mysql, containerPort: 3306}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: backend-database-policy, namespace: shop}
spec:
  podSelector: {matchLabels: {role: db}}
  ingress:
    - from:
        - podSelector: {matchLabels: {role: frontend-web-server}}
      ports: [{protocol: TCP, port: mysql}]
`;

const flow = (from: string): Flow => ({
  from: { kind: 'pod', namespace: 'shop', pod: from, container: undefined },
  to: { kind: 'pod', namespace: 'shop', pod: 'db', port: 3306, protocol: 'TCP' },
});

function trace(text: string, from: string, settings = {}): Trace {
  const result = traceFlow(clusterOf(text, settings), flow(from));
  if (!result.ok) throw new Error(result.error.message);
  return result.trace;
}

describe('NetworkPolicy in the trace', () => {
  it('checks egress at the source veth and ingress at the destination veth, naming the rule that admits', () => {
    const allowed = trace(scenario, 'api');
    expect(allowed.verdict).toBe('delivered');
    const checks = allowed.hops.filter((h) => h.kind === 'network-policy');
    expect(checks.map((h) => [h.policy?.direction, h.policy?.verdict.kind])).toEqual([
      ['egress', 'unrestricted'],
      ['ingress', 'allowed'],
    ]);
    const kinds = allowed.hops.map((h) => h.kind);
    expect(kinds.indexOf('network-policy')).toBe(kinds.indexOf('veth-receive') + 1);
    expect(kinds.lastIndexOf('network-policy')).toBe(kinds.indexOf('bridge-forward') + 1);
    const ingress = checks[1]!;
    expect(ingress.rule?.text).toBe('shop/backend-database-policy ingress rule 0');
    expect(scenario.slice(ingress.rule!.source!.from, ingress.rule!.source!.to)).toMatch(/^from:/);
    expect(ingress.summary).toContain('port 0 (named port mysql (TCP) = 3306) matches');
    // The reply of an allowed connection is not judged again.
    expect(allowed.reply.some((h) => h.kind === 'network-policy' || h.kind === 'drop')).toBe(false);
  });

  it('drops at the destination veth and says why, when no rule admits the source', () => {
    const dropped = trace(scenario, 'frontend');
    expect(dropped.verdict).toBe('dropped');
    expect(dropped.reply).toEqual([]);
    const last = dropped.hops.at(-1)!;
    expect(last.kind).toBe('drop');
    expect(last.where).toMatch(/^veth:node-1\/veth[0-9a-f]{8}$/);
    expect(last.policy?.direction).toBe('ingress');
    expect(last.summary).toContain('`shop/backend-database-policy` ingress rule 0 admits pods with role=frontend-web-server in namespace shop; the source has role=web');
    expect(dropped.explanation).toContain('dropped by NetworkPolicy on the destination side');
  });

  it('drops on egress before the bridge when the source is isolated', () => {
    const denyEgress = `${scenario}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: no-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {role: frontend-web-server}}
  policyTypes: [Egress]
`;
    const dropped = trace(denyEgress, 'api');
    expect(dropped.verdict).toBe('dropped');
    expect(dropped.hops.map((h) => h.kind).slice(-2)).toEqual(['veth-receive', 'drop']);
    expect(dropped.hops.at(-1)!.policy?.direction).toBe('egress');
    expect(dropped.hops.some((h) => h.kind === 'bridge-forward')).toBe(false);
  });

  it('shows no policy hops when the cluster has no policies, and none when enforcement is off', () => {
    const none = trace(scenario.split('---\napiVersion: networking.k8s.io/v1')[0]!, 'frontend');
    expect(none.hops.some((h) => h.kind === 'network-policy')).toBe(false);
    const off = trace(scenario, 'frontend', { enforceNetworkPolicy: false });
    expect(off.verdict).toBe('delivered');
    expect(off.hops.some((h) => h.kind === 'network-policy' || h.kind === 'drop')).toBe(false);
  });

  it('warns about a policy that selects no pod', () => {
    const typo = scenario.replace('podSelector: {matchLabels: {role: db}}', 'podSelector: {matchLabels: {role: dbs}}');
    const warning = clusterOf(typo).diagnostics.find((d) => d.code === 'policy-selects-nothing')!;
    expect(warning.severity).toBe('warning');
    expect(warning.span.line).toBe(20);
  });
});
