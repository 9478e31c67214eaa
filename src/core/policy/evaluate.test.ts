import { describe, expect, it } from 'vitest';
import { parseManifests } from '../manifest/parse';
import type { Diagnostic } from '../manifest/types';
import { allowedConnections } from './allowed';
import { formatConnections } from './connection-set';
import { evaluate } from './evaluate';
import { readNetworkPolicies } from './read-policy';
import type { PolicyEndpoint, PolicyPod } from './types';
import { createPolicyWorld, type PolicyWorld } from './world';

const POLICIES = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-policy, namespace: prod}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector: {matchLabels: {role: frontend}}
    - namespaceSelector: {matchLabels: {team: ops}}
      podSelector: {matchLabels: {role: admin}}
    ports:
    - port: 5432
    - port: metrics
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-egress, namespace: prod}
spec:
  podSelector: {matchLabels: {role: frontend}}
  policyTypes: [Egress]
  egress:
  - to:
    - podSelector: {matchLabels: {app: db}}
    ports:
    - port: pg
  - to:
    - ipBlock: {cidr: 10.0.0.0/8, except: [10.10.0.0/16]}
    - ipBlock: {cidr: 2001:db8::/32}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: isolate-cache, namespace: prod}
spec:
  podSelector: {matchLabels: {app: cache}}
  policyTypes: [Ingress, Egress]
