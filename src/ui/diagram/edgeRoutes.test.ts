import { describe, expect, it } from 'vitest';
import type { TopologyLink } from '../../core';
import { routeLink } from './edgeRoutes';
import type { Layout, Placement } from './layout';

const box = (absX: number, absY: number, width: number, height: number): Placement => ({ x: absX, y: absY, absX, absY, width, height });

const layout: Layout = new Map([
  ['veth', box(100, 0, 180, 50)],
  ['bridge', box(20, 80, 960, 44)],
  ['eth0', box(200, 160, 240, 50)],
  ['tunnel', box(496, 160, 280, 50)],
  ['far-veth', box(800, 0, 180, 50)],
]);

const link = (kind: TopologyLink['kind'], source: string, target: string): TopologyLink => ({ id: `${source}~${target}`, kind, source, target });

describe('routeLink', () => {
  it('drops a veth straight onto the bridge under it', () => {
    const route = routeLink(link('bridge-port', 'veth', 'bridge'), layout)!;
    expect(route.sourcePort).toMatchObject({ side: 'bottom', offset: 0.5 });
    // The veth's centre (190) on the bridge, 170 from its left edge.
    expect(route.targetPort).toMatchObject({ side: 'top', offset: 170 / 960 });
  });

  it('leaves the bridge right above the tunnel device', () => {
    const route = routeLink(link('host-routing', 'bridge', 'tunnel'), layout)!;
    expect(route.sourcePort.offset * 960 + 20).toBeCloseTo(496 + 140);
    expect(route.targetPort).toMatchObject({ side: 'top', offset: 0.5 });
  });

  it('joins eth0 and the tunnel device beside it side to side, in the link’s direction', () => {
    const route = routeLink(link('host-routing', 'tunnel', 'eth0'), layout)!;
    expect(route).toMatchObject({ source: 'tunnel', target: 'eth0' });
    expect(route.sourcePort).toMatchObject({ type: 'source', side: 'left', offset: 0.5 });
    expect(route.targetPort).toMatchObject({ type: 'target', side: 'right', offset: 0.5 });
  });

  it('draws a link top to bottom whatever direction it names, entering the lower box near its corner when they do not overlap', () => {
    const route = routeLink(link('host-routing', 'eth0', 'far-veth'), layout)!;
    expect(route).toMatchObject({ source: 'far-veth', target: 'eth0' });
    expect(route.sourcePort.offset).toBe(0.5);
    expect(route.targetPort.offset).toBe((240 - 12) / 240);
  });

  it('gives up on boxes the layout does not know', () => {
    expect(routeLink(link('wire', 'eth0', 'nowhere'), layout)).toBeUndefined();
  });
});
