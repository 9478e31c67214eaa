/**
 * Every sentence the policy engine says: reader diagnostics (each with a stable code) and the
 * wording of verdict reasons. Reasons are computed as data elsewhere and worded only here.
 */
import type { PeerMiss } from './peers';
import type { PortMiss } from './ports';
import { formatSelector, isEmptySelector, type SelectorMiss } from './selectors';
import type { Direction, LabelSelector, NetworkPolicy, PolicyPeer, PolicyPort, Protocol } from './types';

type Text = { readonly code: string; readonly message: string };

const rejected = (policy: string) =>
  `The API server rejects the whole NetworkPolicy, so \`${policy}\` is left out of the simulation.`;

/** Reader diagnostics. `policy` is `namespace/name`. */
export const policyMessages = {
  wrongType: (policy: string, field: string, expected: string, actual: string): Text => ({
    code: 'policy-wrong-type',
    message: `\`${field}\` must be ${expected}, but it is ${actual}. ${rejected(policy)}`,
  }),
  unknownPolicyType: (policy: string, value: string): Text => ({
    code: 'policy-unknown-policy-type',
    message: `policyTypes entry "${value}" is neither Ingress nor Egress. ${rejected(policy)}`,
  }),
  tooManyPolicyTypes: (policy: string): Text => ({
    code: 'policy-too-many-policy-types',
    message: `policyTypes may list at most two types (Ingress, Egress). ${rejected(policy)}`,
  }),
  badProtocol: (policy: string, value: string): Text => ({
    code: 'policy-bad-protocol',
    message: `protocol "${value}" is not supported; it must be TCP, UDP or SCTP (upper case). ${rejected(policy)}`,
  }),
  portOutOfRange: (policy: string, field: string, value: number): Text => ({
    code: 'policy-port-out-of-range',
    message: `${field} ${value} is outside 1–65535. ${rejected(policy)}`,
  }),
  endPortBeforePort: (policy: string, port: number, endPort: number): Text => ({
    code: 'policy-end-port-before-port',
    message: `endPort ${endPort} is smaller than port ${port}; "The endPort must be equal or greater than port." ${rejected(policy)}`,
  }),
  endPortNeedsNumber: (policy: string): Text => ({
    code: 'policy-end-port-needs-number',
    message: `endPort needs a numeric port: "This field cannot be defined if the port field is not defined or if the port field is defined as a named (string) port." ${rejected(policy)}`,
  }),
  badPortName: (policy: string, name: string): Text => ({
    code: 'policy-bad-port-name',
    message: `"${name}" is not a valid port name (at most 15 characters of a-z, 0-9 and '-', with at least one letter, no '-' at either end and no '--'). ${rejected(policy)}`,
  }),
  badCidr: (policy: string, field: string, value: string): Text => ({
    code: 'policy-bad-cidr',
    message: `${field} "${value}" is not a CIDR such as 192.168.1.0/24 or 2001:db8::/64. ${rejected(policy)}`,
  }),
  exceptOutsideCidr: (policy: string, except: string, cidr: string): Text => ({
    code: 'policy-except-outside-cidr',
    message: `except "${except}" must be a strict subset of cidr "${cidr}". ${rejected(policy)}`,
  }),
  emptyPeer: (policy: string): Text => ({
    code: 'policy-empty-peer',
    message: `This peer names nothing: it needs podSelector, namespaceSelector or ipBlock. ${rejected(policy)}`,
  }),
  ipBlockWithSelector: (policy: string): Text => ({
    code: 'policy-ip-block-with-selector',
    message: `A peer with ipBlock may not also have podSelector or namespaceSelector; write them as two peers. ${rejected(policy)}`,
  }),
  badOperator: (policy: string, operator: string): Text => ({
    code: 'policy-bad-selector-operator',
    message: `Selector operator "${operator}" is not In, NotIn, Exists or DoesNotExist. ${rejected(policy)}`,
  }),
  operatorValues: (policy: string, operator: string, needsValues: boolean): Text => ({
    code: 'policy-selector-values',
    message: needsValues
      ? `Operator ${operator} needs a non-empty \`values\` list. ${rejected(policy)}`
      : `Operator ${operator} must not have \`values\`. ${rejected(policy)}`,
  }),
  duplicate: (policy: string): Text => ({
    code: 'policy-duplicate',
    message: `A second NetworkPolicy named \`${policy}\`: applying it replaces the first one, so only this one is simulated.`,
  }),
  otherApi: (apiVersion: string, name: string): Text => ({
    code: 'policy-other-api',
    message: `\`${name}\` is a ${apiVersion} NetworkPolicy (a CNI's own kind), not networking.k8s.io/v1; it is not simulated.`,
  }),
};

