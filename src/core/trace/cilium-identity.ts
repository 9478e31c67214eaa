import type { Cluster, CniPlugin, Pod } from '../cluster/types';
import { policyPod, policyWorldOf } from '../cluster/policy-view';
import type { PolicyDenial, PolicyVerdict, RuleAllow, SideVerdict } from '../policy/evaluate';
import { policiesSelecting } from '../policy/selection';
import type { Direction } from '../policy/types';
import { nodeOwning } from './node-addresses';

/**
 * Cilium judges a packet by the security identity of its other end, not by its address. For a
 * peer that is not a pod (pod-to-pod is cilium-leg.ts), the ipcache gives one of the reserved
 * identities (pkg/identity: host 1, world 2, remote-node 6), and Kubernetes NetworkPolicies,
 * which Cilium translates into its own rules, select them as follows:
 *
 * - reserved:host — the local node: its processes (kubelet's probes) and its hostNetwork pods.
 *   "Kubernetes will automatically allow all communication from the local host of all local
 *   endpoints. You can run the agent with the option --allow-localhost=policy to disable this
 *   behavior" (docs.cilium.io, Layer 3 policies, "Access to/from local host"). The flag's default,
 *   auto, "defaults to policy except when running in Kubernetes where it then defaults to
 *   always" (pkg/option), and it only adds an ingress entry (determineAllowLocalhostIngress):
 *   egress from the pod to its host still follows the pod's egress policies.
 * - reserved:remote-node — every other node, its hostNetwork pods, and what they masquerade. "By
 *   default, CIDR-based selectors do not match in-cluster entities (pods or nodes)", unless
 *   the agent runs with --policy-cidr-match-mode=nodes (docs.cilium.io, Layer 3 policies,
 *   "Selecting nodes with CIDR / ipBlock"; the option is empty by default). Pod and namespace
 *   selectors select pod identities only. What admits remote-node is a rule with no peers:
 *   Cilium's NetworkPolicy parser turns an empty or missing `from`/`to` into the reserved label
 *   `all` (pkg/k8s network policy parsing), which selects every identity.
 * - reserved:world — anything outside the cluster; "Allowing to world is identical to allowing to
 *   CIDR 0.0.0.0/0", and an ipBlock selects such addresses by prefix, as written. Conversely an
 *   ipBlock never selects a pod: CIDR rules "do not apply to traffic where both sides of the
 *   connection are either managed by Cilium or use an IP belonging to a node in the cluster".
 */

export type ReservedIdentity = 'host' | 'remote-node' | 'world';

const ID: Readonly<Record<ReservedIdentity, number>> = { host: 1, world: 2, 'remote-node': 6 };

export function isCilium(plugin: CniPlugin): boolean {
  return plugin === 'cilium-vxlan' || plugin === 'cilium-native';
}

/** `identity 6 (reserved:remote-node)`. */
export function identityName(identity: ReservedIdentity): string {
  return `identity ${ID[identity]} (reserved:${identity})`;
}

/** The reserved identity Cilium's ipcache gives an address, seen from `pod`'s node. */
export function identityOfAddress(cluster: Cluster, address: string, pod: Pod): ReservedIdentity {
  const node = nodeOwning(cluster, address);
  if (node === undefined) return 'world';
  return node.name === pod.nodeName ? 'host' : 'remote-node';
}

function whose(cluster: Cluster, address: string, identity: ReservedIdentity): string {
  const node = nodeOwning(cluster, address);
  switch (identity) {
    case 'host':
      return `${address} is an address of ${node?.name ?? 'the node'}, the pod's own node, so the ipcache gives it ${identityName(identity)}: the node's own processes and its hostNetwork pods.`;
    case 'remote-node':
      return `${address} is an address of ${node?.name ?? 'another node'}, another node of the cluster, so the ipcache gives it ${identityName(identity)}: other nodes, their hostNetwork pods and what they masquerade.`;
    case 'world':
      return `${address} is neither an endpoint nor a node, so the ipcache gives it ${identityName(identity)} (or, where a policy's ipBlock holds it, a local CIDR identity for that prefix, which keeps world's reach).`;
  }
}

/**
 * The identity a packet carries when it is not the one the ipcache gives its source address:
 * in tunnel mode the receiving node takes the sender's identity from the VXLAN header (VNI),
 * and a node that SNATs a request from outside keeps WORLD_ID there (external-cilium.ts).
 */
export interface CarriedIdentity {
  readonly identity: 'world';
  /** Why the packet carries it, for the verdict's message. */
  readonly why: string;
}

/**
 * The NetworkPolicy verdict the generic engine gave for a connection between `pod` and an
 * address that is not a pod, turned into Cilium's: `peerAt` is the side the address is on
 * (`ingress` when it sends to the pod). `ruleless` is the engine's verdict with the address
 * treated as a plain outside address, so that no own-node exemption hides the pod's rules.
 * `carried`, when given, is the identity the packet brought with it, which Cilium judges
 * instead of the address's.
 */
