/**
 * The NetworkPolicy engine (networking.k8s.io/v1): typed policies read from manifests,
 * single verdicts with reasons, connection sets, matrices and netpol-analyzer's connlist.
 */
export type {
  Protocol,
  Direction,
  Labels,
  PolicyContainerPort,
  PolicyPod,
  PolicyNamespace,
  PolicyEndpoint,
  PolicySettings,
  NetworkPolicy,
  PolicyRule,
  PolicyPeer,
  SelectorPeer,
  IpBlockPeer,
  PolicyPort,
  LabelSelector,
  LabelRequirement,
  SelectorOperator,
} from './types';
export { DEFAULT_POLICY_SETTINGS } from './types';

export type { ConnectionSet, PortRange } from './connection-set';
export {
  ALL_CONNECTIONS,
  NO_CONNECTIONS,
  PROTOCOLS,
  portRange,
  allPorts,
  union,
  intersect,
  subtract,
  unionAll,
  isEmpty,
  isAll,
  isSubset,
  equals,
  contains,
  formatConnections,
} from './connection-set';

export type { PolicyWorld, PolicyWorldInput } from './world';
export { createPolicyWorld, namespaceLabelsOf, NAMESPACE_NAME_LABEL } from './world';

export { readNetworkPolicies } from './read-policy';

export type {
  PolicyVerdict,
  SideVerdict,
  RuleAllow,
  RuleMiss,
  PolicyDenial,
  PolicyRef,
  MatchedPeer,
  MatchedPort,
  PeerMissReason,
  PortMissReason,
} from './evaluate';
export { evaluate, endpointName } from './evaluate';
export { allowedConnections } from './allowed';
export { connectionMatrix, podClassKey, ReachabilityCache } from './matrix';
export { policiesSelecting, selectsPod } from './selection';
export { formatSelector, selectorMatches } from './selectors';

export * from './connlist/index';
