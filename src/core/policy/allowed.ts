/**
 * The set of connections one endpoint may open to another: what the source's egress side
 * allows, intersected with what the destination's ingress side allows.
 */
import { ALL_CONNECTIONS, NO_CONNECTIONS, intersect, isAll, isEmpty, union, type ConnectionSet } from './connection-set';
import { resolveEndpoint, type ResolvedEndpoint } from './peers';
import { ruleConnections } from './ports';
import { policiesSelecting, ruleAdmits, rulesOf } from './selection';
import type { Direction, PolicyEndpoint } from './types';
import type { PolicyWorld } from './world';

/**
 * "For a connection from a source pod to a destination pod to be allowed, both the egress
 * policy on the source pod and the ingress policy on the destination pod need to allow the
 * connection. If either side does not allow the connection, it will not happen."
 */
export function allowedConnections(world: PolicyWorld, from: PolicyEndpoint, to: PolicyEndpoint): ConnectionSet {
  return allowedBetween(world, resolveEndpoint(from), resolveEndpoint(to));
}

export function allowedBetween(world: PolicyWorld, source: ResolvedEndpoint, destination: ResolvedEndpoint): ConnectionSet {
  if (alwaysAllowed(source, destination) !== undefined) return ALL_CONNECTIONS;
  const egress = sideConnections(world, source, destination, 'egress');
  if (isEmpty(egress)) return egress;
  return intersect(egress, sideConnections(world, source, destination, 'ingress'));
}

/**
 * Traffic no policy can block: "a pod cannot block access to itself", and "traffic to and from
 * the node where a Pod is running is always allowed, regardless of the IP address of the Pod
 * or the node" (Kubernetes docs, Network Policies).
 */
export function alwaysAllowed(source: ResolvedEndpoint, destination: ResolvedEndpoint): 'same-pod' | 'own-node' | undefined {
  const a = source.endpoint;
  const b = destination.endpoint;
  if (a.kind === 'pod' && b.kind === 'pod' && a.pod.namespace === b.pod.namespace && a.pod.name === b.pod.name) return 'same-pod';
  const nodeAndItsPod = (node: ResolvedEndpoint, pod: ResolvedEndpoint) =>
    node.onHostNetwork && pod.pod !== undefined && node.nodeName !== undefined && node.nodeName === pod.nodeName;
  if (nodeAndItsPod(source, destination) || nodeAndItsPod(destination, source)) return 'own-node';
  return undefined;
}

/**
 * One side's allowed connections. The side's pod is the source for egress and the destination
 * for ingress; an endpoint that is not a policed pod (outside address, node, hostNetwork pod)
 * has no policies and allows everything.
 *
 * API reference, `spec.ingress`: "Traffic is allowed to a pod if there are no NetworkPolicies
 * selecting the pod (and cluster policy otherwise allows the traffic), OR if the traffic source
 * is the pod's local node, OR if the traffic matches at least one ingress rule across all of the
 * NetworkPolicy objects whose podSelector matches the pod. If this field is empty then this
 * NetworkPolicy does not allow any traffic (and serves solely to ensure that the pods it
 * selects are isolated by default)." `spec.egress` says the same for egress.
 */
export function sideConnections(
  world: PolicyWorld,
  source: ResolvedEndpoint,
  destination: ResolvedEndpoint,
  direction: Direction,
): ConnectionSet {
  const subject = direction === 'egress' ? source : destination;
  const other = direction === 'egress' ? destination : source;
  if (subject.pod === undefined) return ALL_CONNECTIONS;
  const policies = policiesSelecting(world, subject.pod, direction);
  if (policies.length === 0) return ALL_CONNECTIONS;
  let allowed = NO_CONNECTIONS;
  for (const policy of policies) {
    for (const rule of rulesOf(policy, direction)) {
      if (!ruleAdmits(world, policy, rule, other)) continue;
      // Named ports always resolve on the destination, whichever side's rule names them.
      allowed = union(allowed, ruleConnections(rule, destination.portsPod));
      if (isAll(allowed)) return allowed;
    }
  }
  return allowed;
}
