import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateSettings, DEFAULT_SETTINGS } from '../../cluster/settings';
import type { ServicePacket } from '../types';
import { fromOutside, fromPod, pin, seed, smallCluster, summary } from '../nftables/test-setup.test-data';
import { ipvsBackend } from './index';
import { renderIpvsadm } from './render';
import { buildIpvs } from './ruleset';

const testdata = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');

describe('IPVS mode: what the node shows', () => {
  const cluster = smallCluster();

  it('dumps kube-ipvs0, ipvsadm -Ln, the ipsets and the iptables rules of node-1', () => {
    expect(ipvsBackend.dump(cluster, 'node-1')).toBe(testdata('small-node-1.txt'));
  });

  it('prints real servers in ipvsadm columns, trailing spaces included', () => {
    const web = buildIpvs(cluster, 'node-1').virtualServers.filter((v) => v.ip === '10.96.0.100');
    expect(renderIpvsadm(web)).toBe(
      [
        'IP Virtual Server version 1.2.1 (size=4096)',
        'Prot LocalAddress:Port Scheduler Flags',
        '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
        'TCP  10.96.0.100:80 rr',
        '  -> 10.244.0.5:8080              Masq    1      0          0         ',
        '  -> 10.244.1.6:8080              Masq    1      0          0         ',
        '  -> 10.244.1.7:8080              Masq    1      0          0         ',
        '',
      ].join('\n'),
    );
  });

  it('uses the scheduler from the settings and shows ClientIP affinity as persistence', () => {
    const lc = smallCluster({ kubeProxy: { ipvsScheduler: 'lc' } });
    expect(buildIpvs(lc, 'node-1').virtualServers.map((v) => `${v.ip}:${v.port} ${v.scheduler}`).slice(0, 2)).toEqual(['192.168.1.11:30080 lc', '192.168.1.11:30443 lc']);
    expect(validateSettings({ ...DEFAULT_SETTINGS, kubeProxy: { ipvsScheduler: 'fifo' as never } })).toEqual([
      { field: 'kubeProxy', message: 'Unknown IPVS scheduler "fifo"; use one of rr, wrr, lc, wlc, lblc, lblcr, sh, dh, sed, nq, mh.' },
    ]);
    const sticky = { ...cluster, services: cluster.services.map((s) => (s.name === 'web' ? { ...s, sessionAffinity: 'ClientIP' as const, sessionAffinityTimeoutSeconds: 10800 } : s)) };
    expect(ipvsBackend.dump(sticky, 'node-1')).toContain('\nTCP  10.96.0.100:80 rr persistent 10800\n');
  });
});

describe('IPVS mode: the packet walk', () => {
  const cluster = smallCluster();
  const lookup = (node: string, packet: ServicePacket, choice = seed(0)) => ipvsBackend.lookup(cluster, node, packet, choice);

  it('accepts in KUBE-SERVICES, passes filter INPUT, and lets IPVS pick a real server round robin', () => {
    const result = lookup('node-1', fromPod('10.244.0.9', '10.96.0.100', 80), seed(4));
    expect(summary(result)).toBe('dnat 10.244.1.6:8080 #1/3');
    expect(result.rules.map((r) => `${r.table} ${r.chain}: ${r.text}`)).toEqual([
      'nat PREROUTING: -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      'nat KUBE-SERVICES: -A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT',
      'nat KUBE-SERVICES: -A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT',
      'filter INPUT: -A INPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-FILTER',
      'filter KUBE-IPVS-FILTER: -A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN',
      'filter INPUT: -A INPUT -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL',
      'filter INPUT: -A INPUT -m comment --comment "kubernetes health check rules" -j KUBE-NODE-PORT',
      'ipvs virtual server: TCP  10.96.0.100:80 rr',
      'ipvs real server:   -> 10.244.1.6:8080              Masq    1      0          0',
      'nat POSTROUTING: -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
      'nat KUBE-POSTROUTING: -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    ]);
    expect(result.rules[7]!.note).toBe('scheduler rr picks real server 2 of 3');
    expect(result.rules[8]!.note).toBe('10.96.0.100:80 → 10.244.1.6:8080');
    expect(result.rules.findIndex((r) => r.dnat === true)).toBe(8);
    expect(summary(lookup('node-1', fromPod('10.244.0.9', '10.96.0.100', 80), pin(2)))).toBe('dnat 10.244.1.7:8080 #2/3');
  });

  it('masquerades NodePort traffic from outside (KUBE-NODE-PORT-TCP marks it)', () => {
    const result = lookup('node-1', fromOutside('192.168.1.11', 30080));
    expect(summary(result)).toBe('dnat 10.244.1.6:8080 #0/1 masq');
    if (result.outcome.kind !== 'dnat') throw new Error('expected dnat');
    expect(result.outcome.postrouting.map((r) => r.text)).toEqual([
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
      '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    ]);
  });

  it('keeps the client address for eTP Local, and falls back to every endpoint on a node without a local one', () => {
    expect(summary(lookup('node-1', fromOutside('203.0.113.50', 443)))).toBe('dnat 10.244.0.5:8443 #0/1');
    const node2 = lookup('node-2', fromOutside('192.168.1.12', 30443));
    expect(summary(node2)).toBe('dnat 10.244.0.5:8443 #0/1');
    expect(node2.rules.find((r) => r.chain === 'virtual server')!.note).toBe(
      'scheduler rr picks real server 1 of 1; no endpoint on this node, so IPVS uses every endpoint (replies to outside clients may be lost)',
    );
  });

  it('rejects a virtual server without real servers', () => {
    const result = lookup('node-1', fromPod('10.244.0.9', '10.96.0.103', 80));
    expect(summary(result)).toBe('reject default/empty');
    expect(result.rules[result.rules.length - 1]).toEqual({ table: 'ipvs', chain: 'virtual server', text: 'TCP  10.96.0.103:80 rr', note: 'no real servers' });
  });

  it('masquerades hairpin traffic through KUBE-LOOP-BACK', () => {
    const result = lookup('node-1', fromPod('10.244.0.5', '10.96.0.100', 80), pin(0));
    expect(summary(result)).toBe('dnat 10.244.0.5:8080 #0/3 masq');
    if (result.outcome.kind !== 'dnat') throw new Error('expected dnat');
    expect(result.outcome.postrouting[1]!.text).toBe(
      '-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE',
    );
  });

  it('rejects a port no Service serves on a VIP (KUBE-IPVS-FILTER), and ignores other addresses', () => {
    const result = lookup('node-1', fromPod('10.244.0.9', '10.96.0.100', 443));
    expect(summary(result)).toBe('unserved reject');
    expect(result.rules[result.rules.length - 1]!.text).toBe(
      '-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT --reject-with icmp-port-unreachable',
    );
    expect(summary(lookup('node-1', fromPod('10.244.0.9', '10.96.0.200', 80)))).toBe('not-a-service');
  });
});
