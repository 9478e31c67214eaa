/**
 * What the Service reader can say. Where the API server would refuse the object, the message
 * quotes the field path and detail kubectl prints, so a user recognises it.
 */
export const serviceMessages = {
  badType: (value: string) => ({
    code: 'service-type-invalid',
    message: `spec.type: Unsupported value: "${value}": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort".`,
  }),
  portsRequired: () => ({
    code: 'service-ports-required',
    message: 'spec.ports: Required value. Only headless (clusterIP: None) and ExternalName Services may have no ports.',
  }),
  portNameRequired: (index: number) => ({
    code: 'service-port-name-required',
    message: `spec.ports[${index}].name: Required value. A Service with more than one port must name every port.`,
  }),
  duplicatePort: (index: number, text: string) => ({
    code: 'service-port-duplicate',
    message: `spec.ports[${index}]: Duplicate value: ${text}.`,
  }),
  portRange: (field: string, value: string) => ({
    code: 'service-port-invalid',
    message: `${field}: Invalid value: ${value}: must be between 1 and 65535, inclusive.`,
  }),
  targetPortName: (index: number, value: string) => ({
    code: 'service-target-port-invalid',
    message: `spec.ports[${index}].targetPort: Invalid value: "${value}": a port name must be at most 15 characters of a-z, 0-9 and '-', with at least one letter, no '--', and no '-' at either end.`,
  }),
  nodePortForbidden: (index: number) => ({
    code: 'service-node-port-forbidden',
    message: `spec.ports[${index}].nodePort: Forbidden: may not be used when \`type\` is 'ClusterIP'.`,
  }),
  nodePortRange: (value: number) => ({
    code: 'service-node-port-range',
    message: `nodePort ${value} is outside the node port range 30000-32767 (--service-node-port-range); the API server refuses it.`,
  }),
  nodePortTaken: (value: number, protocol: string, other: string) => ({
    code: 'service-node-port-conflict',
    message: `nodePort ${value}/${protocol} is already allocated to ${other}; a node port belongs to one Service.`,
  }),
  clusterIPOutside: (ip: string, cidr: string) => ({
    code: 'service-cluster-ip-outside',
    message: `clusterIP ${ip} is not in the service CIDR ${cidr} (--service-cluster-ip-range); the API server refuses it.`,
  }),
  clusterIPTaken: (ip: string, other: string) => ({
    code: 'service-cluster-ip-conflict',
    message: `clusterIP ${ip} is already allocated to ${other}.`,
  }),
  clusterIPInvalid: (value: string) => ({
    code: 'service-cluster-ip-invalid',
    message: `clusterIP "${value}" is not an IPv4 address or "None".`,
  }),
  headlessNodePort: (type: string) => ({
    code: 'service-headless-type',
    message: `spec.clusterIP: Invalid value: "None": may not be set to 'None' for ${type} services.`,
  }),
  externalNameRequired: () => ({
    code: 'service-external-name-required',
    message: 'spec.externalName: Required value. An ExternalName Service needs the DNS name it aliases.',
  }),
  externalTrafficPolicyNotExternal: () => ({
    code: 'service-etp-not-external',
    message: 'spec.externalTrafficPolicy: Invalid value: may only be set for externally-accessible services (NodePort or LoadBalancer).',
  }),
  badPolicy: (field: string, value: string) => ({
    code: 'service-policy-invalid',
    message: `${field}: Unsupported value: "${value}": supported values: "Cluster", "Local".`,
  }),
  badAffinity: (value: string) => ({
    code: 'service-affinity-invalid',
    message: `spec.sessionAffinity: Unsupported value: "${value}": supported values: "ClientIP", "None".`,
  }),
  selectorMatchesNothing: (service: string) => ({
    code: 'service-selector-no-pods',
    message: `Service ${service} selects no pod: no pod in its namespace carries all of these labels, so it has no endpoints and kube-proxy rejects connections to it.`,
  }),
  targetPortUndeclared: (name: string, protocol: string) => ({
    code: 'service-target-port-unresolved',
    message: `targetPort "${name}" is not the name of any ${protocol} container port of the selected pods, so this port has no endpoints.`,
  }),
  serviceCIDRFull: (cidr: string) => ({
    code: 'service-cidr-exhausted',
    message: `The service CIDR ${cidr} has no free address left.`,
  }),
} as const;
