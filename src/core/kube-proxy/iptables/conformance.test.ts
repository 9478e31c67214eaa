import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformanceDir } from '../../../../conformance/locate';
import { clusterOf } from '../../cluster/test-helpers';
import type { Cluster, Service } from '../../cluster/types';
import { generateIptables, type IptablesRevision } from './generate';
import { canonicalSort, restorePayload } from './render';

/**
 * kube-proxy's own expected `iptables-restore` payloads (../shared/conformance/kube-proxy, from
 * pkg/proxy/iptables/proxier_test.go), rebuilt here from YAML. Both sides go through the
 * canonical sort upstream's tests use, then must be identical.
 *
 * How each setup is written (the prose is in ../shared/reference/kube-proxy-iptables.md, 5–7):
 * - the fake proxier's node is a Node object (name, InternalIP 192.168.0.2); its local-traffic
 *   detector is the cluster CIDR 10.0.0.0/8; ClusterIPs are in 172.30.0.0/16 (the service CIDR);
 * - Services carry no selector, so their endpoints come from the EndpointSlices as written;
 * - the simulator adds the `kubernetes` and `kube-dns` Services every cluster has; kube-proxy's
 *   fake has neither, so they are left out before generating;
 * - the fake proxier builds Service objects directly, without the API server: node ports 3001–3003
 *   (below the API's 30000–32767) and svc4's type NodePort without a nodePort cannot be written
 *   as valid YAML. svc4 is written as a ClusterIP Service with an externalIP (kube-proxy writes
 *   the same rules: only the nodePort, externalIPs and LB IPs matter to it), and the node ports
 *   are set on the built model, as the fake does;
 * - the fake's iptables has no `--random-fully`;
 * - A comes from a newer kube-proxy revision than B and C (nfacct counters), so each case names
 *   the revision of the generator that wrote it.
 */

const NODE = (name: string) => `apiVersion: v1
kind: Node
metadata: {name: ${name}}
spec: {podCIDR: 10.0.0.0/24}
status: {addresses: [{type: InternalIP, address: 192.168.0.2}]}
`;

