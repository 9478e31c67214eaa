import { describe, expect, it } from 'vitest';
import type { Topology, TopologyElement } from '../../core';
import { routeLink } from './edgeRoutes';
import { layoutTopology, SIZES, type Placement } from './layout';

const el = (id: string, kind: TopologyElement['kind'], parent?: string): TopologyElement => ({ id, kind, label: id, detail: '', parent });

/** One pod with two containers sharing one emptyDir, and a pod without volumes beside it. */
const pods = (volumes: readonly string[]): Topology => ({
  elements: [
    el('node:n1', 'node'),
    el('nic:n1/eth0', 'host-interface', 'node:n1'),
    el('pod:d/web', 'pod', 'node:n1'),
    el('podnic:d/web/eth0', 'pod-interface', 'pod:d/web'),
    el('ctr:d/web/nginx', 'container', 'pod:d/web'),
    el('ctr:d/web/helper', 'container', 'pod:d/web'),
    ...volumes.map((v) => el(`vol:d/web/${v}`, 'volume', 'pod:d/web')),
    el('pod:d/other', 'pod', 'node:n1'),
    el('podnic:d/other/eth0', 'pod-interface', 'pod:d/other'),
    el('ctr:d/other/c', 'container', 'pod:d/other'),
  ],
  links: [
    { id: 'm1', kind: 'mount', source: 'ctr:d/web/nginx', target: `vol:d/web/${volumes[0] ?? 'none'}`, label: '/usr/share/nginx/html' },
    { id: 'm2', kind: 'mount', source: 'ctr:d/web/helper', target: `vol:d/web/${volumes[0] ?? 'none'}`, label: '/html' },
  ],
});

const at = (layout: ReadonlyMap<string, Placement>, id: string): Placement => {
  const p = layout.get(id);
  if (!p) throw new Error(`${id} was not placed`);
  return p;
};
const apart = (a: Placement, b: Placement): boolean =>
  a.absX + a.width <= b.absX || b.absX + b.width <= a.absX || a.absY + a.height <= b.absY || b.absY + b.height <= a.absY;

describe('layoutTopology: a pod’s volumes', () => {
  const layout = layoutTopology(pods(['html']));
  const without = layoutTopology({ ...pods([]), links: [] });

  it('puts one shared volume across the containers, above them, with room for the mount edges', () => {
    const nginx = at(layout, 'ctr:d/web/nginx');
    const helper = at(layout, 'ctr:d/web/helper');
    expect(at(layout, 'vol:d/web/html')).toMatchObject({
      x: nginx.x,
      y: SIZES.podHeader,
      width: helper.x + helper.width - nginx.x,
      height: SIZES.volumeH,
    });
    expect(nginx.y).toBe(SIZES.podHeader + SIZES.volumeH + SIZES.mountLane);
  });

  it('overlaps nothing else in the pod and stays inside it', () => {
    const volume = at(layout, 'vol:d/web/html');
    const pod = at(layout, 'pod:d/web');
    for (const id of ['ctr:d/web/nginx', 'ctr:d/web/helper', 'podnic:d/web/eth0']) expect(apart(volume, at(layout, id)), id).toBe(true);
    expect(volume.absY + volume.height).toBeLessThanOrEqual(pod.absY + pod.height);
    expect(at(layout, 'podnic:d/web/eth0').absY + SIZES.ifaceH).toBeLessThanOrEqual(pod.absY + pod.height);
  });

  it('drops each mount edge straight down onto its container', () => {
    const topology = pods(['html']);
    for (const link of topology.links) {
      const route = routeLink(link, layout)!;
      const volume = at(layout, route.source);
      const container = at(layout, route.target);
      expect([route.source, route.sourcePort.side, route.targetPort.side]).toEqual(['vol:d/web/html', 'bottom', 'top']);
      expect(volume.absX + route.sourcePort.offset * volume.width).toBe(container.absX + route.targetPort.offset * container.width);
    }
  });

  it('makes the pod taller by the volume row only, and leaves a pod without volumes as it was', () => {
    expect(at(layout, 'pod:d/web').height - at(without, 'pod:d/web').height).toBe(SIZES.volumeH + SIZES.mountLane);
    expect(at(layout, 'pod:d/web').width).toBe(at(without, 'pod:d/web').width);
    expect(at(layout, 'ctr:d/other/c')).toEqual({ ...at(without, 'ctr:d/other/c') });
    expect(at(layout, 'podnic:d/other/eth0').y).toBe(at(without, 'podnic:d/other/eth0').y);
  });

  it('sets several volumes side by side, widening the pod when they need it', () => {
    const three = layoutTopology(pods(['a', 'b', 'c']));
    const boxes = ['a', 'b', 'c'].map((v) => at(three, `vol:d/web/${v}`));
    expect(boxes.map((b) => [b.y, b.width])).toEqual([
      [SIZES.podHeader, SIZES.volumeW],
      [SIZES.podHeader, SIZES.volumeW],
      [SIZES.podHeader, SIZES.volumeW],
    ]);
    expect(boxes[1]!.x - boxes[0]!.x).toBe(SIZES.volumeW + SIZES.gap);
    expect(at(three, 'pod:d/web').width).toBe(3 * SIZES.volumeW + 4 * SIZES.gap);
  });
});