/** What the connlist reader and builder say. */
export const connlistMessages = {
  portWithoutNumber: (object: string): Text => ({
    code: 'connlist-port-without-number',
    message: `A container port of \`${object}\` has no valid containerPort (1–65535); it is left out, so a named port cannot resolve to it.`,
  }),
  inconsistentWorkload: (peer: string, first: string, other: string): Text => ({
    code: 'connlist-inconsistent-workload',
    message: `Pods \`${first}\` and \`${other}\` of ${peer} differ in labels or ports; connlist uses \`${first}\` for the whole workload.`,
  }),
};

// ---------------------------------------------------------------------------------------------
// Verdict wording.

export const policyName = (policy: Pick<NetworkPolicy, 'namespace' | 'name'>): string => `${policy.namespace}/${policy.name}`;

const sideWord = (direction: Direction) => (direction === 'ingress' ? 'source' : 'destination');

function selectorText(selector: LabelSelector): string {
  return formatSelector(selector).replace(/,/g, ', ');
}

/** What a peer entry admits: "pods with role=frontend in namespace prod". */
export function describePeer(peer: PolicyPeer, policyNamespace: string): string {
  if (peer.kind === 'ipBlock') {
    const except = peer.except.length === 0 ? '' : ` except ${peer.except.join(', ')}`;
    return `addresses in ${peer.cidr}${except}`;
  }
  const pods =
    peer.podSelector === undefined || isEmptySelector(peer.podSelector) ? 'all pods' : `pods with ${selectorText(peer.podSelector)}`;
  if (peer.namespaceSelector === undefined) return `${pods} in namespace ${policyNamespace}`;
  if (isEmptySelector(peer.namespaceSelector)) return `${pods} in all namespaces`;
  return `${pods} in namespaces with ${selectorText(peer.namespaceSelector)}`;
}

/** "TCP 80", "TCP 8000-8080", "all TCP ports", "named port http (TCP)". */
export function describePort(entry: PolicyPort): string {
  if (entry.port === undefined) return `all ${entry.protocol} ports`;
  if (typeof entry.port === 'string') return `named port ${entry.port} (${entry.protocol})`;
  return entry.endPort === undefined || entry.endPort === entry.port
    ? `${entry.protocol} ${entry.port}`
    : `${entry.protocol} ${entry.port}-${entry.endPort}`;
}

function describeSelectorMiss(subject: string, miss: SelectorMiss): string {
  if (miss.kind === 'label') {
    return miss.actual === undefined ? `${subject} has no label ${miss.key}` : `${subject} has ${miss.key}=${miss.actual}`;
  }
  const { requirement, actual } = miss;
  switch (requirement.operator) {
    case 'In':
      return actual === undefined
        ? `${subject} has no label ${requirement.key}`
        : `${subject} has ${requirement.key}=${actual}, not one of (${requirement.values.join(', ')})`;
    case 'NotIn':
      return `${subject} has ${requirement.key}=${actual ?? ''}`;
    case 'Exists':
      return `${subject} has no label ${requirement.key}`;
    case 'DoesNotExist':
      return `${subject} has the label ${requirement.key}=${actual ?? ''}`;
  }
}

