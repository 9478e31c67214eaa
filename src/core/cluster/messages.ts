/** What the cluster builder can say about the objects it was given, each with a stable code. */
export const clusterMessages = {
  noContainers: (pod: string) => ({
    code: 'pod-no-containers',
    message: `Pod ${pod} has no containers; a pod needs at least one in \`spec.containers\`.`,
  }),
  containerNoName: (index: number, placeholder: string) => ({
    code: 'container-no-name',
    message: `Container ${index} has no \`name\` (the API server requires one); it is called "${placeholder}" here.`,
  }),
  duplicateContainer: (name: string) => ({
    code: 'container-duplicate-name',
    message: `Two containers are named "${name}"; container names must be unique in a pod.`,
  }),
  badPort: (value: string) => ({
    code: 'port-out-of-range',
    message: `containerPort must be a whole number from 1 to 65535, not ${value}.`,
  }),
  badProtocol: (value: string) => ({
    code: 'port-bad-protocol',
    message: `protocol must be TCP, UDP or SCTP, not ${value}.`,
  }),
  portMissing: (misspelt: string | undefined) => ({
    code: 'port-missing',
    message:
      misspelt === undefined
        ? 'This port entry has no containerPort (Required value); it is ignored.'
        : `Unknown field "${misspelt}": did you mean "containerPort"? Without containerPort this port entry is ignored.`,
  }),
  portConflict: (port: number, protocol: string, first: string, second: string) => ({
    code: 'port-conflict',
    message: `Containers "${first}" and "${second}" both declare ${protocol} ${port}. Containers of a pod share one network namespace and one port space: only one of them can listen there.`,
  }),
  badPodIP: (value: string) => ({
    code: 'pod-ip-invalid',
    message: `status.podIP "${value}" is not an IPv4 address; an address is assigned instead.`,
  }),
  podIPOutsideCIDR: (ip: string, cidr: string) => ({
    code: 'pod-ip-outside-cidr',
    message: `status.podIP ${ip} is outside the node's pod CIDR ${cidr}; it is used as given, but the node's routes will not cover it.`,
  }),
  podIPTaken: (ip: string, other: string) => ({
    code: 'pod-ip-conflict',
    message: `status.podIP ${ip} is already used by ${other}; two pods cannot share an address (outside hostNetwork).`,
  }),
  podCIDRFull: (cidr: string) => ({
    code: 'pod-cidr-exhausted',
    message: `The node's pod CIDR ${cidr} has no free address left for this pod.`,
  }),
  badCIDR: (field: string, value: string) => ({
    code: 'cidr-invalid',
    message: `${field} "${value}" is not an IPv4 CIDR such as 10.244.1.0/24.`,
  }),
  badIP: (field: string, value: string) => ({
    code: 'ip-invalid',
    message: `${field} "${value}" is not an IPv4 address.`,
  }),
  duplicateObject: (kind: string, name: string) => ({
    code: 'object-duplicate',
    message: `${kind} ${name} is defined twice; the later definition is ignored.`,
  }),
  podCIDRTaken: (cidr: string, other: string) => ({
    code: 'pod-cidr-conflict',
    message: `Pod CIDR ${cidr} overlaps the pod CIDR of node ${other}; every node needs its own range.`,
  }),
  clusterCIDRFull: (cidr: string) => ({
    code: 'cluster-cidr-exhausted',
    message: `The cluster CIDR ${cidr} has no free node-sized range left for another node.`,
  }),
  unknownNode: (pod: string, node: string) => ({
    code: 'pod-unknown-node',
    message: `Pod ${pod} is bound to node "${node}", which is not among the pasted Nodes; the node is added with assigned addresses.`,
  }),
  missingNode: (pod: string, node: string) => ({
    code: 'pod-unknown-node',
    message:
      `Pod ${pod} is bound to node "${node}" (spec.nodeName), which is not among the pasted Nodes. The scheduler does not place a pod that names its node, ` +
      `and no kubelet runs it: it gets no IP and takes part in no traffic (the pod garbage collector deletes pods bound to a node that does not exist).`,
  }),
  unschedulable: (pod: string, total: number, reasons: string) => ({
    code: 'pod-unschedulable',
    message: `Pod ${pod} cannot be scheduled: 0/${total} nodes are available: ${reasons}. It stays Pending and gets no IP.`,
  }),
  notRunning: (pod: string, phase: string) => ({
    code: 'pod-not-running',
    message: `Pod ${pod} is ${phase} in the dump and has no IP; it cannot send or receive traffic.`,
  }),
  badReplicas: (field: string, value: string) => ({
    code: 'replicas-invalid',
    message: `${field} must be a whole number ≥ 0, not ${value}.`,
  }),
  workloadNoSelectorMatch: (kind: string, name: string) => ({
    code: 'workload-selector-mismatch',
    message: `${kind} ${name}: spec.selector does not match the template's labels; the API server rejects this ("selector does not match template labels").`,
  }),
  volumeDuplicate: (name: string) => ({
    code: 'volume-duplicate-name',
    message: `Two volumes are named "${name}"; volume names must be unique in a pod (the API server refuses it: Duplicate value). The later one is ignored.`,
  }),
  volumeMountUnknown: (container: string, volume: string) => ({
    code: 'volume-mount-unknown',
    message: `Container "${container}" mounts volume "${volume}", which is not in the pod's \`spec.volumes\`; the API server refuses the pod (Not found). The mount is left out here.`,
  }),
} as const;
