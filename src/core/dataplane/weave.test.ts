import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clusterOf, netns } from '../cluster/test-helpers';
import { DEFAULT_SETTINGS, withCni } from '../cluster/settings';
import { sandboxContainerId } from '../cluster/names';
import { weaveRingShares, weaveVni } from './weave';

const example = readFileSync(fileURLToPath(new URL('../../../examples/same-node-pods.yaml', import.meta.url)), 'utf8');

describe("Weave's IPAM: the allocation range split among the peers by consensus", () => {
  it('halves the range recursively, CIDR-aligned, as the ring does', () => {
    expect(weaveRingShares('10.32.0.0/12', 1)).toEqual(['10.32.0.0/12']);
    expect(weaveRingShares('10.32.0.0/12', 2)).toEqual(['10.32.0.0/13', '10.40.0.0/13']);
    expect(weaveRingShares('10.32.0.0/12', 3)).toEqual(['10.32.0.0/13', '10.40.0.0/14', '10.44.0.0/14']);
    expect(weaveRingShares('10.32.0.0/12', 5)).toEqual(['10.32.0.0/14', '10.36.0.0/14', '10.40.0.0/14', '10.44.0.0/15', '10.46.0.0/15']);
  });

  it('packs the source short ID in the low 12 bits of the VNI and the destination above', () => {
    expect(weaveVni(1, 2)).toBe(0x2001);
    expect(weaveVni(0xabc, 0x123)).toBe(0x123abc);
  });
});

describe('Weave Net, fast datapath, on two nodes', () => {
  const settings = withCni({ ...DEFAULT_SETTINGS, nodeNames: ['node-1', 'node-2'] }, 'weave');
  const cluster = clusterOf(example, settings);
  const [n1, n2] = cluster.nodes;
  const pod = (name: string) => cluster.pods.find((p) => p.name === name)!;

  it('picks Weave’s own range, 10.32.0.0/12, when the plugin is chosen', () => {
    expect(settings.clusterCIDR).toBe('10.32.0.0/12');
    expect(withCni(settings, 'flannel-vxlan').clusterCIDR).toBe('10.244.0.0/16');
    expect(withCni({ ...settings, clusterCIDR: '10.200.0.0/16' }, 'flannel-vxlan').clusterCIDR).toBe('10.200.0.0/16');
  });

  it('gives each node the weave bridge with the first address of its share and the prefix of the whole range', () => {
    expect([n1!.podCIDR, n2!.podCIDR]).toEqual(['10.32.0.0/13', '10.40.0.0/13']);
    expect(n1!.bridge).toMatchObject({ name: 'weave', cidr: '10.32.0.1/12', mtu: 1376 });
    expect(n2!.bridge).toMatchObject({ name: 'weave', cidr: '10.40.0.0/12', mtu: 1376 });
    expect(n1!.routes.at(-1)).toEqual({ destination: '10.32.0.0/12', via: undefined, dev: 'weave', scope: 'link', proto: 'kernel', src: '10.32.0.1' });
    // No route to the other node's pods: they are on-link on the bridge.
    expect(n1!.routes.filter((r) => r.dev === 'eth0').map((r) => r.destination)).toEqual(['default', '192.168.1.0/24']);
    expect(n1!.neighbours).toEqual([]);
    expect(n1!.fdb).toEqual([]);
  });

  it('joins the bridge to the Open vSwitch datapath through vethwe-bridge/vethwe-datapath, with the vxlan-6784 vport', () => {
    expect(n1!.weave).toMatchObject({
      bridgePort: { name: 'vethwe-bridge', mtu: 1376, cidr: undefined },
      datapathPort: { name: 'vethwe-datapath', mtu: 1376, cidr: undefined },
      datapath: { name: 'datapath', mtu: 1376 },
      peerName: n1!.bridge!.mac,
      range: '10.32.0.0/13',
    });
    expect(n1!.weave!.shortId).not.toBe(n2!.weave!.shortId);
    expect(n1!.weave!.shortId).toBeLessThan(4096);
    expect(n1!.tunnel).toEqual({
      kind: 'vxlan', name: 'vxlan-6784', mac: n1!.tunnel!.mac, cidr: undefined, mtu: 65485, vni: 0, port: 6784, local: '192.168.1.11', external: true,
    });
  });

  it('addresses pods from their node’s share with a /12, MTU 1376, on-link to every pod and a default route to the bridge', () => {
    expect([pod('frontend').ip, pod('db').ip, pod('backend').ip]).toEqual(['10.32.0.2', '10.32.0.3', '10.40.0.1']);
    const frontend = netns(pod('frontend'));
    expect(frontend.eth0).toMatchObject({ cidr: '10.32.0.2/12', mtu: 1376 });
    expect(frontend.hostVeth).toMatchObject({ name: `vethwepl${sandboxContainerId('default', 'frontend').slice(0, 7)}`, mtu: 1376 });
    expect(frontend.hostVeth.name).toMatch(/^vethwepl[0-9a-f]{7}$/);
    expect(frontend.routes).toEqual([
      { destination: 'default', via: '10.32.0.1', dev: 'eth0', scope: 'global', proto: undefined, src: undefined },
      { destination: '10.32.0.0/12', via: undefined, dev: 'eth0', scope: 'link', proto: 'kernel', src: '10.32.0.2' },
    ]);
    expect(netns(pod('backend')).routes[0]!.via).toBe('10.40.0.0');
  });
});
