import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SourceSpan } from '../manifest/types';
import { allowedConnections } from './allowed';
import {
  ALL_CONNECTIONS,
  contains,
  equals,
  intersect,
  isEmpty,
  isSubset,
  portRange,
  subtract,
  union,
  type ConnectionSet,
} from './connection-set';
import { evaluate } from './evaluate';
import { connectionMatrix, podClassKey } from './matrix';
import { policiesSelecting } from './selection';
import type {
  LabelSelector,
  NetworkPolicy,
  PolicyEndpoint,
  PolicyPeer,
  PolicyPod,
  PolicyPort,
  PolicyRule,
  Protocol,
} from './types';
import { createPolicyWorld, type PolicyWorld } from './world';

const SPAN: SourceSpan = { line: 1, column: 1, endLine: 1, endColumn: 1, from: 0, to: 0 };
const NAMESPACES = ['alpha', 'beta', 'gamma'];
const PROTOCOL = fc.constantFrom<Protocol>('TCP', 'UDP', 'SCTP');
const LABEL_KEYS = ['app', 'tier', 'team'];
const LABEL_VALUES = ['web', 'db', 'api'];
const PORT_NAMES = ['http', 'metrics', 'dns'];

const labels = fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { maxKeys: 3 });

const selector: fc.Arbitrary<LabelSelector> = fc.record({
  matchLabels: fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { maxKeys: 2 }),
  matchExpressions: fc.array(
    fc.oneof(
      fc.record({
        key: fc.constantFrom(...LABEL_KEYS),
        operator: fc.constantFrom('In' as const, 'NotIn' as const),
        values: fc.uniqueArray(fc.constantFrom(...LABEL_VALUES), { minLength: 1, maxLength: 2 }),
        span: fc.constant(SPAN),
      }),
      fc.record({
        key: fc.constantFrom(...LABEL_KEYS),
        operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const),
        values: fc.constant([]),
        span: fc.constant(SPAN),
      }),
    ),
    { maxLength: 2 },
  ),
  span: fc.constant(SPAN),
});

const peer: fc.Arbitrary<Omit<PolicyPeer, 'index'>> = fc.oneof(
  fc
    .record({ podSelector: fc.option(selector, { nil: undefined }), namespaceSelector: fc.option(selector, { nil: undefined }) })
    .filter((p) => p.podSelector !== undefined || p.namespaceSelector !== undefined)
    .map((p) => ({ kind: 'selectors' as const, ...p, span: SPAN })),
  fc
    .record({ prefix: fc.integer({ min: 8, max: 32 }), octet: fc.integer({ min: 0, max: 3 }), except: fc.boolean() })
    .map(({ prefix, octet, except }) => ({
      kind: 'ipBlock' as const,
      cidr: `10.${octet}.0.0/${prefix}`,
      except: except && prefix < 24 ? [`10.${octet}.1.0/24`] : [],
      span: SPAN,
      cidrSpan: SPAN,
      exceptSpans: [],
    })),
);

const port: fc.Arbitrary<Omit<PolicyPort, 'index'>> = fc.oneof(
  fc.record({ protocol: PROTOCOL, port: fc.constant(undefined), endPort: fc.constant(undefined), span: fc.constant(SPAN) }),
  fc
    .record({ protocol: PROTOCOL, port: fc.integer({ min: 1, max: 100 }), width: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }) })
    .map(({ protocol, port, width }) => ({ protocol, port, endPort: width === undefined ? undefined : port + width, span: SPAN })),
  fc.record({ protocol: PROTOCOL, port: fc.constantFrom(...PORT_NAMES), endPort: fc.constant(undefined), span: fc.constant(SPAN) }),
);

