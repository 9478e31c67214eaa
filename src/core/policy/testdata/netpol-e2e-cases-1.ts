/**
 * The upstream Kubernetes NetworkPolicy e2e cases (kubernetes/kubernetes
 * test/e2e/network/netpol/network_policy.go, Apache-2.0), as restated with their full 9×9
 * truth tables in shared/reference/netpol-e2e-cases.md: cases C01–C22.
 *
 * Tables: rows are the source (from), columns the destination (to), both in the order
 * x/a x/b x/c y/a y/b y/c z/a z/b z/c; `.` connection expected, `X` blocked.
 */

/** One step: change the cluster, then probe every ordered pair. */
export type E2eAction =
  | { readonly kind: 'create' | 'update' | 'replace-all'; readonly yaml: string }
  | { readonly kind: 'delete-all' }
  | { readonly kind: 'label-namespace'; readonly namespace: string; readonly labels: Readonly<Record<string, string>> }
  | { readonly kind: 'label-pod'; readonly pod: string; readonly labels: Readonly<Record<string, string>> };

export interface E2eProbe {
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly port: number;
  readonly table: readonly string[];
}

export interface E2eCase {
  readonly id: string;
  readonly title: string;
  readonly steps: readonly { readonly action: E2eAction; readonly probes: readonly E2eProbe[] }[];
}

