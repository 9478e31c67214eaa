/** Upstream NetworkPolicy e2e cases C23–C44; see netpol-e2e-cases-1.ts for the conventions. */
import type { E2eCase } from './netpol-e2e-cases-1';

export const E2E_CASES_C23_C44: readonly E2eCase[] = [
  {
    id: 'C23',
    title: 'should deny ingress from pods on other namespaces',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-empty-policy
  namespace: x
spec:
  podSelector: {}
  ingress:
  - from:
    - podSelector: {}
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            '.........',
            '.........',
            '.........',
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
    id: 'C24',
    title: 'should deny ingress access to updated pod',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-ingress-via-label-selector
  namespace: x
spec:
  podSelector:
    matchLabels:
      target: isolated
  ingress: []
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
      {
        action: { kind: 'label-pod', pod: 'x/a', labels: {"target": "isolated"} },
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
    ],
  },
  {
    id: 'C25',
    title: 'should deny egress from pods based on PodSelector',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-egress-pod-a
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  egress: []
  policyTypes:
  - Egress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            'XXXXXXXXX',
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
    id: 'C26',
    title: 'should deny egress from all pods in a namespace',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-egress-ns-x
  namespace: x
spec:
  podSelector: {}
  egress: []
  policyTypes:
  - Egress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
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
    id: 'C27',
    title: 'should work with Ingress, Egress specified together',
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
  egress:
  - ports:
    - port: 80
  policyTypes:
  - Egress
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
          { protocol: 'TCP', port: 81, table: [
            'XXXXXXXXX',
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
    id: 'C28',
    title: 'should support denying of egress traffic on the client side (even if the server explicitly allows this traffic)',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-to-ns-y-pod-a
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: y
      podSelector:
        matchLabels:
          pod: a
  policyTypes:
  - Egress
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-from-xa-on-ya-match-selector
  namespace: y
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: x
      podSelector:
        matchLabels:
          pod: a
  policyTypes:
  - Ingress
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-from-xa-on-yb-match-selector
  namespace: y
spec:
  podSelector:
    matchLabels:
      pod: b
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: x
      podSelector:
        matchLabels:
          pod: a
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            'XXX.XXXXX',
            '...XX....',
            '...XX....',
            '...XX....',
            '...XX....',
            '...XX....',
            '...XX....',
            '...XX....',
            '...XX....',
          ] },
        ],
      },
    ],
  },
  {
    id: 'C29',
    title: 'should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-to-ns-y-pod-a
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: y
      podSelector:
        matchLabels:
          pod: a
  policyTypes:
  - Egress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            'XXX.XXXXX',
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
    id: 'C30',
    title: 'should enforce ingress policy allowing any port traffic to a server on a specific protocol',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-ingress-by-proto
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - ports:
    - protocol: TCP
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
          { protocol: 'UDP', port: 80, table: [
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
    id: 'C31',
    title: 'should enforce multiple ingress policies with ingress allow-all policy taking precedence',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-ingress-port-80
  namespace: x
spec:
  podSelector: {}
  ingress:
  - ports:
    - port: 80
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
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-ingress
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
    ],
  },
  {
    id: 'C32',
    title: 'should enforce multiple egress policies with egress allow-all policy taking precedence',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-egress-port-80
  namespace: x
spec:
  podSelector: {}
  egress:
  - ports:
    - port: 80
  policyTypes:
  - Egress
` },
        probes: [
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
  - {}
  policyTypes:
  - Egress
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
    ],
  },
  {
    id: 'C33',
    title: 'should stop enforcing policies after they are deleted',
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
      {
        action: { kind: 'delete-all' },
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
    id: 'C34',
    title: 'should allow egress access to server in CIDR block',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-client-a-via-cidr-egress-rule
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  egress:
  - to:
    - ipBlock:
        cidr: 10.244.1.11/32
  policyTypes:
  - Egress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            'XXXX.XXXX',
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
    id: 'C35',
    title: 'should enforce except clause while egress access to server in CIDR block',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-client-a-via-cidr-egress-rule
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  egress:
  - to:
    - ipBlock:
        cidr: 0.0.0.0/4
        except:
        - 10.244.0.11/32
  policyTypes:
  - Egress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            '.X.......',
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
    id: 'C36',
    title: 'should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-client-a-via-cidr-egress-rule
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  egress:
  - to:
    - ipBlock:
        cidr: 0.0.0.0/4
        except:
        - 10.244.0.11/32
  policyTypes:
  - Egress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            '.X.......',
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
  name: allow-client-a-via-cidr-egress-rule
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  egress:
  - to:
    - ipBlock:
        cidr: 10.244.0.11/32
  policyTypes:
  - Egress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            'X.XXXXXXX',
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
    id: 'C37',
    title: 'should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-egress-for-target
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  egress:
  - {}
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
        ],
      },
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-ingress-via-label-selector
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress: []
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
    ],
  },
  {
    id: 'C38',
    title: "should not mistakenly treat 'protocol: SCTP' as 'protocol: TCP', even if the plugin doesn't support SCTP",
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
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-only-sctp-ingress-on-port-81
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - ports:
    - port: 81
      protocol: SCTP
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
    id: 'C39',
    title: "should properly isolate pods that are selected by a policy allowing SCTP, even if the plugin doesn't support SCTP",
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-only-sctp-ingress-on-port-80
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - ports:
    - port: 80
      protocol: SCTP
  policyTypes:
  - Ingress
` },
        probes: [
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
    id: 'C40',
    title: 'should not allow access by TCP when a policy specifies only UDP',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-only-udp-ingress-on-port-81
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  ingress:
  - ports:
    - port: 81
      protocol: UDP
  policyTypes:
  - Ingress
` },
        probes: [
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
    id: 'C41',
    title: 'should enforce policy to allow traffic based on NamespaceSelector with MatchLabels using default ns label',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-client-a-via-ns-selector-for-immutable-ns-label
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
    id: 'C42',
    title: 'should enforce policy based on NamespaceSelector with MatchExpressions using default ns label',
    steps: [
      {
        action: { kind: 'create', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-ns-y-match-selector-for-immutable-ns-label
  namespace: x
spec:
  podSelector:
    matchLabels:
      pod: a
  egress:
  - to:
    - namespaceSelector:
        matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: NotIn
          values:
          - y
  policyTypes:
  - Egress
` },
        probes: [
          { protocol: 'TCP', port: 80, table: [
            '...XXX...',
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
    id: 'C43',
    title: "[UDP context] 'default-deny-ingress', 'Ports' (81) and 'PodSelector and NamespaceSelector' variants",
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
` },
        probes: [
          { protocol: 'UDP', port: 80, table: [
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
      {
        action: { kind: 'replace-all', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-ingress-on-port-81-ns-x
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
      protocol: UDP
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'UDP', port: 81, table: [
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
      {
        action: { kind: 'replace-all', yaml: `
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
          { protocol: 'UDP', port: 80, table: [
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
    id: 'C44',
    title: "[SCTP context] 'default-deny-ingress', 'Ports' (81) and 'PodSelector and NamespaceSelector' variants",
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
` },
        probes: [
          { protocol: 'SCTP', port: 80, table: [
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
      {
        action: { kind: 'replace-all', yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-ingress-on-port-81-ns-x
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
      protocol: SCTP
  policyTypes:
  - Ingress
` },
        probes: [
          { protocol: 'SCTP', port: 81, table: [
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
      {
        action: { kind: 'replace-all', yaml: `
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
          { protocol: 'SCTP', port: 80, table: [
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
];
