/**
 * Which endpoints a rule's peer entries (`from` / `to`) admit, and why not when they do not.
 */
import { cidrSet, formatAddress, formatInterval, ipSetContainsRange, ipSetOfPeer, parseAddress, parseCidr, type IpFamily } from './ip-blocks';
import { selectorMiss, type SelectorMiss } from './selectors';
import type { IpBlockPeer, NetworkPolicy, PolicyEndpoint, PolicyPeer, PolicyPod, SelectorPeer } from './types';
import { namespaceLabelsOf, type PolicyWorld } from './world';

/** An endpoint with what matching needs worked out once. */
export interface ResolvedEndpoint {
  readonly endpoint: PolicyEndpoint;
  /** The pod, when it is on the pod network: only such pods are policed and matched by selectors. */
  readonly pod: PolicyPod | undefined;
  /** The pod whose container ports named ports resolve against (a hostNetwork pod too). */
  readonly portsPod: PolicyPod | undefined;
  /** Its address (or block of addresses), for `ipBlock`. */
  readonly address: { readonly family: IpFamily; readonly first: bigint; readonly last: bigint } | undefined;
  /** The address is a pod IP: `ipBlock` matches it only with `ipBlockMatchesPods`. */
  readonly addressIsPodIp: boolean;
  /** A node's own network namespace (a node, or a hostNetwork pod). */
  readonly onHostNetwork: boolean;
  /** The node the pod runs on, or the node itself. */
  readonly nodeName: string | undefined;
}

export function resolveEndpoint(endpoint: PolicyEndpoint): ResolvedEndpoint {
  switch (endpoint.kind) {
    case 'pod': {
      // A hostNetwork pod is not policed and not matched by selectors: "NetworkPolicy behaviour
      // for hostNetwork pods is undefined", and in the most common implementation its traffic
      // "is treated the same as all other traffic to/from the node IP" (Kubernetes docs).
      const pod = endpoint.pod;
      const address = addressOf(pod.ip);
      return {
        endpoint,
        pod: pod.hostNetwork ? undefined : pod,
        portsPod: pod,
        address,
        addressIsPodIp: !pod.hostNetwork,
        onHostNetwork: pod.hostNetwork,
        nodeName: pod.nodeName,
      };
    }
    case 'external':
      return { ...outside(endpoint), address: addressOf(endpoint.ip) };
    case 'external-range': {
      const first = parseAddress(endpoint.first);
      const last = parseAddress(endpoint.last);
      const address =
        first !== undefined && last !== undefined && first.family === last.family
          ? { family: first.family, first: first.value, last: last.value }
          : undefined;
      return { ...outside(endpoint), address };
    }
    case 'node':
      return { ...outside(endpoint), address: addressOf(endpoint.ip), onHostNetwork: true, nodeName: endpoint.name };
  }
}

function outside(endpoint: PolicyEndpoint): ResolvedEndpoint {
  return {
    endpoint,
    pod: undefined,
    portsPod: undefined,
    address: undefined,
    addressIsPodIp: false,
    onHostNetwork: false,
    nodeName: undefined,
  };
}

function addressOf(ip: string | undefined): ResolvedEndpoint['address'] {
  const parsed = ip === undefined ? undefined : parseAddress(ip);
  return parsed === undefined ? undefined : { family: parsed.family, first: parsed.value, last: parsed.value };
}

/** Why a peer entry does not admit an endpoint, as data (wording: messages.ts). */
export type PeerMiss =
  /** Selectors match pods on the pod network only. */
  | { readonly kind: 'not-a-pod'; readonly what: 'external' | 'node' | 'host-network-pod' }
  /** A `podSelector` without `namespaceSelector` only looks in the policy's own namespace. */
  | { readonly kind: 'other-namespace'; readonly actual: string; readonly expected: string }
  | { readonly kind: 'namespace-labels'; readonly namespace: string; readonly miss: SelectorMiss }
  | { readonly kind: 'pod-labels'; readonly miss: SelectorMiss }
  /** `ipBlock` against a pod while `ipBlockMatchesPods` is off. */
  | { readonly kind: 'pod-ip-not-matched' }
  | { readonly kind: 'no-address' }
  | { readonly kind: 'outside-cidr'; readonly address: string; readonly cidr: string }
  | { readonly kind: 'in-except'; readonly address: string; readonly except: string };

