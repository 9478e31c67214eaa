import { describe, expect, it } from 'vitest';
import type { Topology, TopologyElement } from '../../core';
import { collapseTopology, SUMMARISE_ABOVE, summaryId } from './collapse';
import { layoutTopology } from './layout';
import { drawnTopology, summaryNodes, withFolds } from './summaryFlow';
import { toFlowNodes } from './toFlow';
import { minimapClass, minimapColor } from './nodeTypes';

const el = (id: string, kind: TopologyElement['kind'], parent?: string): TopologyElement => ({ id, kind, label: id.split(':')[1] ?? id, detail: '', parent });

/** Two nodes of pods in `a` (enough to be summarised), with eth0, cni0 and the node network. */
function twoNodes(): Topology {
  const elements: TopologyElement[] = [el('underlay', 'underlay')];
  const links: Topology['links'][number][] = [];
  for (const n of ['n1', 'n2']) {
    elements.push(el(`node:${n}`, 'node'), el(`nic:${n}/eth0`, 'host-interface', `node:${n}`), el(`bridge:${n}/cni0`, 'bridge', `node:${n}`));
    links.push({ id: `w-${n}`, kind: 'wire', source: `nic:${n}/eth0`, target: 'underlay' });
    for (let i = 0; i < 60; i++) {
      const pod = `pod:a/${n}-${i}`;
      elements.push(el(pod, 'pod', `node:${n}`), el(`podnic:a/${n}-${i}/eth0`, 'pod-interface', pod), el(`ctr:a/${n}-${i}/c`, 'container', pod), el(`veth:${n}/v${i}`, 'veth', `node:${n}`));
      links.push(
        { id: `p-${n}-${i}`, kind: 'veth-pair', source: `podnic:a/${n}-${i}/eth0`, target: `veth:${n}/v${i}` },
        { id: `b-${n}-${i}`, kind: 'bridge-port', source: `veth:${n}/v${i}`, target: `bridge:${n}/cni0` },
      );
    }
  }
  return { elements, links };
}

describe('summaryFlow', () => {
  const topology = twoNodes();
  const path = new Set(['ctr:a/n1-0/c', 'podnic:a/n1-0/eth0', 'veth:n1/v0', 'bridge:n1/cni0', 'nic:n1/eth0', 'underlay']);
  const opened = new Set([summaryId.node('node:n2')]);
  const view = collapseTopology(topology, path, opened);
  const layout = layoutTopology(view.graph);

  it('is given a topology big enough to summarise', () => {
    expect(topology.elements.length).toBeGreaterThan(SUMMARISE_ABOVE);
    expect(view.summarised).toBe(true);
  });

  it('hands toFlow only the topology’s own elements, with the links that end on summaries', () => {
    const drawn = drawnTopology(view);
    expect(drawn.elements.some((e) => (e.kind as string) === 'summary')).toBe(false);
    expect(drawn.elements.map((e) => e.id)).toEqual(['underlay', 'node:n1', 'pod:a/n1-0', 'nic:n1/eth0', 'bridge:n1/cni0', 'podnic:a/n1-0/eth0', 'ctr:a/n1-0/c', 'veth:n1/v0', 'node:n2', 'nic:n2/eth0', 'bridge:n2/cni0']);
    expect(drawn.links.map((l) => l.id)).toContain('link:summary:node:n1/a~bridge:n1/cni0');
  });

  it('makes a box of each summary, in its node, with a port for each edge ending on it', () => {
    const nodes = summaryNodes(view, layout);
    expect(nodes.map((n) => [n.id, n.parentId, n.data.label, n.data.detail])).toEqual([
      ['summary:node:n1/a', 'node:n1', 'a', '59 pods'],
      ['summary:node:n2/a', 'node:n2', 'a', '60 pods'],
    ]);
    const [n1a] = nodes;
    expect(n1a?.type).toBe('k8sSummary');
    expect(n1a?.data.ports).toEqual([{ id: 'link:summary:node:n1/a~bridge:n1/cni0:out', type: 'source', side: 'bottom', offset: 0.5 }]);
    const place = layout.get('summary:node:n1/a')!;
    expect(n1a?.position).toEqual({ x: place.x, y: place.y });
  });

  it('gives the fold control to the node that was opened, and to no other', () => {
    const nodes = withFolds(toFlowNodes(drawnTopology(view), layout, { path, current: undefined, previous: undefined }, new Set()), view.folds);
    const folds = (id: string) => nodes.find((n) => n.id === id)?.data.folds;
    expect(folds('node:n2')).toEqual(['summary:node:n2']);
    expect(folds('node:n1')).toBeUndefined();
    expect(folds('pod:a/n1-0')).toBeUndefined();
  });
});

describe('summary boxes in the minimap', () => {
  const topology = twoNodes();
  const path = new Set(['ctr:a/n1-0/c', 'podnic:a/n1-0/eth0', 'veth:n1/v0', 'bridge:n1/cni0', 'nic:n1/eth0', 'underlay']);
  const view = collapseTopology(topology, path, new Set());
  const layout = layoutTopology(view.graph);
  const nodes = [...toFlowNodes(drawnTopology(view), layout, { path, current: undefined, previous: undefined }, new Set()), ...summaryNodes(view, layout)];
  const colour = (id: string) => minimapColor(nodes.find((n) => n.id === id)!);
  const className = (id: string) => minimapClass(nodes.find((n) => n.id === id)!);

  it('have their own colour and class, apart from the boxes drawn in full', () => {
    expect(colour('summary:node:n2')).toBe('var(--minimap-summary)');
    expect(colour('summary:node:n1/a')).toBe('var(--minimap-summary)');
    expect(className('summary:node:n2')).toBe('minimap-summary');
    expect(colour('node:n1')).toBe('var(--minimap-group)');
    expect(colour('ctr:a/n1-0/c')).toBe('var(--minimap-path)');
    expect(className('node:n1')).toBe('');
  });
});
