import type { Cluster, Pod } from '../cluster/types';
import { ALL_CONNECTIONS, contains, formatConnections, isAll, isEmpty, unionAll, type ConnectionSet } from '../policy/connection-set';
import { externalAtoms } from '../policy/connlist/connlist';
import { formatAddress } from '../policy/ip-blocks';
import { ReachabilityCache, type PreparedEndpoint } from '../policy/matrix';
import { createPolicyWorld } from '../policy/world';
import { policyPod, policyWorldOf } from '../cluster/policy-view';
import { OUTSIDE, type CellState, type Reachability, type ReachabilityCell, type ReachabilityQuery, type WorkloadGroup } from './types';

/**
 * Who may connect to whom under the cluster's NetworkPolicies, workload by workload, plus
 * "outside the cluster" as one row and one column. A cell is allowed when every pod pair (and
 * every outside address range the policies distinguish) is allowed for the query, denied when
 * none is, and partial otherwise. Pods are grouped into equivalence classes, so each distinct
 * pair of classes is evaluated once.
 */
export function reachability(cluster: Cluster, query: ReachabilityQuery = {}): Reachability {
  const workloads = groupWorkloads(cluster.pods);
  const enforced = cluster.settings.enforceNetworkPolicy;
  const world = enforced ? policyWorldOf(cluster) : createPolicyWorld({ namespaces: cluster.namespaces, policies: [] });
  // With no node traffic among the endpoints, a pod's node cannot change a verdict.
  const cache = new ReachabilityCache(world, cluster.pods.some((p) => p.network.kind === 'host'));
  const podsById = new Map(cluster.pods.map((p) => [`${p.namespace}/${p.name}`, p]));
  const prepared = new Map<string, PreparedEndpoint[]>(
    workloads.map((w) => [w.id, w.pods.map((id) => cache.prepare({ kind: 'pod', pod: policyPod(podsById.get(id)!) }))]),
  );
  const atoms = (direction: 'ingress' | 'egress') =>
    externalAtoms(world.policies, direction).map(([lo, hi]) =>
      cache.prepare({ kind: 'external-range', first: formatAddress(4, lo), last: formatAddress(4, hi) }),
    );
  const sources = atoms('ingress');
  const destinations = atoms('egress');

  const cells: Record<string, Record<string, ReachabilityCell>> = {};
  // Each workload's pods reduced to one or two representatives per equivalence class: every pod
  // of a class gets the same verdicts, except towards itself, which is always allowed.
  const classes = new Map(workloads.map((w) => [w.id, representatives(prepared.get(w.id)!)]));
  const row = (fromId: string | undefined, toId: string | undefined, what: string) => {
    const sets: ConnectionSet[] = [];
    const from = fromId === undefined ? sources.map(single) : classes.get(fromId)!;
    const to = toId === undefined ? destinations.map(single) : classes.get(toId)!;
    for (const a of from) {
      for (const b of to) {
        if (a === b) {
          // The same class of the same workload: a pod to itself, and (with two pods) to its twin.
          sets.push(ALL_CONNECTIONS);
          if (a.second !== undefined) sets.push(cache.between(a.first, a.second));
        } else sets.push(cache.between(a.first, b.first));
      }
    }
    return cell(sets, query, what);
  };
  for (const from of workloads) {
    const own: Record<string, ReachabilityCell> = {};
    for (const to of workloads) own[to.id] = row(from.id, to.id, 'pod pairs');
    own[OUTSIDE] = row(from.id, undefined, 'outside address ranges');
    cells[from.id] = own;
  }
  const outside: Record<string, ReachabilityCell> = {};
  for (const to of workloads) outside[to.id] = row(undefined, to.id, 'outside address ranges');
  outside[OUTSIDE] = { state: 'allowed', connections: formatConnections(ALL_CONNECTIONS), note: 'Traffic between outside addresses does not cross the cluster.' };
  cells[OUTSIDE] = outside;

  return { query, workloads, cells, enforced };
}

interface ClassRepresentatives {
  readonly first: PreparedEndpoint;
  /** A second pod of the same class, when there is one. */
  readonly second: PreparedEndpoint | undefined;
}

const single = (endpoint: PreparedEndpoint): ClassRepresentatives => ({ first: endpoint, second: undefined });

function representatives(endpoints: readonly PreparedEndpoint[]): ClassRepresentatives[] {
  const byClass = new Map<number, { first: PreparedEndpoint; second: PreparedEndpoint | undefined }>();
  for (const endpoint of endpoints) {
    const known = byClass.get(endpoint.classId);
    if (known === undefined) byClass.set(endpoint.classId, { first: endpoint, second: undefined });
    else if (known.second === undefined) known.second = endpoint;
  }
  return [...byClass.values()];
}

function cell(sets: readonly ConnectionSet[], query: ReachabilityQuery, what: string): ReachabilityCell {
  const all = unionAll(sets);
  const connections = formatConnections(all);
  let allowedCount: number;
  if (query.port !== undefined) {
    const protocol = query.protocol ?? 'TCP';
    allowedCount = sets.filter((s) => contains(s, protocol, query.port!)).length;
  } else if (query.protocol !== undefined) {
    // Every port of one protocol: allowed when all of it is open, partial when some is.
    const protocol = query.protocol;
    const full = sets.filter((s) => s[protocol].length === 1 && s[protocol][0]![0] === 1 && s[protocol][0]![1] === 65535).length;
    const some = sets.filter((s) => s[protocol].length > 0).length;
    const state: CellState = full === sets.length ? 'allowed' : some === 0 ? 'denied' : 'partial';
    return { state, connections, note: state === 'partial' ? `Only some ${protocol} ports, or only some ${what}.` : undefined };
  } else {
    const full = sets.filter(isAll).length;
    const none = sets.filter(isEmpty).length;
    const state: CellState = full === sets.length ? 'allowed' : none === sets.length ? 'denied' : 'partial';
    return { state, connections, note: state === 'partial' ? `Only some ports, protocols or ${what}.` : undefined };
  }
  const state: CellState = allowedCount === sets.length ? 'allowed' : allowedCount === 0 ? 'denied' : 'partial';
  return { state, connections, note: state === 'partial' ? `Allowed for some ${what} and not for others.` : undefined };
}

/** Pods grouped by the workload they belong to, in namespace order, then kind and name. */
export function groupWorkloads(pods: readonly Pod[]): WorkloadGroup[] {
  const groups = new Map<string, { namespace: string; kind: string; name: string; pods: string[]; labels: Pod['labels']; implicit: boolean }>();
  for (const pod of pods) {
    const id = `${pod.namespace}/${pod.workload.kind}/${pod.workload.name}`;
    const group = groups.get(id) ?? { namespace: pod.namespace, kind: pod.workload.kind, name: pod.workload.name, pods: [], labels: pod.labels, implicit: pod.implicit };
    group.pods.push(`${pod.namespace}/${pod.name}`);
    groups.set(id, group);
  }
  return [...groups]
    .map(([id, g]) => ({ id, ...g }))
    .sort((a, b) => compare(a.namespace, b.namespace) || compare(a.name, b.name) || compare(a.kind, b.kind));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
