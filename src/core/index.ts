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
export type { Topology, TopologyElement, TopologyLink, ElementKind, LinkKind, ServiceFacts } from './topology/types';
export type {
  Flow,
  PodSource,
  NodeSource,
  ExternalSource,
  Source,
  PodDestination,
  Destination,
  ServiceDestination,
  NameDestination,
  AddressDestination,
  ServiceStep,
  TraceOptions,
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
export { validateSettings, CNI_PLUGINS, withCni, pluginDefaults, KUBE_PROXY_MODES, type SettingsProblem } from './cluster/settings';
export { buildTopology } from './topology/build';
export { elementId } from './topology/ids';
export { traceFlow } from './trace/trace';
export { MAX_PACKET_SIZE, minimumPacketSize } from './trace/packet-size';
export { DEFAULT_EXTERNAL_IP } from './trace/types';
export { compareTraces, compareHops, RULE_FIELD, type TraceComparison, type HopComparison } from './trace/compare';
export { parseSource, parseDestination, formatFlow, formatDestination, formatSource } from './trace/flow';
export { reachability, groupWorkloads, OUTSIDE, reachabilityMatrix, matrixCell, matrixCellOf, expandCells } from './reachability/index';
export type { Reachability, ReachabilityCell, ReachabilityQuery, ReachabilityMatrix, WorkloadGroup, CellState } from './reachability/index';
export type { SideVerdict, PolicyVerdict, RuleAllow, RuleMiss, PolicyDenial, PolicyRef } from './policy/evaluate';
export type { NetworkPolicy } from './policy/types';
export type { PolicyCheck } from './trace/types';
export type { PolicyFix } from './policy-fix/suggest';
export { clusterPolicyAtCursor } from './cluster/policy-at-cursor';
export type { PolicyAtCursor, RuleAtCursor, PeerAtCursor, PodRef } from './policy/at-cursor';
export { traceMarkdown, type TraceMarkdownOptions } from './report/trace-markdown';
export {
  encodeScenario,
  decodeScenario,
  isScenarioFragment,
  scenarioToFile,
  readScenarioFile,
  looksLikeScenarioFile,
  MAX_SCENARIO_BYTES,
  SCENARIO_FILE_FORMAT,
  readScenarioFlow,
} from './scenario/index';
export type { Scenario, ScenarioFlow, ScenarioView, ScenarioPane, ScenarioProblem, ScenarioRead } from './scenario/index';

export { categorizeEndpoints, endpointString, type EndpointCategories } from './kube-proxy/endpoints';
export { kubeProxyBackend } from './kube-proxy/index';
export { iptablesBackend, generateIptables, nodeDump, restorePayload, type IptablesOptions, type IptablesRevision, type IptablesRuleset } from './kube-proxy/iptables/index';
export { kubeProxySettings, DEFAULT_KUBE_PROXY_SETTINGS } from './cluster/settings';
export type { KubeProxySettings } from './cluster/types';
export type { KubeProxyBackend, ServicePacket, ServiceLookup, ServiceOutcome, MatchedRule, EndpointChoice, PacketOrigin } from './kube-proxy/types';

export { resolveName, resolvConf, searchOrder, askServer, classifyHost, clusterDnsIP, type LookupOptions, type DestinationHost, type SearchStep } from './dns/index';
export type { DnsLookup, DnsQuery, DnsRecord, DnsResponse, DnsResult, ResolvConf, NodeResolvConf } from './dns/index';
export type { DnsPolicy, PodDnsConfig } from './cluster/types';
