/**
 * The class-level matrix must give exactly what the plain per-pair definition gives: every pod
 * pair of two workloads through `allowedBetween` (no classes, no caches), every outside address
 * range the policies distinguish, summarized by a copy of the summary as it was before the
 * classes. Run on the bench's generated clusters at a small size, with both ipBlock settings, and
 * with extra objects the generator does not make: egress policies, ipBlocks that cut the pod
 * network, named ports, selectors with expressions, and a hostNetwork DaemonSet (whose pods are
 * always allowed to and from the pods of their node).
 */
import { describe, expect, it } from 'vitest';
import { generateDump } from '../../../bench/generate/dump';
import { buildCluster } from '../cluster/build';
import { policyPod, policyWorldOf } from '../cluster/policy-view';
import type { Cluster } from '../cluster/types';
import { parseManifests } from '../manifest/parse';
import { allowedBetween } from '../policy/allowed';
import { contains, formatConnections, isAll, isEmpty, unionAll, ALL_CONNECTIONS, type ConnectionSet } from '../policy/connection-set';
import { externalAtoms } from '../policy/connlist/connlist';
import { formatAddress } from '../policy/ip-blocks';
import { resolveEndpoint, type ResolvedEndpoint } from '../policy/peers';
import { createPolicyWorld } from '../policy/world';
import { matrixCell, matrixCellOf, reachabilityMatrix } from './compact';
import { reachability } from './matrix';
import { OUTSIDE, type CellState, type ReachabilityCell, type ReachabilityQuery } from './types';
import { groupWorkloads } from './workloads';

/** Policies and a DaemonSet added to a generated dump (its namespaces are team-env, e.g. payments-prod). */
const EXTRAS = `
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: kube-system}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      hostNetwork: true
      containers: [{name: exporter, image: node-exporter, ports: [{name: metrics, containerPort: 9100}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress-web, namespace: NAMESPACE}
spec:
  podSelector: {matchExpressions: [{key: tier, operator: In, values: [web, api]}]}
  policyTypes: [Egress]
  egress:
    - to: [{podSelector: {matchLabels: {tier: api}}}, {namespaceSelector: {matchLabels: {env: prod}}, podSelector: {matchExpressions: [{key: tier, operator: NotIn, values: [cache]}]}}]
      ports: [{port: http}, {port: grpc}, {port: 53, protocol: UDP}]
    - to: [{ipBlock: {cidr: 10.64.0.0/13, except: [10.64.2.0/24, 10.64.5.128/25]}}]
      ports: [{port: 8000, endPort: 9200}]
    - to: [{ipBlock: {cidr: 172.20.0.0/16}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: workers-from-nodes, namespace: NAMESPACE}
spec:
  podSelector: {matchLabels: {tier: worker}}
  ingress:
    - from: [{ipBlock: {cidr: 172.20.0.0/17}}, {ipBlock: {cidr: 10.64.3.0/24}}]
      ports: [{port: metrics}]
    - from: [{namespaceSelector: {}, podSelector: {matchExpressions: [{key: version, operator: Exists}, {key: tier, operator: NotIn, values: [worker]}]}}]
`;

