import { describe, expect, it } from 'vitest';
import type { Hop, Topology, TopologyElement } from '../../core';
import type { Step } from '../store';
import { barIds, focusRect, markerPoint } from './focus';
import type { Layout, Placement } from './layout';

const el = (id: string, kind: TopologyElement['kind'], parent?: string): TopologyElement => ({ id, kind, label: id, detail: '', parent });
const box = (absX: number, absY: number, width: number, height: number): Placement => ({ x: absX, y: absY, absX, absY, width, height });

const topology: Topology = {
  elements: [
    el('node', 'node'),
    el('podA', 'pod', 'node'),
    el('ctrA', 'container', 'podA'),
    el('vethA', 'veth', 'node'),
    el('podB', 'pod', 'node'),
    el('vethB', 'veth', 'node'),
    el('podC', 'pod', 'node'),
    el('br', 'bridge', 'node'),
  ],
  links: [],
};

const layout: Layout = new Map([
  ['node', box(0, 0, 1000, 500)],
  ['podA', box(20, 40, 200, 150)],
  ['ctrA', box(30, 80, 100, 40)],
  ['vethA', box(40, 230, 160, 50)],
  ['podB', box(300, 40, 200, 150)],
  ['vethB', box(320, 230, 160, 50)],
  ['podC', box(700, 40, 200, 150)],
  ['br', box(20, 320, 960, 40)],
]);

const steps = (wheres: string[]): Step[] =>
  wheres.map((where, index) => ({ index, direction: 'forward', hopIndex: index, hop: { where } as unknown as Hop }));

describe('focusRect', () => {
  it('covers the pods on the path and the bridge height, not the whole bridge or node', () => {
    const rect = focusRect(topology, layout, steps(['ctrA', 'vethA', 'br', 'vethB', 'podB']));
    expect(rect).toEqual({ x: 20, y: 40, width: 480, height: 320 });
  });

  it('is undefined when nothing narrow is on the path', () => {
    expect(focusRect(topology, layout, steps(['br']))).toBeUndefined();
  });
});

describe('markerPoint', () => {
  const path = steps(['vethA', 'br', 'vethB']);

  it('sits at the bottom middle of an ordinary element', () => {
    expect(markerPoint(layout, path, 0, barIds(topology))).toEqual({ x: 120, y: 280 });
  });

  it('sits on a bridge between the ports the frame enters and leaves by', () => {
    expect(markerPoint(layout, path, 1, barIds(topology))).toEqual({ x: 260, y: 360 });
  });

  it('is undefined for an element the layout does not know', () => {
    expect(markerPoint(layout, steps(['nowhere']), 0, barIds(topology))).toBeUndefined();
  });
});

describe('across nodes', () => {
  const nodes: Topology = {
    elements: [el('n1', 'node'), el('eth1', 'host-interface', 'n1'), el('n2', 'node'), el('eth2', 'host-interface', 'n2'), el('underlay', 'underlay')],
    links: [],
  };
  const place: Layout = new Map([
    ['n1', box(0, 0, 900, 500)],
    ['eth1', box(300, 420, 240, 50)],
    ['n2', box(980, 0, 900, 500)],
    ['eth2', box(1300, 420, 240, 50)],
    ['underlay', box(0, 530, 1880, 44)],
  ]);

  it('puts the marker on the node network between the two nodes’ eth0', () => {
    expect(markerPoint(place, steps(['eth1', 'underlay', 'eth2']), 1, barIds(nodes))).toEqual({ x: 920, y: 574 });
  });

  it('takes the node network’s height into the focus, not its width', () => {
    expect(focusRect(nodes, place, steps(['eth1', 'underlay', 'eth2']))).toEqual({ x: 300, y: 420, width: 1240, height: 154 });
  });
});
