/**
 * A deterministic hand layout of the topology, pure and framework-free.
 *
 * Inside each cluster node: pods in a row at the top (containers in a row inside, the
 * volumes they mount in a row above them, the pod's eth0 along its bottom), under each
 * pod its host veth, the bridge as a wide bar below the veths (its row kept empty
 * without one, as room for the routed edges), and in the bottom row the node's own
 * interface with the tunnel device beside it. Nodes stand side by side; the node
 * network runs under all of them as a wide bar. The Services stand in a band above the
 * nodes, one frame per namespace (servicesLayout.ts). On a big cluster (collapse.ts), a summary
 * of a namespace's pods stands in the row of pods, and a summary of a whole node in the row
 * of nodes, at the bottom, just above the node network.
 * Positions are relative to the parent (what React Flow's `parentId` wants);
 * `absX`/`absY` are on the whole canvas (what the packet marker wants).
 */
// A topology, or the summarised view of a big one (collapse.ts): the same shape, summary boxes besides.
import type { DiagramElement as TopologyElement, DiagramGraph as Topology } from './graph';
import { placeServices } from './servicesLayout';

export interface Placement {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly absX: number;
  readonly absY: number;
  /** A Service's: the height on the canvas at which its endpoint edges run across above the nodes (servicesLayout.ts). */
  readonly lane?: number;
  /** An endpoint's (a pod, a summary, a node): the stretch of its top, on the canvas, where an edge drops in without crossing a node's title (servicesLayout.ts). */
  readonly clear?: { readonly from: number; readonly to: number };
}

export type Layout = ReadonlyMap<string, Placement>;

export const SIZES = {
  containerW: 140,
  containerH: 50,
  containersPerRow: 3,
  gap: 12,
  podHeader: 34,
  podMinW: 260,
  ifaceH: 50,
  /** A pod's volumes, in a row above its containers (the mount edges run down to them). */
  volumeW: 160,
  volumeH: 44,
  /** Between the volumes and the containers: room for the mount edges and their paths. */
  mountLane: 40,
  /** Room between stacked things, where the edges run. */
  lane: 30,
  nodeHeader: 38,
  nodePad: 20,
  podGap: 24,
  vethW: 180,
  vethH: 50,
  bridgeH: 44,
  hostIfaceW: 240,
  hostIfaceH: 50,
  /** Wider than eth0: its detail names the encapsulation, the port and the MTU. */
  tunnelW: 280,
  /** Between eth0 and the tunnel device beside it: room for the edge that joins them. */
  sideLane: 56,
  nodeGap: 80,
  /** A namespace's pods summarised in one box, in its node's row of pods (collapse.ts). */
  summaryW: 200,
  summaryH: 76,
  /** A whole cluster node summarised in one box, in the row of nodes. */
  nodeSummaryW: 220,
  nodeSummaryH: 76,
  /** Between two node summaries: less than between nodes. */
  nodeSummaryGap: 28,
} as const;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

type Boxes = Map<string, Box>;

function childrenOf(topology: Topology, parent: string | undefined): TopologyElement[] {
  return topology.elements.filter((e) => e.parent === parent);
}

/** Lays out one pod at (0,0); returns its size. */
function layoutPod(topology: Topology, pod: TopologyElement, boxes: Boxes): Box {
  const S = SIZES;
  const kids = childrenOf(topology, pod.id);
  const containers = kids.filter((k) => k.kind === 'container');
  const volumes = kids.filter((k) => k.kind === 'volume');
  const interfaces = kids.filter((k) => k.kind !== 'container' && k.kind !== 'volume');
  const cols = Math.max(1, Math.min(S.containersPerRow, containers.length));
  const rows = Math.max(1, Math.ceil(containers.length / S.containersPerRow));
  const containersW = cols * S.containerW + (cols - 1) * S.gap;
  const volumesW = volumes.length * S.volumeW + (volumes.length - 1) * S.gap;
  const width = Math.max(S.podMinW, containersW + 2 * S.gap, volumesW + 2 * S.gap);
  const innerLeft = (width - containersW) / 2;
  // Volumes above the containers, so that their mount edges and the containers' edges down to eth0 never cross.
  const containersY = S.podHeader + (volumes.length > 0 ? S.volumeH + S.mountLane : 0);
  if (volumes.length === 1) {
    // One volume spans the containers: each mount edge drops straight onto its container.
    boxes.set(volumes[0]!.id, { x: innerLeft, y: S.podHeader, width: containersW, height: S.volumeH });
  } else if (volumes.length > 1) {
    centredRow(volumes.map((v) => v.id), S.podHeader, S.volumeW, S.volumeH, width, boxes);
  }
  containers.forEach((c, i) => {
    const col = i % S.containersPerRow;
    const row = Math.floor(i / S.containersPerRow);
    boxes.set(c.id, {
      x: innerLeft + col * (S.containerW + S.gap),
      y: containersY + row * (S.containerH + S.gap),
      width: S.containerW,
      height: S.containerH,
    });
  });
  const ifaceY = containersY + rows * (S.containerH + S.gap) - S.gap + S.lane;
  const ifaceW = (width - (interfaces.length + 1) * S.gap) / Math.max(1, interfaces.length);
  interfaces.forEach((iface, i) => {
    boxes.set(iface.id, { x: S.gap + i * (ifaceW + S.gap), y: ifaceY, width: ifaceW, height: S.ifaceH });
  });
  const height = ifaceY + (interfaces.length > 0 ? S.ifaceH : 0) + S.gap;
  return { x: 0, y: 0, width, height };
}