const service = (ns: string, name: string, spec: string, status = '') => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec}${status}`;

const slice = (ns: string, svc: string, port: string, endpoints: readonly (readonly [string, string | undefined])[]) => `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: ${svc}-abcde, namespace: ${ns}, labels: {kubernetes.io/service-name: ${svc}}}
addressType: IPv4
ports: [{${port}port: 80, protocol: TCP}]
endpoints:
${endpoints.map(([ip, node]) => `- {addresses: [${ip}]${node === undefined ? '' : `, nodeName: ${node}`}, conditions: {ready: true}}`).join('\n')}
`;

const p80 = '  ports: [{name: p80, port: 80, targetPort: 80, protocol: TCP}]\n';

const OVERALL =
  NODE('test-node') +
  service('ns1', 'svc1', `  clusterIP: 172.30.0.41\n${p80}`) +
  slice('ns1', 'svc1', 'name: p80, ', [['10.180.0.1', undefined]]) +
  service(
    'ns2',
    'svc2',
    `  type: LoadBalancer\n  clusterIP: 172.30.0.42\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 30000\n  externalIPs: [192.168.99.22]\n${p80}`,
    'status: {loadBalancer: {ingress: [{ip: 1.2.3.4}]}}\n',
  ) +
  slice('ns2', 'svc2', 'name: p80, ', [['10.180.0.2', undefined]]) +
  service('ns3', 'svc3', `  type: NodePort\n  clusterIP: 172.30.0.43\n${p80}`) +
  slice('ns3', 'svc3', 'name: p80, ', [['10.180.0.3', undefined]]) +
  service('ns4', 'svc4', `  clusterIP: 172.30.0.44\n  externalIPs: [192.168.99.33]\n${p80}`) +
  slice('ns4', 'svc4', 'name: p80, ', [['10.180.0.4', undefined], ['10.180.0.5', 'test-node']]) +
  service(
    'ns5',
    'svc5',
    `  type: LoadBalancer\n  clusterIP: 172.30.0.45\n  loadBalancerSourceRanges: [" 203.0.113.0/25"]\n  sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 10800}}\n${p80}`,
    'status: {loadBalancer: {ingress: [{ip: 5.6.7.8}]}}\n',
  ) +
  slice('ns5', 'svc5', 'name: p80, ', [['10.180.0.3', undefined]]) +
  service('ns6', 'svc6', `  clusterIP: 172.30.0.46\n${p80}`);

const ETP_LOCAL =
  NODE('testHostname') +
  service(
    'ns1',
    'svc1',
    `  type: LoadBalancer\n  clusterIP: 172.30.0.41\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 30000\n  externalIPs: [192.168.99.11]\n${p80}`,
    'status: {loadBalancer: {ingress: [{ip: 1.2.3.4}]}}\n',
  ) +
  slice('ns1', 'svc1', 'name: p80, ', [['10.180.0.1', undefined], ['10.180.2.1', 'testHostname']]);

const itp = (policy: 'Cluster' | 'Local', nodes: readonly [string, string, string]) =>
  NODE('testHostname') +
  service('ns1', 'svc1', `  clusterIP: 172.30.1.1\n  internalTrafficPolicy: ${policy}\n  ports: [{port: 80, protocol: TCP}]\n`) +
  slice('ns1', 'svc1', '', [['10.0.1.1', nodes[0]], ['10.0.1.2', nodes[1]], ['10.0.1.3', nodes[2]]]);

interface Case {
  readonly file: string;
  readonly yaml: string;
  readonly node: string;
  readonly revision: IptablesRevision;
  /** Node ports the fake sets without the API server (see above). */
  readonly nodePorts?: Readonly<Record<string, number>>;
}

const CASES: readonly Case[] = [
  { file: 'A-overall.iptables-save', yaml: OVERALL, node: 'test-node', revision: 'v1.31', nodePorts: { 'ns2/svc2': 3001, 'ns3/svc3': 3003, 'ns5/svc5': 3002 } },
  { file: 'B-external-traffic-policy-local.iptables-save', yaml: ETP_LOCAL, node: 'testHostname', revision: 'v1.28', nodePorts: { 'ns1/svc1': 3001 } },
  { file: 'C1-internal-traffic-policy-cluster.iptables-save', yaml: itp('Cluster', ['testHostname', 'host1', 'host2']), node: 'testHostname', revision: 'v1.28' },
  { file: 'C2-internal-traffic-policy-local.iptables-save', yaml: itp('Local', ['testHostname', 'host1', 'host2']), node: 'testHostname', revision: 'v1.28' },
  { file: 'C3-internal-traffic-policy-local-no-local-endpoint.iptables-save', yaml: itp('Local', ['host0', 'host1', 'host2']), node: 'testHostname', revision: 'v1.28' },
];

const SETTINGS = { nodeSubnet: '192.168.0.0/24', clusterCIDR: '10.0.0.0/8', serviceCIDR: '172.30.0.0/16', nodeCIDRMaskSize: 24 };

/** The cluster as kube-proxy's fake sees it: the user's Services only, node ports as the fake sets them. */
function conformanceCluster(c: Case): Cluster {
  const cluster = clusterOf(c.yaml, SETTINGS);
  const errors = cluster.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`setup of ${c.file} has errors: ${errors.map((d) => `${d.span.line}: ${d.message}`).join('; ')}`);
  const withPorts = (s: Service): Service => {
    const nodePort = c.nodePorts?.[`${s.namespace}/${s.name}`];
    return nodePort === undefined ? s : { ...s, ports: s.ports.map((p) => ({ ...p, nodePort })) };
  };
  return { ...cluster, services: cluster.services.filter((s) => !s.implicit).map(withPorts) };
}

const root = conformanceDir();
const dir = root === undefined ? undefined : join(root, 'kube-proxy');

if (dir === undefined || !existsSync(dir)) {
  describe.skip('kube-proxy iptables conformance (../shared/conformance/kube-proxy not found; set CONFORMANCE_DIR)', () => {
    it('is absent', () => {});
  });
} else {
  describe('kube-proxy iptables conformance: our payload equals kube-proxy’s own expected dump', () => {
    for (const c of CASES) {
      it(`${c.file} (kube-proxy ${c.revision})`, () => {
        const expected = readFileSync(join(dir, c.file), 'utf8');
        const ruleset = generateIptables(conformanceCluster(c), c.node, { revision: c.revision, randomFully: false });
        expect(canonicalSort(restorePayload(ruleset))).toBe(canonicalSort(expected));
      });
    }
  });
}
