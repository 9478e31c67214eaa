import type { ClusterNode, CniPlugin, FdbEntry, Neighbour, Route } from '../cluster/types';
import { ipamBlock } from '../cluster/ipam';
import { deterministicMac } from '../net/mac';
import { addressAt, parsePrefix } from '../net/ipv4';
import { ciliumNodes } from './cilium';
import { weaveNodes } from './weave';
import { weaveSleeveNodes } from './weave-sleeve';

/** Flannel's VXLAN backend: VNI 1, and port 0, which the Linux vxlan driver turns into its default 8472 (not IANA's 4789). */
export const FLANNEL_VNI = 1;
export const FLANNEL_VXLAN_PORT = 8472;
/** Calico's VXLAN: VNI 4096 on IANA's port 4789. */
export const CALICO_VNI = 4096;
export const CALICO_VXLAN_PORT = 4789;
/** Outer IPv4 20 + UDP 8 + VXLAN 8 + the inner frame's Ethernet 14: what VXLAN costs against the MTU. */
export const VXLAN_OVERHEAD = 50;
/** IP-in-IP adds one IPv4 header. */
export const IPIP_OVERHEAD = 20;

/**
 * What each plugin installs on every node so that pod addresses on other nodes are reachable.
 * - Flannel VXLAN: `flannel.1` (address = the node's pod network address, /32), and for each other
 *   node a route `<cidr> via <its network address> dev flannel.1 onlink`, a permanent neighbour
 *   entry giving that address the peer's VTEP MAC, and an FDB entry sending the MAC to the peer's IP.
 * - Flannel host-gw: a route per peer pod CIDR via the peer node's address on eth0.
 * - bridge (kubenet-style): the same routes, which on a real cluster come from the cloud route
 *   controller or static routes, not from the plugin.
 * - Calico IPIP: `tunl0` (MTU 1480, the first address of the node's block) and BIRD's routes
 *   `<block> via <peer IP> dev tunl0 proto bird onlink`.
 * - Calico VXLAN: `vxlan.calico` (VNI 4096, UDP 4789, MTU 1450) with Felix's routes
 *   `<block> via <peer VTEP IP> dev vxlan.calico onlink`, static ARP and FDB entries.
 * - Calico BGP without encapsulation: `<block> via <peer IP> dev eth0 proto bird`.
 * - Weave Net and Cilium: see `weaveNodes`, `weaveSleeveNodes` and `ciliumNodes`. Weave splits `clusterCIDR` (its
 *   IPALLOC_RANGE) among the nodes.
 */
export function connectNodes(nodes: readonly ClusterNode[], plugin: CniPlugin, clusterCIDR = ''): ClusterNode[] {
  if (plugin === 'weave') return weaveNodes(nodes, clusterCIDR);
  if (plugin === 'weave-sleeve') return weaveSleeveNodes(nodes, clusterCIDR);
  if (plugin === 'cilium-vxlan' || plugin === 'cilium-native') return ciliumNodes(nodes, plugin === 'cilium-vxlan' ? 'tunnel' : 'native');
  // Each node's own facts once: with hundreds of nodes every one of them is needed by all the others.
  const memo = <T>(compute: (node: ClusterNode, dev: string) => T) => {
    const cache = new Map<string, T>();
    return (node: ClusterNode, dev = '') => {
      const key = `${node.name}/${dev}`;
      let value = cache.get(key);
      if (value === undefined) cache.set(key, (value = compute(node, dev)));
      return value;
    };
  };
  const vtepMac = memo((node, dev) => deterministicMac(`${node.name}/${dev}`));
  const networkAddress = memo((node) => addressAt(parsePrefix(node.podCIDR), 0));
  const blockAddress = memo((node) => addressAt(parsePrefix(ipamBlock(node.podCIDR)), 0));
  const blockOf = memo((node) => ipamBlock(node.podCIDR));
  const route = (destination: string, via: string, dev: string, extra: Partial<Route> = {}): Route => ({
    destination, via, dev, scope: 'global', proto: undefined, src: undefined, ...extra,
  });
  // What a node installs for a peer depends on the peer alone: each entry is made once and shared
  // by every other node's table (tables are read-only), in the nodes' order without the node itself.
  const others = <T>(entries: readonly T[], self: number): T[] => {
    const out = new Array<T>(entries.length - 1);
    for (let i = 0, k = 0; i < entries.length; i++) if (i !== self) out[k++] = entries[i]!;
    return out;
  };
  switch (plugin) {
    case 'flannel-vxlan':
    case 'calico-vxlan': {
      const flannel = plugin === 'flannel-vxlan';
      const dev = flannel ? 'flannel.1' : 'vxlan.calico';
      const address = flannel ? networkAddress : blockAddress;
      const neighbours: Neighbour[] = nodes.map((peer) => ({ ip: address(peer), mac: vtepMac(peer, dev), dev, state: 'PERMANENT' }));
      const fdb: FdbEntry[] = nodes.map((peer) => ({ mac: vtepMac(peer, dev), dev, dst: peer.internalIP }));
      const routes = nodes.map((peer) => route(flannel ? peer.podCIDR : blockOf(peer), address(peer), dev, { onlink: true }));
      return nodes.map((node, i) => ({
        ...node,
        tunnel: {
          kind: 'vxlan',
          name: dev,
          mac: vtepMac(node, dev),
          cidr: `${address(node)}/32`,
          mtu: node.eth0.mtu - VXLAN_OVERHEAD,
          vni: flannel ? FLANNEL_VNI : CALICO_VNI,
          port: flannel ? FLANNEL_VXLAN_PORT : CALICO_VXLAN_PORT,
          local: node.internalIP,
        },
        routes: [...node.routes, ...others(routes, i)],
        neighbours: others(neighbours, i),
        fdb: others(fdb, i),
      }));
    }
    case 'calico-ipip': {
      const routes = nodes.map((peer) => route(blockOf(peer), peer.internalIP, 'tunl0', { proto: 'bird', onlink: true }));
      return nodes.map((node, i) => ({
        ...node,
        tunnel: { kind: 'ipip', name: 'tunl0', mac: '', cidr: `${blockAddress(node)}/32`, mtu: node.eth0.mtu - IPIP_OVERHEAD },
        routes: [...node.routes, ...others(routes, i)],
      }));
    }
    case 'calico-bgp': {
      const routes = nodes.map((peer) => route(blockOf(peer), peer.internalIP, 'eth0', { proto: 'bird' }));
      return nodes.map((node, i) => ({ ...node, routes: [...node.routes, ...others(routes, i)] }));
    }
    case 'flannel-host-gw':
    case 'bridge': {
      const routes = nodes.map((peer) => route(peer.podCIDR, peer.internalIP, 'eth0', { proto: plugin === 'bridge' ? 'static' : undefined }));
      return nodes.map((node, i) => ({ ...node, routes: [...node.routes, ...others(routes, i)] }));
    }
  }
}