export function ciliumAddressVerdict(
  cluster: Cluster,
  generic: PolicyVerdict,
  ruleless: () => PolicyVerdict,
  pod: Pod,
  address: string,
  podSide: Direction,
  carried?: CarriedIdentity,
): PolicyVerdict {
  if (carried !== undefined) return carriedWorldVerdict(cluster, ruleless(), pod, address, podSide, carried);
  const identity = identityOfAddress(cluster, address, pod);
  const intro = `Cilium judges ${address} by its security identity: ${whose(cluster, address, identity)}`;
  if (identity === 'world') {
    const side = podSide === 'ingress' ? generic.ingress : generic.egress;
    const note =
      ` On Cilium an ipBlock selects only such addresses outside the cluster, never a pod (pods carry identities of their own); ` +
      (cluster.settings.ipBlockMatchesPods
        ? `this cluster's setting "ipBlocks match pod IPs" is on, which Cilium never does: pod-to-pod verdicts here follow the setting, not Cilium.`
        : `this cluster's setting "ipBlocks match pod IPs" is off, as on Cilium.`);
    return withSide(generic, podSide, { ...side, message: `${intro} ${side.message}${note}` } as SideVerdict);
  }
  if (identity === 'host' && podSide === 'ingress') {
    const side: SideVerdict = {
      kind: 'unrestricted',
      reason: 'own-node',
      message:
        `${intro} Cilium lets it in whatever the NetworkPolicies say: allow-localhost is at its default, auto, which under Kubernetes means always, ` +
        `so every endpoint's policy map admits reserved:host on ingress (--allow-localhost=policy would leave it to the policies).`,
    };
    return withSide(withSide(generic, 'egress', peerSide(identity, 'egress')), 'ingress', side);
  }
  // remote-node either way, or the pod's egress to its own host: only a rule without peers admits it.
  const open = ruleless();
  const side = podSide === 'ingress' ? open.ingress : open.egress;
  const peer = peerSide(identity, podSide === 'ingress' ? 'egress' : 'ingress');
  const which = identity === 'host' ? 'reserved:host' : 'reserved:remote-node';
  const hostNote = identity === 'host' ? ' allow-localhost opens only the ingress of an endpoint to its host; its egress follows its policies.' : '';
  if (side.kind === 'unrestricted') {
    return withSide(withSide(generic, podSide === 'ingress' ? 'egress' : 'ingress', peer), podSide, { ...side, message: `${intro} ${side.message}` });
  }
  const ruleFree = side.kind === 'allowed' ? side.allows.filter((a) => a.peer.index === undefined) : [];
  if (ruleFree.length > 0) {
    const because = ruleFree.map((a) => `${a.policy.namespace}/${a.policy.name} ${podSide} rule ${a.ruleIndex} lists no ${podSide === 'ingress' ? '`from`' : '`to`'} peers, which Cilium translates to reserved:all, so it admits ${which} (${a.port.description}).`);
    return withSide(withSide(generic, podSide === 'ingress' ? 'egress' : 'ingress', peer), podSide, { kind: 'allowed', allows: ruleFree, message: `${intro} ${because.join(' ')}${hostNote}` });
  }
  const ignored =
    side.kind === 'allowed'
      ? ` ${side.allows.map((a) => `${a.policy.namespace}/${a.policy.name} ${podSide} rule ${a.ruleIndex} holds ${address} in its ipBlock (peer ${a.peer.index ?? 0}), but Cilium does not match node addresses against ipBlocks.`).join(' ')}`
      : '';
  const policies = policiesSelecting(policyWorldOf(cluster), policyPod(pod), podSide);
  const reason =
    `No rule of the ${policies.length} ${policies.length === 1 ? 'policy that isolates' : 'policies that isolate'} ${pod.namespace}/${pod.name} for ${podSide} admits ${which}: ` +
    `podSelector and namespaceSelector peers select pod identities only, and ipBlock peers do not select node addresses unless the agent runs with policy-cidr-match-mode=nodes (empty by default). ` +
    `Only a rule without ${podSide === 'ingress' ? '`from`' : '`to`'} peers, or a CiliumNetworkPolicy with ${podSide === 'ingress' ? 'fromEntities' : 'toEntities'}: [${identity}], admits it.`;
  const denials: PolicyDenial[] = policies.map((p) => ({
    policy: { namespace: p.namespace, name: p.name, span: p.span },
    direction: podSide,
    rules: [],
    message: `${p.namespace}/${p.name} selects ${pod.namespace}/${pod.name} for ${podSide} and has no rule that admits ${which}.`,
  }));
  const denied: SideVerdict = { kind: 'denied', denials, message: `${intro} ${reason}${ignored}${hostNote}` };
  return withSide(withSide(generic, podSide === 'ingress' ? 'egress' : 'ingress', peer), podSide, denied);
}

/**
 * Whether the peer that admitted `allow` is an ipBlock of the whole IPv4 space (a /0 without
 * `except`), which selects reserved:world: "Allowing to world is identical to allowing to CIDR
 * 0.0.0.0/0" (docs.cilium.io, Layer 3 policies).
 */
