/**
 * The policy engine's own inputs. It depends on nothing but these small types, so that pods
 * can come from anywhere (Pods, Deployments, a cluster model, a test table) and policies from
 * the manifest reader (`readNetworkPolicies`) or be built by hand.
 *
 * Everything here is plain, JSON-safe data; every policy part keeps the SourceSpan of its YAML
 * so that the UI can select the exact lines a verdict names.
 */
import type { SourceSpan } from '../manifest/types';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export type Direction = 'ingress' | 'egress';
export type Labels = Readonly<Record<string, string>>;

/** One `containerPort` of one of the pod's containers. */
export interface PolicyContainerPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: Protocol;
}

export interface PolicyPod {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  /** The container ports of all its containers: named ports in policies resolve against these. */
  readonly ports: readonly PolicyContainerPort[];
  /**
   * The pod IP, matched by `ipBlock` only with `ipBlockMatchesPods`. For a hostNetwork pod it is
   * its node's IP, which `ipBlock` always matches (it is node traffic).
   */
  readonly ip?: string;
  readonly hostNetwork: boolean;
  /** The node it runs on; traffic between a pod and its own node is always allowed. */
  readonly nodeName?: string;
}

export interface PolicyNamespace {
  readonly name: string;
  /** As written; `kubernetes.io/metadata.name` is added by the engine as the API server does. */
  readonly labels: Labels;
}

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: readonly string[];
  readonly span: SourceSpan;
}

/** A standard label selector: every `matchLabels` pair and every expression must hold (AND). */
export interface LabelSelector {
  readonly matchLabels: Labels;
  readonly matchExpressions: readonly LabelRequirement[];
  readonly span: SourceSpan;
}

/** `podSelector` and/or `namespaceSelector` in one peer entry (both given: AND). */
export interface SelectorPeer {
  readonly kind: 'selectors';
  readonly index: number;
  /** Absent: every pod of the selected namespaces. */
  readonly podSelector: LabelSelector | undefined;
  /** Absent: the policy's own namespace. */
  readonly namespaceSelector: LabelSelector | undefined;
  readonly span: SourceSpan;
}

export interface IpBlockPeer {
  readonly kind: 'ipBlock';
  readonly index: number;
  /** As written (a non-canonical CIDR such as 192.168.242.213/24 is accepted and means its network). */
  readonly cidr: string;
  readonly except: readonly string[];
  readonly span: SourceSpan;
  readonly cidrSpan: SourceSpan;
  readonly exceptSpans: readonly SourceSpan[];
}

export type PolicyPeer = SelectorPeer | IpBlockPeer;

export interface PolicyPort {
  readonly index: number;
  /** `TCP` when the entry does not say. */
  readonly protocol: Protocol;
  /** A number, a named port (resolved on the destination pod), or absent: every port of the protocol. */
  readonly port: number | string | undefined;
  /** Inclusive end of a numeric range. */
  readonly endPort: number | undefined;
  readonly span: SourceSpan;
}

export interface PolicyRule {
  readonly direction: Direction;
  /** 0-based, as in the YAML list. */
  readonly index: number;
  /** Undefined when `from`/`to` is missing or empty: the rule matches every peer. */
  readonly peers: readonly PolicyPeer[] | undefined;
  /** Undefined when `ports` is missing or empty: the rule matches every port. */
  readonly ports: readonly PolicyPort[] | undefined;
  readonly span: SourceSpan;
}

export interface NetworkPolicy {
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: LabelSelector;
  /** Effective policy types, after the API server's defaulting. */
  readonly affectsIngress: boolean;
  readonly affectsEgress: boolean;
  /** False when `policyTypes` was not written and the types were defaulted. */
  readonly policyTypesWritten: boolean;
  readonly ingress: readonly PolicyRule[];
  readonly egress: readonly PolicyRule[];
  readonly span: SourceSpan;
  /** The `policyTypes` field, or the spec when it is not written. */
  readonly policyTypesSpan: SourceSpan;
}

export interface PolicySettings {
  /**
   * Whether `ipBlock` peers also match pod IPs. CNIs differ: Calico, Cilium and the upstream e2e
   * suite match pod IPs (after Service DNAT); np-guard netpol-analyzer never does. Default false,
   * as the analyzer, so that connlist output is comparable.
   */
  readonly ipBlockMatchesPods: boolean;
}

export const DEFAULT_POLICY_SETTINGS: PolicySettings = { ipBlockMatchesPods: false };

/** One end of a connection. */
export type PolicyEndpoint =
  | { readonly kind: 'pod'; readonly pod: PolicyPod }
  /** One address outside the cluster. */
  | { readonly kind: 'external'; readonly ip: string }
  /** A block of outside addresses (netpol-analyzer's atoms); an ipBlock matches it when it holds all of it. */
  | { readonly kind: 'external-range'; readonly first: string; readonly last: string }
  /** A node's own network namespace (kubelet, hostNetwork pods). */
  | { readonly kind: 'node'; readonly name: string; readonly ip?: string };