/** For each veth, the pod whose interface it is paired with. */
function vethOwners(topology: Topology): Map<string, string> {
  const parentOf = new Map(topology.elements.map((e) => [e.id, e.parent]));
  const owners = new Map<string, string>();
  for (const link of topology.links) {
    if (link.kind !== 'veth-pair') continue;
    for (const [podSide, hostSide] of [
      [link.source, link.target],
      [link.target, link.source],
    ] as const) {
      const pod = parentOf.get(podSide);
      if (pod !== undefined) owners.set(hostSide, pod);
    }
  }
  return owners;
}

/** A row of boxes centred across `width` at height `y`. */
function centredRow(ids: readonly string[], y: number, w: number, h: number, width: number, boxes: Boxes): void {
  const total = ids.length * w + (ids.length - 1) * SIZES.gap;
  ids.forEach((id, i) => boxes.set(id, { x: (width - total) / 2 + i * (w + SIZES.gap), y, width: w, height: h }));
}

/** Kinds in a node's bottom row, left to right: its Service rules, the node's interface, then its tunnel device. */
const BOTTOM_ROW = ['kube-proxy', 'host-interface', 'tunnel'] as const;

/**
 * The bottom row, centred across `width`: eth0, then (with room for the edge between them)
 * the tunnel device that hands it the encapsulated packets.
 */
function bottomRow(kids: readonly TopologyElement[], y: number, width: number, boxes: Boxes): void {
  const row = bottomRowOf(kids);
  let x = (width - rowWidth(row)) / 2;
  for (const element of row) {
    const w = boxWidth(element);
    boxes.set(element.id, { x, y, width: w, height: SIZES.hostIfaceH });
    x += w + SIZES.sideLane;
  }
}

const bottomRowOf = (kids: readonly TopologyElement[]): TopologyElement[] => BOTTOM_ROW.flatMap((kind) => kids.filter((k) => k.kind === kind));
const boxWidth = (element: TopologyElement): number => (element.kind === 'tunnel' ? SIZES.tunnelW : SIZES.hostIfaceW);
const rowWidth = (row: readonly TopologyElement[]): number =>
  row.reduce((sum, e) => sum + boxWidth(e), 0) + Math.max(0, row.length - 1) * SIZES.sideLane;

/** The boxes in a node's row of pods: its pods, and the summaries standing for some of them. */
const inPodRow = (k: TopologyElement): boolean => k.kind === 'pod' || k.kind === 'summary';

/** Lays out a pod, or gives a summary's size. */
function layoutPodRowBox(topology: Topology, box: TopologyElement, boxes: Boxes): Box {
  return box.kind === 'summary' ? { x: 0, y: 0, width: SIZES.summaryW, height: SIZES.summaryH } : layoutPod(topology, box, boxes);
}

/** The height of a node's row of pods. */
function podRowHeight(topology: Topology, node: TopologyElement): number {
  const scratch: Boxes = new Map();
  const pods = childrenOf(topology, node.id).filter(inPodRow);
  return Math.max(0, ...pods.map((pod) => layoutPodRowBox(topology, pod, scratch).height));
}

/**
 * Lays out one cluster node at (0,0); returns its size. `podRowH` is the tallest pod row of
 * all nodes, so that nodes side by side have their veths, bridge and eth0 at the same heights.
 */