/** Why a peer entry does not admit the other end ("the source has role=web"). */
export function describePeerMiss(miss: PeerMiss, direction: Direction): string {
  const who = `the ${sideWord(direction)}`;
  switch (miss.kind) {
    case 'not-a-pod':
      return miss.what === 'external'
        ? `selectors match pods only, and ${who} is outside the cluster`
        : miss.what === 'node'
          ? `selectors match pods only, and ${who} is a node`
          : `${who} is a hostNetwork pod, which selectors do not match (its traffic is the node's)`;
    case 'other-namespace':
      return `${who} is in namespace ${miss.actual}, not ${miss.expected}`;
    case 'namespace-labels':
      return describeSelectorMiss(`${who}'s namespace ${miss.namespace}`, miss.miss);
    case 'pod-labels':
      return describeSelectorMiss(who, miss.miss);
    case 'pod-ip-not-matched':
      return `${who} is a pod, and ipBlock is not matched against pod IPs (setting ipBlockMatchesPods is off, as in netpol-analyzer and on Cilium, where pods have identities of their own; Calico does match pod IPs)`;
    case 'no-address':
      return `${who} has no IP address to match`;
    case 'outside-cidr':
      return `${who} ${miss.address} is not in ${miss.cidr}`;
    case 'in-except':
      return `${who} ${miss.address} falls in the except ${miss.except}`;
  }
}

/** Why a port entry does not match the connection. */
export function describePortMiss(miss: PortMiss): string {
  switch (miss.kind) {
    case 'protocol':
      return `the connection is ${miss.actual}, not ${miss.expected}`;
    case 'number':
      return `the connection is to port ${miss.actual}`;
    case 'named-needs-pod':
      return `the named port ${miss.name} can only be resolved on a destination pod`;
    case 'named-unresolved':
      return `the destination pod declares no ${miss.protocol} container port named ${miss.name}`;
    case 'named-other-port':
      return `${miss.name} is ${miss.protocol} ${miss.resolved.join(', ')} on the destination pod, not ${miss.actual}`;
  }
}

export const verdictText = {
  samePod: () => 'A pod cannot block traffic to itself; NetworkPolicy does not apply.',
  ownNode: () => 'Traffic between a pod and its own node is always allowed, whatever the policies say.',
  outsideCluster: (direction: Direction) =>
    direction === 'egress'
      ? 'The source is outside the cluster; no NetworkPolicy restricts it.'
      : 'The destination is outside the cluster; no NetworkPolicy restricts it.',
  hostNetwork: (direction: Direction, who: string) =>
    `${who} uses its node's network namespace (hostNetwork or a node), so NetworkPolicy does not apply to its ${direction}.`,
  notIsolated: (direction: Direction, pod: string, namespace: string) =>
    `No NetworkPolicy in ${namespace} selects ${pod} for ${direction}, so its ${direction} is not restricted.`,
  ruleAllows: (policy: string, direction: Direction, rule: number, peer: string, port: string) =>
    `\`${policy}\` ${direction} rule ${rule} allows it: ${peer}; ${port}.`,
  peerMatched: (index: number | undefined, description: string, direction: Direction) =>
    index === undefined
      ? `the rule lists no ${direction === 'ingress' ? 'from' : 'to'}, so it admits every ${sideWord(direction)}`
      : `peer ${index} (${description}) matches`,
  portMatched: (index: number | undefined, description: string, resolved: readonly number[] | undefined) =>
    index === undefined
      ? 'the rule lists no ports, so it admits every port'
      : `port ${index} (${description}${resolved === undefined ? '' : ` = ${resolved.join(', ')}`}) matches`,
  noRules: (policy: string, direction: Direction) =>
    `\`${policy}\` selects the pod for ${direction} but has no ${direction} rules, so it allows nothing.`,
  rulePeerMiss: (policy: string, direction: Direction, rule: number, admits: string, why: string) =>
    `\`${policy}\` ${direction} rule ${rule} admits ${admits}; ${why}.`,
  rulePortMiss: (policy: string, direction: Direction, rule: number, ports: string, why: string) =>
    `\`${policy}\` ${direction} rule ${rule} admits the ${sideWord(direction)} but only on ${ports}; ${why}.`,
  sideDenied: (direction: Direction, pod: string, count: number, connection: string) =>
    `${pod} is isolated for ${direction} by ${count === 1 ? '1 policy' : `${count} policies`}, and none allows ${connection}.`,
  allowed: (connection: string) => `Allowed: ${connection}.`,
  denied: (connection: string, side: Direction) => `Denied: ${connection} (blocked on ${side}).`,
};

export function describeConnection(from: string, to: string, protocol: Protocol, port: number): string {
  return `${from} → ${to} on ${protocol} ${port}`;
}
