import { policyPod, policyWorldOf } from '../cluster/policy-view';
import type { Cluster, Pod, Protocol } from '../cluster/types';
import { evaluate, type PolicyVerdict } from '../policy/evaluate';
import type { PolicyEndpoint } from '../policy/types';
import { ciliumAddressVerdict, isCilium, type CarriedIdentity } from './cilium-identity';
import { nodeOwning } from './node-addresses';

/**
 * The NetworkPolicy verdict for a connection whose sender is known only by the address the
 * receiving pod sees: a node's own address (kubelet, a hostNetwork pod, or a source kube-proxy
 * masqueraded to a node) or an address outside the cluster. Policies judge the packet as it
 * arrives, so a masqueraded connection is judged by the node's address, not the client's.
 * Undefined when the cluster does not enforce policies or has none. On Cilium the verdict is by
 * the address's security identity (reserved:host, reserved:remote-node, reserved:world), or by
 * the identity the packet `carried` from a tunnel when that one differs.
 */
export function policiesFromAddress(cluster: Cluster, address: string, to: Pod, port: number, protocol: Protocol, carried?: CarriedIdentity): PolicyVerdict | undefined {
  if (!cluster.settings.enforceNetworkPolicy || cluster.networkPolicies.length === 0) return undefined;
  const world = policyWorldOf(cluster);
  const pod: PolicyEndpoint = { kind: 'pod', pod: policyPod(to) };
  const generic = evaluate(world, senderAt(cluster, address), pod, port, protocol);
  if (!isCilium(cluster.settings.cni)) return generic;
  // Cilium judges the sender by its security identity (cilium-identity.ts).
  return ciliumAddressVerdict(cluster, generic, () => evaluate(world, { kind: 'external', ip: address }, pod, port, protocol), to, address, 'ingress', carried);
}

/** The verdict for a pod's connection to an address that is not a pod: a node's, or one outside. */
export function policiesToAddress(cluster: Cluster, from: Pod, address: string, port: number, protocol: Protocol): PolicyVerdict | undefined {
  if (!cluster.settings.enforceNetworkPolicy || cluster.networkPolicies.length === 0) return undefined;
  const world = policyWorldOf(cluster);
  const pod: PolicyEndpoint = { kind: 'pod', pod: policyPod(from) };
  const generic = evaluate(world, pod, senderAt(cluster, address), port, protocol);
  if (!isCilium(cluster.settings.cni)) return generic;
  return ciliumAddressVerdict(cluster, generic, () => evaluate(world, pod, { kind: 'external', ip: address }, port, protocol), from, address, 'egress');
}

function senderAt(cluster: Cluster, address: string): PolicyEndpoint {
  const node = nodeOwning(cluster, address);
  return node === undefined ? { kind: 'external', ip: address } : { kind: 'node', name: node.name, ip: address };
}