const KUBE_SYSTEM_EGRESS = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all-egress, namespace: kube-system}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress: [{}]
`;

/** A generated cluster; with extras, the policies above in (up to) three of its namespaces. */
function generatedCluster(pods: number, seed: string, options: { ipBlockMatchesPods: boolean; extras: boolean }): Cluster {
  const dump = generateDump({ pods, seed, managedFields: false, endpointSlices: false });
  const plain = buildCluster(parseManifests(dump.yaml), dump.settings);
  const namespaces = [...new Set(plain.pods.map((p) => p.namespace))].filter((n) => n !== 'kube-system').sort();
  const extras = options.extras ? `${namespaces.slice(0, 3).map((ns) => EXTRAS.replaceAll('NAMESPACE', ns)).join('')}${KUBE_SYSTEM_EGRESS}` : '';
  const text = `${dump.yaml}${extras}`;
  return buildCluster(parseManifests(text), { ...dump.settings, ipBlockMatchesPods: options.ipBlockMatchesPods });
}

/** The matrix by its definition, one `allowedBetween` per pod pair and per pod and outside range. */
function pairwise(cluster: Cluster, query: ReachabilityQuery): Record<string, Record<string, ReachabilityCell>> {
  const workloads = groupWorkloads(cluster.pods);
  const world = cluster.settings.enforceNetworkPolicy ? policyWorldOf(cluster) : createPolicyWorld({ namespaces: cluster.namespaces, policies: [] });
  const byId = new Map(cluster.pods.map((p) => [`${p.namespace}/${p.name}`, resolveEndpoint({ kind: 'pod', pod: policyPod(p) })]));
  const members = new Map(workloads.map((w) => [w.id, w.pods.map((id) => byId.get(id)!)]));
  const atoms = (direction: 'ingress' | 'egress') =>
    externalAtoms(world.policies, direction).map(([lo, hi]) => resolveEndpoint({ kind: 'external-range', first: formatAddress(4, lo), last: formatAddress(4, hi) }));
  const sources = atoms('ingress');
  const destinations = atoms('egress');
  const cellOf = (from: readonly ResolvedEndpoint[], to: readonly ResolvedEndpoint[], what: string) =>
    summary(from.flatMap((a) => to.map((b) => allowedBetween(world, a, b))), query, what);
  const cells: Record<string, Record<string, ReachabilityCell>> = {};
  for (const from of workloads) {
    const row: Record<string, ReachabilityCell> = {};
    for (const to of workloads) row[to.id] = cellOf(members.get(from.id)!, members.get(to.id)!, 'pod pairs');
    row[OUTSIDE] = cellOf(members.get(from.id)!, destinations, 'outside address ranges');
    cells[from.id] = row;
  }
  const outside: Record<string, ReachabilityCell> = {};
  for (const to of workloads) outside[to.id] = cellOf(sources, members.get(to.id)!, 'outside address ranges');
  outside[OUTSIDE] = { state: 'allowed', connections: formatConnections(ALL_CONNECTIONS), note: 'Traffic between outside addresses does not cross the cluster.' };
  cells[OUTSIDE] = outside;
  return cells;
}

/** The cell summary as it was written before the equivalence classes, over every pair's set. */
function summary(sets: readonly ConnectionSet[], query: ReachabilityQuery, what: string): ReachabilityCell {
  const connections = formatConnections(unionAll(sets));
  const state = (yes: number, no: number): CellState => (yes === sets.length ? 'allowed' : no === sets.length ? 'denied' : 'partial');
  if (query.port !== undefined) {
    const yes = sets.filter((s) => contains(s, query.protocol ?? 'TCP', query.port!)).length;
    const s = state(yes, sets.length - yes);
    return { state: s, connections, note: s === 'partial' ? `Allowed for some ${what} and not for others.` : undefined };
  }
  if (query.protocol !== undefined) {
    const p = query.protocol;
    const full = sets.filter((s) => s[p].length === 1 && s[p][0]![0] === 1 && s[p][0]![1] === 65535).length;
    const none = sets.filter((s) => s[p].length === 0).length;
    const s = state(full, none);
    return { state: s, connections, note: s === 'partial' ? `Only some ${p} ports, or only some ${what}.` : undefined };
  }
  const s = state(sets.filter(isAll).length, sets.filter(isEmpty).length);
  return { state: s, connections, note: s === 'partial' ? `Only some ports, protocols or ${what}.` : undefined };
}

const QUERIES: readonly ReachabilityQuery[] = [{}, { port: 8080, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }, { protocol: 'TCP' }];

describe('the class-level matrix equals the per-pair matrix', () => {
  for (const [seed, ipBlockMatchesPods, extras] of [
    ['kube-packet-path', true, false],
    ['kube-packet-path', false, false],
    ['second', true, true],
    ['third', false, true],
  ] as const) {
    it(`on a generated cluster of 200 pods (seed ${seed}, ipBlockMatchesPods ${ipBlockMatchesPods}${extras ? ', with egress, ipBlocks on pod addresses, named ports, hostNetwork' : ''})`, () => {
      const cluster = generatedCluster(200, seed, { ipBlockMatchesPods, extras });
      // 200 pods: two namespaces, so two policies in each and one in kube-system with the extras.
      expect(cluster.networkPolicies.length).toBe(extras ? 25 : 20);
      // The DaemonSet runs on the three workers.
      expect(cluster.pods.filter((p) => p.network.kind === 'host').length).toBe(extras ? 3 : 0);
      for (const query of QUERIES) {
        const expected = pairwise(cluster, query);
        expect(reachability(cluster, query).cells).toEqual(expected);
      }
    });
  }

  it('tells every state apart on the cluster with extras, so the comparison above can fail', () => {
    const cluster = generatedCluster(200, 'second', { ipBlockMatchesPods: true, extras: true });
    const matrix = reachabilityMatrix(cluster);
    const states = new Set(matrix.distinctCells.map((c) => c.state));
    expect([...states].sort()).toEqual(['allowed', 'denied', 'partial']);
    // A hostNetwork pod and a pod on its node are always allowed, whatever the policies say:
    // the node exporter reaching a worker pod is partial (its own node's pods yes, the others only on metrics).
    const exporter = matrix.workloads.findIndex((w) => w.id === 'kube-system/DaemonSet/node-exporter');
    expect(exporter).toBeGreaterThanOrEqual(0);
    expect(matrix.nodeBound.length).toBe(1);
    expect(matrix.nodeBoundIndex[exporter]).toBe(0);
    const expected = pairwise(cluster, {});
    matrix.workloads.forEach((w, i) => {
      expect(matrixCellOf(matrix, w.id, OUTSIDE)).toEqual(expected[w.id]![OUTSIDE]);
      expect(matrixCell(matrix, exporter, i)).toEqual(expected['kube-system/DaemonSet/node-exporter']![w.id]);
    });
    expect(matrixCellOf(matrix, 'nowhere', OUTSIDE)).toBeUndefined();
  });

  it('needs far fewer classes than pods on a generated cluster', () => {
    const cluster = generatedCluster(1000, 'kube-packet-path', { ipBlockMatchesPods: true, extras: false });
    const matrix = reachabilityMatrix(cluster);
    expect(cluster.pods.length).toBe(1000);
    // Pods that no selector tells apart share a group: fewer groups than workloads.
    expect(matrix.workloads.length).toBeGreaterThan(matrix.groupCount);
    expect(matrix.between.length).toBe(matrix.groupCount * matrix.groupCount);
  });
});
