/**
 * What the NetworkPolicy under the editor's cursor means: the pods it selects and, when the
 * cursor is inside one of its rules, what that rule admits. The picture answers the YAML.
 */
import type { SourceSpan } from '../manifest/types';
import { describePeer, describePort } from './messages';
import { resolveEndpoint } from './peers';
import { ruleAdmits } from './selection';
import { selectorMatches } from './selectors';
import type { Direction, NetworkPolicy, PolicyPeer, PolicyPod, PolicyRule } from './types';
import type { PolicyWorld } from './world';

/** A pod by its name, in the order the cluster lists pods. */
export interface PodRef {
  readonly namespace: string;
  readonly name: string;
}

export interface PeerAtCursor {
  readonly index: number;
  readonly kind: PolicyPeer['kind'];
  /** "pods with role=frontend in namespace prod", "addresses in 10.0.0.0/8 except 10.1.0.0/16". */
  readonly text: string;
  /** The pods this one entry admits. */
  readonly admits: readonly PodRef[];
  readonly span: SourceSpan;
}

export interface RuleAtCursor {
  readonly direction: Direction;
  readonly index: number;
  /** True when the rule has no `from` / `to`: it admits every source (destination), pods and addresses. */
  readonly everyPeer: boolean;
  /** The pods some peer entry of the rule admits (the union of its peers). */
  readonly admits: readonly PodRef[];
  /** The rule's ipBlock peers as written: "10.0.0.0/8 except 10.1.0.0/16". */
  readonly ipBlocks: readonly string[];
  /** "TCP 3306", "named port mysql (TCP)", "all UDP ports"; empty when the rule matches every port. */
  readonly ports: readonly string[];
  /** The peer entry the cursor is in, if it is in one. */
  readonly peer: PeerAtCursor | undefined;
  readonly span: SourceSpan;
}

export interface PolicyAtCursor {
  readonly namespace: string;
  readonly name: string;
  /** The pods its podSelector selects. */
  readonly selects: readonly PodRef[];
  /** The rule the cursor is in, if it is in one. */
  readonly rule: RuleAtCursor | undefined;
  readonly span: SourceSpan;
}

/** The span holds the offset; a cursor right after the last character still counts. */
const holds = (span: SourceSpan, offset: number): boolean => span.from <= offset && offset <= span.to;

const refOf = (pod: PolicyPod): PodRef => ({ namespace: pod.namespace, name: pod.name });

/**
 * "podSelector selects the pods to which this NetworkPolicy object applies ... An empty
 * podSelector matches all pods in this namespace." Only pods on the pod network: a hostNetwork
 * pod is not policed (its traffic is the node's).
 */
function selectedPods(policy: NetworkPolicy, pods: readonly PolicyPod[]): PodRef[] {
  return pods
    .filter((pod) => !pod.hostNetwork && pod.namespace === policy.namespace && selectorMatches(policy.podSelector, pod.labels))
    .map(refOf);
}

function admittedPods(world: PolicyWorld, policy: NetworkPolicy, rule: PolicyRule, pods: readonly PolicyPod[]): PodRef[] {
  return pods.filter((pod) => ruleAdmits(world, policy, rule, resolveEndpoint({ kind: 'pod', pod }))).map(refOf);
}

function ipBlockText(peer: PolicyPeer): string | undefined {
  if (peer.kind !== 'ipBlock') return undefined;
  return peer.except.length === 0 ? peer.cidr : `${peer.cidr} except ${peer.except.join(', ')}`;
}

function peerAt(world: PolicyWorld, policy: NetworkPolicy, peer: PolicyPeer, pods: readonly PolicyPod[]): PeerAtCursor {
  // The engine's own answer for a rule made of this one entry (same direction, same ports).
  const alone: PolicyRule = { direction: 'ingress', index: 0, peers: [peer], ports: undefined, span: peer.span };
  return {
    index: peer.index,
    kind: peer.kind,
    text: describePeer(peer, policy.namespace),
    admits: admittedPods(world, policy, alone, pods),
    span: peer.span,
  };
}

function ruleAt(world: PolicyWorld, policy: NetworkPolicy, rule: PolicyRule, pods: readonly PolicyPod[], offset: number): RuleAtCursor {
  const peer = rule.peers?.find((p) => holds(p.span, offset));
  return {
    direction: rule.direction,
    index: rule.index,
    everyPeer: rule.peers === undefined,
    admits: admittedPods(world, policy, rule, pods),
    ipBlocks: (rule.peers ?? []).flatMap((p) => ipBlockText(p) ?? []),
    ports: (rule.ports ?? []).map(describePort),
    peer: peer === undefined ? undefined : peerAt(world, policy, peer, pods),
    span: rule.span,
  };
}

/**
 * The policy whose YAML holds `offset` (an offset into the editor's text), what it selects and,
 * inside an ingress or egress rule, what the rule admits. Undefined outside every policy.
 * `pods` are every pod of the cluster; the answers keep their order.
 */
export function policyAtCursor(world: PolicyWorld, pods: readonly PolicyPod[], offset: number): PolicyAtCursor | undefined {
  const policy = world.policies.find((p) => holds(p.span, offset));
  if (policy === undefined) return undefined;
  const rule = [...policy.ingress, ...policy.egress].find((r) => holds(r.span, offset));
  return {
    namespace: policy.namespace,
    name: policy.name,
    selects: selectedPods(policy, pods),
    rule: rule === undefined ? undefined : ruleAt(world, policy, rule, pods, offset),
    span: policy.span,
  };
}
