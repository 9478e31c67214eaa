import { describe, expect, it } from 'vitest';
import { buildCluster, buildTopology, DEFAULT_SETTINGS, parseManifests, type Topology } from '../../core';
import { GALLERY_VARIANTS } from '../gallery/gallery';
import { collapseTopology, SUMMARISE_ABOVE, summaryId } from './collapse';
import type { DiagramGraph, SummaryElement } from './graph';
import { layoutTopology, SIZES } from './layout';

/** Pods pinned to nodes: `spec[node]` lists the namespaces of that node's pods, one entry per pod. */
function cluster(spec: Record<string, readonly string[]>): Topology {
  const docs: string[] = [];
  for (const [node, namespaces] of Object.entries(spec)) {
    namespaces.forEach((ns, i) => {
      docs.push(`apiVersion: v1
kind: Pod
metadata: {name: ${node}-p${i}, namespace: ${ns}}
spec:
  nodeName: ${node}
  containers: [{name: app, image: example/app}]`);
    });
  }
  const settings = { ...DEFAULT_SETTINGS, nodeNames: Object.keys(spec), nodeCIDRMaskSize: 24 };
  return buildTopology(buildCluster(parseManifests(docs.join('\n---\n')), settings));
}

/** Ten nodes: w1 has 30 pods (20 in shop, 9 in pay, 1 in ops), w2..w10 have 20 in shop each. */
const nodes: Record<string, string[]> = { w1: [...Array<string>(20).fill('shop'), ...Array<string>(9).fill('pay'), 'ops'] };
for (let n = 2; n <= 10; n++) nodes[`w${n}`] = Array<string>(20).fill('shop');
const big = cluster(nodes);

const ids = (topology: { elements: readonly { id: string }[] }): string[] => topology.elements.map((e) => e.id);
/** The nodes' row and the node network, without the Services drawn apart from them. */
const nodeRow = (graph: DiagramGraph): string[] => graph.elements.filter((e) => e.kind !== 'service' && e.kind !== 'services').map((e) => e.id);
/** Where the simulator put the CoreDNS pods. */
const coreDns = big.elements.filter((e) => e.kind === 'pod' && e.id.startsWith('pod:kube-system/')).map((e) => e.parent);
const summaries = (view: ReturnType<typeof collapseTopology>): SummaryElement[] =>
  view.graph.elements.filter((e): e is SummaryElement => e.kind === 'summary');
const NONE: ReadonlySet<string> = new Set();

/** Pod w1-p0 (shop) on w1 to pod w2-p3 (shop) on w2 across the node network, as the tracer visits them. */
const crossNode = new Set([
  'ctr:shop/w1-p0/app',
  'podnic:shop/w1-p0/eth0',
  'bridge:w1/cni0',
  'nic:w1/eth0',
  'underlay',
  'nic:w2/eth0',
  'bridge:w2/cni0',
  'podnic:shop/w2-p3/eth0',
  'ctr:shop/w2-p3/app',
]);

