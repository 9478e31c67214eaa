import { describe, expect, it } from 'vitest';
import { parseManifests } from '../manifest/parse';
import type { Diagnostic } from '../manifest/types';
import { allowedConnections } from './allowed';
import { contains } from './connection-set';
import { evaluate } from './evaluate';
import { connectionMatrix } from './matrix';
import { readNetworkPolicies } from './read-policy';
import { E2E_CASES_C01_C22, type E2eAction, type E2eCase } from './testdata/netpol-e2e-cases-1';
import { E2E_CASES_C23_C44 } from './testdata/netpol-e2e-cases-2';
import type { NetworkPolicy, PolicyContainerPort, PolicyEndpoint, PolicyPod, Protocol } from './types';
import { createPolicyWorld } from './world';

/**
 * The upstream e2e model: namespaces x, y, z; pods a, b, c in each, labelled `pod: <name>`,
 * serving 80 and 81 on TCP, UDP and SCTP through ports named `serve-<port>-<proto>`. The
 * illustrative pod IPs of the reference notes make the ipBlock cases concrete.
 */
const NAMESPACES = ['x', 'y', 'z'] as const;
const POD_NAMES = ['a', 'b', 'c'] as const;
const IPS: Record<string, string> = {
  'x/a': '10.244.0.10',
  'x/b': '10.244.0.11',
  'x/c': '10.244.0.12',
  'y/a': '10.244.1.10',
  'y/b': '10.244.1.11',
  'y/c': '10.244.1.12',
  'z/a': '10.244.2.10',
  'z/b': '10.244.2.11',
  'z/c': '10.244.2.12',
};
const PORTS: PolicyContainerPort[] = [80, 81].flatMap((port) =>
  (['TCP', 'UDP', 'SCTP'] as const).map((protocol) => ({ name: `serve-${port}-${protocol.toLowerCase()}`, port, protocol })),
);

interface ClusterState {
  policies: Map<string, NetworkPolicy>;
  namespaceLabels: Map<string, Record<string, string>>;
  podLabels: Map<string, Record<string, string>>;
}

function freshCluster(): ClusterState {
  return {
    policies: new Map(),
    namespaceLabels: new Map(NAMESPACES.map((ns) => [ns, { ns }])),
    podLabels: new Map(NAMESPACES.flatMap((ns) => POD_NAMES.map((pod) => [`${ns}/${pod}`, { pod }]))),
  };
}

function readPolicies(yaml: string): NetworkPolicy[] {
  const parsed = parseManifests(yaml);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const policies = readNetworkPolicies(parsed.objects, diagnostics);
  expect(diagnostics).toEqual([]);
  return policies;
}

function apply(state: ClusterState, action: E2eAction): void {
  switch (action.kind) {
    case 'replace-all':
    case 'delete-all':
      state.policies.clear();
      if (action.kind === 'delete-all') return;
      break;
    case 'label-namespace':
      state.namespaceLabels.set(action.namespace, { ...state.namespaceLabels.get(action.namespace), ...action.labels });
      return;
    case 'label-pod':
      state.podLabels.set(action.pod, { ...state.podLabels.get(action.pod), ...action.labels });
      return;
    case 'create':
    case 'update':
      break;
  }
  for (const policy of readPolicies(action.yaml)) state.policies.set(`${policy.namespace}/${policy.name}`, policy);
}

function podsOf(state: ClusterState): PolicyPod[] {
  return NAMESPACES.flatMap((namespace) =>
    POD_NAMES.map((name) => ({
      namespace,
      name,
      labels: state.podLabels.get(`${namespace}/${name}`)!,
      ports: PORTS,
      ip: IPS[`${namespace}/${name}`]!,
      hostNetwork: false,
    })),
  );
}

function worldOf(state: ClusterState) {
  return createPolicyWorld({
    namespaces: [...state.namespaceLabels].map(([name, labels]) => ({ name, labels })),
    policies: [...state.policies.values()],
    // The e2e suite probes through a Service, and its CNIs apply ipBlocks to the translated pod IP.
    settings: { ipBlockMatchesPods: true },
  });
}

/** The observed table, in the same notation, loopback cells copied from the expectation (not checked upstream). */
function observe(state: ClusterState, protocol: Protocol, port: number, expected: readonly string[]): string[] {
  const world = worldOf(state);
  const endpoints: PolicyEndpoint[] = podsOf(state).map((pod) => ({ kind: 'pod', pod }));
  const matrix = connectionMatrix(world, endpoints);
  return endpoints.map((from, i) =>
    endpoints
      .map((to, j) => {
        if (i === j) return expected[i]![j]!;
        const verdict = evaluate(world, from, to, port, protocol);
        // The fast paths must agree with the explained verdict.
        expect(contains(allowedConnections(world, from, to), protocol, port)).toBe(verdict.allowed);
        expect(contains(matrix[i]![j]!, protocol, port)).toBe(verdict.allowed);
        return verdict.allowed ? '.' : 'X';
      })
      .join(''),
  );
}

function runCase(testCase: E2eCase): void {
  const state = freshCluster();
  for (const step of testCase.steps) {
    apply(state, step.action);
    for (const probe of step.probes) {
      const observed = observe(state, probe.protocol, probe.port, probe.table);
      expect({ probe: `${probe.protocol} ${probe.port}`, table: observed }).toEqual({
        probe: `${probe.protocol} ${probe.port}`,
        table: probe.table,
      });
    }
  }
}