export const E2E_CASES_C01_C22: readonly E2eCase[] = [
  {
    id: 'C01',
    title: "should support a 'default-deny-ingress' policy",
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-ingress
  namespace: x
spec:
  podSelector: {}
  ingress: []
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            'XXX......',
            'XXX......',
            'XXX......',
            'XXX......',
            'XXX......',
            'XXX......',
            'XXX......',
            'XXX......',
            'XXX......',
          ] },
        ],
      },
    ],
  },
  {
    id: 'C02',
    title: "should support a 'default-deny-all' policy",
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-all
  namespace: x
spec:
  podSelector: {}
  ingress: []
  egress: []
  policyTypes:
  - Ingress
  - Egress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            'XXXXXXXXX',
            'XXXXXXXXX',
            'XXXXXXXXX',
            'XXX......',
            'XXX......',
            'XXX......',
            'XXX......',
            'XXX......',
            'XXX......',
          ] },
        ],
      },
    ],
  },
  {
    id: 'C03',
    title: 'should enforce policy to allow traffic from pods within server namespace based on PodSelector',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: x-a-allows-x-b
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - from:
    - podSelector:
        matchLabels:
          pod: b
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            'X........',
            '.........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
          ] },
        ],
      },
    ],
  },
  {
    id: 'C04',
    title: 'should enforce policy to allow ingress traffic for a target',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-all
  namespace: x
spec:
  podSelector: {}
  ingress: []
  policyTypes:
  - Ingress
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-all-to-a
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - from:
    - podSelector: {}
      namespaceSelector: {}
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            '.XX......',
            '.XX......',
            '.XX......',
            '.XX......',
            '.XX......',
            '.XX......',
            '.XX......',
            '.XX......',
            '.XX......',
          ] },
        ],
      },
    ],
  },
  {
    id: 'C05',
    title: 'should enforce policy to allow ingress traffic from pods in all namespaces',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-from-another-ns
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - from:
    - namespaceSelector: {}
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
          ] },
        ],
      },
    ],
  },
  {
    id: 'C06',
    title: 'should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-client-a-via-ns-selector
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: y
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            'X........',
            'X........',
            'X........',
            '.........',
            '.........',
            '.........',
            'X........',
            'X........',
            'X........',
          ] },
        ],
      },
    ],
  },
  {
    id: 'C07',
    title: 'should enforce policy based on PodSelector with MatchExpressions',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: x-a-allows-x-b
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - from:
    - podSelector:
        matchExpressions:
        - key: pod
          operator: In
          values:
          - b
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            'X........',
            '.........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
          ] },
        ],
      },
    ],
  },
  {
    id: 'C08',
    title: 'should enforce policy based on NamespaceSelector with MatchExpressions',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-ns-y-match-selector
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - from:
    - namespaceSelector:
        matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: In
          values:
          - y
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            'X........',
            'X........',
            'X........',
            '.........',
            '.........',
            '.........',
            'X........',
            'X........',
            'X........',
          ] },
        ],
      },
    ],
  },
  {
    id: 'C09',
    title: 'should enforce policy based on PodSelector or NamespaceSelector',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-ns-y-match-selector
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - from:
    - namespaceSelector:
        matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values:
          - x
    - podSelector:
        matchLabels:
          pod: b
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            'X........',
            '.........',
            'X........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
          ] },
        ],
      },
    ],
  },
  {
    id: 'C10',
    title: 'should enforce policy based on PodSelector and NamespaceSelector',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-ns-y-podselector-and-nsselector
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - from:
    - namespaceSelector:
        matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values:
          - x
      podSelector:
        matchLabels:
          pod: b
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            'X........',
            'X........',
            'X........',
            'X........',
            '.........',
            'X........',
            'X........',
            '.........',
            'X........',
          ] },
        ],
      },
    ],
  },
  {
    id: 'C11',
    title: 'should enforce policy based on Multiple PodSelectors and NamespaceSelectors',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-ns-y-z-pod-b-c
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - from:
    - namespaceSelector:
        matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values:
          - x
      podSelector:
        matchExpressions:
        - key: pod
          operator: In
          values:
          - b
          - c
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            'X........',
            'X........',
            'X........',
            'X........',
            '.........',
            '.........',
            'X........',
            '.........',
            '.........',
          ] },
        ],
      },
    ],
  },
  {
    id: 'C12',
    title: 'should enforce policy based on any PodSelectors',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-ns-x-pod-b-c
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - from:
    - podSelector:
        matchLabels:
          pod: b
    - podSelector:
        matchLabels:
          pod: c
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            'X........',
            '.........',
            '.........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
          ] },
        ],
      },
    ],
  },
  {
    id: 'C13',
    title: 'should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-ns-y-pod-a-via-namespace-pod-selector
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: y
      podSelector:
        matchLabels:
          pod: a
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            'X........',
            'X........',
            'X........',
            '.........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
          ] },
        ],
      },
    ],
  },
  {
    id: 'C14',
    title: 'should enforce policy based on Ports',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-client-a-via-ns-selector
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: y
    ports:
    - port: 81
      protocol: TCP
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 81, table: [
            'X........',
            'X........',
            'X........',
            '.........',
            '.........',
            '.........',
            'X........',
            'X........',
            'X........',
          ] },
        ],
      },
    ],
  },
  {
    id: 'C15',
    title: 'should enforce multiple, stacked policies with overlapping podSelectors',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-client-a-via-ns-selector
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: y
    ports:
    - port: 81
      protocol: TCP
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 81, table: [
            'X........',
            'X........',
            'X........',
            '.........',
            '.........',
            '.........',
            'X........',
            'X........',
            'X........',
          ] },
          { protocol: 'TCP', port: 80, table: [
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
          ] },
        ],
      },
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-client-a-via-ns-selector-80
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: y
    ports:
    - port: 80
      protocol: TCP
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            'X........',
            'X........',
            'X........',
            '.........',
            '.........',
            '.........',
            'X........',
            'X........',
            'X........',
          ] },
        ],
      },
    ],
  },
  {
    id: 'C16',
    title: 'should support allow-all policy',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-all
  namespace: x
spec:
  podSelector: {}
  ingress:
  - {}
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
          ] },
          { protocol: 'TCP', port: 81, table: [
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
          ] },
        ],
      },
    ],
  },
  {
    id: 'C17',
    title: 'should allow ingress access on one named port',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-all
  namespace: x
spec:
  podSelector: {}
  ingress:
  - ports:
    - port: serve-81-tcp
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 81, table: [
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
          ] },
          { protocol: 'TCP', port: 80, table: [
            'XXX......',
            'XXX......',
            'XXX......',
            'XXX......',
            'XXX......',
            'XXX......',
            'XXX......',
            'XXX......',
            'XXX......',
          ] },
        ],
      },
    ],
  },
  {
    id: 'C18',
    title: 'should allow ingress access from namespace on one named port',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-client-a-via-ns-selector-80
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: y
    ports:
    - port: serve-80-tcp
      protocol: TCP
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            'X........',
            'X........',
            'X........',
            '.........',
            '.........',
            '.........',
            'X........',
            'X........',
            'X........',
          ] },
          { protocol: 'TCP', port: 81, table: [
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
          ] },
        ],
      },
    ],
  },
  {
    id: 'C19',
    title: 'should allow egress access on one named port',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-egress
  namespace: x
spec:
  podSelector: {}
  egress:
  - ports:
    - port: serve-80-tcp
  policyTypes:
  - Egress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
          ] },
          { protocol: 'TCP', port: 81, table: [
            'XXXXXXXXX',
            'XXXXXXXXX',
            'XXXXXXXXX',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
          ] },
        ],
      },
    ],
  },
  {
    id: 'C20',
    title: 'should enforce updated policy',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-all-mutate-to-deny-all
  namespace: x
spec:
  podSelector: {}
  ingress:
  - {}
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 81, table: [
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
            '.........',
          ] },
        ],
      },
      {
        action: { kind: 'update', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-all-mutate-to-deny-all
  namespace: x
spec:
  podSelector: {}
  ingress: []
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 81, table: [
            'XXX......',
            'XXX......',
            'XXX......',
            'XXX......',
            'XXX......',
            'XXX......',
            'XXX......',
            'XXX......',
            'XXX......',
          ] },
        ],
      },
    ],
  },
  {
    id: 'C21',
    title: 'should allow ingress access from updated namespace',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-client-a-via-ns-selector
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          ns2: updated
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
          ] },
        ],
      },
      {
        action: { kind: 'label-namespace', namespace: 'y', labels: {"ns2": "updated"} },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            'X........',
            'X........',
            'X........',
            '.........',
            '.........',
            '.........',
            'X........',
            'X........',
            'X........',
          ] },
        ],
      },
    ],
  },
  {
    id: 'C22',
    title: 'should allow ingress access from updated pod',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-client-a-via-pod-selector
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - from:
    - podSelector:
        matchLabels:
          pod: b
          pod2: updated
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
          ] },
        ],
      },
      {
        action: { kind: 'label-pod', pod: 'x/b', labels: {"pod": "b", "pod2": "updated"} },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            'X........',
            '.........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
            'X........',
          ] },
        ],
      },
    ],
  },
];
