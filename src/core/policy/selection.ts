/**
 * Which policies isolate a pod in a direction, and which rules admit a peer. The fast answers
 * used for connection sets and matrices; evaluate.ts gives the same answers with reasons.
 */
import { intervalsOf, ipSetOfPeer, type IpFamily, type IpInterval } from './ip-blocks';
import { peerMatches, type ResolvedEndpoint } from './peers';
import { selectorMatches } from './selectors';
import type { Direction, NetworkPolicy, PolicyPod, PolicyRule } from './types';
import { policiesIn, type PolicyWorld } from './world';

/**
 * "policyTypes is a list of rule types that the NetworkPolicy relates to." The reader already
 * applied the API server's defaulting (Ingress always; Egress when `spec.egress` is non-empty).
 */
export function affects(policy: NetworkPolicy, direction: Direction): boolean {
  return direction === 'ingress' ? policy.affectsIngress : policy.affectsEgress;
}

export function rulesOf(policy: NetworkPolicy, direction: Direction): readonly PolicyRule[] {
  return direction === 'ingress' ? policy.ingress : policy.egress;
}

/**
 * "podSelector selects the pods to which this NetworkPolicy object applies ... An empty
 * podSelector matches all pods in this namespace." A policy only ever selects pods of its own
 * namespace, and only pods on the pod network (see `ResolvedEndpoint.pod`).
 */
export function selectsPod(policy: NetworkPolicy, pod: PolicyPod, direction: Direction): boolean {
  return policy.namespace === pod.namespace && affects(policy, direction) && selectorMatches(policy.podSelector, pod.labels);
}

/**
 * "A pod is isolated for egress [ingress] if there is any NetworkPolicy that both selects the
 * pod and has "Egress" ["Ingress"] in its policyTypes."
 */
export function policiesSelecting(world: PolicyWorld, pod: PolicyPod, direction: Direction): NetworkPolicy[] {
  return policiesIn(world, pod.namespace).filter((policy) => selectsPod(policy, pod, direction));
}

/** A rule's ipBlock intervals sorted by start, with the running maximum of their ends. */
interface IpIndex {
  readonly starts: readonly bigint[];
  readonly maxEnds: readonly bigint[];
}

interface RuleIndex {
  readonly selectorPeers: NonNullable<PolicyRule['peers']>;
  readonly v4: IpIndex;
  readonly v6: IpIndex;
  readonly hasIpBlocks: boolean;
}

const ruleIndexes = new WeakMap<PolicyRule, RuleIndex>();

function indexRule(rule: PolicyRule): RuleIndex {
  let index = ruleIndexes.get(rule);
  if (index !== undefined) return index;
  const peers = rule.peers ?? [];
  const blocks = peers.filter((p) => p.kind === 'ipBlock');
  const build = (family: IpFamily): IpIndex => {
    const intervals: IpInterval[] = blocks.flatMap((p) => intervalsOf(ipSetOfPeer(p), family));
    intervals.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const maxEnds: bigint[] = [];
    for (const [, last] of intervals) maxEnds.push(maxEnds.length === 0 || last > maxEnds[maxEnds.length - 1]! ? last : maxEnds[maxEnds.length - 1]!);
    return { starts: intervals.map((i) => i[0]), maxEnds };
  };
  index = { selectorPeers: peers.filter((p) => p.kind === 'selectors'), v4: build(4), v6: build(6), hasIpBlocks: blocks.length > 0 };
  ruleIndexes.set(rule, index);
  return index;
}

/**
 * Whether some ipBlock of the rule holds all of `first`..`last`. Each block's set is a list of
 * disjoint intervals, so "a block holds the range" is "one interval holds it": among the
 * intervals starting at or before `first`, the one reaching furthest must reach `last`.
 */
function someBlockHolds(index: IpIndex, first: bigint, last: bigint): boolean {
  let lo = 0;
  let hi = index.starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (index.starts[mid]! <= first) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found >= 0 && index.maxEnds[found]! >= last;
}

/**
 * "If this field is empty or missing, this rule matches all sources [destinations] ... If this
 * field is present and contains at least one item, this rule allows traffic only if the
 * traffic matches at least one item in the from [to] list."
 */
export function ruleAdmits(world: PolicyWorld, policy: NetworkPolicy, rule: PolicyRule, peer: ResolvedEndpoint): boolean {
  if (rule.peers === undefined) return true;
  const index = indexRule(rule);
  if (index.selectorPeers.some((p) => peerMatches(world, policy, p, peer))) return true;
  if (!index.hasIpBlocks || peer.address === undefined) return false;
  if (peer.addressIsPodIp && !world.settings.ipBlockMatchesPods) return false;
  const family = peer.address.family === 4 ? index.v4 : index.v6;
  return someBlockHolds(family, peer.address.first, peer.address.last);
}
