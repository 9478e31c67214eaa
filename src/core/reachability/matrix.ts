import type { Cluster, Pod } from '../cluster/types';
import { ALL_CONNECTIONS, contains, formatConnections, isAll, isEmpty, unionAll, type ConnectionSet } from '../policy/connection-set';
import { externalAtoms } from '../policy/connlist/connlist';
import { formatAddress } from '../policy/ip-blocks';
import { ReachabilityCache, type PreparedEndpoint } from '../policy/matrix';
import { createPolicyWorld } from '../policy/world';
import { policyPod } from '../cluster/policy-pod';
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
  const world = createPolicyWorld({
    namespaces: cluster.namespaces,
    policies: enforced ? cluster.networkPolicies : [],
    settings: { ipBlockMatchesPods: cluster.settings.ipBlockMatchesPods },
  });
  const cache = new ReachabilityCache(world);
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
  const row = (from: readonly PreparedEndpoint[], to: readonly PreparedEndpoint[], what: string) => {
    const sets: ConnectionSet[] = [];
    for (const a of from) for (const b of to) sets.push(cache.between(a, b));
    return cell(sets, query, what);
  };
  for (const from of workloads) {
    const own: Record<string, ReachabilityCell> = {};
    for (const to of workloads) own[to.id] = row(prepared.get(from.id)!, prepared.get(to.id)!, 'pod pairs');
    own[OUTSIDE] = row(prepared.get(from.id)!, destinations, 'outside address ranges');
    cells[from.id] = own;
  }
  const outside: Record<string, ReachabilityCell> = {};
  for (const to of workloads) outside[to.id] = row(sources, prepared.get(to.id)!, 'outside address ranges');
  outside[OUTSIDE] = { state: 'allowed', connections: formatConnections(ALL_CONNECTIONS), note: 'Traffic between outside addresses does not cross the cluster.' };
  cells[OUTSIDE] = outside;

  return { query, workloads, cells, enforced };
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
  return { state, connections, note: state === 'partial' ? `Allowed for ${allowedCount} of ${sets.length} ${what}.` : undefined };
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
