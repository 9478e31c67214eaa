/**
 * One connection, one verdict, with every reason: which policy, direction, rule, peer and port
 * allowed it, or, on a deny, every policy that isolates the pod and why none of its rules
 * matches. Agrees with `allowedConnections` (a property test checks it).
 */
import type { SourceSpan } from '../manifest/types';
import { alwaysAllowed } from './allowed';
import {
  describeConnection,
  describePeer,
  describePeerMiss,
  describePort,
  describePortMiss,
  policyName,
  verdictText,
} from './messages';
import { peerOutcome, resolveEndpoint, type PeerMiss, type ResolvedEndpoint } from './peers';
import { portOutcome, type PortMiss } from './ports';
import { policiesSelecting, rulesOf } from './selection';
import type { Direction, NetworkPolicy, PolicyEndpoint, PolicyRule, Protocol } from './types';
import type { PolicyWorld } from './world';

export interface PolicyRef {
  readonly namespace: string;
  readonly name: string;
  readonly span: SourceSpan;
}

/** The peer entry that admitted the other end; `index` undefined when the rule lists no peers. */
export interface MatchedPeer {
  readonly index: number | undefined;
  readonly span: SourceSpan;
  readonly description: string;
}

/** The port entry that matched; `index` undefined when the rule lists no ports. */
export interface MatchedPort {
  readonly index: number | undefined;
  readonly span: SourceSpan;
  readonly description: string;
  /** What a named port resolved to on the destination pod. */
  readonly resolved?: readonly number[];
}

export interface RuleAllow {
  readonly policy: PolicyRef;
  readonly direction: Direction;
  readonly ruleIndex: number;
  readonly ruleSpan: SourceSpan;
  readonly peer: MatchedPeer;
  readonly port: MatchedPort;
  readonly message: string;
}

export interface PeerMissReason {
  readonly index: number;
  readonly span: SourceSpan;
  readonly description: string;
  readonly miss: PeerMiss;
  readonly message: string;
}

export interface PortMissReason {
  readonly index: number;
  readonly span: SourceSpan;
  readonly description: string;
  readonly miss: PortMiss;
  readonly message: string;
}

export type RuleMiss =
  | {
      readonly kind: 'peer';
      readonly ruleIndex: number;
      readonly ruleSpan: SourceSpan;
      readonly peers: readonly PeerMissReason[];
      readonly message: string;
    }
  | {
      readonly kind: 'port';
      readonly ruleIndex: number;
      readonly ruleSpan: SourceSpan;
      readonly peer: MatchedPeer;
      readonly ports: readonly PortMissReason[];
      readonly message: string;
    };

/** A policy that isolates the pod in this direction but allows nothing of this connection. */
export interface PolicyDenial {
  readonly policy: PolicyRef;
  readonly direction: Direction;
  /** Empty when the policy has no rules for the direction. */
  readonly rules: readonly RuleMiss[];
  readonly message: string;
}

export type SideVerdict =
  | {
      readonly kind: 'unrestricted';
      readonly reason: 'same-pod' | 'own-node' | 'outside-cluster' | 'host-network' | 'not-isolated';
      readonly message: string;
    }
  | { readonly kind: 'allowed'; readonly allows: readonly RuleAllow[]; readonly message: string }
  | { readonly kind: 'denied'; readonly denials: readonly PolicyDenial[]; readonly message: string };

export interface PolicyVerdict {
  readonly allowed: boolean;
  readonly protocol: Protocol;
  readonly port: number;
  /** The source's side. */
  readonly egress: SideVerdict;
  /** The destination's side. */
  readonly ingress: SideVerdict;
  readonly message: string;
}

/** A name for an endpoint in messages: `ns/pod`, an address, `node worker-1`. */
export function endpointName(endpoint: PolicyEndpoint): string {
  switch (endpoint.kind) {
    case 'pod':
      return `${endpoint.pod.namespace}/${endpoint.pod.name}`;
    case 'external':
      return endpoint.ip;
    case 'external-range':
      return `${endpoint.first}-${endpoint.last}`;
    case 'node':
      return `node ${endpoint.name}`;
  }
}

export function evaluate(
  world: PolicyWorld,
  from: PolicyEndpoint,
  to: PolicyEndpoint,
  port: number,
  protocol: Protocol,
): PolicyVerdict {
  const source = resolveEndpoint(from);
  const destination = resolveEndpoint(to);
  const connection = describeConnection(endpointName(from), endpointName(to), protocol, port);
  const exempt = alwaysAllowed(source, destination);
  if (exempt !== undefined) {
    const message = exempt === 'same-pod' ? verdictText.samePod() : verdictText.ownNode();
    const side: SideVerdict = { kind: 'unrestricted', reason: exempt, message };
    return { allowed: true, protocol, port, egress: side, ingress: side, message: `${verdictText.allowed(connection)} ${message}` };
  }
  const question: Question = { world, source, destination, protocol, port, connection };
  const egress = side(question, 'egress');
  const ingress = side(question, 'ingress');
  const allowed = egress.kind !== 'denied' && ingress.kind !== 'denied';
  const message = allowed
    ? `${verdictText.allowed(connection)} Egress: ${egress.message} Ingress: ${ingress.message}`
    : egress.kind === 'denied'
      ? `${verdictText.denied(connection, 'egress')} ${egress.message}`
      : `${verdictText.denied(connection, 'ingress')} ${ingress.message}`;
  return { allowed, protocol, port, egress, ingress, message };
}

