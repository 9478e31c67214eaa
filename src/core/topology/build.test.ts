import { describe, expect, it } from 'vitest';
import { buildCluster } from '../cluster/build';
import { parseManifests } from '../manifest/parse';
import { buildTopology } from './build';
import { netns } from '../cluster/test-helpers';

const text = `kind: Pod
metadata: {name: a, namespace: ns}
spec:
  containers:
    - {name: app, ports: [{containerPort: 80}]}
    - {name: helper}
`;

describe('buildTopology', () => {
  const cluster = buildCluster(parseManifests(text));
  const topology = buildTopology(cluster);
  const byId = new Map(topology.elements.map((e) => [e.id, e]));
  // CoreDNS, which every cluster runs, is in the picture too, and so are the Services every
  // cluster has (services.test.ts looks at those); these tests look at the user's pod.
  const system = cluster.pods.filter((p) => p.namespace === 'kube-system');
  const ours = (id: string) => !id.includes('kube-system') && !id.includes('svc') && !system.some((p) => id.includes(netns(p).hostVeth.name));
  const veth = `veth:node-1/${netns(cluster.pods[0]).hostVeth.name}`;

  it('nests node ⊃ pod ⊃ containers and eth0, with the node’s devices in the node', () => {
    const parents = topology.elements.filter((e) => ours(e.id)).map((e) => [e.id, e.parent]);
    expect(parents).toEqual([
      ['node:node-1', undefined],
      ['nic:node-1/eth0', 'node:node-1'],
      ['bridge:node-1/cni0', 'node:node-1'],
      // Flannel creates flannel.1 on every node, even when no other node needs it.
      ['tun:node-1/flannel.1', 'node:node-1'],
      // The node's Service rules, where the trace shows kube-proxy's rules matching.
      ['kproxy:node-1', 'node:node-1'],
      ['pod:ns/a', 'node:node-1'],
      ['podnic:ns/a/eth0', 'pod:ns/a'],
      [veth, 'node:node-1'],
      ['ctr:ns/a/app', 'pod:ns/a'],
      ['ctr:ns/a/helper', 'pod:ns/a'],
    ]);
    expect(byId.get('ctr:ns/a/app')!.detail).toBe('80/TCP');
    expect(byId.get('pod:ns/a')!.detail).toBe('10.244.0.2');
    expect(byId.get('kproxy:node-1')).toMatchObject({ kind: 'kube-proxy', label: 'kube-proxy', detail: 'iptables mode · nat KUBE-SERVICES' });
  });

  it('links eth0 to its veth, the veth to the bridge, and each container to eth0', () => {
    expect(topology.links.filter((l) => ours(l.id)).map((l) => [l.kind, l.source, l.target])).toEqual([
      ['host-routing', 'tun:node-1/flannel.1', 'nic:node-1/eth0'],
      ['host-routing', 'bridge:node-1/cni0', 'tun:node-1/flannel.1'],
      ['netfilter', 'kproxy:node-1', 'bridge:node-1/cni0'],
      ['veth-pair', 'podnic:ns/a/eth0', veth],
      ['bridge-port', veth, 'bridge:node-1/cni0'],
      ['netns', 'ctr:ns/a/app', 'podnic:ns/a/eth0'],
      ['netns', 'ctr:ns/a/helper', 'podnic:ns/a/eth0'],
    ]);
    for (const link of topology.links) {
      expect(byId.has(link.source)).toBe(true);
      expect(byId.has(link.target)).toBe(true);
    }
  });
});

describe('buildTopology: volumes', () => {
  const cluster = buildCluster(
    parseManifests(`kind: Pod
metadata: {name: web, namespace: ns}
spec:
  volumes:
    - {name: html, emptyDir: {}}
    - {name: cache, emptyDir: {medium: Memory, sizeLimit: 64Mi}}
    - {name: conf, configMap: {name: nginx-conf}}
    - {name: unused, emptyDir: {}}
  containers:
    - name: nginx
      volumeMounts:
        - {name: html, mountPath: /usr/share/nginx/html, readOnly: true}
        - {name: conf, mountPath: /etc/nginx/conf.d}
    - name: helper
      volumeMounts:
        - {name: html, mountPath: /html}
        - {name: cache, mountPath: /cache}
`),
  );
  const topology = buildTopology(cluster);
  const inPod = (id: string) => id.includes('ns/web');

  it('puts each mounted volume in its pod, and leaves out one no container mounts', () => {
    expect(topology.elements.filter((e) => e.kind === 'volume').map((e) => [e.id, e.label, e.detail, e.parent])).toEqual([
      ['vol:ns/web/html', 'html', 'emptyDir', 'pod:ns/web'],
      ['vol:ns/web/cache', 'cache', 'emptyDir · medium Memory · sizeLimit 64Mi', 'pod:ns/web'],
      ['vol:ns/web/conf', 'conf', 'configMap nginx-conf', 'pod:ns/web'],
    ]);
  });

  it('joins each mounting container to the volume, labelled with its mount path', () => {
    expect(topology.links.filter((l) => l.kind === 'mount' && inPod(l.id)).map((l) => [l.id, l.source, l.target, l.label])).toEqual([
      ['link:ctr:ns/web/nginx~vol:ns/web/html@/usr/share/nginx/html', 'ctr:ns/web/nginx', 'vol:ns/web/html', '/usr/share/nginx/html:ro'],
      ['link:ctr:ns/web/helper~vol:ns/web/html@/html', 'ctr:ns/web/helper', 'vol:ns/web/html', '/html'],
      ['link:ctr:ns/web/helper~vol:ns/web/cache@/cache', 'ctr:ns/web/helper', 'vol:ns/web/cache', '/cache'],
      ['link:ctr:ns/web/nginx~vol:ns/web/conf@/etc/nginx/conf.d', 'ctr:ns/web/nginx', 'vol:ns/web/conf', '/etc/nginx/conf.d'],
    ]);
  });

  it('draws no volume for a pod without volumes (CoreDNS here)', () => {
    expect(topology.elements.filter((e) => e.kind === 'volume' && !inPod(e.id))).toEqual([]);
  });
});
