import type { ClusterNode, Interface, Route, VxlanDevice } from '../cluster/types';
import { WEAVE_MTU } from '../cluster/cni-profile';
import { HostLocalAllocator } from '../cluster/ipam';
import { addressAt, formatPrefix, intToIpv4, parsePrefix, prefixSize, type Ipv4Prefix } from '../net/ipv4';
import { deterministicMac } from '../net/mac';
import { hash32 } from '../util/hash';

/** weave-kube's router port: TCP 6783 for control, UDP 6783 for sleeve. */
export const WEAVE_PORT = 6783;
/** Fast datapath uses the weave port plus one for VXLAN, and names the ODP vport after it. */
export const WEAVE_VXLAN_PORT = WEAVE_PORT + 1;
export const WEAVE_VXLAN_VPORT = `vxlan-${WEAVE_VXLAN_PORT}`;
/**
 * The Open vSwitch kernel module creates its VXLAN vports with MTU IP_MAX_MTU ("don't restrict
 * the packets that can be sent by MTU"), which the vxlan driver clamps to 65535 − 50.
 */
export const OVS_VXLAN_VPORT_MTU = 65485;

/**
 * The VNI of a fast-datapath VXLAN packet: the source peer's 12-bit short ID in the low bits,
 * the destination peer's above it (weave router/fastdp.go, `tunnelIDFor`).
 */
export function weaveVni(sourceShortId: number, destinationShortId: number): number {
  return (sourceShortId | (destinationShortId << 12)) >>> 0;
}

/**
 * How Weave's IPAM splits its allocation range (IPALLOC_RANGE) among the peers when they agree
 * on it by consensus, as weave-kube starts them (`--ipalloc-init consensus=<number of nodes>`):
 * halve the range, give the first half to the first half of the peers and the second to the
 * rest, recursively, so every share is CIDR-aligned. Two peers of 10.32.0.0/12 own
 * 10.32.0.0/13 and 10.40.0.0/13; three own 10.32.0.0/13, 10.40.0.0/14 and 10.44.0.0/14.
 * Weave orders the peers by name; the model takes them in node order. A cluster whose peers
 * joined one by one has ranges that peers donated later instead (see `weave status ipam`).
 */
export function weaveRingShares(range: string, peers: number): string[] {
  const whole = parsePrefix(range);
  const shares: Ipv4Prefix[] = [];
  const subdivide = (from: number, size: number, count: number): void => {
    if (size === 0 || count === 0) return;
    if (size === 1 || count === 1) {
      // A CIDR range halved stays a power of two, so each share is a prefix.
      shares.push({ network: from >>> 0, length: 32 - Math.log2(size) });
      for (let i = 1; i < count; i++) shares.push({ network: from >>> 0, length: 32 });
      return;
    }
    const half = Math.floor(size / 2);
    const firstPeers = Math.floor(count / 2);
    subdivide(from, half, firstPeers);
    subdivide(from + half + (size % 2), size - half - (size % 2), count - firstPeers);
  };
  subdivide(whole.network, prefixSize(whole), peers);
  return shares.map(formatPrefix);
}

/**
 * Short IDs are 12-bit numbers a peer picks at random and re-picks on a clash; the model derives
 * them from the node name and moves past clashes, so every peer's ID is different.
 */
function shortIds(names: readonly string[]): number[] {
  const taken = new Set<number>();
  return names.map((name) => {
    let id = hash32(`weave-short-id:${name}`) % 4096;
    while (taken.has(id)) id = (id + 1) % 4096;
    taken.add(id);
    return id;
  });
}

/**
 * The first address a peer hands out from its share: the bridge's, when weave-kube runs
 * `weave expose` at start. Weave never allocates the range's network or broadcast address.
 */
export function firstAddress(share: string, cluster: Ipv4Prefix): string {
  const prefix = parsePrefix(share);
  return prefix.network === cluster.network ? addressAt(prefix, 1) : addressAt(prefix, 0);
}

/**
 * Weave Net in its default "bridged fastdp" mode on every node:
 * - the `weave` bridge, holding the first address of the peer's share with the prefix of the
 *   whole range (`10.32.0.1/12`), MTU 1376, and the kernel route for the whole range on it;
 * - `vethwe-bridge` (a port of the bridge) paired with `vethwe-datapath` (a vport of the Open
 *   vSwitch datapath `datapath`);
 * - `vxlan-6784`, the datapath's VXLAN vport (collect-metadata: the ODP flow sets VNI and remote).
 * No routes to other nodes: every pod address is on-link on the bridge, and the datapath's flows
 * carry frames to the peer that has the destination MAC.
 */
export function weaveNodes(nodes: readonly ClusterNode[], range: string): ClusterNode[] {
  const cluster = parsePrefix(range);
  const shares = weaveRingShares(formatPrefix(cluster), nodes.length);
  const ids = shortIds(nodes.map((n) => n.name));
  return nodes.map((node, i) => {
    const share = shares[i]!;
    const bridgeIP = firstAddress(share, cluster);
    const iface = (name: string, mtu: number): Interface => ({ name, mac: deterministicMac(`${node.name}/${name}`), cidr: undefined, mtu });
    const bridge: Interface = { name: 'weave', mac: deterministicMac(`${node.name}/weave`), cidr: `${bridgeIP}/${cluster.length}`, mtu: WEAVE_MTU };
    const onBridge: Route = { destination: formatPrefix(cluster), via: undefined, dev: 'weave', scope: 'link', proto: 'kernel', src: bridgeIP };
    const tunnel: VxlanDevice = {
      kind: 'vxlan',
      name: WEAVE_VXLAN_VPORT,
      mac: deterministicMac(`${node.name}/${WEAVE_VXLAN_VPORT}`),
      cidr: undefined,
      mtu: OVS_VXLAN_VPORT_MTU,
      vni: 0,
      port: WEAVE_VXLAN_PORT,
      local: node.internalIP,
      external: true,
    };
    return {
      ...node,
      podCIDR: share,
      bridge,
      tunnel,
      routes: [...node.routes.filter((r) => r.dev !== 'weave'), onBridge],
      weave: {
        bridgePort: iface('vethwe-bridge', WEAVE_MTU),
        datapathPort: iface('vethwe-datapath', WEAVE_MTU),
        datapath: iface('datapath', WEAVE_MTU),
        peerName: bridge.mac,
        shortId: ids[i]!,
        range: share,
      },
    };
  });
}

/**
 * The addresses a peer hands its pods: its share, after the bridge's address, never the whole
 * range's network or broadcast address.
 */
export function weaveAllocator(node: ClusterNode, range: string): HostLocalAllocator {
  const allocator = new HostLocalAllocator(node.podCIDR, true);
  const cluster = parsePrefix(range);
  const bridgeIP = (node.bridge?.cidr ?? '').split('/')[0] ?? '';
  if (allocator.contains(bridgeIP)) allocator.reserve(bridgeIP, `${node.name}/weave`);
  const broadcast = intToIpv4((cluster.network + prefixSize(cluster) - 1) >>> 0);
  if (allocator.contains(broadcast)) allocator.reserve(broadcast, 'broadcast');
  // A routed allocator never hands out the share's first address: that is the bridge's, or the range's network address.
  return allocator;
}
