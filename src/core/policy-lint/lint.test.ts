import { describe, expect, it } from 'vitest';
import { clusterOf } from '../cluster/test-helpers';

const base = `apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop, labels: {app: api}}
spec: {containers: [{name: api, image: api, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: http}]
`;
const policy = (spec: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
${spec}`;

const lint = (text: string) =>
  clusterOf(text)
    .diagnostics.filter((d) => d.code.startsWith('policy-'))
    .map((d) => [d.severity, d.code, d.span.line]);

describe('policy lint', () => {
  it('warns when default-deny egress also blocks DNS, and not once DNS is allowed', () => {
    expect(lint(base + policy('  policyTypes: [Egress]\n'))).toEqual([['warning', 'policy-blocks-dns', 18]]);
    const withDns = policy(`  policyTypes: [Egress]
  egress:
    - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]
      ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
`);
    expect(lint(base + withDns)).toEqual([]);
  });

  it('warns about a Service port where the pod port belongs, and a named port no selected pod has', () => {
    const text = base + policy(`  ingress:
    - ports: [{port: 80}, {port: grpc}, {port: http}, {port: 8080}]
`);
    expect(lint(text)).toEqual([
      ['warning', 'policy-port-is-service-port', 19],
      ['warning', 'policy-named-port-undeclared', 19],
    ]);
    expect(clusterOf(text).diagnostics.find((d) => d.code === 'policy-port-is-service-port')!.message).toBe(
      "Port 80 is the port of Service shop/api, but NetworkPolicies see the packet after kube-proxy's DNAT, on the pod's port http; no selected pod declares 80.",
    );
  });

  it('warns about a namespace label nobody carries, and notes OR-ed peers that look like an AND', () => {
    const text = base + policy(`  ingress:
    - from:
        - namespaceSelector: {matchLabels: {team: payments}}
        - podSelector: {matchLabels: {app: web}}
`);
    expect(lint(text)).toEqual([
      ['warning', 'policy-namespace-label-unused', 20],
      ['info', 'policy-or-peers', 21],
    ]);
  });
});