interface Question {
  readonly world: PolicyWorld;
  readonly source: ResolvedEndpoint;
  readonly destination: ResolvedEndpoint;
  readonly protocol: Protocol;
  readonly port: number;
  readonly connection: string;
}

function side(q: Question, direction: Direction): SideVerdict {
  const subject = direction === 'egress' ? q.source : q.destination;
  const who = endpointName(subject.endpoint);
  if (subject.pod === undefined) {
    return subject.onHostNetwork
      ? { kind: 'unrestricted', reason: 'host-network', message: verdictText.hostNetwork(direction, who) }
      : { kind: 'unrestricted', reason: 'outside-cluster', message: verdictText.outsideCluster(direction) };
  }
  const policies = policiesSelecting(q.world, subject.pod, direction);
  if (policies.length === 0) {
    return { kind: 'unrestricted', reason: 'not-isolated', message: verdictText.notIsolated(direction, who, subject.pod.namespace) };
  }
  const allows: RuleAllow[] = [];
  const denials: PolicyDenial[] = [];
  for (const policy of policies) {
    const misses: RuleMiss[] = [];
    let allowedByPolicy = false;
    for (const rule of rulesOf(policy, direction)) {
      const result = checkRule(q, policy, rule, direction);
      if (result.kind === 'allow') {
        allows.push(result.allow);
        allowedByPolicy = true;
      } else {
        misses.push(result.miss);
      }
    }
    if (!allowedByPolicy) {
      const name = policyName(policy);
      const message = misses.length === 0 ? verdictText.noRules(name, direction) : misses.map((m) => m.message).join(' ');
      denials.push({ policy: refOf(policy), direction, rules: misses, message });
    }
  }
  if (allows.length > 0) return { kind: 'allowed', allows, message: allows.map((a) => a.message).join(' ') };
  const head = verdictText.sideDenied(direction, who, policies.length, q.connection);
  return { kind: 'denied', denials, message: [head, ...denials.map((d) => d.message)].join(' ') };
}

type RuleResult = { readonly kind: 'allow'; readonly allow: RuleAllow } | { readonly kind: 'miss'; readonly miss: RuleMiss };

function checkRule(q: Question, policy: NetworkPolicy, rule: PolicyRule, direction: Direction): RuleResult {
  const other = direction === 'egress' ? q.destination : q.source;
  const name = policyName(policy);
  let peer: MatchedPeer | undefined;
  const peerMisses: PeerMissReason[] = [];
  if (rule.peers === undefined) {
    peer = { index: undefined, span: rule.span, description: verdictText.peerMatched(undefined, '', direction) };
  } else {
    for (const entry of rule.peers) {
      const description = describePeer(entry, policy.namespace);
      const outcome = peerOutcome(q.world, policy, entry, other);
      if (outcome.match) {
        peer = { index: entry.index, span: entry.span, description: verdictText.peerMatched(entry.index, description, direction) };
        break;
      }
      peerMisses.push({
        index: entry.index,
        span: entry.span,
        description,
        miss: outcome.miss,
        message: describePeerMiss(outcome.miss, direction),
      });
    }
  }
  if (peer === undefined) {
    const admits = peerMisses.map((m) => m.description).join(' or ');
    const why = peerMisses.map((m) => m.message).join('; ');
    const message = verdictText.rulePeerMiss(name, direction, rule.index, admits, why);
    return { kind: 'miss', miss: { kind: 'peer', ruleIndex: rule.index, ruleSpan: rule.span, peers: peerMisses, message } };
  }
  const port = matchPort(q, rule);
  if ('misses' in port) {
    const ports = rule.ports?.map(describePort).join(', ') ?? '';
    const telling = port.misses.find((m) => m.miss.kind !== 'protocol') ?? port.misses[0]!;
    const message = verdictText.rulePortMiss(name, direction, rule.index, ports, telling.message);
    return { kind: 'miss', miss: { kind: 'port', ruleIndex: rule.index, ruleSpan: rule.span, peer, ports: port.misses, message } };
  }
  const allow: RuleAllow = {
    policy: refOf(policy),
    direction,
    ruleIndex: rule.index,
    ruleSpan: rule.span,
    peer,
    port,
    message: verdictText.ruleAllows(name, direction, rule.index, peer.description, port.description),
  };
  return { kind: 'allow', allow };
}

function matchPort(q: Question, rule: PolicyRule): MatchedPort | { readonly misses: readonly PortMissReason[] } {
  if (rule.ports === undefined) return { index: undefined, span: rule.span, description: verdictText.portMatched(undefined, '', undefined) };
  const misses: PortMissReason[] = [];
  for (const entry of rule.ports) {
    const description = describePort(entry);
    // Named ports resolve on the destination pod, for ingress and egress rules alike.
    const outcome = portOutcome(entry, q.destination.portsPod, q.protocol, q.port);
    if (outcome.match) {
      return {
        index: entry.index,
        span: entry.span,
        description: verdictText.portMatched(entry.index, description, outcome.resolved),
        ...(outcome.resolved === undefined ? {} : { resolved: outcome.resolved }),
      };
    }
    misses.push({ index: entry.index, span: entry.span, description, miss: outcome.miss, message: describePortMiss(outcome.miss) });
  }
  return { misses };
}

function refOf(policy: NetworkPolicy): PolicyRef {
  return { namespace: policy.namespace, name: policy.name, span: policy.span };
}
