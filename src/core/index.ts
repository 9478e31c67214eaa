/**
 * The public face of the simulation core. Pure: no DOM, no React, no I/O.
 * Runs unchanged in Node (tests, CLI) and in the browser.
 */
export type { SourceSpan, Diagnostic, Severity, ManifestObject, ParsedManifests } from './manifest/types';
export type {
  Cluster,
  ClusterNode,
  ClusterSettings,
  Pod,
  Container,
  ContainerPort,
  Interface,
  Route,
  Protocol,
  Namespace,
  Service,
  ServicePort,
  ServiceType,
  Endpoint,
  OwnerRef,
  Taint,
  CniPlugin,
  KubeProxyMode,
} from './cluster/types';
export type { Topology, TopologyElement, TopologyLink, ElementKind, LinkKind } from './topology/types';
export type {
  Flow,
  PodSource,
  PodDestination,
  Trace,
  TraceResult,
  FlowError,
  Hop,
  HopKind,
  HopRule,
  Packet,
  EthernetHeader,
  IpHeader,
  TransportHeader,
  PortHeader,
  IcmpHeader,
  OuterHeaders,
  FieldChange,
  Capture,
  Verdict,
} from './trace/types';

export { parseManifests, mergeManifests } from './manifest/parse';
export { buildCluster, DEFAULT_SETTINGS } from './cluster/build';
export { validateSettings, CNI_PLUGINS, KUBE_PROXY_MODES, type SettingsProblem } from './cluster/settings';
export { buildTopology } from './topology/build';
export { elementId } from './topology/ids';
export { traceFlow } from './trace/trace';
export { parseSource, parseDestination, formatFlow } from './trace/flow';
export { reachability, groupWorkloads, OUTSIDE } from './reachability/index';
export type { Reachability, ReachabilityCell, ReachabilityQuery, WorkloadGroup, CellState } from './reachability/index';
export type { SideVerdict, PolicyVerdict, RuleAllow, RuleMiss, PolicyDenial, PolicyRef } from './policy/evaluate';
export type { NetworkPolicy } from './policy/types';
export type { PolicyCheck } from './trace/types';
export type { PolicyFix } from './policy-fix/suggest';
