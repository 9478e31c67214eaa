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
  portConflict: (port: number, protocol: string, first: string, second: string) => ({
    code: 'port-conflict',
    message: `Containers "${first}" and "${second}" both declare ${protocol} ${port}. Containers of a pod share one network namespace and one port space: only one of them can listen there.`,
  }),
  duplicatePod: (pod: string) => ({
    code: 'pod-duplicate',
    message: `Pod ${pod} is defined twice; the later definition is ignored.`,
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
  hostNetworkNotYet: (pod: string) => ({
    code: 'host-network-not-simulated',
    message: `Pod ${pod} uses hostNetwork; pods in the node's network namespace are not simulated yet, so it is left out.`,
  }),
} as const;
