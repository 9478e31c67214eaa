import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterOf } from '../../cluster/test-helpers';
import type { Cluster, Service } from '../../cluster/types';
import { nftablesBackend } from './index';
import { hash8 } from './names';
import { compareKeys, priorityText } from './render';
import { nftDuration } from './ruleset';
import { fromOutside, fromPod, pin, seed, smallCluster, summary } from './test-setup.test-data';

const testdata = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');

/**
 * Upstream's `TestOverallNFTablesRules` setup (pkg/proxy/nftables/proxier_test.go, described in
 * ../shared/reference/kube-proxy-nftables-ipvs.md §1.7): node test-node at 192.168.0.2, pod CIDR
 * 10.0.0.0/8 as the local-traffic detector, service CIDR 172.30.0.0/16, nodePortAddresses
 * 192.168.0.2/32, mark 0x4000. The fake proxier builds Services without the API server: node
 * ports 3001–3003 are below the API's range and svc4 is a NodePort without a nodePort, so svc4 is
 * written as a ClusterIP Service with its externalIP (the same rules) and the node ports are set
 * on the built model. The expected text is the table as `nft list table ip kube-proxy` (nft
 * 1.0.6) lists upstream's expected transaction: no normalisation is needed beyond that.
 */
const NODE = `apiVersion: v1
kind: Node
metadata: {name: test-node}
spec: {podCIDR: 10.0.0.0/24}
status: {addresses: [{type: InternalIP, address: 192.168.0.2}]}
`;
const service = (ns: string, name: string, spec: string, status = '') => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec}${status}`;
const slice = (ns: string, svc: string, endpoints: readonly (readonly [string, string | undefined])[]) => `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: ${svc}-abcde, namespace: ${ns}, labels: {kubernetes.io/service-name: ${svc}}}
addressType: IPv4
ports: [{name: p80, port: 80, protocol: TCP}]
endpoints:
${endpoints.map(([ip, node]) => `- {addresses: [${ip}]${node === undefined ? '' : `, nodeName: ${node}`}, conditions: {ready: true}}`).join('\n')}
`;
const p80 = '  ports: [{name: p80, port: 80, targetPort: 80, protocol: TCP}]\n';
const OVERALL =
  NODE +
  service('ns1', 'svc1', `  clusterIP: 172.30.0.41\n${p80}`) +
  slice('ns1', 'svc1', [['10.180.0.1', undefined]]) +
  service('ns2', 'svc2', `  type: LoadBalancer\n  clusterIP: 172.30.0.42\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 30000\n  externalIPs: [192.168.99.22]\n${p80}`, 'status: {loadBalancer: {ingress: [{ip: 1.2.3.4}]}}\n') +
  slice('ns2', 'svc2', [['10.180.0.2', undefined]]) +
  service('ns3', 'svc3', `  type: NodePort\n  clusterIP: 172.30.0.43\n${p80}`) +
  slice('ns3', 'svc3', [['10.180.0.3', undefined]]) +
  service('ns4', 'svc4', `  clusterIP: 172.30.0.44\n  externalIPs: [192.168.99.33]\n${p80}`) +
  slice('ns4', 'svc4', [['10.180.0.4', undefined], ['10.180.0.5', 'test-node']]) +
  service(
    'ns5',
    'svc5',
    `  type: LoadBalancer\n  clusterIP: 172.30.0.45\n  loadBalancerSourceRanges: [" 203.0.113.0/25"]\n  sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 10800}}\n${p80}`,
    'status: {loadBalancer: {ingress: [{ip: 5.6.7.8}]}}\n',
  ) +
  slice('ns5', 'svc5', [['10.180.0.3', undefined]]) +
  service('ns6', 'svc6', `  clusterIP: 172.30.0.46\n${p80}`);

function overallCluster(): Cluster {
  const cluster = clusterOf(OVERALL, {
    nodeSubnet: '192.168.0.0/24',
    clusterCIDR: '10.0.0.0/8',
    serviceCIDR: '172.30.0.0/16',
    kubeProxyMode: 'nftables',
    kubeProxy: { nodePortAddresses: ['192.168.0.2/32'] },
  });
  const errors = cluster.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => d.message).join('; '));
  const nodePorts: Record<string, number> = { 'ns2/svc2': 3001, 'ns3/svc3': 3003, 'ns5/svc5': 3002 };
  const withPorts = (s: Service): Service => {
    const nodePort = nodePorts[`${s.namespace}/${s.name}`];
    return nodePort === undefined ? s : { ...s, ports: s.ports.map((p) => ({ ...p, nodePort })) };
  };
  return { ...cluster, services: cluster.services.filter((s) => !s.implicit).map(withPorts) };
}

describe('nftables names', () => {
  it('hashes the readable name to 8 base32 characters, as the reference verified', () => {
    expect(hash8('ns1/svc1/tcp/p80')).toBe('ULMVA6XW');
    expect(hash8('ns4/svc4/tcp/p80__10.180.0.5/80')).toBe('5RFCDDV7');
    expect(hash8('kube-system/kube-dns/udp/dns')).toBe('FY5PMXPG');
    expect(hash8('default/kubernetes/tcp/https')).toBe('2QRHZV4L');
  });

  it('prints priorities as nft does', () => {
    expect(priorityText('prerouting', -110)).toBe('dstnat - 10');
    expect(priorityText('output', -110)).toBe('-110');
    expect(priorityText('output', -100)).toBe('-100');
    expect(priorityText('prerouting', -100)).toBe('dstnat');
    expect(priorityText('postrouting', 100)).toBe('srcnat');
    expect(priorityText('forward', 0)).toBe('filter');
  });

  it('prints timeouts as nft does', () => {
    expect(nftDuration(10800)).toBe('3h');
    expect(nftDuration(10000)).toBe('2h46m40s');
    expect(nftDuration(86400)).toBe('1d');
  });

  it('sorts concatenated keys from the last byte, as nft 1.0.6 lists them on x86', () => {
    const key = (ip: string, port: number) => [{ kind: 'ip' as const, value: ip }, { kind: 'proto' as const, value: 'tcp' as const }, { kind: 'port' as const, value: port }];
    expect(compareKeys(key('192.168.99.22', 80), key('172.30.0.41', 80))).toBeLessThan(0);
    // 256 = 0x0100 ends in byte 0x00, 80 = 0x0050 in 0x50.
    expect(compareKeys(key('10.0.0.1', 256), key('10.0.0.1', 80))).toBeLessThan(0);
    expect(compareKeys([{ kind: 'ip', value: '172.30.0.41' }], [{ kind: 'ip', value: '192.168.0.2' }])).toBeLessThan(0);
  });
});

describe('nftables mode: upstream TestOverallNFTablesRules', () => {
  const cluster = overallCluster();

  it('lists exactly the expected table', () => {
    expect(nftablesBackend.dump(cluster, 'test-node')).toBe(testdata('overall-v1.33.nft'));
  });

  it('walks the probes the reference lab sent through that table', () => {
    const pod = (dst: string, port: number) => summary(nftablesBackend.lookup(cluster, 'test-node', fromPod('10.0.0.2', dst, port), seed(0)));
    expect(pod('172.30.0.41', 80)).toBe('dnat 10.180.0.1:80 #0/1');
    expect(pod('172.30.0.46', 80)).toBe('reject ns6/svc6');
    expect(pod('172.30.0.41', 443)).toBe('unserved reject');
    expect(pod('172.30.0.50', 80)).toBe('unserved drop');
    expect(pod('8.8.8.8', 53)).toBe('not-a-service');
  });

  it('drops outside clients of an eTP Local Service without a local endpoint, but serves pods', () => {
    expect(summary(nftablesBackend.lookup(cluster, 'test-node', fromOutside('1.2.3.4', 80), seed(0)))).toBe('drop ns2/svc2');
    expect(summary(nftablesBackend.lookup(cluster, 'test-node', fromOutside('192.168.0.2', 3001), seed(0)))).toBe('drop ns2/svc2');
    const pod = nftablesBackend.lookup(cluster, 'test-node', fromPod('10.0.0.2', '1.2.3.4', 80), seed(0));
    expect(summary(pod)).toBe('dnat 10.180.0.2:80 #0/1');
    // Every jump whose matches held is recorded, even where the chain it enters then matches nothing.
    expect(pod.rules.map((r) => r.chain)).toEqual([
      'filter-prerouting-pre-dnat',
      'nat-prerouting',
      'services',
      'external-42NFTM6N-ns2/svc2/tcp/p80',
      'service-42NFTM6N-ns2/svc2/tcp/p80',
      'endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80',
      'filter-forward',
      'filter-forward',
      'nat-postrouting',
      'masquerading',
    ]);
    expect(pod.rules[3]!.text).toBe('ip saddr 10.0.0.0/8 goto service-42NFTM6N-ns2/svc2/tcp/p80 comment "short-circuit pod traffic"');
  });

  it('applies loadBalancerSourceRanges in filter prerouting, before DNAT', () => {
    const blocked = nftablesBackend.lookup(cluster, 'test-node', fromOutside('5.6.7.8', 80, '203.0.113.200'), seed(0));
    expect(summary(blocked)).toBe('drop ns5/svc5');
    expect(blocked.rules.map((r) => r.text)).toEqual([
      'ct state new jump firewall-check',
      'ip daddr . meta l4proto . th dport vmap @firewall-ips',
      'ip saddr != 203.0.113.0/25 drop',
    ]);
    expect(summary(nftablesBackend.lookup(cluster, 'test-node', fromOutside('5.6.7.8', 80, '203.0.113.2'), seed(0)))).toBe('dnat 10.180.0.3:80 #0/1 masq');
  });
});

describe('nftables mode: small setup', () => {
  const cluster = smallCluster();
  const lookup = (node: string, packet: Parameters<typeof nftablesBackend.lookup>[2], choice = seed(0)) => nftablesBackend.lookup(cluster, node, packet, choice);

  it('lists the table of node-1', () => {
    expect(nftablesBackend.dump(cluster, 'node-1')).toBe(testdata('small-node-1.nft'));
  });

  it('picks one of three endpoints with numgen, from the seed or pinned', () => {
    const seeded = lookup('node-1', fromPod('10.244.0.9', '10.96.0.100', 80), seed(4));
    expect(summary(seeded)).toBe('dnat 10.244.1.6:8080 #1/3');
    expect(seeded.rules.map((r) => [r.chain, r.text])).toEqual([
      ['filter-prerouting-pre-dnat', 'ct state new jump firewall-check'],
      ['nat-prerouting', 'jump services'],
      ['services', 'ip daddr . meta l4proto . th dport vmap @service-ips'],
      [
        'service-SUSTUHLJ-default/web/tcp/http',
        'numgen random mod 3 vmap { 0 : goto endpoint-4VJT4MCW-default/web/tcp/http__10.244.0.5/8080, 1 : goto endpoint-EKRJ2VCA-default/web/tcp/http__10.244.1.6/8080, 2 : goto endpoint-T3YFOJIQ-default/web/tcp/http__10.244.1.7/8080 }',
      ],
      ['endpoint-EKRJ2VCA-default/web/tcp/http__10.244.1.6/8080', 'meta l4proto tcp dnat to 10.244.1.6:8080'],
      ['filter-forward', 'ct state new jump service-endpoints-check'],
      ['filter-forward', 'ct state new jump cluster-ips-check'],
      ['nat-postrouting', 'jump masquerading'],
      ['masquerading', 'meta mark & 0x00004000 == 0x00000000 return'],
    ]);
    expect(seeded.rules[2]!.note).toBe('matched element 10.96.0.100 . tcp . 80 : goto service-SUSTUHLJ-default/web/tcp/http');
    expect(seeded.rules[3]!.note).toBe('numgen picked 1: endpoint 2 of 3, each with probability 1/3');
    expect(seeded.rules.filter((r) => r.dnat === true).map((r) => r.note)).toEqual(['10.96.0.100:80 → 10.244.1.6:8080']);
    expect(summary(lookup('node-1', fromPod('10.244.0.9', '10.96.0.100', 80), pin(2)))).toBe('dnat 10.244.1.7:8080 #2/3');
  });

  it('masquerades NodePort traffic from outside (eTP Cluster)', () => {
    const result = lookup('node-1', fromOutside('192.168.1.11', 30080));
    expect(summary(result)).toBe('dnat 10.244.1.6:8080 #0/1 masq');
    if (result.outcome.kind !== 'dnat') throw new Error('expected dnat');
    expect(result.outcome.postrouting.map((r) => r.text)).toEqual(['jump masquerading', 'meta mark set meta mark ^ 0x00004000', 'masquerade fully-random']);
  });

  it('keeps the client address on a LoadBalancer with eTP Local and a local endpoint, drops without one', () => {
    expect(summary(lookup('node-1', fromOutside('203.0.113.50', 443)))).toBe('dnat 10.244.0.5:8443 #0/1');
    const none = lookup('node-2', fromOutside('203.0.113.50', 443));
    expect(summary(none)).toBe('drop default/lb');
    expect(none.rules[none.rules.length - 1]!.note).toBe('matched element 203.0.113.50 . tcp . 443 comment "default/lb:https" : drop');
  });

  it('rejects a Service without endpoints through reject-chain', () => {
    const result = lookup('node-1', fromPod('10.244.0.9', '10.96.0.103', 80));
    expect(summary(result)).toBe('reject default/empty');
    // The ClusterIP is in no service-ips element, so nothing is DNATed; routing forwards it and the filter rejects.
    expect(result.rules.map((r) => [r.chain, r.text])).toEqual([
      ['filter-prerouting-pre-dnat', 'ct state new jump firewall-check'],
      ['nat-prerouting', 'jump services'],
      ['filter-forward', 'ct state new jump service-endpoints-check'],
      ['service-endpoints-check', 'ip daddr . meta l4proto . th dport vmap @no-endpoint-services'],
      ['reject-chain', 'reject'],
    ]);
  });

  it('masquerades hairpin traffic: a pod reaching itself through its Service', () => {
    expect(summary(lookup('node-1', fromPod('10.244.0.5', '10.96.0.100', 80), pin(0)))).toBe('dnat 10.244.0.5:8080 #0/3 masq');
    expect(summary(lookup('node-1', fromPod('10.244.0.5', '10.96.0.100', 80), pin(1)))).toBe('dnat 10.244.1.6:8080 #1/3');
  });

  it('masquerades a node process reaching a ClusterIP (its source is outside the pod CIDR)', () => {
    const packet = { src: '192.168.1.11', dst: '10.96.0.100', dstPort: 80, protocol: 'TCP' as const, origin: 'node' as const };
    const result = lookup('node-1', packet);
    expect(summary(result)).toBe('dnat 10.244.0.5:8080 #0/3 masq');
    expect(result.rules.slice(0, 2)).toEqual([
      { table: 'ip kube-proxy', chain: 'filter-output-pre-dnat', text: 'ct state new jump firewall-check' },
      { table: 'ip kube-proxy', chain: 'nat-output', text: 'jump services' },
    ]);
  });
});
