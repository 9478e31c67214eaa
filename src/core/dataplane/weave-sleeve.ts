import type { ClusterNode, CniPlugin, Interface, Route } from '../cluster/types';
import { WEAVE_SLEEVE_BRIDGE_MTU } from '../cluster/cni-profile';
import { formatPrefix, parsePrefix } from '../net/ipv4';
import { deterministicMac } from '../net/mac';
import { firstAddress, WEAVE_PORT, weaveRingShares } from './weave';

/**
 * Weave Net's "sleeve" overlay: the weave router, a user-space process, captures frames from
 * the weave bridge and sends them to the peer that has the destination MAC inside UDP packets
 * of its own format, on UDP 6783 (weaveworks/weave site/concepts/how-it-works.md,
 * router-encapsulation.md, router/sleeve.go).
 *
 * When: the router starts fast datapath and sleeve towards every peer and keeps fast datapath
 * when it works (site/tasks/manage/fastdp.md). Sleeve carries a connection when fast datapath
 * is disabled (`WEAVE_NO_FASTDP`, which weave-kube's launch.sh turns into `--no-fastdp`), when
 * the kernel has no Open vSwitch datapath module (the bridge then falls back to this plain
 * bridge set-up, net/bridge.go), or when fast datapath fails between two peers (UDP 6784
 * blocked, NAT between them, an underlay too small for WEAVE_MTU plus its overhead). Before
 * Weave Net 1.9.0 fast datapath could not encrypt, so a password forced sleeve (weave#1644,
 * #2687; 1.9.2's release notes speak of upgrading "from a version earlier than 1.9.0" for
 * encrypted fast datapath). This setting models the sleeve-only node (`--no-fastdp`).
 */

/** weave-kube's router port, whose UDP side sleeve uses (and TCP the control connection). */
export const WEAVE_SLEEVE_PORT = WEAVE_PORT;
/** The pcap end of the veth pair (net/bridge.go `PcapIfName`); `vethwe-bridge` is the bridge's end. */
export const WEAVE_PCAP_PORT = 'vethwe-pcap';
export const WEAVE_BRIDGE_PORT = 'vethwe-bridge';
/** The router process, as the topology draws it: `weaver` runs in the weave container of the weave-net pod. */
export const WEAVE_ROUTER = 'weaver';

/** A peer name on the wire: its 6-byte MAC (weave router/peer_name_mac.go, `NameSize`). */
export const SLEEVE_NAME_SIZE = 6;
/**
 * Every byte sleeve adds to an inner IP packet when not encrypted (router/sleeve.go, crypto.go):
 * outer IPv4 20 and UDP 8, the sending peer's name (6, once per UDP packet), each frame's
 * capturing peer (6), destination peer (6) and length (2), and the inner frame's own Ethernet
 * header (14): 62. The router's `overheadDF`.
 */
export const SLEEVE_OVERHEAD = 20 + 8 + SLEEVE_NAME_SIZE + (SLEEVE_NAME_SIZE + SLEEVE_NAME_SIZE + 2) + 14;

/**
 * The MTU the sleeve router finds for a connection: the underlay's path MTU less its overhead.
 * It starts at 65535 and learns the real value from its own probes (EMSGSIZE on a 60000-byte
 * DF probe, then a search it logs as "Effective MTU verified at …"); `weave status
 * connections` shows it as `mtu=`. A 1500-byte underlay gives 1438, GCE's 1460 gives 1398
 * (weave#2984 shows `sleeve … mtu=1398` on GCE, weave#469 "verified at 1438").
 */
export function sleeveMtu(a: ClusterNode, b: ClusterNode): number {
  return Math.min(a.eth0.mtu, b.eth0.mtu) - SLEEVE_OVERHEAD;
}

/** Both of Weave's modes: fast datapath (`weave`) and sleeve only (`weave-sleeve`). */
export function isWeave(plugin: CniPlugin): boolean {
  return plugin === 'weave' || plugin === 'weave-sleeve';
}

/** Whether the node runs Weave Net, in either mode. */
export function isWeaveNode(node: ClusterNode): boolean {
  return node.weave !== undefined || node.weaveSleeve !== undefined;
}

/**
 * Weave Net in sleeve-only mode ("bridge" type in weave's terms) on every node:
 * - the `weave` bridge as in fast-datapath mode (the first address of the peer's share with
 *   the prefix of the whole range, the one kernel route for the range on it), but with MTU
 *   65535: nothing sets WEAVE_MTU, and only fast datapath would lower it to 1376;
 * - `vethwe-bridge` (a port of the bridge) paired with `vethwe-pcap`, where the router
 *   captures (promiscuous pcap) and injects frames; no Open vSwitch datapath, no tunnel
 *   device: the encapsulation is the router's UDP socket on port 6783.
 */
export function weaveSleeveNodes(nodes: readonly ClusterNode[], range: string): ClusterNode[] {
  const cluster = parsePrefix(range);
  const shares = weaveRingShares(formatPrefix(cluster), nodes.length);
  return nodes.map((node, i) => {
    const share = shares[i]!;
    const bridgeIP = firstAddress(share, cluster);
    const iface = (name: string): Interface => ({ name, mac: deterministicMac(`${node.name}/${name}`), cidr: undefined, mtu: WEAVE_SLEEVE_BRIDGE_MTU });
    const bridge: Interface = { name: 'weave', mac: deterministicMac(`${node.name}/weave`), cidr: `${bridgeIP}/${cluster.length}`, mtu: WEAVE_SLEEVE_BRIDGE_MTU };
    const onBridge: Route = { destination: formatPrefix(cluster), via: undefined, dev: 'weave', scope: 'link', proto: 'kernel', src: bridgeIP };
    return {
      ...node,
      podCIDR: share,
      bridge,
      tunnel: undefined,
      routes: [...node.routes.filter((r) => r.dev !== 'weave'), onBridge],
      weaveSleeve: {
        bridgePort: iface(WEAVE_BRIDGE_PORT),
        pcapPort: iface(WEAVE_PCAP_PORT),
        peerName: bridge.mac,
        range: share,
        port: WEAVE_SLEEVE_PORT,
      },
    };
  });
}
