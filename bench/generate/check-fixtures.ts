/**
 * Loads fixtures/realistic-dump/ with the core and checks it the way a reviewer would:
 * `npx tsx bench/generate/check-fixtures.ts`. Exits non-zero on any problem.
 *
 * 1. parseManifests + buildCluster give no error or warning diagnostics (info is fine);
 * 2. the dump is consistent in itself: owner uids, pod-template-hash, nodeName / hostIP,
 *    pod IPs unique and inside their node's pod CIDR (never its .1), ClusterIPs in the
 *    service CIDR, EndpointSlices matching the pods their Service selects;
 * 3. the model holds what README.md promises (fixtures/realistic-dump/expected.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCluster, DEFAULT_SETTINGS, parseManifests, type Cluster, type ClusterSettings, type Diagnostic } from '../../src/core/index';
import { readNetworkPolicies } from '../../src/core/policy/index';
import { expectedNamespaces, expectedNetworkPolicies, expectedNodes, expectedPods, expectedServices, expectedLoadBalancer } from '../../fixtures/realistic-dump/expected';

const folder = new URL('../../fixtures/realistic-dump/', import.meta.url);
const read = (name: string) => readFileSync(fileURLToPath(new URL(name, folder)), 'utf8');

const problems: string[] = [];
const problem = (text: string) => problems.push(text);

function loud(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity !== 'info');
}

function describe(d: Diagnostic): string {
  return `${d.severity} ${d.code} at ${d.span.line}:${d.span.column}: ${d.message}`;
}

function load(name: string, settings: ClusterSettings = DEFAULT_SETTINGS): Cluster {
  const text = read(name);
  const parsed = parseManifests(text);
  const cluster = buildCluster(parsed, settings);
  const noisy = loud(cluster.diagnostics);
  const info = cluster.diagnostics.length - noisy.length;
  console.log(`${name}: ${parsed.objects.length} objects, ${cluster.nodes.length} nodes, ${cluster.pods.length} pods, ${cluster.services.length} services; ${noisy.length} error/warning, ${info} info diagnostics`);
  for (const d of cluster.diagnostics) console.log(`  ${describe(d)}`);
  for (const d of noisy) problem(`${name}: ${describe(d)}`);
  return cluster;
}

// ---------------------------------------------------------------------------------------------
// 1 + 3: the model
// ---------------------------------------------------------------------------------------------

const dump = load('cluster.yaml');
const expectEqual = (what: string, actual: unknown, expected: unknown) => {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) problem(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
};
expectEqual(
  'nodes',
  dump.nodes.map((n) => ({ name: n.name, internalIP: n.internalIP, podCIDR: n.podCIDR, controlPlaneTaint: n.taints.some((t) => t.key === 'node-role.kubernetes.io/control-plane') })),
  expectedNodes,
);
expectEqual('node origins', dump.nodes.map((n) => n.origin), ['node-object', 'node-object', 'node-object']);
expectEqual('namespaces', dump.namespaces.map((n) => n.name), expectedNamespaces);
const isOnHost = (c: Cluster, p: Cluster['pods'][number]) => c.nodes.some((n) => n.name === p.nodeName && n.internalIP === p.ip);
expectEqual(
  'pods',
  [...dump.pods]
    .sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1))
    .map((p) => ({ namespace: p.namespace, name: p.name, node: p.nodeName, ip: p.ip, workload: `${p.workload.kind}/${p.workload.name}`, hostNetwork: isOnHost(dump, p) })),
  expectedPods,
);
expectEqual('pods made by the simulator', dump.pods.filter((p) => p.generated || p.implicit).length, 0);
expectEqual('pods ready', dump.pods.every((p) => p.ready), true);
expectEqual(
  'services',
  dump.services.map((s) => {
    const nodePort = s.ports.find((p) => p.nodePort !== undefined)?.nodePort;
    return {
      namespace: s.namespace,
      name: s.name,
      type: s.type,
      clusterIP: s.headless ? 'None' : s.clusterIP,
      ports: s.ports.map((p) => `${p.name} ${p.port}→${p.endpoints.map((e) => `${e.ip}:${e.port}`).sort().join(',')}`),
      ...(nodePort === undefined ? {} : { nodePort }),
    };
  }),
  expectedServices,
);
const service = (c: Cluster, namespace: string, name: string) => c.services.find((s) => s.namespace === namespace && s.name === name)!;
const lb = service(dump, 'shop', 'frontend-external');
expectEqual('frontend-external', [lb.loadBalancerIPs, lb.externalTrafficPolicy], [[expectedLoadBalancer.ingressIP], expectedLoadBalancer.externalTrafficPolicy]);
expectEqual('redis-headless hostnames', service(dump, 'shop', 'redis-headless').ports[0]!.endpoints.map((e) => e.hostname).sort(), ['redis-0', 'redis-1']);
expectEqual('payments', service(dump, 'shop', 'payments').externalName, 'api.stripe.com');
for (const name of ['cluster.yaml', 'cluster-no-status.yaml']) {
  const policyDiagnostics: Diagnostic[] = [];
  const policies = readNetworkPolicies(parseManifests(read(name)).objects, policyDiagnostics);
  expectEqual(`${name}: NetworkPolicies`, policies.map((p) => `${p.namespace}/${p.name}`).sort(), expectedNetworkPolicies);
  for (const d of loud(policyDiagnostics)) problem(`${name}: ${describe(d)}`);
}

const plain = load('cluster-no-status.yaml');
const onHost = (c: Cluster) => c.pods.filter((p) => isOnHost(c, p));
expectEqual('plain: pods (one node from the settings)', [plain.nodes.length, plain.pods.length, onHost(plain).length], [1, 12, 2]);
expectEqual('plain: every pod generated', plain.pods.every((p) => p.generated), true);
expectEqual('plain: kube-dns', service(plain, 'kube-system', 'kube-dns').clusterIP, '10.96.0.10');
expectEqual('plain: kubernetes is built in', service(plain, 'default', 'kubernetes').implicit, true);
const threeNodes = load('cluster-no-status.yaml', { ...DEFAULT_SETTINGS, nodeNames: ['cp-1', 'worker-1', 'worker-2'] });
expectEqual('plain on three nodes: pods', [threeNodes.pods.length, onHost(threeNodes).length], [16, 6]);

// ---------------------------------------------------------------------------------------------
// 2: the dump against itself
// ---------------------------------------------------------------------------------------------

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; uid: string; labels?: Record<string, string>; ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[] };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  endpoints?: { addresses: string[]; nodeName?: string; targetRef?: { name: string; uid: string } }[];
  ports?: { name: string; port: number; protocol: string }[];
};
const items = (parseManifests(read('cluster.yaml')).objects.map((o) => o.body) as unknown as Obj[]);
const key = (kind: string, namespace: string | undefined, name: string) => `${kind}/${namespace ?? ''}/${name}`;
const byKey = new Map(items.map((o) => [key(o.kind, o.metadata.namespace, o.metadata.name), o]));
const uids = new Set<string>();
for (const o of items) {
  if (uids.has(o.metadata.uid)) problem(`${o.kind} ${o.metadata.name}: uid ${o.metadata.uid} used twice`);
  uids.add(o.metadata.uid);
  for (const ref of o.metadata.ownerReferences ?? []) {
    const owner = byKey.get(key(ref.kind, o.metadata.namespace, ref.name));
    if (owner === undefined) problem(`${o.kind} ${o.metadata.name}: owner ${ref.kind} ${ref.name} not in the dump`);
    else if (owner.metadata.uid !== ref.uid) problem(`${o.kind} ${o.metadata.name}: owner uid ${ref.uid} is not ${owner.metadata.uid}`);
  }
}
const nodes = items.filter((o) => o.kind === 'Node');
const nodeIP = new Map(nodes.map((n) => [n.metadata.name, ((n.status!.addresses as { type: string; address: string }[]).find((a) => a.type === 'InternalIP')!).address]));
const nodeCIDR = new Map(nodes.map((n) => [n.metadata.name, n.spec!.podCIDR as string]));
const toInt = (ip: string) => ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
const inCIDR = (ip: string, cidr: string) => {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toInt(ip) / size) === Math.floor(toInt(base!) / size);
};
const seenIPs = new Map<string, string>();
for (const pod of items.filter((o) => o.kind === 'Pod')) {
  const name = `${pod.metadata.namespace}/${pod.metadata.name}`;
  const node = pod.spec!.nodeName as string;
  const status = pod.status as { hostIP: string; podIP: string; hostIPs: { ip: string }[]; podIPs: { ip: string }[]; phase: string };
  if (!nodeIP.has(node)) problem(`${name}: nodeName ${node} is not a Node`);
  if (status.hostIP !== nodeIP.get(node) || status.hostIPs[0]?.ip !== status.hostIP) problem(`${name}: hostIP ${status.hostIP} is not ${node}'s ${nodeIP.get(node)}`);
  if (status.podIPs[0]?.ip !== status.podIP) problem(`${name}: podIPs does not match podIP`);
  if (pod.spec!.hostNetwork === true) {
    if (status.podIP !== status.hostIP) problem(`${name}: hostNetwork pod with podIP ${status.podIP} ≠ hostIP`);
  } else {
    const cidr = nodeCIDR.get(node)!;
    if (!inCIDR(status.podIP, cidr)) problem(`${name}: podIP ${status.podIP} outside ${cidr}`);
    if (toInt(status.podIP) - toInt(cidr.split('/')[0]!) <= 1) problem(`${name}: podIP ${status.podIP} is the network or gateway address`);
    const holder = seenIPs.get(status.podIP);
    if (holder !== undefined) problem(`${name}: podIP ${status.podIP} also used by ${holder}`);
    seenIPs.set(status.podIP, name);
  }
  const owner = pod.metadata.ownerReferences?.[0];
  const hash = pod.metadata.labels?.['pod-template-hash'];
  if (owner?.kind === 'ReplicaSet' && (hash === undefined || owner.name !== `${owner.name.slice(0, owner.name.lastIndexOf('-'))}-${hash}` || !pod.metadata.name.startsWith(`${owner.name}-`))) {
    problem(`${name}: pod-template-hash ${hash} does not match ReplicaSet ${owner.name}`);
  }
  if (owner?.kind === 'ReplicaSet') {
    const rs = byKey.get(key('ReplicaSet', pod.metadata.namespace, owner.name))!;
    const rsHash = (rs.metadata.labels ?? {})['pod-template-hash'];
    const selector = (rs.spec!.selector as { matchLabels: Record<string, string> }).matchLabels;
    if (rsHash !== hash || selector['pod-template-hash'] !== hash) problem(`${name}: ReplicaSet ${owner.name} has pod-template-hash ${rsHash}`);
  }
}
const serviceCIDR = DEFAULT_SETTINGS.serviceCIDR;
for (const svc of items.filter((o) => o.kind === 'Service')) {
  const ip = svc.spec!.clusterIP as string | undefined;
  if (ip !== undefined && ip !== 'None' && !inCIDR(ip, serviceCIDR)) problem(`Service ${svc.metadata.name}: clusterIP ${ip} outside ${serviceCIDR}`);
  const selector = svc.spec!.selector as Record<string, string> | undefined;
  if (selector === undefined) continue;
  const pods = items.filter((o) => o.kind === 'Pod' && o.metadata.namespace === svc.metadata.namespace && Object.entries(selector).every(([k, v]) => o.metadata.labels?.[k] === v));
  if (pods.length === 0) problem(`Service ${svc.metadata.name} selects no pod`);
  const slices = items.filter((o) => o.kind === 'EndpointSlice' && o.metadata.namespace === svc.metadata.namespace && o.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name);
  if (slices.length !== 1) {
    problem(`Service ${svc.metadata.name}: ${slices.length} EndpointSlices`);
    continue;
  }
  const slice = slices[0]!;
  const sliceOwner = slice.metadata.ownerReferences?.[0];
  if (sliceOwner?.uid !== svc.metadata.uid) problem(`EndpointSlice ${slice.metadata.name}: owner is not Service ${svc.metadata.name}`);
  const expected = pods.map((p) => `${(p.status as { podIP: string }).podIP}@${p.spec!.nodeName as string}/${p.metadata.name}/${p.metadata.uid}`).sort();
  const actual = (slice.endpoints ?? []).map((e) => `${e.addresses[0]}@${e.nodeName}/${e.targetRef?.name}/${e.targetRef?.uid}`).sort();
  expectEqual(`EndpointSlice ${slice.metadata.name} endpoints`, actual, expected);
  const servicePorts = (svc.spec!.ports as { name: string; protocol: string }[]).map((p) => `${p.name}/${p.protocol}`).sort();
  expectEqual(`EndpointSlice ${slice.metadata.name} ports`, (slice.ports ?? []).map((p) => `${p.name}/${p.protocol}`).sort(), servicePorts);
}

if (problems.length > 0) {
  console.log(`\n${problems.length} problem(s):`);
  for (const p of problems) console.log(`- ${p}`);
  process.exit(1);
}
console.log('\nfixtures/realistic-dump: all checks pass');