describe('upstream NetworkPolicy e2e cases (9×9 truth tables, loopback not checked)', () => {
  it('has all 44 cases', () => {
    expect(E2E_CASES_C01_C22.length + E2E_CASES_C23_C44.length).toBe(44);
  });
  it.each([...E2E_CASES_C01_C22, ...E2E_CASES_C23_C44].map((c) => [`${c.id} ${c.title}`, c] as const))('%s', (_, testCase) => {
    runCase(testCase);
  });
});

describe('Cyclonus oracle data', () => {
  it('CY1: the README probe measured on a real cluster (TCP)', () => {
    const state = freshCluster();
    apply(state, {
      kind: 'create',
      yaml: `
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: deny-all, namespace: y}
spec: {podSelector: {}, policyTypes: [Ingress], ingress: []}
---
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: deny-all-for-label, namespace: y}
spec: {podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: []}
---
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: allow-all-for-label, namespace: y}
spec: {podSelector: {matchLabels: {pod: b}}, policyTypes: [Ingress], ingress: [{}]}
---
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: allow-label-to-label, namespace: y}
spec: {podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{from: [{podSelector: {matchLabels: {pod: c}}}]}]}
---
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: allow-by-ip, namespace: y}
spec: {podSelector: {matchLabels: {pod: c}}, policyTypes: [Ingress], ingress: [{from: [{ipBlock: {cidr: 0.0.0.0/24}}]}]}
`,
    });
    const measured = [
      '...X.X...',
      '...X.X...',
      '...X.X...',
      '...X.X...',
      '...X.X...',
      '.....X...',
      '...X.X...',
      '...X.X...',
      '...X.X...',
    ];
    expect(observe(state, 'TCP', 80, measured)).toEqual(measured);
  });

  const xPod = (name: string, labels: Record<string, string>, extra: Partial<PolicyPod> = {}): PolicyEndpoint => ({
    kind: 'pod',
    pod: { namespace: 'x', name, labels, ports: PORTS, hostNetwork: false, ...extra },
  });

  it('CY2.1: a rule with only `protocol: SCTP` admits every SCTP port and nothing else, from pods and outside', () => {
    const world = createPolicyWorld({
      policies: readPolicies(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: sctp-only, namespace: x}
spec: {podSelector: {}, policyTypes: [Ingress], ingress: [{ports: [{protocol: SCTP}]}]}
`),
    });
    const fromY: PolicyEndpoint = { kind: 'pod', pod: { namespace: 'y', name: 'b', labels: { pod: 'b' }, ports: [], hostNetwork: false } };
    const outside: PolicyEndpoint = { kind: 'external', ip: '1.2.3.4' };
    const target = xPod('a', { pod: 'a' });
    for (const source of [fromY, outside]) {
      expect(evaluate(world, source, target, 103, 'TCP').allowed).toBe(false);
      expect(evaluate(world, source, target, 103, 'SCTP').allowed).toBe(true);
    }
  });

  it('CY2.2: an egress ipBlock with a non-canonical CIDR matches a pod IP in another namespace (when ipBlocks match pods)', () => {
    const policies = readPolicies(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: vary-egress-37-0-0-0-19, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  policyTypes: [Egress]
  egress:
  - ports: [{port: 80, protocol: TCP}]
    to: [{podSelector: {}}, {ipBlock: {cidr: 192.168.242.213/24}}]
  - ports: [{port: 53, protocol: UDP}]
`);
    const source = xPod('a', { pod: 'a' });
    const target: PolicyEndpoint = {
      kind: 'pod',
      pod: { namespace: 'y', name: 'b', labels: { pod: 'b' }, ports: PORTS, ip: '192.168.242.249', hostNetwork: false },
    };
    expect(evaluate(createPolicyWorld({ policies, settings: { ipBlockMatchesPods: true } }), source, target, 80, 'TCP').allowed).toBe(true);
    // netpol-analyzer's convention: ipBlocks never match pods, so only the UDP 53 rule (any peer) remains.
    const analyzer = evaluate(createPolicyWorld({ policies }), source, target, 80, 'TCP');
    expect(analyzer.allowed).toBe(false);
    expect(analyzer.message).toContain('ipBlockMatchesPods is off');
  });

  it('CY2.3: a named port with no `from` admits an outside source', () => {
    const world = createPolicyWorld({
      policies: readPolicies(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: abc, namespace: x}
spec: {podSelector: {matchLabels: {pod: a}}, policyTypes: [Ingress], ingress: [{ports: [{port: port-hello, protocol: TCP}]}]}
`),
    });
    const target = xPod('a', { pod: 'a' }, { ports: [{ name: 'port-hello', port: 8080, protocol: 'TCP' }] });
    const verdict = evaluate(world, { kind: 'external', ip: '1.2.3.4' }, target, 8080, 'TCP');
    expect(verdict.allowed).toBe(true);
    expect(verdict.ingress.kind === 'allowed' && verdict.ingress.allows[0]!.port.resolved).toEqual([8080]);
  });
});
