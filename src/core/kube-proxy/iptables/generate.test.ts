import { describe, expect, it } from 'vitest';
import { clusterOf } from '../../cluster/test-helpers';
import { validateSettings, DEFAULT_SETTINGS } from '../../cluster/settings';
import type { ClusterSettings } from '../../cluster/types';
import { generateIptables } from './generate';
import { nodeDump, restorePayload } from './render';

const NODE = `apiVersion: v1
kind: Node
metadata: {name: n1}
spec: {podCIDR: 10.244.0.0/24}
status: {addresses: [{type: InternalIP, address: 192.168.1.11}]}
`;

const svc = (name: string, spec: string, endpoints: readonly string[]) => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ns}
spec:
${spec}---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: ${name}-x, namespace: ns, labels: {kubernetes.io/service-name: ${name}}}
addressType: IPv4
ports: [{port: 80, protocol: TCP}]
endpoints: [${endpoints.map((ip) => `{addresses: [${ip}], nodeName: n1}`).join(', ')}]
`;

const lines = (text: string, prefix: string) => text.split('\n').filter((l) => l.startsWith(prefix));
const build = (yaml: string, kubeProxy: ClusterSettings['kubeProxy'] = {}) => {
  const c = clusterOf(NODE + yaml, { nodeSubnet: '192.168.1.0/24', kubeProxy });
  return { ...c, services: c.services.filter((s) => !s.implicit) };
};

describe('iptables ruleset of a node', () => {
  it('hooks the built-in chains as a node shows them (last inserted first) and masquerades with --random-fully by default', () => {
    const dump = nodeDump(generateIptables(build(''), 'n1'));
    expect(lines(dump, '-A INPUT')).toEqual([
      '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
      '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
      '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
      '-A INPUT -j KUBE-FIREWALL',
    ]);
    expect(lines(dump, '-A POSTROUTING')).toEqual(['-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING']);
    expect(lines(dump, '-A KUBE-POSTROUTING').at(-1)).toBe('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully');
    expect(lines(dump, ':KUBE-PROXY-CANARY')).toHaveLength(3);
    // iptables-save prints two spaces before an nfacct name (see save.ts).
    expect(lines(dump, '-A KUBE-FORWARD')[0]).toBe('-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name  ct_state_invalid_dropped_pkts -j DROP');
  });

  it('writes 1/(n-i) probabilities in endpoint-string order, and nothing for headless or ExternalName Services', () => {
    const yaml =
      svc('four', '  clusterIP: 10.96.0.50\n  ports: [{port: 80}]\n', ['10.244.0.2', '10.244.0.10', '10.244.0.3', '10.244.0.4']) +
      svc('headless', '  clusterIP: None\n  ports: [{port: 80}]\n', ['10.244.0.5']) +
      '---\napiVersion: v1\nkind: Service\nmetadata: {name: ext, namespace: ns}\nspec: {type: ExternalName, externalName: example.com}\n';
    const payload = restorePayload(generateIptables(build(yaml), 'n1'));
    expect(lines(payload, '-A KUBE-SVC-').map((l) => l.replace(/^-A KUBE-SVC-\S+ /, '').replace(/ -j KUBE-SEP-\S+$/, ''))).toEqual([
      '-m comment --comment "ns/four cluster IP" -m tcp -p tcp -d 10.96.0.50 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ',
      '-m comment --comment "ns/four -> 10.244.0.10:80" -m statistic --mode random --probability 0.2500000000',
      '-m comment --comment "ns/four -> 10.244.0.2:80" -m statistic --mode random --probability 0.3333333333',
      '-m comment --comment "ns/four -> 10.244.0.3:80" -m statistic --mode random --probability 0.5000000000',
      '-m comment --comment "ns/four -> 10.244.0.4:80"',
    ]);
    expect(payload).not.toContain('headless');
    expect(payload).not.toContain('ns/ext');
  });

  it('follows the kube-proxy settings: mark bit, --masquerade-all, no local detector, --nodeport-addresses, localhost NodePorts off', () => {
    const yaml = svc('np', '  type: NodePort\n  clusterIP: 10.96.0.51\n  ports: [{port: 80, nodePort: 30080}]\n', ['10.244.0.2']);
    const all = restorePayload(generateIptables(build(yaml, { masqueradeBit: 15, masqueradeAll: true }), 'n1'));
    expect(all).toContain('-A KUBE-MARK-MASQ -j MARK --or-mark 0x8000\n');
    expect(lines(all, '-A KUBE-SVC-')[0]).toMatch(/--dport 80 -j KUBE-MARK-MASQ$/);
    const none = restorePayload(generateIptables(build(yaml, { detectLocalMode: 'None' }), 'n1'));
    expect(lines(none, '-A KUBE-SVC-')).toHaveLength(1);
    const addresses = restorePayload(generateIptables(build(yaml, { nodePortAddresses: ['192.168.1.0/24'] }), 'n1'));
    expect(lines(addresses, '-A KUBE-SERVICES').at(-1)).toBe('-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d 192.168.1.11 -j KUBE-NODEPORTS');
    expect(addresses).not.toContain('KUBE-FIREWALL');
    const noLocalhost = restorePayload(generateIptables(build(yaml, { localhostNodePorts: false }), 'n1'));
    expect(lines(noLocalhost, '-A KUBE-SERVICES').at(-1)).toBe('-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS');
    expect(noLocalhost).not.toContain('127.0.0.0/8 --dport 30080');
  });

  it('validates the kube-proxy settings', () => {
    expect(validateSettings({ ...DEFAULT_SETTINGS, kubeProxy: { masqueradeBit: 32, nodePortAddresses: ['nope'] } }).map((p) => p.message)).toEqual([
      'The masquerade bit (--iptables-masquerade-bit) must be a whole number from 0 to 31.',
      'NodePort address "nope" is not an IPv4 CIDR such as 192.168.1.0/24.',
    ]);
  });

  it('leaves comments out of SEP and SVC→SEP rules above 1,000 endpoints (large cluster mode)', () => {
    const ips = (k: number) => Array.from({ length: 101 }, (_, i) => `10.244.${k}.${i + 2}`);
    const yaml = Array.from({ length: 10 }, (_, k) => svc(`s${k}`, `  clusterIP: 10.96.1.${k + 1}\n  ports: [{port: 80}]\n`, ips(k))).join('');
    const payload = restorePayload(generateIptables(build(yaml), 'n1'));
    const sep = lines(payload, '-A KUBE-SEP-')[0]!;
    expect(sep).toMatch(/^-A KUBE-SEP-\S+ -s 10\.244\.\d+\.\d+ -j KUBE-MARK-MASQ$/);
    expect(lines(payload, '-A KUBE-SVC-')[1]).toMatch(/^-A KUBE-SVC-\S+ -m statistic --mode random --probability 0\.0099009901 -j KUBE-SEP-\S+$/);
  });
});
