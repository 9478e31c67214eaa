/**
 * kube-proxy's iptables rules of one node (issue 6): 1,000 and 10,000 Services with 10 ready
 * endpoints each, spread over 10 nodes, on a one-node-view cluster. The Services are made
 * directly as model objects in setup (a YAML cluster of that size would time the reader, not
 * the rules). Timed: generating the node's ruleset and printing it as the node's `iptables-save`
 * would; and walking one connection's first packet through it (to the last Service in
 * KUBE-SERVICES, the longest chain). Above 1,000 endpoints kube-proxy's large-cluster mode
 * applies (no comments on SEP rules), as it would on a real node.
 *
 * Chain names (sha256 hashes) are kept with the cluster's ServicePort and Endpoint objects, so
 * "first node" gives each iteration its own copy of the Service ports (nothing known yet) and
 * "another node" reuses one cluster (every name already computed, as for a second node).
 */
import { buildCluster, generateIptables, nodeDump, parseManifests, type Cluster, type Endpoint, type Service } from '../../src/core/index';
import { walkIptables } from '../../src/core/kube-proxy/iptables/lookup';
import { defineWorkload } from '../harness';

const SPAN = { line: 1, column: 1, endLine: 1, endColumn: 1, from: 0, to: 0 };

function clusterWith(services: number): Cluster {
  const base = buildCluster(parseManifests('apiVersion: v1\nkind: Node\nmetadata: {name: node-1}\nspec: {podCIDR: 10.244.0.0/24}\n'), {
    ...buildDefaults(),
    serviceCIDR: '10.96.0.0/12',
  });
  const list: Service[] = [];
  for (let i = 0; i < services; i++) {
    const endpoints: Endpoint[] = Array.from({ length: 10 }, (_, k) => ({
      ip: `10.${64 + (i >> 12)}.${(i >> 4) & 255}.${((i & 15) << 4) + k + 1}`,
      port: 8080,
      pod: undefined,
      nodeName: `node-${(k % 10) + 1}`,
      ready: true,
      hostname: undefined,
    }));
    list.push({
      namespace: `ns-${i % 50}`,
      name: `svc-${i}`,
      type: i % 10 === 0 ? 'NodePort' : 'ClusterIP',
      clusterIP: `10.${96 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`,
      headless: false,
      selector: { app: `svc-${i}` },
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: i % 10 === 0 ? 30000 + (i % 2768) : undefined, endpoints, span: SPAN }],
      externalName: undefined,
      loadBalancerIPs: [],
      externalTrafficPolicy: i % 10 === 0 ? 'Cluster' : undefined,
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
      sessionAffinityTimeoutSeconds: undefined,
      publishNotReadyAddresses: false,
      healthCheckNodePort: undefined,
      implicit: false,
      span: undefined,
    });
  }
  return { ...base, services: list };
}

function buildDefaults() {
  return buildCluster(parseManifests('')).settings;
}

/** The same cluster with its own Service and ServicePort objects (the endpoints are shared). */
function freshPorts(cluster: Cluster): Cluster {
  return { ...cluster, services: cluster.services.map((s) => ({ ...s, ports: s.ports.map((p) => ({ ...p })) })) };
}

const generate = (services: number, iterations: number) =>
  defineWorkload({
    name: `iptables ruleset ${services.toLocaleString('en-US')} services x 10 endpoints (generate + dump, first node)`,
    iterations,
    warmup: 1,
    setup: () => {
      const cluster = clusterWith(services);
      return { copies: Array.from({ length: iterations + 1 }, () => freshPorts(cluster)), next: 0 };
    },
    run: (state) => nodeDump(generateIptables(state.copies[state.next++]!, 'node-1')).length,
  });

const generateAgain = (services: number, iterations: number) =>
  defineWorkload({
    name: `iptables ruleset ${services.toLocaleString('en-US')} services x 10 endpoints (generate + dump, another node)`,
    iterations,
    warmup: 1,
    setup: () => clusterWith(services),
    run: (cluster) => nodeDump(generateIptables(cluster, 'node-1')).length,
  });

const lookup = (services: number) =>
  defineWorkload({
    name: `iptables lookup through ${services.toLocaleString('en-US')} services`,
    iterations: 200,
    warmup: 20,
    setup: () => {
      const cluster = clusterWith(services);
      const last = cluster.services[cluster.services.length - 1]!;
      return { ruleset: generateIptables(cluster, 'node-1'), vip: last.clusterIP! };
    },
    run: ({ ruleset, vip }) => walkIptables(ruleset, { src: '10.244.0.5', dst: vip, protocol: 'TCP', dstPort: 80, origin: 'pod' }, { seed: 7 }).rules.length,
  });

export const iptablesWorkloads = [generate(1_000, 5), generateAgain(1_000, 5), generate(10_000, 3), generateAgain(10_000, 3), lookup(1_000), lookup(10_000)];
