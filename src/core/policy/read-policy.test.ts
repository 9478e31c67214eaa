import { describe, expect, it } from 'vitest';
import { parseManifests } from '../manifest/parse';
import type { Diagnostic, SourceSpan } from '../manifest/types';
import { isValidPortName, readNetworkPolicies } from './read-policy';

function read(yaml: string) {
  const parsed = parseManifests(yaml);
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const diagnostics: Diagnostic[] = [];
  const policies = readNetworkPolicies(parsed.objects, diagnostics);
  return { policies, diagnostics, text: yaml };
}

/** The text a diagnostic's span selects. */
const selected = (text: string, span: SourceSpan) => text.slice(span.from, span.to);

const header = (spec: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
  namespace: prod
spec:
${spec}`;

describe('readNetworkPolicies', () => {
  it('reads a policy with rules, peers and ports, keeping the source span of each', () => {
    const { policies, diagnostics, text } = read(
      header(`  podSelector:
    matchLabels:
      role: db
  ingress:
  - from:
    - podSelector:
        matchLabels:
          role: frontend
      namespaceSelector: {}
    - ipBlock:
        cidr: 172.17.0.0/16
        except:
        - 172.17.1.0/24
    ports:
    - protocol: TCP
      port: 6379
    - port: http
    - protocol: UDP
      port: 1000
      endPort: 2000
  - {}
`),
    );
    expect(diagnostics).toEqual([]);
    const [policy] = policies;
    expect(policy).toMatchObject({ namespace: 'prod', name: 'db', affectsIngress: true, affectsEgress: false, policyTypesWritten: false });
    expect(policy!.podSelector.matchLabels).toEqual({ role: 'db' });
    const [rule, allowAll] = policy!.ingress;
    expect(rule!.peers).toHaveLength(2);
    expect(rule!.peers![0]).toMatchObject({ kind: 'selectors', index: 0, podSelector: { matchLabels: { role: 'frontend' } } });
    expect(rule!.peers![1]).toMatchObject({ kind: 'ipBlock', index: 1, cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] });
    expect(rule!.ports).toEqual([
      expect.objectContaining({ index: 0, protocol: 'TCP', port: 6379, endPort: undefined }),
      expect.objectContaining({ index: 1, protocol: 'TCP', port: 'http' }),
      expect.objectContaining({ index: 2, protocol: 'UDP', port: 1000, endPort: 2000 }),
    ]);
    expect(allowAll).toMatchObject({ index: 1, peers: undefined, ports: undefined });
    // Spans select the YAML of each part.
    expect(rule!.span.line).toBe(11);
    expect(rule!.peers![1]!.span.line).toBe(16);
    expect(selected(text, rule!.ports![1]!.span)).toBe('port: http');
    const block = rule!.peers![1]!;
    expect(block.kind === 'ipBlock' && selected(text, block.cidrSpan)).toBe('cidr: 172.17.0.0/16');
    expect(policy!.policyTypesSpan.line).toBe(6);
  });

  describe('policyTypes defaulting (Kubernetes SetDefaults_NetworkPolicy)', () => {
    it.each([
      ['no rules', '  podSelector: {}\n', true, false],
      ['egress rules', '  podSelector: {}\n  egress:\n  - {}\n', true, true],
      // len(spec.Egress) != 0 is what counts; an empty list is no egress section.
      ['`egress: []`', '  podSelector: {}\n  egress: []\n', true, false],
      ['explicit Egress only', '  podSelector: {}\n  policyTypes: [Egress]\n  ingress:\n  - {}\n', false, true],
      ['`policyTypes: []` defaults', '  podSelector: {}\n  policyTypes: []\n', true, false],
    ])('%s', (_, spec, ingress, egress) => {
      const { policies } = read(header(spec));
      expect([policies[0]!.affectsIngress, policies[0]!.affectsEgress]).toEqual([ingress, egress]);
    });
  });

  it('`from: []` and `ports: []` mean every peer and every port; `ingress: []` means no rule', () => {
    const { policies } = read(header('  podSelector: {}\n  ingress:\n  - from: []\n    ports: []\n'));
    expect(policies[0]!.ingress[0]).toMatchObject({ peers: undefined, ports: undefined });
    expect(read(header('  podSelector: {}\n  ingress: []\n')).policies[0]!.ingress).toEqual([]);
  });

  it('a policy without namespace lands in `default`; a missing podSelector selects all pods', () => {
    const { policies } = read('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec: {}\n');
    expect(policies[0]).toMatchObject({ namespace: 'default', podSelector: { matchLabels: {}, matchExpressions: [] } });
  });

  describe('validation: the API server would reject these, so the policy is left out', () => {
    it.each([
      ['unknown policyType', '  podSelector: {}\n  policyTypes: [Ingres]\n', 'policy-unknown-policy-type', 'Ingres', 8],
      ['bad CIDR', '  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock:\n        cidr: 10.0.0.0/33\n', 'policy-bad-cidr', 'cidr: 10.0.0.0/33', 11],
      [
        'except outside cidr',
        '  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock:\n        cidr: 10.0.0.0/16\n        except: [10.1.0.0/24]\n',
        'policy-except-outside-cidr',
        '10.1.0.0/24',
        12,
      ],
      [
        'except equal to cidr',
        '  podSelector: {}\n  egress:\n  - to:\n    - ipBlock:\n        cidr: 10.0.0.0/16\n        except: [10.0.0.0/16]\n',
        'policy-except-outside-cidr',
        '10.0.0.0/16',
        12,
      ],
      ['port out of range', '  podSelector: {}\n  ingress:\n  - ports:\n    - port: 70000\n', 'policy-port-out-of-range', 'port: 70000', 10],
      ['port 0', '  podSelector: {}\n  ingress:\n  - ports:\n    - port: 0\n', 'policy-port-out-of-range', 'port: 0', 10],
      [
        'endPort < port',
        '  podSelector: {}\n  ingress:\n  - ports:\n    - port: 9000\n      endPort: 8000\n',
        'policy-end-port-before-port',
        'endPort: 8000',
        11,
      ],
      [
        'endPort with a named port',
        '  podSelector: {}\n  ingress:\n  - ports:\n    - port: http\n      endPort: 8000\n',
        'policy-end-port-needs-number',
        'endPort: 8000',
        11,
      ],
      ['bad protocol', '  podSelector: {}\n  ingress:\n  - ports:\n    - protocol: tcp\n', 'policy-bad-protocol', 'protocol: tcp', 10],
      ['bad port name', '  podSelector: {}\n  ingress:\n  - ports:\n    - port: "8080"\n', 'policy-bad-port-name', 'port: "8080"', 10],
      ['empty peer', '  podSelector: {}\n  ingress:\n  - from:\n    - {}\n', 'policy-empty-peer', '{}', 10],
      [
        'ipBlock with a selector',
        '  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/8}\n      podSelector: {}\n',
        'policy-ip-block-with-selector',
        'ipBlock: {cidr: 10.0.0.0/8}\n      podSelector: {}',
        10,
      ],
      [
        'bad operator',
        '  podSelector:\n    matchExpressions:\n    - {key: app, operator: Equals, values: [a]}\n',
        'policy-bad-selector-operator',
        'operator: Equals',
        9,
      ],
      ['In without values', '  podSelector:\n    matchExpressions:\n    - {key: app, operator: In}\n', 'policy-selector-values', '{key: app, operator: In}', 9],
      ['wrong type', '  podSelector: {}\n  ingress: {from: []}\n', 'policy-wrong-type', 'ingress: {from: []}', 8],
      ['label value not a string', '  podSelector:\n    matchLabels: {version: 1}\n', 'policy-wrong-type', 'version: 1', 8],
    ])('%s', (_, spec, code, text, line) => {
      const { policies, diagnostics, text: yaml } = read(header(spec));
      expect(policies).toEqual([]);
      expect(diagnostics.map((d) => [d.severity, d.code])).toEqual([['error', code]]);
      expect(text.startsWith(selected(yaml, diagnostics[0]!.span)) || selected(yaml, diagnostics[0]!.span).startsWith(text)).toBe(true);
      expect(diagnostics[0]!.span.line).toBe(line);
      expect(diagnostics[0]!.message).toContain('`prod/db` is left out');
    });
  });

  it('a second policy of the same name replaces the first, with a warning', () => {
    const one = header('  podSelector: {}\n  ingress: []\n');
    const two = header('  podSelector: {}\n  ingress:\n  - {}\n');
    const { policies, diagnostics } = read(`${one}---\n${two}`);
    expect(policies).toHaveLength(1);
    expect(policies[0]!.ingress).toHaveLength(1);
    expect(diagnostics.map((d) => d.code)).toEqual(['policy-duplicate']);
  });

  it("ignores a CNI's own NetworkPolicy kind with a warning", () => {
    const { policies, diagnostics } = read('apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: c\nspec: {}\n');
    expect(policies).toEqual([]);
    expect(diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'policy-other-api']]);
  });

  it.each([
    ['http', true],
    ['serve-80-tcp', true],
    ['dns-tcp-local', true],
    ['8080', false],
    ['-http', false],
    ['a--b', false],
    ['HTTP', false],
    ['a-very-long-port-name', false],
  ])('port name %j valid: %s', (name, valid) => {
    expect(isValidPortName(name)).toBe(valid);
  });
});