function layoutNode(topology: Topology, node: TopologyElement, owners: Map<string, string>, podRowH: number, boxes: Boxes): Box {
  const S = SIZES;
  const kids = childrenOf(topology, node.id);
  const pods = kids.filter(inPodRow);
  let x = S.nodePad;
  let podsH = podRowH;
  for (const pod of pods) {
    const size = layoutPodRowBox(topology, pod, boxes);
    boxes.set(pod.id, { ...size, x, y: S.nodeHeader });
    x += size.width + S.podGap;
    podsH = Math.max(podsH, size.height);
  }
  const vethY = S.nodeHeader + podsH + S.lane;
  const podBox = (id: string | undefined): Box | undefined => (id === undefined ? undefined : boxes.get(id));
  // Veths of no pod (Weave's vethwe-bridge, vethwe-datapath, vethwe-pcap) stand in the veth row to the right of the pods' own.
  let looseX = x;
  for (const veth of kids.filter((k) => k.kind === 'veth')) {
    const pod = podBox(owners.get(veth.id));
    if (pod) boxes.set(veth.id, { x: pod.x + (pod.width - S.vethW) / 2, y: vethY, width: S.vethW, height: S.vethH });
    else {
      boxes.set(veth.id, { x: looseX, y: vethY, width: S.vethW, height: S.vethH });
      looseX += S.vethW + S.podGap;
    }
  }
  const width = Math.max(x - S.podGap + S.nodePad, looseX - S.podGap + S.nodePad, 2 * S.nodePad + S.hostIfaceW + 2 * S.vethW, 2 * S.nodePad + rowWidth(bottomRowOf(kids)));
  const bridgeY = vethY + S.vethH + S.lane;
  const bridges = kids.filter((k) => k.kind === 'bridge');
  bridges.forEach((b, i) => {
    boxes.set(b.id, { x: S.nodePad, y: bridgeY + i * (S.bridgeH + S.gap), width: width - 2 * S.nodePad, height: S.bridgeH });
  });
  const bottomY = bridgeY + Math.max(1, bridges.length) * (S.bridgeH + S.gap) - S.gap + S.lane;
  bottomRow(kids, bottomY, width, boxes);
  const placed = new Set<string>(['pod', 'summary', 'veth', 'bridge', ...BOTTOM_ROW]);
  const rest = kids.filter((k) => !placed.has(k.kind)).map((k) => k.id);
  const restY = bottomY + (rest.length > 0 ? S.hostIfaceH + S.lane : 0);
  centredRow(rest, restY, S.hostIfaceW, S.hostIfaceH, width, boxes);
  return { x: 0, y: 0, width, height: restY + S.hostIfaceH + S.nodePad };
}

function withAbsolute(topology: Topology, boxes: Boxes): Layout {
  const parentOf = new Map(topology.elements.map((e) => [e.id, e.parent]));
  const layout = new Map<string, Placement>();
  const place = (id: string): Placement | undefined => {
    const done = layout.get(id);
    if (done) return done;
    const box = boxes.get(id);
    if (!box) return undefined;
    const parent = parentOf.get(id);
    const p = parent === undefined ? undefined : place(parent);
    const placement = { ...box, absX: box.x + (p?.absX ?? 0), absY: box.y + (p?.absY ?? 0) };
    layout.set(id, placement);
    return placement;
  };
  for (const e of topology.elements) place(e.id);
  return layout;
}

/** Places every element of the topology. Elements it does not know how to place are left out. */
export function layoutTopology(topology: Topology): Layout {
  const boxes: Boxes = new Map();
  const owners = vethOwners(topology);
  let x = 0;
  let height = 0;
  const tops = childrenOf(topology, undefined);
  const nodes = tops.filter((t) => t.kind === 'node');
  const podRowH = Math.max(0, ...nodes.map((n) => podRowHeight(topology, n)));
  // What lies outside the cluster (the client, the load balancers) stands in a column of its own after the nodes.
  const outside = tops.filter((t) => t.kind === 'client' || t.kind === 'load-balancer');
  let previous: TopologyElement | undefined;
  for (const top of tops.filter((t) => t.kind !== 'underlay' && t.kind !== 'services' && !outside.includes(t))) {
    // Node summaries side by side stand closer than nodes, so that many fit in a view.
    if (previous?.kind === 'summary' && top.kind === 'summary') x -= SIZES.nodeGap - SIZES.nodeSummaryGap;
    previous = top;
    const size =
      top.kind === 'node'
        ? layoutNode(topology, top, owners, podRowH, boxes)
        : top.kind === 'summary'
          ? { x: 0, y: 0, width: SIZES.nodeSummaryW, height: SIZES.nodeSummaryH }
          : { x: 0, y: 0, width: SIZES.hostIfaceW, height: SIZES.hostIfaceH };
    boxes.set(top.id, { ...size, x, y: 0 });
    x += size.width + SIZES.nodeGap;
    height = Math.max(height, size.height);
  }
  // The Services, by namespace, in a band above the nodes (servicesLayout.ts).
  placeServices(topology, Math.max(0, x - SIZES.nodeGap), boxes);
  // A summarised node stands at the bottom of the row, where the nodes' eth0 are, close to the node network.
  for (const top of tops.filter((t) => t.kind === 'summary')) {
    const box = boxes.get(top.id);
    if (box) box.y = height - box.height;
  }
  outside.forEach((top, i) => {
    boxes.set(top.id, { x, y: i * (SIZES.hostIfaceH + SIZES.lane + SIZES.lane), width: SIZES.hostIfaceW, height: SIZES.hostIfaceH });
    height = Math.max(height, i * (SIZES.hostIfaceH + 2 * SIZES.lane) + SIZES.hostIfaceH);
  });
  if (outside.length > 0) x += SIZES.hostIfaceW + SIZES.nodeGap;
  // The node network runs under all the nodes, as a wide bar their eth0 links drop into.
  for (const underlay of tops.filter((t) => t.kind === 'underlay')) {
    boxes.set(underlay.id, { x: 0, y: height + SIZES.lane, width: Math.max(SIZES.hostIfaceW, x - SIZES.nodeGap), height: SIZES.bridgeH });
  }
  return withAbsolute(topology, boxes);
}
