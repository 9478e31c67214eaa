/** What the policy linter says: things that are legal but rarely what the author meant. */
export const lintMessages = {
  policySelectsNothing: (policy: string) => ({
    code: 'policy-selects-nothing',
    message: `NetworkPolicy ${policy} selects no pod: no pod in its namespace matches its podSelector, so it has no effect.`,
  }),
  dnsBlocked: (policy: string, coredns: string) => ({
    code: 'policy-blocks-dns',
    message: `${policy} isolates its pods for egress, and no egress rule lets them reach ${coredns} on UDP 53: they can no longer resolve names (add an egress rule to kube-dns pods in kube-system on UDP and TCP 53).`,
  }),
  servicePort: (port: number, service: string, targetPort: string) => ({
    code: 'policy-port-is-service-port',
    message: `Port ${port} is the port of Service ${service}, but NetworkPolicies see the packet after kube-proxy's DNAT, on the pod's port ${targetPort}; no selected pod declares ${port}.`,
  }),
  namedPortUndeclared: (name: string, protocol: string) => ({
    code: 'policy-named-port-undeclared',
    message: `No pod this policy selects declares a ${protocol} container port named "${name}", so this port entry admits nothing.`,
  }),
  namespaceLabelUnused: (key: string, value: string) => ({
    code: 'policy-namespace-label-unused',
    message: `No namespace carries the label ${key}=${value}, so this namespaceSelector matches nothing (every namespace has kubernetes.io/metadata.name=<its name>).`,
  }),
  splitPeer: (direction: string) => ({
    code: 'policy-or-peers',
    message: `This ${direction === 'ingress' ? 'from' : 'to'} list has a namespaceSelector peer and a separate podSelector peer, which admit either (OR). If you meant pods matching both (AND), write them in one list item, without the second "-".`,
  }),
} as const;
