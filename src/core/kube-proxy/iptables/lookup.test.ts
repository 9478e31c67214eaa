import { describe, expect, it } from 'vitest';
import { clusterOf } from '../../cluster/test-helpers';
import type { Cluster } from '../../cluster/types';
import type { PacketOrigin, ServiceLookup } from '../types';
import { iptablesBackend } from './index';

/**
 * Two nodes (a: 192.168.1.11, pods 10.244.0.0/24; b: 192.168.1.12, pods 10.244.1.0/24), the
 * kubeadm defaults (cluster CIDR 10.244.0.0/16, mark 0x4000) and pods with fixed addresses.
 * Chain names were computed independently (Python hashlib + base64.b32encode), e.g.
 * KUBE-SVC-67NZLRHBNDSAWJRO = base32(sha256("shop/web:httptcp"))[:16].
 */
const NODES = `apiVersion: v1
kind: Node
metadata: {name: a}
spec: {podCIDR: 10.244.0.0/24}
status: {addresses: [{type: InternalIP, address: 192.168.1.11}]}
---
apiVersion: v1
kind: Node
metadata: {name: b}
spec: {podCIDR: 10.244.1.0/24}
status: {addresses: [{type: InternalIP, address: 192.168.1.12}]}
`;

const pod = (name: string, node: string, ip: string, app: string) => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: shop, labels: {app: ${app}}}
spec: {nodeName: ${node}, containers: [{name: c, image: c, ports: [{name: http, containerPort: 8080}]}]}
status: {phase: Running, podIP: ${ip}}
`;

const PODS = pod('web-1', 'a', '10.244.0.10', 'web') + pod('web-2', 'b', '10.244.1.10', 'web') + pod('web-3', 'b', '10.244.1.11', 'web') + pod('client', 'a', '10.244.0.20', 'client');

const service = (name: string, spec: string, status = '') => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
${spec}${status}`;

const backend = iptablesBackend({ randomFully: false });

function cluster(yaml: string): Cluster {
  const c = clusterOf(NODES + PODS + yaml, { nodeSubnet: '192.168.1.0/24' });
  const errors = c.diagnostics.filter((d) => d.severity === 'error');
  expect(errors).toEqual([]);
  return c;
}

function look(c: Cluster, node: string, src: string, dst: string, port: number, origin: PacketOrigin, pin?: number, seed = 1): ServiceLookup {
  return backend.lookup(c, node, { src, dst, dstPort: port, protocol: 'TCP', origin }, pin === undefined ? { seed } : { seed, pin });
}

const texts = (l: ServiceLookup) => l.rules.map((r) => r.text);
const dnat = (l: ServiceLookup) => {
  if (l.outcome.kind !== 'dnat') throw new Error(`expected DNAT, got ${l.outcome.kind}: ${'reason' in l.outcome ? l.outcome.reason : ''}`);
  return l.outcome;
};

const ipOf = (c: Cluster, name: string) => c.services.find((s) => s.name === name)!.clusterIP!;

