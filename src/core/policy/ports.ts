/**
 * The `ports` of a rule: numbers, `endPort` ranges, named ports and protocols, as connection
 * sets and as yes/no answers with the reason.
 */
import { ALL_CONNECTIONS, NO_CONNECTIONS, allPorts, portRange, union, type ConnectionSet } from './connection-set';
import type { PolicyPod, PolicyPort, PolicyRule, Protocol } from './types';

/** Why one port entry does not match a connection, as data (wording: messages.ts). */
export type PortMiss =
  | { readonly kind: 'protocol'; readonly expected: Protocol; readonly actual: Protocol }
  | { readonly kind: 'number'; readonly first: number; readonly last: number; readonly actual: number }
  /** A named port, and the destination is not a pod (an address outside the cluster, a node). */
  | { readonly kind: 'named-needs-pod'; readonly name: string; readonly protocol: Protocol }
  /** The destination pod declares no container port with that name and protocol. */
  | { readonly kind: 'named-unresolved'; readonly name: string; readonly protocol: Protocol }
  | {
      readonly kind: 'named-other-port';
      readonly name: string;
      readonly protocol: Protocol;
      readonly resolved: readonly number[];
      readonly actual: number;
    };

export type PortOutcome = { readonly match: true; readonly resolved?: readonly number[] } | { readonly match: false; readonly miss: PortMiss };

/**
 * The numbers a named port stands for on the destination pod: its container ports whose name
 * AND protocol equal the policy's (a container port without protocol is TCP). Names are unique
 * within a valid pod, so this is at most one number there.
 */
export function resolveNamedPort(pod: PolicyPod, name: string, protocol: Protocol): number[] {
  return pod.ports.filter((p) => p.name === name && p.protocol === protocol).map((p) => p.port);
}

/**
 * "port represents the port on the given protocol. This can either be a numerical or named
 * port on a pod. If this field is not provided, this matches all port names and numbers. If
 * present, only traffic on the specified protocol AND port will be matched."
 * `destinationPod` is undefined when the destination is not a pod, where a name means nothing.
 */
export function portEntryConnections(entry: PolicyPort, destinationPod: PolicyPod | undefined): ConnectionSet {
  if (entry.port === undefined) return allPorts(entry.protocol);
  if (typeof entry.port === 'number') return portRange(entry.protocol, entry.port, entry.endPort ?? entry.port);
  if (destinationPod === undefined) return NO_CONNECTIONS;
  return resolveNamedPort(destinationPod, entry.port, entry.protocol)
    .map((n) => portRange(entry.protocol, n))
    .reduce(union, NO_CONNECTIONS);
}

/** "If this field is empty or missing, this rule matches all ports (traffic not restricted by port)." */
export function ruleConnections(rule: PolicyRule, destinationPod: PolicyPod | undefined): ConnectionSet {
  if (rule.ports === undefined) return ALL_CONNECTIONS;
  return rule.ports.map((entry) => portEntryConnections(entry, destinationPod)).reduce(union, NO_CONNECTIONS);
}

export function portOutcome(
  entry: PolicyPort,
  destinationPod: PolicyPod | undefined,
  protocol: Protocol,
  port: number,
): PortOutcome {
  if (entry.protocol !== protocol) return { match: false, miss: { kind: 'protocol', expected: entry.protocol, actual: protocol } };
  if (entry.port === undefined) return { match: true };
  if (typeof entry.port === 'number') {
    const last = entry.endPort ?? entry.port;
    return entry.port <= port && port <= last
      ? { match: true }
      : { match: false, miss: { kind: 'number', first: entry.port, last, actual: port } };
  }
  const name = entry.port;
  if (destinationPod === undefined) return { match: false, miss: { kind: 'named-needs-pod', name, protocol } };
  const resolved = resolveNamedPort(destinationPod, name, protocol);
  if (resolved.length === 0) return { match: false, miss: { kind: 'named-unresolved', name, protocol } };
  return resolved.includes(port)
    ? { match: true, resolved }
    : { match: false, miss: { kind: 'named-other-port', name, protocol, resolved, actual: port } };
}
