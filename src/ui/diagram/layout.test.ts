import { describe, expect, it } from 'vitest';
import type { Topology, TopologyElement } from '../../core';
import { layoutTopology, SIZES, type Placement } from './layout';

const el = (id: string, kind: TopologyElement['kind'], parent?: string): TopologyElement => ({
  id,
  kind,
  label: id,
  detail: '',
  parent,
});

/** One node, two pods (two containers and one), each with eth0 and a host veth on cni0. */
const topology: Topology = {
  elements: [
    el('node:n1', 'node'),
    el('nic:n1/eth0', 'host-interface', 'node:n1'),
    el('bridge:n1/cni0', 'bridge', 'node:n1'),
    el('pod:d/a', 'pod', 'node:n1'),
    el('podnic:d/a/eth0', 'pod-interface', 'pod:d/a'),
    el('veth:n1/va', 'veth', 'node:n1'),
    el('ctr:d/a/one', 'container', 'pod:d/a'),
    el('ctr:d/a/two', 'container', 'pod:d/a'),
    el('pod:d/b', 'pod', 'node:n1'),
    el('podnic:d/b/eth0', 'pod-interface', 'pod:d/b'),
    el('veth:n1/vb', 'veth', 'node:n1'),
    el('ctr:d/b/three', 'container', 'pod:d/b'),
  ],
  links: [
    { id: 'l1', kind: 'veth-pair', source: 'podnic:d/a/eth0', target: 'veth:n1/va' },
    { id: 'l2', kind: 'veth-pair', source: 'podnic:d/b/eth0', target: 'veth:n1/vb' },
    { id: 'l3', kind: 'bridge-port', source: 'veth:n1/va', target: 'bridge:n1/cni0' },
    { id: 'l4', kind: 'bridge-port', source: 'veth:n1/vb', target: 'bridge:n1/cni0' },
  ],
};

const at = (layout: ReadonlyMap<string, Placement>, id: string): Placement => {
  const p = layout.get(id);
  if (!p) throw new Error(`${id} was not placed`);
  return p;
};

const inside = (inner: Placement, outer: Placement): boolean =>
  inner.absX >= outer.absX &&
  inner.absY >= outer.absY &&
  inner.absX + inner.width <= outer.absX + outer.width &&
  inner.absY + inner.height <= outer.absY + outer.height;

const centreX = (p: Placement): number => p.absX + p.width / 2;

describe('layoutTopology', () => {
  const layout = layoutTopology(topology);

  it('places every element', () => {
    expect([...layout.keys()].sort()).toEqual(topology.elements.map((e) => e.id).sort());
  });

  it('nests children inside their parents', () => {
    for (const e of topology.elements) {
      if (e.parent) expect(inside(at(layout, e.id), at(layout, e.parent)), e.id).toBe(true);
    }
  });

  it('puts positions relative to the parent and absolute ones on the canvas', () => {
    const pod = at(layout, 'pod:d/a');
    const ctr = at(layout, 'ctr:d/a/one');
    expect(ctr.absX).toBe(pod.absX + ctr.x);
    expect(ctr.absY).toBe(pod.absY + ctr.y);
  });

  it('stacks pods, their veths, the bridge and the node interface from top to bottom', () => {
    const pod = at(layout, 'pod:d/a');
    const veth = at(layout, 'veth:n1/va');
    const bridge = at(layout, 'bridge:n1/cni0');
    const nic = at(layout, 'nic:n1/eth0');
    expect(veth.absY).toBeGreaterThan(pod.absY + pod.height);
    expect(bridge.absY).toBeGreaterThan(veth.absY + veth.height);
    expect(nic.absY).toBeGreaterThan(bridge.absY + bridge.height);
  });

  it('centres each veth under its own pod and keeps the pod eth0 at the pod bottom', () => {
    for (const name of ['a', 'b']) {
      const podId = `pod:d/${name}`;
      const pod = at(layout, podId);
      expect(Math.abs(centreX(at(layout, `veth:n1/v${name}`)) - centreX(pod))).toBeLessThan(1);
      const eth0 = at(layout, `podnic:d/${name}/eth0`);
      const containers = topology.elements.filter((e) => e.kind === 'container' && e.parent === podId);
      expect(containers.length).toBeGreaterThan(0);
      for (const c of containers) {
        const box = at(layout, c.id);
        expect(eth0.absY).toBeGreaterThan(box.absY + box.height);
      }
    }
  });

  it('makes the bridge span the pods and does not overlap siblings', () => {
    const bridge = at(layout, 'bridge:n1/cni0');
    for (const pod of ['pod:d/a', 'pod:d/b']) {
      const p = at(layout, pod);
      expect(bridge.absX).toBeLessThanOrEqual(p.absX);
      expect(bridge.absX + bridge.width).toBeGreaterThanOrEqual(p.absX + p.width);
    }
    const a = at(layout, 'pod:d/a');
    const b = at(layout, 'pod:d/b');
    expect(a.absX + a.width).toBeLessThan(b.absX);
  });

  it("stands veths of no pod (Weave's vethwe-bridge, vethwe-pcap) beside the pods' veths, not over them, inside the node", () => {
    const weave: Topology = {
      elements: [...topology.elements, el('veth:n1/vethwe-bridge', 'veth', 'node:n1'), el('veth:n1/vethwe-pcap', 'veth', 'node:n1')],
      links: [...topology.links, { id: 'l5', kind: 'veth-pair', source: 'veth:n1/vethwe-bridge', target: 'veth:n1/vethwe-pcap' }],
    };
    const l = layoutTopology(weave);
    const veths = ['veth:n1/va', 'veth:n1/vb', 'veth:n1/vethwe-bridge', 'veth:n1/vethwe-pcap'].map((id) => at(l, id));
    const xs = veths.map((v) => v.absX);
    expect(xs).toEqual([...xs].sort((p, q) => p - q));
    for (let i = 1; i < veths.length; i++) expect(veths[i]!.absX).toBeGreaterThanOrEqual(veths[i - 1]!.absX + veths[i - 1]!.width);
    const node = at(l, 'node:n1');
    const last = veths[veths.length - 1]!;
    expect(last.absX + last.width).toBeLessThanOrEqual(node.absX + node.width - SIZES.nodePad);
  });

  it('is deterministic', () => {
    expect([...layoutTopology(topology)]).toEqual([...layout]);
  });

  it('places several nodes side by side', () => {
    const two: Topology = {
      elements: [...topology.elements, el('node:n2', 'node'), el('bridge:n2/cni0', 'bridge', 'node:n2')],
      links: topology.links,
    };
    const l = layoutTopology(two);
    const n1 = at(l, 'node:n1');
    expect(at(l, 'node:n2').absX).toBeGreaterThan(n1.absX + n1.width);
  });

  it('puts the tunnel device beside eth0 in the bottom row, both under the bridge', () => {
    const withTunnel: Topology = {
      elements: [...topology.elements, el('tun:n1/flannel.1', 'tunnel', 'node:n1')],
      links: topology.links,
    };
    const l = layoutTopology(withTunnel);
    const nic = at(l, 'nic:n1/eth0');
    const tunnel = at(l, 'tun:n1/flannel.1');
    const bridge = at(l, 'bridge:n1/cni0');
    expect(tunnel.absY).toBe(nic.absY);
    expect(tunnel.absX).toBeGreaterThan(nic.absX + nic.width);
    expect(tunnel.absY).toBeGreaterThan(bridge.absY + bridge.height);
    expect(inside(tunnel, at(l, 'node:n1'))).toBe(true);
  });
});