describe('iptables lookup', () => {
  it('ClusterIP from a pod: the exact rules, one of three endpoints, no masquerade', () => {
    const c = cluster(service('web', ''));
    const vip = ipOf(c, 'web');
    const l = look(c, 'a', '10.244.0.20', vip, 80, 'pod', 1);
    expect(texts(l).slice(0, 4)).toEqual([
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      `-A KUBE-SERVICES -d ${vip}/32 -p tcp -m comment --comment "shop/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-67NZLRHBNDSAWJRO`,
      '-A KUBE-SVC-67NZLRHBNDSAWJRO -m comment --comment "shop/web:http -> 10.244.1.10:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-FZQ6KZLGXRSKN2AD',
      '-A KUBE-SEP-FZQ6KZLGXRSKN2AD -p tcp -m comment --comment "shop/web:http" -m tcp -j DNAT --to-destination 10.244.1.10:8080',
    ]);
    expect(l.rules[2]!.note).toBe('Endpoint 2 of 3, probability 0.50000000000 at this rule (pinned).');
    expect(l.rules.filter((r) => r.dnat === true).map((r) => r.chain)).toEqual(['KUBE-SEP-FZQ6KZLGXRSKN2AD']);
    const o = dnat(l);
    expect(o.candidates.map((e) => `${e.ip}:${e.port}`)).toEqual(['10.244.0.10:8080', '10.244.1.10:8080', '10.244.1.11:8080']);
    expect([o.index, o.endpoint.ip, o.masquerade]).toEqual([1, '10.244.1.10', false]);
    expect(o.postrouting.map((r) => r.text)).toEqual([
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
      '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    ]);
  });

  it('seeded draws follow the statistic rules: each of three endpoints about a third of the time, and the same seed the same endpoint', () => {
    const c = cluster(service('web', ''));
    const vip = ipOf(c, 'web');
    const counts = [0, 0, 0];
    for (let seed = 0; seed < 3000; seed++) counts[dnat(look(c, 'a', '10.244.0.20', vip, 80, 'pod', undefined, seed)).index]! += 1;
    for (const n of counts) expect(Math.abs(n - 1000)).toBeLessThan(100);
    expect(dnat(look(c, 'a', '10.244.0.20', vip, 80, 'pod', undefined, 42)).index).toBe(dnat(look(c, 'a', '10.244.0.20', vip, 80, 'pod', undefined, 42)).index);
  });

  it('ClusterIP from the node itself: nat OUTPUT, masqueraded (the source is outside the cluster CIDR)', () => {
    const c = cluster(service('web', ''));
    const vip = ipOf(c, 'web');
    const l = look(c, 'a', '192.168.1.11', vip, 80, 'node', 0);
    expect(l.rules[0]!.text).toBe('-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
    expect(texts(l)).toContain(`-A KUBE-SVC-67NZLRHBNDSAWJRO ! -s 10.244.0.0/16 -d ${vip}/32 -p tcp -m comment --comment "shop/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ`);
    const o = dnat(l);
    expect(o.masquerade).toBe(true);
    expect(o.postrouting.map((r) => r.text).at(-1)).toBe('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE');
  });

  it('hairpin: a pod reaching its own Service is masqueraded by its KUBE-SEP chain', () => {
    const c = cluster(service('web', ''));
    const l = look(c, 'a', '10.244.0.10', ipOf(c, 'web'), 80, 'pod', 0);
    expect(texts(l)).toContain('-A KUBE-SEP-P3BKYI4UT7GLM4G4 -s 10.244.0.10/32 -m comment --comment "shop/web:http" -j KUBE-MARK-MASQ');
    const o = dnat(l);
    expect([o.endpoint.ip, o.masquerade]).toEqual(['10.244.0.10', true]);
  });

  it('NodePort from outside, eTP Cluster: KUBE-NODEPORTS, masqueraded, any endpoint', () => {
    const c = cluster(service('web', '  type: NodePort\n').replace('targetPort: http}', 'targetPort: http, nodePort: 30080}'));
    const l = look(c, 'a', '203.0.113.9', '192.168.1.11', 30080, 'external', 2);
    expect(texts(l).slice(1, 5)).toEqual([
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
      '-A KUBE-NODEPORTS -p tcp -m comment --comment "shop/web:http" -m tcp --dport 30080 -j KUBE-EXT-67NZLRHBNDSAWJRO',
      '-A KUBE-EXT-67NZLRHBNDSAWJRO -m comment --comment "masquerade traffic for shop/web:http external destinations" -j KUBE-MARK-MASQ',
      '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
    ]);
    const o = dnat(l);
    expect([o.endpoint.ip, o.masquerade]).toEqual(['10.244.1.11', true]);
    expect(texts(l)).toContain('-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT');
  });

  it('LoadBalancer IP from outside, eTP Cluster', () => {
    const c = cluster(service('web', '  type: LoadBalancer\n', 'status: {loadBalancer: {ingress: [{ip: 198.51.100.7}]}}\n'));
    const l = look(c, 'b', '203.0.113.9', '198.51.100.7', 80, 'external', 0);
    expect(texts(l)[1]).toBe('-A KUBE-SERVICES -d 198.51.100.7/32 -p tcp -m comment --comment "shop/web:http loadbalancer IP" -m tcp --dport 80 -j KUBE-EXT-67NZLRHBNDSAWJRO');
    expect(dnat(l)).toMatchObject({ masquerade: true, index: 0 });
  });

  it('eTP Local on a node with a local endpoint: only that endpoint, source kept', () => {
    const c = cluster(service('web', '  type: LoadBalancer\n  externalTrafficPolicy: Local\n', 'status: {loadBalancer: {ingress: [{ip: 198.51.100.7}]}}\n'));
    const l = look(c, 'a', '203.0.113.9', '198.51.100.7', 80, 'external');
    expect(texts(l)).toContain('-A KUBE-EXT-67NZLRHBNDSAWJRO -j KUBE-SVL-67NZLRHBNDSAWJRO');
    expect(texts(l)).toContain('-A KUBE-SVL-67NZLRHBNDSAWJRO -m comment --comment "shop/web:http -> 10.244.0.10:8080" -j KUBE-SEP-P3BKYI4UT7GLM4G4');
    const o = dnat(l);
    expect(o.candidates.map((e) => e.ip)).toEqual(['10.244.0.10']);
    expect([o.endpoint.ip, o.masquerade]).toEqual(['10.244.0.10', false]);
  });

  it('eTP Local on a node without a local endpoint: external traffic dropped, pods still reach every endpoint', () => {
    const c = clusterOf(NODES + pod('web-2', 'b', '10.244.1.10', 'web') + pod('client', 'a', '10.244.0.20', 'client') +
      service('web', '  type: LoadBalancer\n  externalTrafficPolicy: Local\n', 'status: {loadBalancer: {ingress: [{ip: 198.51.100.7}]}}\n'), { nodeSubnet: '192.168.1.0/24' });
    const svc = c.services.find((s) => s.name === 'web')!;
    const nodePort = svc.ports[0]!.nodePort!;
    const lb = look(c, 'a', '203.0.113.9', '198.51.100.7', 80, 'external');
    expect(lb.outcome.kind).toBe('drop');
    expect(lb.rules.at(-1)!.text).toBe('-A KUBE-EXTERNAL-SERVICES -d 198.51.100.7/32 -p tcp -m comment --comment "shop/web:http has no local endpoints" -m tcp --dport 80 -j DROP');
    expect(lb.outcome.kind === 'drop' && lb.outcome.reason).toBe(
      `shop/web:http has externalTrafficPolicy: Local and node a runs none of its ready endpoints, so kube-proxy drops external traffic arriving at this node (its health check on port ${svc.healthCheckNodePort} answers 503 here, so a load balancer stops sending to this node).`,
    );
    const np = look(c, 'a', '203.0.113.9', '192.168.1.11', nodePort, 'external');
    expect(np.rules.at(-1)!.text).toBe(`-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "shop/web:http has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport ${nodePort} -j DROP`);
    // A pod on the same node going to the LB IP is short-circuited to the Cluster chain.
    const fromPod = look(c, 'a', '10.244.0.20', '198.51.100.7', 80, 'pod');
    expect(texts(fromPod)).toContain('-A KUBE-EXT-67NZLRHBNDSAWJRO -s 10.244.0.0/16 -m comment --comment "pod traffic for shop/web:http external destinations" -j KUBE-SVC-67NZLRHBNDSAWJRO');
    expect(dnat(fromPod)).toMatchObject({ masquerade: false, endpoint: { ip: '10.244.1.10' } });
  });

  it('iTP Local: a pod reaches only its own node’s endpoint; on a node without one the ClusterIP is dropped', () => {
    const c = cluster(service('web', '  internalTrafficPolicy: Local\n'));
    const vip = ipOf(c, 'web');
    const onA = dnat(look(c, 'a', '10.244.0.20', vip, 80, 'pod'));
    expect(onA.candidates.map((e) => e.ip)).toEqual(['10.244.0.10']);
    const onB = dnat(look(c, 'b', '10.244.1.50', vip, 80, 'pod', 1));
    expect(onB.candidates.map((e) => e.ip)).toEqual(['10.244.1.10', '10.244.1.11']);
    expect(onB.endpoint.ip).toBe('10.244.1.11');

    const only = clusterOf(NODES + pod('web-2', 'b', '10.244.1.10', 'web') + service('web', '  internalTrafficPolicy: Local\n'), { nodeSubnet: '192.168.1.0/24' });
    const l = look(only, 'a', '10.244.0.20', ipOf(only, 'web'), 80, 'pod');
    expect(l.outcome).toMatchObject({ kind: 'drop', reason: 'shop/web:http has internalTrafficPolicy: Local and node a runs none of its ready endpoints, so kube-proxy drops packets sent here to its ClusterIP (endpoints on other nodes are not used).' });
    expect(l.rules.at(-1)!.text).toBe(`-A KUBE-SERVICES -d ${ipOf(only, 'web')}/32 -p tcp -m comment --comment "shop/web:http has no local endpoints" -m tcp --dport 80 -j DROP`);
  });

  it('session affinity: the first connection passes the recent checks, then is remembered by its KUBE-SEP chain', () => {
    const c = cluster(service('web', '  sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 600}}\n'));
    const l = look(c, 'a', '10.244.0.20', ipOf(c, 'web'), 80, 'pod', 2);
    expect(texts(l).filter((t) => t.includes('--rcheck'))).toEqual([]);
    expect(texts(l)).toContain('-A KUBE-SEP-EPVTA2RHFPHQF37H -p tcp -m comment --comment "shop/web:http" -m recent --set --name KUBE-SEP-EPVTA2RHFPHQF37H --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.244.1.11:8080');
    expect(backend.dump(c, 'a')).toContain('-A KUBE-SVC-67NZLRHBNDSAWJRO -m comment --comment "shop/web:http -> 10.244.1.11:8080" -m recent --rcheck --seconds 600 --reap --name KUBE-SEP-EPVTA2RHFPHQF37H --mask 255.255.255.255 --rsource -j KUBE-SEP-EPVTA2RHFPHQF37H');
    expect(dnat(l).endpoint.ip).toBe('10.244.1.11');
  });

  it('a pinned endpoint is taken whatever the seed', () => {
    const c = cluster(service('web', ''));
    const vip = ipOf(c, 'web');
    for (const seed of [1, 2, 3, 99]) expect(dnat(look(c, 'a', '10.244.0.20', vip, 80, 'pod', 2, seed)).endpoint.ip).toBe('10.244.1.11');
  });

  it('no endpoints: rejected by filter KUBE-SERVICES, with the reason', () => {
    const c = clusterOf(NODES + service('web', ''), { nodeSubnet: '192.168.1.0/24' });
    const vip = ipOf(c, 'web');
    const l = look(c, 'a', '10.244.0.20', vip, 80, 'pod');
    expect(texts(l)).toEqual([
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
      '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
      '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      `-A KUBE-SERVICES -d ${vip}/32 -p tcp -m comment --comment "shop/web:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable`,
    ]);
    expect(l.outcome).toMatchObject({
      kind: 'reject',
      reason: 'shop/web:http has no endpoint at all (no pod matches its selector, or no EndpointSlice lists an address), so kube-proxy rejects the connection: the client gets ICMP port unreachable ("connection refused").',
    });
  });

  it('quotes every matched rule exactly as a line of the node’s dump, also through the indexed KUBE-SERVICES of many Services', () => {
    // 40 Services make KUBE-SERVICES long enough to be read through its index by destination and port.
    const many = Array.from({ length: 40 }, (_, i) => service(`web${i}`, `  clusterIP: 10.96.7.${i + 1}\n`)).join('');
    const c = cluster(many + service('web', '  type: NodePort\n').replace('targetPort: http}', 'targetPort: http, nodePort: 30080}'));
    const dump = new Set(backend.dump(c, 'a').split('\n'));
    const toVip = look(c, 'a', '10.244.0.20', '10.96.7.37', 80, 'pod', 0);
    expect(texts(toVip)[1]).toBe('-A KUBE-SERVICES -d 10.96.7.37/32 -p tcp -m comment --comment "shop/web36:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-' + toVip.rules[2]!.chain.slice(9));
    expect(dnat(toVip).service.name).toBe('web36');
    const toNodePort = look(c, 'b', '203.0.113.9', '192.168.1.12', 30080, 'external', 1);
    expect(dnat(toNodePort).service.name).toBe('web');
    expect(look(c, 'a', '10.244.0.20', '10.96.7.37', 81, 'pod').outcome).toEqual({ kind: 'not-a-service' });
    for (const l of [toVip, toNodePort]) {
      const all = [...l.rules, ...(l.outcome.kind === 'dnat' ? l.outcome.postrouting : [])];
      expect(all.length).toBeGreaterThan(5);
      for (const r of all) expect(dump.has(r.text), r.text).toBe(true);
    }
  });

  it('a destination that is no Service passes unchanged', () => {
    const c = cluster(service('web', ''));
    expect(look(c, 'a', '10.244.0.20', '10.244.1.10', 8080, 'pod').outcome).toEqual({ kind: 'not-a-service' });
  });
});