const rules = (direction: 'ingress' | 'egress'): fc.Arbitrary<PolicyRule[]> =>
  fc.array(
    fc.record({
      peers: fc.option(fc.array(peer, { minLength: 1, maxLength: 3 }), { nil: undefined }),
      ports: fc.option(fc.array(port, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    }),
    { maxLength: 3 },
  ).map((list) =>
    list.map((r, index) => ({
      direction,
      index,
      peers: r.peers?.map((p, i) => ({ ...p, index: i }) as PolicyPeer),
      ports: r.ports?.map((p, i) => ({ ...p, index: i })),
      span: SPAN,
    })),
  );

const policy: fc.Arbitrary<NetworkPolicy> = fc
  .record({
    namespace: fc.constantFrom(...NAMESPACES),
    podSelector: selector,
    types: fc.constantFrom('default', 'ingress', 'egress', 'both'),
    ingress: rules('ingress'),
    egress: rules('egress'),
  })
  .map(({ namespace, podSelector, types, ingress, egress }) => ({
    namespace,
    name: 'p',
    podSelector,
    affectsIngress: types !== 'egress',
    affectsEgress: types === 'default' ? egress.length > 0 : types !== 'ingress',
    policyTypesWritten: types !== 'default',
    ingress,
    egress,
    span: SPAN,
    policyTypesSpan: SPAN,
  }));

const policies = fc.array(policy, { maxLength: 5 }).map((list) => list.map((p, i) => ({ ...p, name: `policy-${i}` })));

const pod: fc.Arbitrary<Omit<PolicyPod, 'name'>> = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  labels,
  ports: fc.array(
    fc.record({ name: fc.constantFrom(...PORT_NAMES), port: fc.integer({ min: 1, max: 100 }), protocol: PROTOCOL }),
    { maxLength: 3 },
  ),
  ip: fc.integer({ min: 0, max: 3 }).chain((octet) => fc.integer({ min: 0, max: 255 }).map((host) => `10.${octet}.1.${host}`)),
  hostNetwork: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
  nodeName: fc.constantFrom('node-1', 'node-2'),
});

const endpoints: fc.Arbitrary<PolicyEndpoint[]> = fc
  .tuple(
    fc.array(pod, { minLength: 1, maxLength: 6 }),
    fc.array(
      fc.integer({ min: 0, max: 3 }).chain((octet) => fc.integer({ min: 0, max: 255 }).map((host) => `10.${octet}.1.${host}`)),
      { maxLength: 2 },
    ),
  )
  .map(([pods, ips]) => [
    ...pods.map((p, i): PolicyEndpoint => ({ kind: 'pod', pod: { ...p, name: `pod-${i}` } })),
    ...ips.map((ip): PolicyEndpoint => ({ kind: 'external', ip })),
  ]);

/** Pods, outside addresses and ranges, and nodes: every kind of endpoint the class engine sorts. */
const mixedEndpoints: fc.Arbitrary<PolicyEndpoint[]> = fc
  .tuple(
    endpoints,
    fc.array(
      fc.oneof(
        fc
          .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 300 }))
          .map(([octet, host, width]): PolicyEndpoint => {
            const last = Math.min(255, host + width);
            return { kind: 'external-range', first: `10.${octet}.${host}.0`, last: `10.${octet}.${last}.255` };
          }),
        fc
          .record({ name: fc.constantFrom('node-1', 'node-2'), host: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }) })
          .map(({ name, host }): PolicyEndpoint => ({ kind: 'node', name, ...(host === undefined ? {} : { ip: `10.0.1.${host}` }) })),
      ),
      { maxLength: 3 },
    ),
  )
  .map(([some, others]) => [...some, ...others]);

const namespaceLabels = fc.tuple(labels, labels, labels).map((l) => NAMESPACES.map((name, i) => ({ name, labels: l[i]! })));

const worldInput = fc.record({ namespaces: namespaceLabels, policies, ipBlockMatchesPods: fc.boolean() });

function worldOf(input: { namespaces: { name: string; labels: Record<string, string> }[]; policies: NetworkPolicy[]; ipBlockMatchesPods: boolean }): PolicyWorld {
  return createPolicyWorld({ namespaces: input.namespaces, policies: input.policies, settings: { ipBlockMatchesPods: input.ipBlockMatchesPods } });
}