describe('collapseTopology', () => {
  it('leaves every gallery example whole (each variant): the same topology object, nothing summarised', () => {
    expect(GALLERY_VARIANTS.length).toBeGreaterThan(6);
    for (const { id, scenario } of GALLERY_VARIANTS) {
      const topology = buildTopology(buildCluster(parseManifests(scenario.manifests), scenario.settings));
      const view = collapseTopology(topology, NONE, NONE);
      expect(view.summarised, id).toBe(false);
      expect(view.graph, id).toBe(topology);
    }
  });

  it('summarises only above the threshold', () => {
    expect(big.elements.length).toBeGreaterThan(SUMMARISE_ABOVE);
    const small = cluster({ w1: Array<string>(10).fill('shop'), w2: Array<string>(10).fill('shop') });
    expect(small.elements.length).toBeLessThanOrEqual(SUMMARISE_ABOVE);
    expect(collapseTopology(small, NONE, NONE).graph).toBe(small);
  });

  it('without a path, draws each node as one summary box with its counts, joined to the node network', () => {
    const view = collapseTopology(big, NONE, NONE);
    expect(view.summarised).toBe(true);
    expect(nodeRow(view.graph)).toEqual([...Array.from({ length: 10 }, (_, i) => `summary:node:w${i + 1}`), 'underlay']);
    // Two CoreDNS pods, in kube-system, on two of the nodes.
    expect(coreDns).toEqual(['node:w2', 'node:w3']);
    const [w1, w2, w3] = summaries(view);
    expect(w1).toEqual({ id: 'summary:node:w1', kind: 'summary', scope: 'node', label: 'w1', detail: '30 pods in 3 namespaces', parent: undefined, node: 'node:w1', pods: 30 });
    expect(w2?.detail).toBe('21 pods in 2 namespaces');
    expect(w3?.detail).toBe('21 pods in 2 namespaces');
    expect(summaries(view)[3]?.detail).toBe('20 pods in 1 namespace');
    expect(view.graph.links.filter((l) => l.kind === 'wire').map((l) => `${l.source} ${l.target}`)).toEqual(
      Array.from({ length: 10 }, (_, i) => `summary:node:w${i + 1} underlay`),
    );
    // The kube-dns Service's endpoints are in the node boxes now.
    expect(view.graph.links.filter((l) => l.source === 'svc:kube-system/kube-dns').map((l) => l.target)).toEqual(['summary:node:w2', 'summary:node:w3']);
    expect(view.standIn.get('ctr:shop/w1-p7/app')).toBe('summary:node:w1');
    expect(view.standIn.get('nic:w4/eth0')).toBe('summary:node:w4');
  });

  it('opens the nodes on the path: their devices, the path pods, the other pods in one box per namespace', () => {
    const view = collapseTopology(big, crossNode, NONE);
    const w1 = view.graph.elements.filter((e) => e.parent === 'node:w1').map((e) => e.id);
    // The path pod first, then the namespaces in name order; `ops` has one pod, drawn as itself.
    expect(w1.filter((id) => id.startsWith('pod:') || id.startsWith('summary:'))).toEqual([
      'pod:shop/w1-p0',
      'pod:ops/w1-p29',
      'summary:node:w1/pay',
      'summary:node:w1/shop',
    ]);
    expect(w1).toEqual(expect.arrayContaining(['nic:w1/eth0', 'bridge:w1/cni0', 'kproxy:w1']));
    expect(summaries(view).filter((s) => s.node === 'node:w1').map((s) => `${s.label}: ${s.detail}`)).toEqual(['pay: 9 pods', 'shop: 19 pods']);
    expect(summaries(view).filter((s) => s.node === 'node:w2').map((s) => `${s.label}: ${s.detail}`)).toEqual(['shop: 19 pods']);
    expect(summaries(view).filter((s) => s.scope === 'node').map((s) => s.label)).toEqual(['w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9', 'w10']);
    // Every element on the path is drawn.
    const drawn = new Set(ids(view.graph));
    for (const id of crossNode) expect(drawn.has(id), id).toBe(true);
  });

  it('takes the host veths of summarised pods into their box, and joins the box to the bridge once', () => {
    const view = collapseTopology(big, crossNode, NONE);
    const veth = big.links.find((l) => l.kind === 'veth-pair' && l.source === 'podnic:pay/w1-p20/eth0')!.target;
    expect(view.standIn.get(veth)).toBe('summary:node:w1/pay');
    expect(ids(view.graph)).not.toContain(veth);
    const toPay = view.graph.links.filter((l) => l.source === 'summary:node:w1/pay' || l.target === 'summary:node:w1/pay');
    expect(toPay).toEqual([{ id: 'link:summary:node:w1/pay~bridge:w1/cni0', kind: 'bridge-port', source: 'summary:node:w1/pay', target: 'bridge:w1/cni0' }]);
    // Links between drawn elements are the topology's own objects.
    const pathVeth = big.links.find((l) => l.kind === 'veth-pair' && l.source === 'podnic:shop/w1-p0/eth0')!;
    expect(view.graph.links).toContain(pathVeth);
    // Every link's ends are drawn.
    const drawn = new Set(ids(view.graph));
    for (const link of view.graph.links) expect(drawn.has(link.source) && drawn.has(link.target), link.id).toBe(true);
  });

  it('opens a node summary into its namespace boxes, and a namespace box into its pods; folding lists what was opened', () => {
    const node = summaryId.node('node:w5');
    const opened = collapseTopology(big, crossNode, new Set([node]));
    expect(opened.graph.elements.filter((e) => e.parent === 'node:w5' && (e.kind === 'pod' || e.kind === 'summary')).map((e) => e.id)).toEqual(['summary:node:w5/shop']);
    expect(opened.folds.get('node:w5')).toEqual([node]);
    expect(opened.folds.get('node:w1')).toEqual([]);

    const pay = summaryId.namespace('node:w1', 'pay');
    const both = collapseTopology(big, crossNode, new Set([node, pay]));
    const w1Pods = both.graph.elements.filter((e) => e.parent === 'node:w1' && e.kind === 'pod').map((e) => e.id);
    expect(w1Pods).toEqual(['pod:shop/w1-p0', 'pod:ops/w1-p29', ...Array.from({ length: 9 }, (_, i) => `pod:pay/w1-p${20 + i}`)]);
    expect(ids(both.graph)).toContain('ctr:pay/w1-p24/app');
    expect(both.folds.get('node:w1')).toEqual([pay]);
    // A namespace box inside a closed node changes nothing.
    expect(ids(collapseTopology(big, crossNode, new Set([summaryId.namespace('node:w7', 'shop')])).graph)).toEqual(ids(collapseTopology(big, crossNode, NONE).graph));
  });

  it('lays out the summarised view with every drawn element placed, the same way each time', () => {
    const view = collapseTopology(big, crossNode, new Set([summaryId.namespace('node:w1', 'pay')]));
    const layout = layoutTopology(view.graph);
    const whole = layoutTopology(big);
    expect([...layout.keys()].sort()).toEqual(ids(view.graph).filter((id) => whole.has(id) || id.startsWith('summary:')).sort());
    const again = layoutTopology(collapseTopology(big, crossNode, new Set([summaryId.namespace('node:w1', 'pay')])).graph);
    expect([...again.entries()]).toEqual([...layout.entries()]);
    // A namespace box sits in its node's pod row; a node box stands in the row of nodes, left to right.
    const pay = layout.get('pod:pay/w1-p20')!;
    const shop = layout.get('summary:node:w1/shop')!;
    expect(shop.y).toBe(pay.y);
    expect(shop.absX).toBeGreaterThan(pay.absX);
    const w3 = layout.get('summary:node:w3')!;
    const w4 = layout.get('summary:node:w4')!;
    expect(w4.absX - (w3.absX + w3.width)).toBe(SIZES.nodeSummaryGap);
    expect([w3.width, w3.height]).toEqual([SIZES.nodeSummaryW, SIZES.nodeSummaryH]);
    // At the bottom of the row of nodes, as the nodes' eth0 are, just above the node network.
    expect(w3.absY + w3.height).toBe(layout.get('node:w1')!.absY + layout.get('node:w1')!.height);
    expect(w3.absX).toBeGreaterThan(layout.get('node:w2')!.absX + layout.get('node:w2')!.width);
  });
});