function worldBlock(cluster: Cluster, allow: RuleAllow): boolean {
  const policy = cluster.networkPolicies.find((p) => p.namespace === allow.policy.namespace && p.name === allow.policy.name);
  const rule = (allow.direction === 'ingress' ? policy?.ingress : policy?.egress)?.find((r) => r.index === allow.ruleIndex);
  const peer = rule?.peers?.find((p) => p.index === allow.peer.index);
  return peer?.kind === 'ipBlock' && peer.cidr.endsWith('/0') && peer.except.length === 0;
}

/**
 * The verdict for a packet that carries reserved:world whatever its source address says. The
 * policy map is looked up by that identity, so only what selects world admits it: a rule
 * without peers (Cilium's reserved:all) and an ipBlock of 0.0.0.0/0. A narrower ipBlock
 * selects the CIDR identities Cilium allocates for its prefix, which this packet does not
 * carry; pod and namespace selectors select pod identities only.
 */
function carriedWorldVerdict(cluster: Cluster, open: PolicyVerdict, pod: Pod, address: string, podSide: Direction, carried: CarriedIdentity): PolicyVerdict {
  const intro = `Cilium judges the packet by the identity it carries, ${identityName(carried.identity)}, not by its source address ${address}: ${carried.why}`;
  const side = podSide === 'ingress' ? open.ingress : open.egress;
  if (side.kind === 'unrestricted') return withSide(open, podSide, { ...side, message: `${intro} ${side.message}` });
  const admitting = side.kind === 'allowed' ? side.allows.filter((a) => a.peer.index === undefined || worldBlock(cluster, a)) : [];
  if (admitting.length > 0) {
    const because = admitting.map((a) =>
      a.peer.index === undefined
        ? `${a.policy.namespace}/${a.policy.name} ${podSide} rule ${a.ruleIndex} lists no peers, which Cilium translates to reserved:all, so it admits reserved:world (${a.port.description}).`
        : `${a.policy.namespace}/${a.policy.name} ${podSide} rule ${a.ruleIndex} admits ipBlock 0.0.0.0/0, which is reserved:world (${a.port.description}).`,
    );
    return withSide(open, podSide, { kind: 'allowed', allows: admitting, message: `${intro} ${because.join(' ')}` });
  }
  const ignored =
    side.kind === 'allowed'
      ? ` ${side.allows.map((a) => `${a.policy.namespace}/${a.policy.name} ${podSide} rule ${a.ruleIndex} admits ${address} by an ipBlock narrower than 0.0.0.0/0, which selects a CIDR identity of its own, not reserved:world.`).join(' ')}`
      : '';
  const policies = policiesSelecting(policyWorldOf(cluster), policyPod(pod), podSide);
  const reason =
    `No rule of the ${policies.length} ${policies.length === 1 ? 'policy that isolates' : 'policies that isolate'} ${pod.namespace}/${pod.name} for ${podSide} admits reserved:world: ` +
    `podSelector and namespaceSelector peers select pod identities only, and an ipBlock selects world only as 0.0.0.0/0. ` +
    `Only a rule without ${podSide === 'ingress' ? '`from`' : '`to`'} peers, an ipBlock of 0.0.0.0/0, or a CiliumNetworkPolicy with ${podSide === 'ingress' ? 'fromEntities' : 'toEntities'}: [world], admits it.`;
  const denials: PolicyDenial[] = policies.map((p) => ({
    policy: { namespace: p.namespace, name: p.name, span: p.span },
    direction: podSide,
    rules: [],
    message: `${p.namespace}/${p.name} selects ${pod.namespace}/${pod.name} for ${podSide} and has no rule that admits reserved:world.`,
  }));
  return withSide(open, podSide, { kind: 'denied', denials, message: `${intro} ${reason}${ignored}` });
}

/** The node's side of the connection: its namespace is no endpoint, so no policy of it applies. */
function peerSide(identity: ReservedIdentity, direction: Direction): SideVerdict {
  return {
    kind: 'unrestricted',
    reason: 'host-network',
    message: `${identityName(identity)} is a node's own namespace, no Cilium endpoint: no NetworkPolicy judges its ${direction}.`,
  };
}

/** The verdict with one side replaced, its `allowed` and message made to agree. */
function withSide(verdict: PolicyVerdict, direction: Direction, side: SideVerdict): PolicyVerdict {
  const egress = direction === 'egress' ? side : verdict.egress;
  const ingress = direction === 'ingress' ? side : verdict.ingress;
  const allowed = egress.kind !== 'denied' && ingress.kind !== 'denied';
  const message = allowed
    ? `Allowed by Cilium. Egress: ${egress.message} Ingress: ${ingress.message}`
    : egress.kind === 'denied'
      ? `Denied by Cilium (blocked on egress). ${egress.message}`
      : `Denied by Cilium (blocked on ingress). ${ingress.message}`;
  return { ...verdict, allowed, egress, ingress, message };
}