function allowAll(namespace: string): NetworkPolicy {
  const rule = (direction: 'ingress' | 'egress'): PolicyRule => ({ direction, index: 0, peers: undefined, ports: undefined, span: SPAN });
  return {
    namespace,
    name: 'allow-all',
    podSelector: { matchLabels: {}, matchExpressions: [], span: SPAN },
    affectsIngress: true,
    affectsEgress: true,
    policyTypesWritten: true,
    ingress: [rule('ingress')],
    egress: [rule('egress')],
    span: SPAN,
    policyTypesSpan: SPAN,
  };
}

const PARAMS = { numRuns: 200 };

describe('policy engine properties', () => {
  it('adding an allow-all policy never removes a connection', () => {
    fc.assert(
      fc.property(worldInput, endpoints, fc.constantFrom(...NAMESPACES), (input, eps, namespace) => {
        const before = connectionMatrix(worldOf(input), eps);
        const after = connectionMatrix(worldOf({ ...input, policies: [...input.policies, allowAll(namespace)] }), eps);
        before.forEach((row, i) => row.forEach((set, j) => expect(isSubset(set, after[i]![j]!)).toBe(true)));
      }),
      PARAMS,
    );
  });

  it('removing every policy restores full connectivity', () => {
    fc.assert(
      fc.property(worldInput, endpoints, (input, eps) => {
        for (const row of connectionMatrix(worldOf({ ...input, policies: [] }), eps)) {
          for (const set of row) expect(equals(set, ALL_CONNECTIONS)).toBe(true);
        }
      }),
      PARAMS,
    );
  });

  it('the matrix, allowedConnections and evaluate agree on random pairs, ports and protocols', () => {
    fc.assert(
      fc.property(worldInput, endpoints, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 110 }), PROTOCOL, (input, eps, i, j, p, protocol) => {
        const world = worldOf(input);
        const from = eps[i % eps.length]!;
        const to = eps[j % eps.length]!;
        if (from.kind !== 'pod' && to.kind !== 'pod') return;
        const matrix = connectionMatrix(world, eps);
        const verdict = evaluate(world, from, to, p, protocol);
        expect(contains(allowedConnections(world, from, to), protocol, p)).toBe(verdict.allowed);
        expect(contains(matrix[i % eps.length]![j % eps.length]!, protocol, p)).toBe(verdict.allowed);
      }),
      { numRuns: 600 },
    );
  });

  it('the class-level matrix equals allowedConnections on every pair, nodes and outside ranges included', () => {
    fc.assert(
      fc.property(worldInput, mixedEndpoints, (input, eps) => {
        const world = worldOf(input);
        const matrix = connectionMatrix(world, eps);
        eps.forEach((from, i) => eps.forEach((to, j) => expect(matrix[i]![j]).toEqual(allowedConnections(world, from, to))));
      }),
      { numRuns: 400 },
    );
  });

  it('a deny names every policy that isolates the pod on the denying side', () => {
    fc.assert(
      fc.property(worldInput, endpoints, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 110 }), PROTOCOL, (input, eps, i, j, p, protocol) => {
        const world = worldOf(input);
        const from = eps[i % eps.length]!;
        const to = eps[j % eps.length]!;
        const verdict = evaluate(world, from, to, p, protocol);
        for (const [side, endpoint] of [[verdict.egress, from], [verdict.ingress, to]] as const) {
          if (side.kind !== 'denied' || endpoint.kind !== 'pod') continue;
          const direction = side === verdict.egress ? 'egress' : 'ingress';
          expect(side.denials.map((d) => d.policy.name).sort()).toEqual(
            policiesSelecting(world, endpoint.pod, direction).map((x) => x.name).sort(),
          );
        }
      }),
      PARAMS,
    );
  });

  it('adding a default-deny policy never adds a connection, and alone it cuts its namespace off', () => {
    fc.assert(
      fc.property(worldInput, endpoints, fc.constantFrom(...NAMESPACES), (input, eps, namespace) => {
        const deny: NetworkPolicy = { ...allowAll(namespace), name: 'deny-all', ingress: [], egress: [] };
        const before = connectionMatrix(worldOf(input), eps);
        const after = connectionMatrix(worldOf({ ...input, policies: [...input.policies, deny] }), eps);
        const others = input.policies.filter((p) => p.namespace !== namespace);
        const alone = connectionMatrix(worldOf({ ...input, policies: [...others, deny] }), eps);
        const touches = (e: PolicyEndpoint) => e.kind === 'pod' && !e.pod.hostNetwork && e.pod.namespace === namespace;
        // A hostNetwork pod is its node: traffic between a pod and its own node is always allowed.
        const sameNode = (a: PolicyEndpoint, b: PolicyEndpoint) =>
          a.kind === 'pod' && b.kind === 'pod' && (a.pod.hostNetwork || b.pod.hostNetwork) && a.pod.nodeName === b.pod.nodeName;
        eps.forEach((from, i) =>
          eps.forEach((to, j) => {
            expect(isSubset(after[i]![j]!, before[i]![j]!)).toBe(true);
            if (i !== j && !sameNode(from, to) && (touches(from) || touches(to))) expect(isEmpty(alone[i]![j]!)).toBe(true);
          }),
        );
      }),
      PARAMS,
    );
  });

  it('policy order does not matter', () => {
    fc.assert(
      fc.property(worldInput, endpoints, (input, eps) => {
        const forward = connectionMatrix(worldOf(input), eps);
        const backward = connectionMatrix(worldOf({ ...input, policies: [...input.policies].reverse() }), eps);
        forward.forEach((row, i) => row.forEach((set, j) => expect(equals(set, backward[i]![j]!)).toBe(true)));
      }),
      PARAMS,
    );
  });

  it('pods of one equivalence class get the same verdicts against anyone', () => {
    fc.assert(
      fc.property(worldInput, endpoints, (input, eps) => {
        const world = worldOf(input);
        const pods = eps.filter((e): e is Extract<PolicyEndpoint, { kind: 'pod' }> => e.kind === 'pod');
        const twin: PolicyEndpoint = { kind: 'pod', pod: { ...pods[0]!.pod, name: 'twin' } };
        expect(podClassKey(world, twin.pod)).toBe(podClassKey(world, pods[0]!.pod));
        for (const other of eps.slice(1)) {
          expect(equals(allowedConnections(world, twin, other), allowedConnections(world, pods[0]!, other))).toBe(true);
          expect(equals(allowedConnections(world, other, twin), allowedConnections(world, other, pods[0]!))).toBe(true);
        }
      }),
      PARAMS,
    );
  });
});

