import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kubeProxyBackend } from '../index';
import { fromOutside, fromPod, pin, seed, smallCluster, summary } from '../nftables/test-setup.test-data';
import type { ServicePacket } from '../types';
import { ebpfBackend } from './index';

const testdata = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');

describe('no kube-proxy: Cilium kube-proxy replacement', () => {
  const cluster = smallCluster();
  const lookup = (node: string, packet: ServicePacket, choice = seed(0)) => ebpfBackend.lookup(cluster, node, packet, choice);

  it('is the backend of mode none', () => {
    expect(kubeProxyBackend('none')).toBe(ebpfBackend);
    expect(kubeProxyBackend('nftables').mode).toBe('nftables');
    expect(kubeProxyBackend('ipvs').mode).toBe('ipvs');
    expect(kubeProxyBackend('iptables').mode).toBe('iptables');
  });

  it('lists the node’s frontends as cilium-dbg service list does', () => {
    expect(ebpfBackend.dump(cluster, 'node-1')).toBe(testdata('small-node-1.txt'));
  });

  it('translates pod traffic at connect(), with no iptables rule', () => {
    const result = lookup('node-1', fromPod('10.244.0.9', '10.96.0.100', 80), seed(4));
    expect(summary(result)).toBe('dnat 10.244.1.6:8080 #1/3');
    expect(result.rules).toEqual([
      {
        table: 'ebpf',
        chain: 'cgroup/connect4 (cil_sock4_connect)',
        text: '9 10.96.0.100:80/TCP ClusterIP',
        note: 'backend 2 of 3 chosen at random inside the syscall, so the packet leaves with the backend address already: 10.96.0.100:80 → 10.244.1.6:8080',
        dnat: true,
      },
    ]);
    expect(summary(lookup('node-1', fromPod('10.244.0.9', '10.96.0.100', 80), pin(0)))).toBe('dnat 10.244.0.5:8080 #0/3');
    const udp = lookup('node-1', { ...fromPod('10.244.0.9', '10.96.0.100', 80), protocol: 'UDP' });
    expect(summary(udp)).toBe('not-a-service');
  });

  it('translates outside traffic on the NIC and SNATs it for eTP Cluster', () => {
    const result = lookup('node-1', fromOutside('192.168.1.11', 30080));
    expect(summary(result)).toBe('dnat 10.244.1.6:8080 #0/1 masq');
    expect(result.rules[0]!.chain).toBe('tc ingress on eth0 (cil_from_netdev)');
    expect(summary(lookup('node-1', fromOutside('10.96.0.100', 80)))).toBe('not-a-service');
  });

  it('keeps the client for eTP Local, drops on a node without a local backend, serves pods from every backend', () => {
    expect(summary(lookup('node-1', fromOutside('203.0.113.50', 443)))).toBe('dnat 10.244.0.5:8443 #0/1');
    const dropped = lookup('node-2', fromOutside('203.0.113.50', 443));
    expect(summary(dropped)).toBe('drop default/lb');
    expect(dropped.outcome.kind === 'drop' && dropped.outcome.reason).toBe(
      "default/lb has externalTrafficPolicy Local and no backend on this node: Cilium's tc program drops the packet.",
    );
    expect(summary(lookup('node-2', fromPod('10.244.1.9', '203.0.113.50', 443)))).toBe('dnat 10.244.0.5:8443 #0/1');
  });

  it('fails connect() with EHOSTUNREACH for a Service without backends', () => {
    const result = lookup('node-1', fromPod('10.244.0.9', '10.96.0.103', 80));
    expect(summary(result)).toBe('reject default/empty');
    expect(result.outcome.kind === 'reject' && result.outcome.reason).toBe(
      'default/empty has no backends: connect() fails at once with EHOSTUNREACH (No route to host); no packet is sent.',
    );
  });

  it('does not masquerade a pod reaching itself: the socket connects straight to the backend', () => {
    expect(summary(lookup('node-1', fromPod('10.244.0.5', '10.96.0.100', 80), pin(0)))).toBe('dnat 10.244.0.5:8080 #0/3');
  });
});
