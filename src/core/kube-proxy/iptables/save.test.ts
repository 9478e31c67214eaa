import { describe, expect, it } from 'vitest';
import { clusterOf } from '../../cluster/test-helpers';
import { generateIptables } from './generate';
import { nodeDump } from './render';
import { ctime, saveArgs, savedProbability, saveString } from './save';

/**
 * Chain names in the dump test were computed independently: base32(sha256("ns/web:httptcp"))[:16] = HMALVVKA6APKJPPY,
 * base32(sha256("ns/web:httptcp10.244.0.2:80"))[:16] = YBVNYSZXDJCG4RO5 (Python hashlib).
 *
 * Each case: the arguments kube-proxy writes (pkg/proxy/iptables/proxier.go, as in
 * ../shared/reference/kube-proxy-iptables.md §4) and the line a real node's `iptables-save`
 * prints for them. Where a case names an upstream thread, its expected line is copied from a
 * real node's dump quoted there.
 */
const split = (args: string) => args.match(/"[^"]*"|\S+/g) ?? [];
const save = (chain: string, args: string) => saveArgs(chain, split(args));

describe('iptables-save form of every rule shape kube-proxy writes', () => {
  it('matches real kind-node lines quoted in kubernetes/kubernetes#114470', () => {
    expect(save('KUBE-EXT-QATUYZLPU4I4HE4S', '-m comment --comment "pod traffic for default/nodeport-service external destinations" -s 10.244.0.0/16 -j KUBE-SVC-QATUYZLPU4I4HE4S')).toBe(
      '-A KUBE-EXT-QATUYZLPU4I4HE4S -s 10.244.0.0/16 -m comment --comment "pod traffic for default/nodeport-service external destinations" -j KUBE-SVC-QATUYZLPU4I4HE4S',
    );
    expect(save('KUBE-EXT-QATUYZLPU4I4HE4S', '-m comment --comment "masquerade LOCAL traffic for default/nodeport-service external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ')).toBe(
      '-A KUBE-EXT-QATUYZLPU4I4HE4S -m comment --comment "masquerade LOCAL traffic for default/nodeport-service external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ',
    );
    expect(save('KUBE-MARK-MASQ', '-j MARK --or-mark 0x4000')).toBe('-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000');
    expect(save('KUBE-NODEPORTS', '-m comment --comment default/nodeport-service -m tcp -p tcp --dport 31964 -j KUBE-EXT-QATUYZLPU4I4HE4S')).toBe(
      '-A KUBE-NODEPORTS -p tcp -m comment --comment "default/nodeport-service" -m tcp --dport 31964 -j KUBE-EXT-QATUYZLPU4I4HE4S',
    );
    expect(save('KUBE-POSTROUTING', '-m mark ! --mark 0x4000/0x4000 -j RETURN')).toBe('-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN');
    expect(save('KUBE-POSTROUTING', '-j MARK --xor-mark 0x4000')).toBe('-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0');
    expect(save('KUBE-POSTROUTING', '-m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully')).toBe(
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    );
    expect(save('KUBE-SEP-6E7XQMQ4RAYOWTTM', '-m comment --comment kube-system/kube-dns:dns -s 10.244.0.3 -j KUBE-MARK-MASQ')).toBe(
      '-A KUBE-SEP-6E7XQMQ4RAYOWTTM -s 10.244.0.3/32 -m comment --comment "kube-system/kube-dns:dns" -j KUBE-MARK-MASQ',
    );
    expect(save('KUBE-SEP-6E7XQMQ4RAYOWTTM', '-m comment --comment kube-system/kube-dns:dns -m udp -p udp -j DNAT --to-destination 10.244.0.3:53')).toBe(
      '-A KUBE-SEP-6E7XQMQ4RAYOWTTM -p udp -m comment --comment "kube-system/kube-dns:dns" -m udp -j DNAT --to-destination 10.244.0.3:53',
    );
  });

  it('session affinity: kube-proxy’s own lines from kubernetes/kubernetes#36652, saved as in kubernetes/kubernetes#47533', () => {
    // #36652 logs the payload kube-proxy wrote; #47533 quotes a node's iptables-save of the same shape.
    expect(save('KUBE-SVC-NPX46M4PTMTKRN6Y', '-m comment --comment default/kubernetes:https -m recent --name KUBE-SEP-6FZLAPUAJM6OKK6A --rcheck --seconds 10800 --reap -j KUBE-SEP-6FZLAPUAJM6OKK6A')).toBe(
      '-A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-6FZLAPUAJM6OKK6A --mask 255.255.255.255 --rsource -j KUBE-SEP-6FZLAPUAJM6OKK6A',
    );
    expect(save('KUBE-SEP-SSNSCRUIRMZDLXKS', '-m comment --comment default/kubernetes:https -m recent --name KUBE-SEP-SSNSCRUIRMZDLXKS --set -m tcp -p tcp -j DNAT --to-destination 1.2.3.5:8080')).toBe(
      '-A KUBE-SEP-SSNSCRUIRMZDLXKS -p tcp -m comment --comment "default/kubernetes:https" -m recent --set --name KUBE-SEP-SSNSCRUIRMZDLXKS --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 1.2.3.5:8080',
    );
  });

  it('Services without endpoints: REJECT is saved with its default --reject-with (kubernetes/kubernetes#97360, #87887)', () => {
    expect(save('KUBE-SERVICES', '-m comment --comment "YYYY/XXX:eai-pcp-port has no endpoints" -m tcp -p tcp -d 10.100.134.208 --dport 11930 -j REJECT')).toBe(
      '-A KUBE-SERVICES -d 10.100.134.208/32 -p tcp -m comment --comment "YYYY/XXX:eai-pcp-port has no endpoints" -m tcp --dport 11930 -j REJECT --reject-with icmp-port-unreachable',
    );
    expect(save('KUBE-EXTERNAL-SERVICES', '-m comment --comment "default/traefik-1566557461:http has no endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 32445 -j REJECT')).toBe(
      '-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/traefik-1566557461:http has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 32445 -j REJECT --reject-with icmp-port-unreachable',
    );
    expect(save('KUBE-SERVICES', '-m comment --comment "ns1/svc1:p80 has no local endpoints" -m tcp -p tcp -d 172.30.1.1 --dport 80 -j DROP')).toBe(
      '-A KUBE-SERVICES -d 172.30.1.1/32 -p tcp -m comment --comment "ns1/svc1:p80 has no local endpoints" -m tcp --dport 80 -j DROP',
    );
  });

  it('kubelet’s and kube-proxy’s filter rules as an AKS node lists them (Azure/AgentBaker e2e/validators.go): nfacct with two spaces', () => {
    expect(save('KUBE-FIREWALL', '-m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP')).toBe(
      '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
    );
    expect(save('KUBE-FORWARD', '-m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP')).toBe(
      '-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name  ct_state_invalid_dropped_pkts -j DROP',
    );
  });

  it('the other shapes: ClusterIP masquerade, localhost NodePort, statistic, FW chain without a target, nodeports tail, hooks', () => {
    expect(save('KUBE-SVC-XPGD46QRK7WJZT7O', '-m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ')).toBe(
      '-A KUBE-SVC-XPGD46QRK7WJZT7O ! -s 10.0.0.0/8 -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
    );
    expect(save('KUBE-NODEPORTS', '-m comment --comment ns2/svc2:p80 -m tcp -p tcp -d 127.0.0.0/8 --dport 3001 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j KUBE-EXT-GNZBNJ2PO5MGZ6GT')).toBe(
      '-A KUBE-NODEPORTS -d 127.0.0.0/8 -p tcp -m comment --comment "ns2/svc2:p80" -m tcp --dport 3001 -m nfacct --nfacct-name  localhost_nps_accepted_pkts -j KUBE-EXT-GNZBNJ2PO5MGZ6GT',
    );
    expect(save('KUBE-SVC-AQI2S6QIMU7PVVRP', '-m comment --comment "ns1/svc1 -> 10.0.1.1:80" -m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-3JOIVZTXZZRGORX4')).toBe(
      '-A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.1:80" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-3JOIVZTXZZRGORX4',
    );
    expect(save('KUBE-FW-NUKIZ6OKUXPJNT4C', '-m comment --comment "ns5/svc5:p80 loadbalancer IP" -s 203.0.113.0/25 -j KUBE-EXT-NUKIZ6OKUXPJNT4C')).toBe(
      '-A KUBE-FW-NUKIZ6OKUXPJNT4C -s 203.0.113.0/25 -m comment --comment "ns5/svc5:p80 loadbalancer IP" -j KUBE-EXT-NUKIZ6OKUXPJNT4C',
    );
    expect(save('KUBE-FW-NUKIZ6OKUXPJNT4C', '-m comment --comment "other traffic to ns5/svc5:p80 will be dropped by KUBE-PROXY-FIREWALL"')).toBe(
      '-A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "other traffic to ns5/svc5:p80 will be dropped by KUBE-PROXY-FIREWALL"',
    );
    expect(save('KUBE-EXT-4SW47YFZTEDKD3PK', '-j KUBE-SVC-4SW47YFZTEDKD3PK')).toBe('-A KUBE-EXT-4SW47YFZTEDKD3PK -j KUBE-SVC-4SW47YFZTEDKD3PK');
    expect(save('KUBE-SERVICES', '-m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS')).toBe(
      '-A KUBE-SERVICES ! -d 127.0.0.0/8 -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    );
    expect(save('KUBE-SERVICES', '-m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d 192.168.1.11 -j KUBE-NODEPORTS')).toBe(
      '-A KUBE-SERVICES -d 192.168.1.11/32 -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -j KUBE-NODEPORTS',
    );
    expect(save('KUBE-NODEPORTS', '-m comment --comment "ns2/svc2:p80 health check node port" -m tcp -p tcp --dport 30000 -j ACCEPT')).toBe(
      '-A KUBE-NODEPORTS -p tcp -m comment --comment "ns2/svc2:p80 health check node port" -m tcp --dport 30000 -j ACCEPT',
    );
    expect(save('KUBE-SERVICES', '-m comment --comment "ns1/svc1:p53 cluster IP" -m sctp -p sctp -d 172.30.0.41 --dport 53 -j KUBE-SVC-GFCIFIA5VTFSTMSM')).toBe(
      '-A KUBE-SERVICES -d 172.30.0.41/32 -p sctp -m comment --comment "ns1/svc1:p53 cluster IP" -m sctp --dport 53 -j KUBE-SVC-GFCIFIA5VTFSTMSM',
    );
    expect(save('INPUT', '-m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL')).toBe(
      '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
    );
    expect(save('KUBE-MARK-MASQ', '-j MARK --or-mark 0x8000')).toBe('-A KUBE-MARK-MASQ -j MARK --set-xmark 0x8000/0x8000');
  });

  it('addresses get their prefix length with host bits cleared; states come in conntrack’s order', () => {
    expect(save('X', '-s 10.1.2.3/8 -j ACCEPT')).toBe('-A X -s 10.0.0.0/8 -j ACCEPT');
    expect(save('X', '-m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT')).toBe('-A X -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
  });

  it('prints probabilities as the kernel keeps them (lround(p × 2^31) / 2^31, %.11f)', () => {
    expect(['0.5000000000', '0.3333333333', '0.2500000000', '0.2000000000', '0.1666666667', '0.0099009901'].map(savedProbability)).toEqual([
      '0.50000000000',
      '0.33333333349',
      '0.25000000000',
      '0.20000000019',
      '0.16666666651',
      '0.00990098994',
    ]);
    // kube-proxy ≤ 1.16 wrote five decimals; nodes then showed these (kubernetes/kubernetes#26292, #37932).
    expect(savedProbability('0.33333')).toBe('0.33332999982');
    expect(savedProbability('0.20000')).toBe('0.20000000019');
    // 1/4096 is stored exactly as 2^19/2^31 = 0.000244140625: an exact tie at the 11th decimal, which glibc rounds to even.
    expect(savedProbability('0.0002441406')).toBe('0.00024414062');
  });

  it('quotes like xtables_save_string and stamps like ctime()', () => {
    expect(['kube-system_dns-1', 'a/b', 'say "hi"', ''].map(saveString)).toEqual(['kube-system_dns-1', '"a/b"', '"say \\"hi\\""', '""']);
    expect(ctime(new Date(Date.UTC(2026, 10, 3, 7, 5, 9)))).toBe('Tue Nov  3 07:05:09 2026');
  });
});

describe('a node dump in iptables-save form', () => {
  const yaml = `apiVersion: v1
kind: Node
metadata: {name: n1}
spec: {podCIDR: 10.244.0.0/24}
status: {addresses: [{type: InternalIP, address: 192.168.1.11}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ns}
spec: {clusterIP: 10.96.0.50, ports: [{name: http, port: 80}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-x, namespace: ns, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
ports: [{name: http, port: 80, protocol: TCP}]
endpoints: [{addresses: [10.244.0.2], nodeName: n1}]
`;
  const c = clusterOf(yaml, { nodeSubnet: '192.168.1.0/24' });
  const dump = nodeDump(generateIptables({ ...c, services: c.services.filter((s) => !s.implicit) }, 'n1'), { generatedAt: new Date(Date.UTC(2026, 10, 23, 4, 0, 0)), version: '1.8.7' });
  const lines = dump.split('\n');

  it('has a header and footer per table, mangle, filter, nat in iptables-nft’s order', () => {
    expect(lines.filter((l) => l.startsWith('*') || l.startsWith('#') || l === 'COMMIT')).toEqual([
      '# Generated by iptables-save v1.8.7 on Mon Nov 23 04:00:00 2026',
      '*mangle',
      'COMMIT',
      '# Completed on Mon Nov 23 04:00:00 2026',
      '# Generated by iptables-save v1.8.7 on Mon Nov 23 04:00:00 2026',
      '*filter',
      'COMMIT',
      '# Completed on Mon Nov 23 04:00:00 2026',
      '# Generated by iptables-save v1.8.7 on Mon Nov 23 04:00:00 2026',
      '*nat',
      'COMMIT',
      '# Completed on Mon Nov 23 04:00:00 2026',
    ]);
    expect(dump.endsWith('# Completed on Mon Nov 23 04:00:00 2026\n')).toBe(true);
  });

  it('declares built-in chains with their policy in hook order, then the others by name, and prints rules chain by chain in that order', () => {
    const nat = lines.slice(lines.indexOf('*nat') + 1, lines.lastIndexOf('COMMIT'));
    expect(nat.filter((l) => l.startsWith(':'))).toEqual([
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      ':KUBE-MARK-MASQ - [0:0]',
      ':KUBE-NODEPORTS - [0:0]',
      ':KUBE-POSTROUTING - [0:0]',
      ':KUBE-PROXY-CANARY - [0:0]',
      ':KUBE-SEP-YBVNYSZXDJCG4RO5 - [0:0]',
      ':KUBE-SERVICES - [0:0]',
      ':KUBE-SVC-HMALVVKA6APKJPPY - [0:0]',
    ]);
    expect(nat.filter((l) => l.startsWith('-A'))).toEqual([
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
      '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
      '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
      '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
      '-A KUBE-SEP-YBVNYSZXDJCG4RO5 -s 10.244.0.2/32 -m comment --comment "ns/web:http" -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-YBVNYSZXDJCG4RO5 -p tcp -m comment --comment "ns/web:http" -m tcp -j DNAT --to-destination 10.244.0.2:80',
      '-A KUBE-SERVICES -d 10.96.0.50/32 -p tcp -m comment --comment "ns/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-HMALVVKA6APKJPPY',
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
      '-A KUBE-SVC-HMALVVKA6APKJPPY ! -s 10.244.0.0/16 -d 10.96.0.50/32 -p tcp -m comment --comment "ns/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-HMALVVKA6APKJPPY -m comment --comment "ns/web:http -> 10.244.0.2:80" -j KUBE-SEP-YBVNYSZXDJCG4RO5',
    ]);
    expect(lines.slice(lines.indexOf('*mangle') + 1, lines.indexOf('*mangle') + 7)).toEqual([
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      ':KUBE-PROXY-CANARY - [0:0]',
    ]);
  });
});