describe('layoutTopology across nodes', () => {
  /** Calico-like nodes: no bridge, veths routed to the tunnel; node-1 with two pods, node-2 with one. */
  const node = (n: string, pods: string[]): TopologyElement[] => [
    el(`node:${n}`, 'node'),
    el(`nic:${n}/eth0`, 'host-interface', `node:${n}`),
    el(`tun:${n}/tunl0`, 'tunnel', `node:${n}`),
    ...pods.flatMap((p) => [
      el(`pod:d/${p}`, 'pod', `node:${n}`),
      el(`podnic:d/${p}/eth0`, 'pod-interface', `pod:d/${p}`),
      el(`ctr:d/${p}/c`, 'container', `pod:d/${p}`),
      el(`veth:${n}/cali${p}`, 'veth', `node:${n}`),
    ]),
  ];
  const three: Topology = {
    elements: [...node('n1', ['a', 'b']), ...node('n2', ['c']), ...node('n3', ['d']), el('underlay', 'underlay')],
    links: ['a', 'b', 'c', 'd'].map((p, i) => ({
      id: `pair-${p}`,
      kind: 'veth-pair' as const,
      source: `podnic:d/${p}/eth0`,
      target: `veth:n${i < 2 ? 1 : i}/cali${p}`,
    })),
  };
  const l = layoutTopology(three);
  const nodes = ['n1', 'n2', 'n3'].map((n) => at(l, `node:${n}`));

  it('stands the nodes side by side, equally tall, with eth0 and the tunnel at the same height in each', () => {
    expect(nodes[1]!.absX).toBeGreaterThan(nodes[0]!.absX + nodes[0]!.width);
    expect(nodes[2]!.absX).toBeGreaterThan(nodes[1]!.absX + nodes[1]!.width);
    expect(new Set(nodes.map((n) => n.height)).size).toBe(1);
    expect(new Set(['n1', 'n2', 'n3'].map((n) => at(l, `nic:${n}/eth0`).absY)).size).toBe(1);
    expect(new Set(['n1', 'n2', 'n3'].map((n) => at(l, `tun:${n}/tunl0`).absY)).size).toBe(1);
  });

  it('runs the node network under all nodes, across their whole width', () => {
    const underlay = at(l, 'underlay');
    for (const n of nodes) {
      expect(underlay.absY).toBeGreaterThan(n.absY + n.height);
      expect(underlay.absX).toBeLessThanOrEqual(n.absX);
      expect(underlay.absX + underlay.width).toBeGreaterThanOrEqual(n.absX + n.width);
    }
  });

  it('keeps the veths above the tunnel device when there is no bridge', () => {
    const veth = at(l, 'veth:n1/calia');
    const tunnel = at(l, 'tun:n1/tunl0');
    expect(tunnel.absY).toBeGreaterThan(veth.absY + veth.height + SIZES.lane);
  });
});

