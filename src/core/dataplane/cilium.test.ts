import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { clusterOf, netns } from '../cluster/test-helpers';
import { DEFAULT_SETTINGS, withCni } from '../cluster/settings';
import { sandboxContainerId } from '../cluster/names';
import type { CniPlugin } from '../cluster/types';

const example = readFileSync(fileURLToPath(new URL('../../../examples/same-node-pods.yaml', import.meta.url)), 'utf8');

function setup(cni: CniPlugin, extra = '') {
  const cluster = clusterOf(example + extra, withCni({ ...DEFAULT_SETTINGS, nodeNames: ['node-1', 'node-2'] }, cni));
  return { cluster, pod: (name: string) => cluster.pods.find((p) => p.name === name)! };
}

describe('Cilium devices and routes', () => {
  it('names the host veth lxc + the first 12 hex characters of sha256("<container ID>:eth0")', () => {
    const { pod } = setup('cilium-vxlan');
    const id = `${sandboxContainerId('default', 'frontend')}:eth0`;
    expect(netns(pod('frontend')).hostVeth.name).toBe(`lxc${bytesToHex(sha256(utf8ToBytes(id))).slice(0, 12)}`);
    expect(netns(pod('frontend')).hostVeth.name).toHaveLength(15);
  });

  it('tunnel mode: cilium_host with the router IP, cilium_vxlan on UDP 8472 in collect-metadata mode, remote CIDRs via cilium_host mtu 1450', () => {
    const { cluster } = setup('cilium-vxlan');
    const n1 = cluster.nodes[0]!;
    expect(n1.bridge).toBeUndefined();
    expect(n1.cilium).toMatchObject({ host: { name: 'cilium_host', cidr: '10.244.0.1/32', mtu: 1500 }, net: { name: 'cilium_net', cidr: undefined }, routing: 'tunnel' });
    expect(n1.tunnel).toMatchObject({ kind: 'vxlan', name: 'cilium_vxlan', port: 8472, vni: 0, external: true, mtu: 1500, local: '192.168.1.11' });
    expect(n1.routes.slice(2)).toEqual([
      { destination: '10.244.0.0/24', via: '10.244.0.1', dev: 'cilium_host', scope: 'global', proto: undefined, src: '10.244.0.1' },
      { destination: '10.244.0.1', via: undefined, dev: 'cilium_host', scope: 'link', proto: undefined, src: undefined },
      { destination: '10.244.1.0/24', via: '10.244.0.1', dev: 'cilium_host', scope: 'global', proto: undefined, src: '10.244.0.1', mtu: 1450 },
    ]);
  });

  it('native routing: no tunnel device, remote pod CIDRs via the peer node on eth0', () => {
    const { cluster, pod } = setup('cilium-native');
    const n1 = cluster.nodes[0]!;
    expect(n1.tunnel).toBeUndefined();
    expect(n1.cilium!.routing).toBe('native');
    expect(n1.routes.at(-1)).toEqual({ destination: '10.244.1.0/24', via: '192.168.1.12', dev: 'eth0', scope: 'global', proto: undefined, src: undefined });
    expect(netns(pod('frontend')).routes[0]).toMatchObject({ destination: 'default', via: '10.244.0.1', mtu: 1500 });
  });

  it('gives pods a /32 with MTU 1500, a link route to the router IP and a default route with mtu 1450 in tunnel mode', () => {
    const { pod } = setup('cilium-vxlan');
    const frontend = netns(pod('frontend'));
    expect(pod('frontend').ip).toBe('10.244.0.2');
    expect(frontend.eth0).toMatchObject({ cidr: '10.244.0.2/32', mtu: 1500 });
    expect(frontend.hostVeth.mtu).toBe(1500);
    expect(frontend.routes).toEqual([
      { destination: 'default', via: '10.244.0.1', dev: 'eth0', scope: 'global', proto: undefined, src: undefined, mtu: 1450 },
      { destination: '10.244.0.1', via: undefined, dev: 'eth0', scope: 'link', proto: undefined, src: undefined },
    ]);
  });

  it('turns ipBlock matching of pod addresses off by default, as Cilium matches ipBlocks outside the cluster only', () => {
    expect(withCni(DEFAULT_SETTINGS, 'cilium-vxlan').ipBlockMatchesPods).toBe(false);
    expect(withCni(withCni(DEFAULT_SETTINGS, 'cilium-native'), 'calico-ipip').ipBlockMatchesPods).toBe(true);
    // A choice the person made stays.
    expect(withCni({ ...DEFAULT_SETTINGS, ipBlockMatchesPods: false }, 'weave').ipBlockMatchesPods).toBe(false);
  });
});

describe('Cilium security identities', () => {
  const replicas = `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, app.kubernetes.io/name: web}}
    spec: {containers: [{name: nginx, image: nginx}]}
`;
  const { cluster, pod } = setup('cilium-vxlan', replicas);

  it('are made of the identity-relevant labels: pod labels, namespace labels, cluster, service account, namespace', () => {
    expect(netns(pod('frontend')).identity!.labels).toEqual([
      'k8s:app=frontend',
      'k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=default',
      'k8s:io.cilium.k8s.policy.cluster=default',
      'k8s:io.cilium.k8s.policy.serviceaccount=default',
      'k8s:io.kubernetes.pod.namespace=default',
    ]);
  });

  it('leave out pod-template-hash, so the replicas of a Deployment share one identity in the cluster-wide range', () => {
    const web = cluster.pods.filter((p) => p.name.startsWith('web-'));
    expect(web).toHaveLength(2);
    expect(web[0]!.labels['pod-template-hash']).toBeDefined();
    const [a, b] = web.map((p) => netns(p).identity!);
    expect(a).toEqual(b);
    expect(a!.labels).toContain('k8s:app.kubernetes.io/name=web');
    expect(a!.labels.some((l) => l.includes('pod-template-hash'))).toBe(false);
    expect(a!.id).toBeGreaterThanOrEqual(256);
    expect(a!.id).toBeLessThan(65536);
    const ids = new Set(['frontend', 'backend', 'db'].map((n) => netns(pod(n)).identity!.id));
    expect(ids.size).toBe(3);
    expect(ids.has(a!.id)).toBe(false);
  });

  it('exist only with Cilium', () => {
    expect(netns(setup('flannel-vxlan').pod('frontend')).identity).toBeUndefined();
  });
});