export type PeerOutcome = { readonly match: true } | { readonly match: false; readonly miss: PeerMiss };

const MATCH: PeerOutcome = { match: true };

export function peerOutcome(world: PolicyWorld, policy: NetworkPolicy, peer: PolicyPeer, target: ResolvedEndpoint): PeerOutcome {
  return peer.kind === 'selectors' ? selectorPeerOutcome(world, policy, peer, target) : ipBlockOutcome(world, peer, target);
}

export function peerMatches(world: PolicyWorld, policy: NetworkPolicy, peer: PolicyPeer, target: ResolvedEndpoint): boolean {
  return peerOutcome(world, policy, peer, target).match;
}

function selectorPeerOutcome(world: PolicyWorld, policy: NetworkPolicy, peer: SelectorPeer, target: ResolvedEndpoint): PeerOutcome {
  const pod = target.pod;
  if (pod === undefined) {
    // Kubernetes documents hostNetwork behaviour as undefined, with "the most common
    // implementation": the plugin "ignores hostNetwork pods when matching podSelector and
    // namespaceSelector. Traffic to/from hostNetwork pods is treated the same as all other
    // traffic to/from the node IP."
    const what = target.endpoint.kind === 'pod' ? 'host-network-pod' : target.endpoint.kind === 'node' ? 'node' : 'external';
    return { match: false, miss: { kind: 'not-a-pod', what } };
  }
  if (peer.namespaceSelector === undefined) {
    // "Otherwise it selects the Pods matching podSelector in the policy's own Namespace."
    if (pod.namespace !== policy.namespace) {
      return { match: false, miss: { kind: 'other-namespace', actual: pod.namespace, expected: policy.namespace } };
    }
  } else {
    // "if present but empty, it selects all namespaces."
    const miss = selectorMiss(peer.namespaceSelector, namespaceLabelsOf(world, pod.namespace));
    if (miss !== undefined) return { match: false, miss: { kind: 'namespace-labels', namespace: pod.namespace, miss } };
  }
  if (peer.podSelector !== undefined) {
    // "if present but empty, it selects all pods."
    const miss = selectorMiss(peer.podSelector, pod.labels);
    if (miss !== undefined) return { match: false, miss: { kind: 'pod-labels', miss } };
  }
  return MATCH;
}

function ipBlockOutcome(world: PolicyWorld, peer: IpBlockPeer, target: ResolvedEndpoint): PeerOutcome {
  if (target.addressIsPodIp && !world.settings.ipBlockMatchesPods) {
    return { match: false, miss: { kind: 'pod-ip-not-matched' } };
  }
  const address = target.address;
  if (address === undefined) return { match: false, miss: { kind: 'no-address' } };
  if (ipSetContainsRange(ipSetOfPeer(peer), address.family, address.first, address.last)) return MATCH;
  const shown =
    address.first === address.last
      ? formatAddress(address.family, address.first)
      : formatInterval(address.family, [address.first, address.last]);
  const cidr = parseCidr(peer.cidr);
  if (cidr !== undefined && ipSetContainsRange(cidrSet(cidr), address.family, address.first, address.last)) {
    const except =
      peer.except.find((text) => {
        const cut = parseCidr(text);
        return cut !== undefined && cut.family === address.family && cut.first <= address.last && address.first <= cut.last;
      }) ?? peer.except.join(', ');
    return { match: false, miss: { kind: 'in-except', address: shown, except } };
  }
  return { match: false, miss: { kind: 'outside-cidr', address: shown, cidr: peer.cidr } };
}
