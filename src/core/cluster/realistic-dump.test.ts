import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../manifest/parse';
import { buildCluster } from './build';
import { DEFAULT_SETTINGS } from './settings';
import { expectedNamespaces, expectedNetworkPolicies, expectedNodes, expectedPods, expectedServices } from '../../../fixtures/realistic-dump/expected';

const read = (name: string) => readFileSync(fileURLToPath(new URL(`../../../fixtures/realistic-dump/${name}`, import.meta.url)), 'utf8');
const byName = (a: { namespace: string; name: string }, b: { namespace: string; name: string }) =>
  `${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1;

describe('a realistic kubectl dump (3 nodes, workloads, every Service type, policies)', () => {
  const cluster = buildCluster(parseManifests(read('cluster.yaml')));

  it('loads with no error or warning', () => {
    expect(cluster.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.span.line}: ${d.message}`)).toEqual([]);
  });

  it('keeps the real nodes, namespaces and pod addresses', () => {
    expect(cluster.nodes.map((n) => [n.name, n.internalIP, n.podCIDR])).toEqual(expectedNodes.map((n) => [n.name, n.internalIP, n.podCIDR]));
    expect(cluster.namespaces.map((n) => n.name)).toEqual([...expectedNamespaces]);
    const pods = [...cluster.pods].sort(byName).map((p) => ({
      namespace: p.namespace,
      name: p.name,
      node: p.nodeName,
      ip: p.ip,
      workload: `${p.workload.kind}/${p.workload.name}`,
      hostNetwork: p.network.kind === 'host',
    }));
    expect(pods).toEqual(expectedPods);
    expect(cluster.pods.some((p) => p.generated || p.implicit)).toBe(false);
  });

  it('keeps the real ClusterIPs, node ports and endpoints', () => {
    const services = [...cluster.services].sort(byName).map((s) => ({
      namespace: s.namespace,
      name: s.name,
      type: s.type,
      clusterIP: s.headless ? 'None' : s.clusterIP,
      ports: s.ports.map((p) => `${p.name ?? ''} ${p.port}→${p.endpoints.map((e) => `${e.ip}:${e.port}`).sort().join(',')}`),
      ...(s.ports[0]?.nodePort === undefined ? {} : { nodePort: s.ports[0].nodePort }),
    }));
    expect(services).toEqual(expectedServices);
    expect(cluster.networkPolicies.map((p) => `${p.namespace}/${p.name}`).sort()).toEqual([...expectedNetworkPolicies]);
  });
});

describe('the same cluster written as plain manifests, without status', () => {
  const text = read('cluster-no-status.yaml');
  const settings = { ...DEFAULT_SETTINGS, nodeNames: ['cp-1', 'worker-1', 'worker-2'] };
  const cluster = buildCluster(parseManifests(text), settings);

  it('loads with no error or warning', () => {
    expect(cluster.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.span.line}: ${d.message}`)).toEqual([]);
  });

  it('assigns addresses that are valid: pod IPs unique and inside their node’s range, ClusterIPs unique in the service CIDR', () => {
    const ips = cluster.pods.filter((p) => p.network.kind === 'pod').map((p) => p.ip);
    expect(new Set(ips).size).toBe(ips.length);
    for (const pod of cluster.pods.filter((p) => p.network.kind === 'pod')) {
      const node = cluster.nodes.find((n) => n.name === pod.nodeName)!;
      expect(pod.ip.startsWith(node.podCIDR.split('.').slice(0, 3).join('.'))).toBe(true);
    }
    const clusterIPs = cluster.services.flatMap((s) => (s.clusterIP === undefined ? [] : [s.clusterIP]));
    expect(new Set(clusterIPs).size).toBe(clusterIPs.length);
    for (const ip of clusterIPs) expect(ip).toMatch(/^10\.(9[6-9]|10\d|11[01])\./);
  });

  it('assigns the same addresses on every run', () => {
    const again = buildCluster(parseManifests(text), settings);
    expect(again.pods.map((p) => [p.name, p.nodeName, p.ip])).toEqual(cluster.pods.map((p) => [p.name, p.nodeName, p.ip]));
    expect(again.services.map((s) => [s.name, s.clusterIP, s.ports.map((p) => p.nodePort)])).toEqual(
      cluster.services.map((s) => [s.name, s.clusterIP, s.ports.map((p) => p.nodePort)]),
    );
  });
});
