/**
 * netpol-analyzer's `connlist`: every ordered pair of peers (workloads and external address
 * atoms) with a non-empty allowed connection set, sorted, without self pairs and without
 * external-to-external pairs.
 */
import type { Diagnostic } from '../../manifest/types';
import { formatConnections, isEmpty, type ConnectionSet } from '../connection-set';
import { addressAtoms, formatAddress, ipSetOfPeer, type IpInterval, type IpSet } from '../ip-blocks';
import { ReachabilityCache, podClassKey, type PreparedEndpoint } from '../matrix';
import { rulesOf } from '../selection';
import type { Direction, NetworkPolicy, PolicyEndpoint, PolicyNamespace, PolicySettings } from '../types';
import { createPolicyWorld, type PolicyWorld } from '../world';
import { connlistMessages, policyMessages } from '../messages';
import type { ConnlistInput, WorkloadPod } from './read-input';

export interface ConnlistConnection {
  readonly src: string;
  readonly dst: string;
  readonly connections: ConnectionSet;
  /** The analyzer's text for the set: `All Connections`, `TCP 8080,9090,UDP 53`… */
  readonly conn: string;
}

export interface Connlist {
  readonly world: PolicyWorld;
  /** One entry per workload peer, in input order: its peer name and representative pod. */
  readonly workloads: readonly WorkloadPod[];
  readonly connections: readonly ConnlistConnection[];
  readonly diagnostics: readonly Diagnostic[];
}

/** The analyzer's defaults: ipBlocks never match pods. */
const ANALYZER_SETTINGS: PolicySettings = { ipBlockMatchesPods: false };

/** Joins the per-file inputs into one world, as upstream reads a whole directory. */
export function joinConnlistInputs(inputs: readonly ConnlistInput[], settings: Partial<PolicySettings> = {}) {
  const diagnostics: Diagnostic[] = [];
  const namespaces = new Map<string, PolicyNamespace>();
  for (const input of inputs) for (const ns of input.namespaces) namespaces.set(ns.name, ns);
  const policies = new Map<string, NetworkPolicy>();
  for (const input of inputs) {
    for (const policy of input.policies) {
      const key = `${policy.namespace}/${policy.name}`;
      if (policies.has(key)) {
        diagnostics.push({ severity: 'warning', ...policyMessages.duplicate(key), span: policy.span });
        policies.delete(key);
      }
      policies.set(key, policy);
    }
  }
  // Workloads of the same peer name (pods of one controller) collapse into one peer; its
  // first pod stands for all, and upstream only accepts pods that policies cannot tell apart.
  const workloads = new Map<string, WorkloadPod>();
  const classWorld = createPolicyWorld({ policies: [], settings: { ...ANALYZER_SETTINGS, ...settings } });
  for (const input of inputs) {
    for (const workload of input.workloads) {
      const first = workloads.get(workload.peer);
      if (first === undefined) {
        workloads.set(workload.peer, workload);
        continue;
      }
      workloads.set(workload.peer, { ...first, podNames: [...first.podNames, ...workload.podNames] });
      if (podClassKey(classWorld, first.pod) !== podClassKey(classWorld, workload.pod)) {
        diagnostics.push({
          severity: 'warning',
          ...connlistMessages.inconsistentWorkload(workload.peer, first.pod.name, workload.pod.name),
          span: workload.span,
        });
      }
    }
  }
  const world = createPolicyWorld({
    namespaces: [...namespaces.values()],
    policies: [...policies.values()],
    settings: { ...ANALYZER_SETTINGS, ...settings },
  });
  return { world, workloads: [...workloads.values()], diagnostics };
}

export function buildConnlist(inputs: readonly ConnlistInput[], settings: Partial<PolicySettings> = {}): Connlist {
  const { world, workloads, diagnostics } = joinConnlistInputs(inputs, settings);
  // Upstream returns an empty list when the input has no pods at all.
  if (workloads.length === 0) return { world, workloads, connections: [], diagnostics };

  const cache = new ReachabilityCache(world);
  const peers = workloads.map((w) => ({ name: w.peer, endpoint: cache.prepare({ kind: 'pod', pod: w.pod }) }));
  const sources = [...atomPeers(cache, world.policies, 'ingress'), ...peers.map((p) => ({ ...p, external: false }))];
  const destinations = [...atomPeers(cache, world.policies, 'egress'), ...peers.map((p) => ({ ...p, external: false }))];

  const connections: ConnlistConnection[] = [];
  for (const src of sources) {
    for (const dst of destinations) {
      if ((src.external && dst.external) || src.name === dst.name) continue;
      const set = cache.between(src.endpoint, dst.endpoint);
      if (isEmpty(set)) continue;
      connections.push({ src: src.name, dst: dst.name, connections: set, conn: formatConnections(set) });
    }
  }
  connections.sort((a, b) => compareStrings(a.src, b.src) || compareStrings(a.dst, b.dst));
  return { world, workloads, connections, diagnostics };
}

interface Peer {
  readonly name: string;
  readonly endpoint: PreparedEndpoint;
  readonly external: boolean;
}

/**
 * The external peers of one direction: every `ipBlock` in the `from` of any ingress rule
 * (sources) or the `to` of any egress rule (destinations) in the whole input, whatever the
 * policy selects, cut the IPv4 space into atoms, each printed as `first-last[External]`.
 * IPv6 blocks take no part: the analyzer's external peers are IPv4 ranges only.
 */
export function externalAtoms(policies: readonly NetworkPolicy[], direction: Direction): IpInterval[] {
  const sets: IpSet[] = [];
  for (const policy of policies) {
    for (const rule of rulesOf(policy, direction)) {
      for (const peer of rule.peers ?? []) if (peer.kind === 'ipBlock') sets.push(ipSetOfPeer(peer));
    }
  }
  return addressAtoms(sets, 4);
}

function atomPeers(cache: ReachabilityCache, policies: readonly NetworkPolicy[], direction: Direction): Peer[] {
  return externalAtoms(policies, direction).map(([lo, hi]) => {
    const first = formatAddress(4, lo);
    const last = formatAddress(4, hi);
    const endpoint: PolicyEndpoint = { kind: 'external-range', first, last };
    return { name: `${first}-${last}[External]`, endpoint: cache.prepare(endpoint), external: true };
  });
}

/** Go's `<` on strings: byte order, which for these ASCII names is UTF-16 code unit order. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
