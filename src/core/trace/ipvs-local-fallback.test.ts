import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../manifest/parse';
import { buildCluster } from '../cluster/build';
import { DEFAULT_SETTINGS, withCni } from '../cluster/settings';
import type { CniPlugin } from '../cluster/types';
import { traceFlow } from './trace';

const dump = parseManifests(readFileSync(fileURLToPath(new URL('../../../fixtures/realistic-dump/cluster.yaml', import.meta.url)), 'utf8'));

// shop/frontend-external is a LoadBalancer Service with externalTrafficPolicy: Local whose pods
// run on worker-1 and worker-2; NodePort 31380 on cp-1 (172.18.0.2) has none of them. IPVS falls
// back to the cluster's endpoints there (kube-proxy PR #97081) without masquerading: the pod
// answers the client from its own node, where nothing undoes the DNAT.
describe('IPVS, externalTrafficPolicy: Local, a NodePort on a node without a local endpoint', () => {
  const flow = { from: { kind: 'external' as const, ip: '198.51.100.10' }, to: { kind: 'address' as const, address: '172.18.0.2', port: 31380, protocol: 'TCP' as const } };

  it.each<CniPlugin>(['flannel-vxlan', 'calico-ipip', 'cilium-vxlan', 'cilium-native'])('on %s the client discards an answer from the pod address', (cni) => {
    const cluster = buildCluster(dump, { ...withCni(DEFAULT_SETTINGS, cni), kubeProxyMode: 'ipvs' });
    const result = traceFlow(cluster, flow);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const last = result.trace.reply.at(-1)!;
    expect(result.trace.verdict).toBe('dropped');
    expect(last.kind).toBe('drop');
    expect([last.packet.ip.src, last.packet.ip.dst]).toEqual(['10.244.2.4', '198.51.100.10']);
    expect(last.summary).toBe(
      'TCP SYN-ACK reaches the client from 10.244.2.4:8080, not from 172.18.0.2:31380, the address it called: no socket of the client expects it, so its TCP stack answers it with a reset, and the connection never starts.',
    );
    // The answer leaves by worker-2's own eth0, not back through cp-1.
    expect(result.trace.reply.some((h) => h.where === 'nic:worker-2/eth0')).toBe(true);
    expect(result.trace.reply.some((h) => h.where.includes('cp-1'))).toBe(false);
  });

  it('iptables mode drops the packet on cp-1 instead', () => {
    const cluster = buildCluster(dump, { ...DEFAULT_SETTINGS, kubeProxyMode: 'iptables' });
    const result = traceFlow(cluster, flow);
    expect(result.ok && result.trace.verdict).toBe('dropped');
    expect(result.ok && result.trace.hops.at(-1)!.where).toBe('kproxy:cp-1');
  });
});
