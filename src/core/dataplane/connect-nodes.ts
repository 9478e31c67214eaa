import type { ClusterNode, CniPlugin, FdbEntry, Neighbour, Route } from '../cluster/types';
import { deterministicMac } from '../net/mac';
import { addressAt, parsePrefix } from '../net/ipv4';

/** Flannel's VXLAN backend: VNI 1, and port 0, which the Linux vxlan driver turns into its default 8472 (not IANA's 4789). */
export const FLANNEL_VNI = 1;
export const FLANNEL_VXLAN_PORT = 8472;
/** Outer Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8, of which the 50 beyond the inner frame's own Ethernet count against the MTU. */
export const VXLAN_OVERHEAD = 50;

/**
 * What each plugin installs on every node so that pod CIDRs on other nodes are reachable.
 * - Flannel VXLAN: the `flannel.1` device (address = the node's pod network address, /32), and
 *   for each other node a route `<cidr> via <its network address> dev flannel.1 onlink`, a
 *   permanent neighbour entry for that address with the peer's VTEP MAC, and an FDB entry that
 *   sends that MAC to the peer node's IP.
 * - Flannel host-gw: a route per peer pod CIDR via the peer node's address on eth0 (the nodes
 *   must share an L2 segment).
 * - bridge (kubenet-style): the same routes; on a real cluster the cloud route controller or
 *   static routes provide them, not the plugin.
 */
export function connectNodes(nodes: readonly ClusterNode[], plugin: CniPlugin): ClusterNode[] {
  const vtepMac = (node: ClusterNode) => deterministicMac(`${node.name}/flannel.1`);
  const networkAddress = (node: ClusterNode) => addressAt(parsePrefix(node.podCIDR), 0);
  return nodes.map((node) => {
    const peers = nodes.filter((n) => n !== node);
    if (plugin === 'flannel-vxlan') {
      const routes: Route[] = peers.map((peer) => ({
        destination: peer.podCIDR, via: networkAddress(peer), dev: 'flannel.1', scope: 'global', proto: undefined, src: undefined, onlink: true,
      }));
      const neighbours: Neighbour[] = peers.map((peer) => ({ ip: networkAddress(peer), mac: vtepMac(peer), dev: 'flannel.1', state: 'PERMANENT' }));
      const fdb: FdbEntry[] = peers.map((peer) => ({ mac: vtepMac(peer), dev: 'flannel.1', dst: peer.internalIP }));
      return {
        ...node,
        tunnel: {
          kind: 'vxlan',
          name: 'flannel.1',
          mac: vtepMac(node),
          cidr: `${networkAddress(node)}/32`,
          mtu: node.eth0.mtu - VXLAN_OVERHEAD,
          vni: FLANNEL_VNI,
          port: FLANNEL_VXLAN_PORT,
          local: node.internalIP,
        },
        routes: [...node.routes, ...routes],
        neighbours,
        fdb,
      };
    }
    const routes: Route[] = peers.map((peer) => ({
      destination: peer.podCIDR, via: peer.internalIP, dev: 'eth0', scope: 'global', proto: plugin === 'bridge' ? 'static' : undefined, src: undefined,
    }));
    return { ...node, routes: [...node.routes, ...routes] };
  });
}