`;

function world(settings: { ipBlockMatchesPods?: boolean } = {}): PolicyWorld {
  const parsed = parseManifests(POLICIES);
  const diagnostics: Diagnostic[] = [];
  const policies = readNetworkPolicies(parsed.objects, diagnostics);
  expect(diagnostics).toEqual([]);
  return createPolicyWorld({
    namespaces: [
      { name: 'prod', labels: {} },
      { name: 'ops', labels: { team: 'ops' } },
      { name: 'dev', labels: { team: 'dev' } },
    ],
    policies,
    settings,
  });
}

const pod = (namespace: string, name: string, labels: Record<string, string>, extra: Partial<PolicyPod> = {}): PolicyEndpoint => ({
  kind: 'pod',
  pod: { namespace, name, labels, ports: [], hostNetwork: false, ...extra },
});

const db = pod('prod', 'db', { app: 'db' }, {
  ports: [
    { name: 'pg', port: 5432, protocol: 'TCP' },
    { name: 'metrics', port: 9187, protocol: 'TCP' },
  ],
  ip: '10.1.0.5',
  nodeName: 'node-1',
});
const frontend = pod('prod', 'frontend', { role: 'frontend' }, { ip: '10.1.0.6' });
const web = pod('prod', 'web', { role: 'web' });

describe('evaluate', () => {
  it('names the policy, rule, peer and port that allowed a connection, with their spans', () => {
    const verdict = evaluate(world(), frontend, db, 5432, 'TCP');
    expect(verdict.allowed).toBe(true);
    expect(verdict.ingress.kind).toBe('allowed');
    if (verdict.ingress.kind !== 'allowed' || verdict.egress.kind !== 'allowed') throw new Error('expected allows');
    const [allow] = verdict.ingress.allows;
    expect(allow).toMatchObject({ policy: { namespace: 'prod', name: 'db-policy' }, direction: 'ingress', ruleIndex: 0 });
    expect(allow!.peer).toMatchObject({ index: 0, description: 'peer 0 (pods with role=frontend in namespace prod) matches' });
    expect(allow!.port).toMatchObject({ index: 0, description: 'port 0 (TCP 5432) matches' });
    expect([allow!.ruleSpan.line, allow!.peer.span.line, allow!.port.span.line]).toEqual([8, 9, 13]);
    // The egress side resolved the named port `pg` on the destination.
    expect(verdict.egress.allows[0]!.port).toMatchObject({ index: 0, resolved: [5432] });
    expect(verdict.message).toBe(
      'Allowed: prod/frontend → prod/db on TCP 5432. ' +
        'Egress: `prod/web-egress` egress rule 0 allows it: peer 0 (pods with app=db in namespace prod) matches; port 0 (named port pg (TCP) = 5432) matches. ' +
        'Ingress: `prod/db-policy` ingress rule 0 allows it: peer 0 (pods with role=frontend in namespace prod) matches; port 0 (TCP 5432) matches.',
    );
  });

  it('on a deny, says for every selecting policy why none of its rules matches', () => {
    const verdict = evaluate(world(), web, db, 5432, 'TCP');
    expect(verdict.allowed).toBe(false);
    expect(verdict.egress).toMatchObject({ kind: 'unrestricted', reason: 'not-isolated' });
    if (verdict.ingress.kind !== 'denied') throw new Error('expected a deny');
    const [denial] = verdict.ingress.denials;
    expect(denial!.policy.name).toBe('db-policy');
    const [miss] = denial!.rules;
    expect(miss).toMatchObject({ kind: 'peer', ruleIndex: 0 });
    expect(miss!.kind === 'peer' && miss!.peers.map((p) => [p.index, p.span.line, p.message])).toEqual([
      [0, 9, 'the source has role=web'],
      [1, 10, "the source's namespace prod has no label team"],
    ]);
    expect(verdict.message).toBe(
      'Denied: prod/web → prod/db on TCP 5432 (blocked on ingress). prod/db is isolated for ingress by 1 policy, and none allows prod/web → prod/db on TCP 5432. ' +
        '`prod/db-policy` ingress rule 0 admits pods with role=frontend in namespace prod or pods with role=admin in namespaces with team=ops; ' +
        "the source has role=web; the source's namespace prod has no label team.",
    );
  });

  it('says when the peer matched but the port did not', () => {
    const verdict = evaluate(world(), pod('ops', 'admin', { role: 'admin' }), db, 80, 'TCP');
    expect(verdict.allowed).toBe(false);
    expect(verdict.ingress.message).toContain(
      '`prod/db-policy` ingress rule 0 admits the source but only on TCP 5432, named port metrics (TCP); the connection is to port 80.',
    );
    expect(evaluate(world(), pod('ops', 'admin', { role: 'admin' }), db, 9187, 'TCP').allowed).toBe(true);
    expect(evaluate(world(), pod('dev', 'admin', { role: 'admin' }), db, 5432, 'TCP').ingress.message).toContain(
      "the source's namespace dev has team=dev",
    );
  });

  it('explains a policy with no rules for the direction', () => {
    const cache = pod('prod', 'cache', { app: 'cache' });
    const verdict = evaluate(world(), web, cache, 6379, 'TCP');
    expect(verdict.ingress.message).toContain('`prod/isolate-cache` selects the pod for ingress but has no ingress rules, so it allows nothing.');
    expect(formatConnections(allowedConnections(world(), cache, web))).toBe('No Connections');
  });

  it('matches outside addresses against ipBlock with except, IPv4 and IPv6', () => {
    const w = world();
    expect(evaluate(w, frontend, { kind: 'external', ip: '10.9.1.1' }, 443, 'TCP').allowed).toBe(true);
    const excepted = evaluate(w, frontend, { kind: 'external', ip: '10.10.1.1' }, 443, 'TCP');
    expect(excepted.allowed).toBe(false);
    expect(excepted.egress.message).toContain('the destination 10.10.1.1 falls in the except 10.10.0.0/16');
    expect(evaluate(w, frontend, { kind: 'external', ip: '2001:db8::1' }, 443, 'TCP').allowed).toBe(true);
    expect(evaluate(w, frontend, { kind: 'external', ip: '2001:db9::1' }, 443, 'TCP').egress.message).toContain(
      'the destination 2001:db9::1 is not in 2001:db8::/32',
    );
    expect(evaluate(w, { kind: 'external', ip: '1.2.3.4' }, db, 5432, 'TCP').ingress.message).toContain(
      'selectors match pods only, and the source is outside the cluster',
    );
  });

  it('matches pod IPs with ipBlock only when the setting says so (CNIs differ)', () => {
    const other = pod('dev', 'api', { app: 'api' }, { ip: '10.2.0.7' });
    const off = evaluate(world(), frontend, other, 443, 'TCP');
    expect(off.allowed).toBe(false);
    expect(off.egress.message).toContain('ipBlockMatchesPods is off');
    expect(evaluate(world({ ipBlockMatchesPods: true }), frontend, other, 443, 'TCP').allowed).toBe(true);
  });

  it('a pod cannot block traffic to itself', () => {
    const cache = pod('prod', 'cache', { app: 'cache' });
    const verdict = evaluate(world(), cache, cache, 6379, 'TCP');
    expect(verdict).toMatchObject({ allowed: true, ingress: { kind: 'unrestricted', reason: 'same-pod' } });
  });

  it('hostNetwork pods: policies do not apply to them, and selectors do not match them', () => {
    const hostPod = pod('prod', 'node-exporter', { app: 'db' }, { hostNetwork: true, ip: '192.168.0.10', nodeName: 'node-2' });
    const toHost = evaluate(world(), web, hostPod, 9100, 'TCP');
    expect(toHost.allowed).toBe(true);
    expect(toHost.ingress).toMatchObject({ kind: 'unrestricted', reason: 'host-network' });
    expect(toHost.ingress.message).toContain('NetworkPolicy does not apply');
    const fromHost = evaluate(world(), pod('prod', 'agent', { role: 'frontend' }, { hostNetwork: true, nodeName: 'node-2' }), db, 5432, 'TCP');
    expect(fromHost.allowed).toBe(false);
    expect(fromHost.ingress.message).toContain('is a hostNetwork pod, which selectors do not match');
  });

  it("traffic between a pod and its own node is always allowed", () => {
    const kubelet: PolicyEndpoint = { kind: 'node', name: 'node-1', ip: '192.168.0.1' };
    expect(evaluate(world(), kubelet, db, 5432, 'TCP')).toMatchObject({ allowed: true, ingress: { reason: 'own-node' } });
    expect(evaluate(world(), { kind: 'node', name: 'node-2', ip: '192.168.0.2' }, db, 5432, 'TCP').allowed).toBe(false);
  });

  it('agrees with allowedConnections', () => {
    const w = world();
    const set = allowedConnections(w, frontend, db);
    expect(formatConnections(set)).toBe('TCP 5432');
    expect(formatConnections(allowedConnections(w, pod('ops', 'admin', { role: 'admin' }), db))).toBe('TCP 5432,9187');
  });
});
