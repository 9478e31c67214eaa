import { policyPod, policyWorldOf } from '../cluster/policy-view';
import type { Cluster, Pod, Protocol } from '../cluster/types';
import { evaluate, type PolicyVerdict } from '../policy/evaluate';
import type { PolicyEndpoint } from '../policy/types';
import { nodeOwning } from './host-path';

/**
 * The NetworkPolicy verdict for a connection whose sender is known only by the address the
 * receiving pod sees: a node's own address (kubelet, a hostNetwork pod, or a source kube-proxy
 * masqueraded to a node) or an address outside the cluster. Policies judge the packet as it
 * arrives, so a masqueraded connection is judged by the node's address, not the client's.
 * Undefined when the cluster does not enforce policies or has none.
 */
export function policiesFromAddress(cluster: Cluster, address: string, to: Pod, port: number, protocol: Protocol): PolicyVerdict | undefined {
  if (!cluster.settings.enforceNetworkPolicy || cluster.networkPolicies.length === 0) return undefined;
  return evaluate(policyWorldOf(cluster), senderAt(cluster, address), { kind: 'pod', pod: policyPod(to) }, port, protocol);
}

/** The verdict for a pod's connection to an address that is not a pod: a node's, or one outside. */
export function policiesToAddress(cluster: Cluster, from: Pod, address: string, port: number, protocol: Protocol): PolicyVerdict | undefined {
  if (!cluster.settings.enforceNetworkPolicy || cluster.networkPolicies.length === 0) return undefined;
  return evaluate(policyWorldOf(cluster), { kind: 'pod', pod: policyPod(from) }, senderAt(cluster, address), port, protocol);
}

function senderAt(cluster: Cluster, address: string): PolicyEndpoint {
  const node = nodeOwning(cluster, address);
  return node === undefined ? { kind: 'external', ip: address } : { kind: 'node', name: node.name, ip: address };
}
