import { describe, expect, it } from 'vitest';
import { clusterOf } from '../cluster/test-helpers';
import type { ClusterSettings } from '../cluster/types';
import { traceFlow } from './trace';
import type { Trace } from './types';
import { hopSteps as kinds } from './test-helpers';

// One pod behind its own Service: whenever it calls the Service, the rules pick it.
const SCENARIO = `
apiVersion: v1
kind: Pod
metadata: {name: solo, namespace: default, labels: {app: solo}}
spec: {nodeName: node-1, containers: [{name: app, image: app, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: solo, namespace: default}
spec:
  clusterIP: 10.96.0.60
  selector: {app: solo}
  ports: [{port: 80, targetPort: 8080}]
`;

function trace(settings: Partial<ClusterSettings> = {}): Trace {
  const cluster = clusterOf(SCENARIO, { nodeNames: ['node-1'], ...settings });
  const result = traceFlow(cluster, { from: { kind: 'pod', namespace: 'default', pod: 'solo', container: undefined }, to: { kind: 'service', namespace: 'default', service: 'solo', port: 80, protocol: 'TCP' } });
  if (!result.ok) throw new Error(result.error.message);
  return result.trace;
}

describe('hairpin: a pod reaching itself through its own Service', () => {
  const t = trace({ cni: 'bridge' });
  const veth = t.hops.find((h) => h.kind === 'veth-receive')!.where;

  it("matches KUBE-SEP's -s <podIP> -j KUBE-MARK-MASQ", () => {
    const sep = t.hops.find((h) => h.rule?.text.includes('-s 10.244.0.2/32') === true || h.rule?.text.includes('-s 10.244.0.2 ') === true);
    expect(sep?.rule?.text).toMatch(/^-A KUBE-SEP-[A-Z2-7]{16} .*-j KUBE-MARK-MASQ$/);
  });

  it("masquerades to the bridge's address and sends the frame back out of the port it came in on", () => {
    expect(t.verdict).toBe('delivered');
    const i = t.hops.findIndex((h) => h.kind === 'masquerade');
    expect(kinds(t.hops.slice(i - 1))).toEqual([
      'route-lookup @ bridge:node-1/cbr0',
      'masquerade @ kproxy:node-1',
      'bridge-forward @ bridge:node-1/cbr0',
      `veth-transmit @ ${veth}`,
      'veth-receive @ podnic:default/solo/eth0',
      'deliver @ ctr:default/solo/app',
    ]);
    expect(t.hops[i]?.changes[0]).toEqual({ field: 'ip.src', before: '10.244.0.2', after: '10.244.0.1' });
    expect(t.hops[i + 1]?.summary).toContain('the port this frame came in on');
    expect(t.hops[i + 1]?.summary).toContain('hairpin mode');
    expect(t.hops[i + 1]?.rule?.text).toContain('hairpin on');
    expect(t.hops.at(-1)?.packet.ip).toMatchObject({ src: '10.244.0.1', dst: '10.244.0.2' });
    expect(t.explanation).toContain('the pod sees the connection come from 10.244.0.1');
  });

  it('answers the bridge address; conntrack undoes the SNAT, then the DNAT, and the reply hairpins back', () => {
    expect(kinds(t.reply).slice(3)).toEqual([
      `veth-receive @ ${veth}`,
      'conntrack @ kproxy:node-1',
      'route-lookup @ bridge:node-1/cbr0',
      'conntrack @ kproxy:node-1',
      'bridge-forward @ bridge:node-1/cbr0',
      `veth-transmit @ ${veth}`,
      'veth-receive @ podnic:default/solo/eth0',
      'deliver @ ctr:default/solo/app',
    ]);
    expect(t.reply.at(-1)?.packet.ip).toMatchObject({ src: '10.96.0.60', dst: '10.244.0.2' });
    expect((t.reply.at(-1)?.packet.l4 as { srcPort: number }).srcPort).toBe(80);
  });

  it("on Calico, with no bridge, masquerades to eth0's address and needs no hairpin mode", () => {
    const calico = trace({ cni: 'calico-bgp' });
    const masq = calico.hops.find((h) => h.kind === 'masquerade');
    expect(masq?.changes[0]).toEqual({ field: 'ip.src', before: calico.hops[0]!.packet.ip.src, after: '192.168.1.11' });
    expect(masq?.summary).toContain("eth0's address");
    expect(calico.hops.some((h) => h.kind === 'bridge-forward')).toBe(false);
    expect(calico.verdict).toBe('delivered');
  });
});