const connectionSet: fc.Arbitrary<ConnectionSet> = fc
  .array(fc.tuple(PROTOCOL, fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 30 })), { maxLength: 6 })
  .map((parts) => parts.map(([protocol, first, width]) => portRange(protocol, first, first + width)).reduce(union, portRange('TCP', 1, 0)));

describe('connection set algebra', () => {
  it('membership follows union, intersection and subtraction', () => {
    fc.assert(
      fc.property(connectionSet, connectionSet, PROTOCOL, fc.integer({ min: 1, max: 240 }), (a, b, protocol, p) => {
        const inA = contains(a, protocol, p);
        const inB = contains(b, protocol, p);
        expect(contains(union(a, b), protocol, p)).toBe(inA || inB);
        expect(contains(intersect(a, b), protocol, p)).toBe(inA && inB);
        expect(contains(subtract(a, b), protocol, p)).toBe(inA && !inB);
      }),
      { numRuns: 500 },
    );
  });

  it('has one representation per set', () => {
    fc.assert(
      fc.property(connectionSet, connectionSet, (a, b) => {
        expect(union(subtract(a, b), intersect(a, b))).toEqual(a);
        expect(union(a, b)).toEqual(union(b, a));
        expect(isEmpty(intersect(subtract(a, b), b))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
