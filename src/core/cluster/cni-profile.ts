import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { hexOf, sha256 } from '../net/sha256';
import { hostVethName, sandboxContainerId } from './names';
import type { CniPlugin, Route } from './types';

/** What a CNI plugin leaves on a node and in each pod. */
export interface CniProfile {
  readonly plugin: CniPlugin;
  /** The node's bridge, for bridge-based plugins; Calico routes to each pod's veth instead. */
  readonly bridgeName: string | undefined;
  /** MTU of the pods' eth0 and their veths. */
  readonly mtu: number;
  /**
   * Where pod addresses come from: a subnet behind a bridge or a gateway device, a per-node
   * block with no gateway (Calico), or the share of one range that each peer owns (Weave).
   */
  readonly addressing: 'bridge-subnet' | 'routed-block' | 'peer-range';
  /** The prefix length on a pod's eth0: the node's pod CIDR, the whole cluster range (Weave), or a /32. */
  readonly podPrefix: 'node' | 'cluster' | 'host';
  /** The routes inside a pod's network namespace. */
  podRoutes(podIP: string, podCIDR: string, gateway: string, clusterCIDR: string): Route[];
  /** The name of the host end of a pod's veth pair. */
  hostVethName(namespace: string, pod: string): string;
  /** The MAC every host veth has (Calico's), or undefined where each has its own (derived from the pod). */
  readonly hostVethMac: string | undefined;
}

/** The link-local gateway every Calico pod routes through; the host veth answers ARP for it (proxy ARP). */
export const CALICO_GATEWAY = '169.254.1.1';
/** Calico gives every host-side workload veth this MAC. */
export const CALICO_HOST_MAC = 'ee:ee:ee:ee:ee:ee';

/**
 * Weave's CNI plugin names the host veth `vethwepl` + the first 7 characters of the container ID
 * (its peer is `vethwepg…` until it moves into the pod and becomes eth0).
 */
export function weaveVethName(namespace: string, pod: string): string {
  return `vethwepl${sandboxContainerId(namespace, pod).slice(0, 7)}`;
}

/**
 * Cilium's host veth: `lxc` + the first 12 hex characters of sha256 of the endpoint ID (12 so
 * that the temporary `tmp…` name fits the 15-character limit). cilium-cni uses
 * `<container ID>:<interface in the pod>` as that ID.
 */
export function ciliumVethName(namespace: string, pod: string): string {
  return `lxc${hexOf(sha256(`${sandboxContainerId(namespace, pod)}:eth0`), 6)}`;
}

/** Weave's default MTU: 1460 (GCE's underlay) − 20 IP − 8 UDP − 8 VXLAN − 14 inner Ethernet − 34 for ESP. */
export const WEAVE_MTU = 1376;
/**
 * The weave bridge's MTU in sleeve-only mode when WEAVE_MTU is unset: weave's bridge set-up
 * (net/bridge.go, `bridgeImpl.initPrep`) uses 65535 when no MTU is configured, and only the
 * fast datapath replaces that with 1376. The veths take the bridge's MTU (net/veth.go). The
 * sleeve router finds each connection's real limit itself (path MTU discovery, see
 * `dataplane/weave-sleeve.ts`).
 */
export const WEAVE_SLEEVE_BRIDGE_MTU = 65535;
/** Cilium's pod route MTU in tunnel mode: the device MTU minus the 50 bytes of VXLAN headers. */
export const CILIUM_TUNNEL_ROUTE_MTU = 1450;

/** Calico's host veth: `cali` + the first 11 hex characters of sha1("<namespace>.<pod>"). */
export function calicoVethName(namespace: string, pod: string): string {
  return `cali${bytesToHex(sha1(utf8ToBytes(`${namespace}.${pod}`))).slice(0, 11)}`;
}

const connected = (podCIDR: string, podIP: string): Route => ({
  destination: podCIDR, via: undefined, dev: 'eth0', scope: 'link', proto: 'kernel', src: podIP,
});
const viaGateway = (destination: string, gateway: string): Route => ({
  destination, via: gateway, dev: 'eth0', scope: 'global', proto: undefined, src: undefined,
});

export function cniProfile(plugin: CniPlugin): CniProfile {
  switch (plugin) {
    case 'bridge':
      // kubenet-style: the bridge plugin with isGateway on `cbr0`, host-local IPAM with a default route.
      return {
        plugin,
        bridgeName: 'cbr0',
        mtu: 1500,
        addressing: 'bridge-subnet',
        podPrefix: 'node',
        podRoutes: (ip, cidr, gw) => [viaGateway('default', gw), connected(cidr, ip)],
        hostVethName,
        hostVethMac: undefined,
      };
    case 'flannel-vxlan':
    case 'flannel-host-gw':
      // Flannel delegates to the bridge plugin on `cni0` with isDefaultGateway, and host-local
      // adds a route for the whole flannel network (FLANNEL_NETWORK) through the bridge.
      // VXLAN costs 50 bytes of outer headers, so flanneld sets MTU 1450 there.
      return {
        plugin,
        bridgeName: 'cni0',
        mtu: plugin === 'flannel-vxlan' ? 1450 : 1500,
        addressing: 'bridge-subnet',
        podPrefix: 'node',
        podRoutes: (ip, cidr, gw, clusterCIDR) => [viaGateway('default', gw), viaGateway(clusterCIDR, gw), connected(cidr, ip)],
        hostVethName,
        hostVethMac: undefined,
      };
    case 'calico-ipip':
    case 'calico-vxlan':
    case 'calico-bgp':
      // No bridge: the pod has a /32 and a default route to a link-local gateway that the host
      // veth answers by proxy ARP; the host routes to each pod's veth. IP-in-IP costs 20 bytes,
      // VXLAN 50.
      return {
        plugin,
        bridgeName: undefined,
        mtu: plugin === 'calico-ipip' ? 1480 : plugin === 'calico-vxlan' ? 1450 : 1500,
        addressing: 'routed-block',
        podPrefix: 'host',
        podRoutes: () => [
          { destination: 'default', via: CALICO_GATEWAY, dev: 'eth0', scope: 'global', proto: undefined, src: undefined },
          { destination: `${CALICO_GATEWAY}/32`, via: undefined, dev: 'eth0', scope: 'link', proto: undefined, src: undefined },
        ],
        hostVethName: calicoVethName,
        hostVethMac: CALICO_HOST_MAC,
      };
    case 'weave':
    case 'weave-sleeve':
      // Weave's CNI plugin: pods on the `weave` bridge with an address of the whole allocation
      // range (`10.32.0.5/12`), so every pod of the cluster is on-link; the default route goes
      // to the bridge's own address (`weave expose`). Veths take the bridge's MTU.
      return {
        plugin,
        bridgeName: 'weave',
        mtu: plugin === 'weave' ? WEAVE_MTU : WEAVE_SLEEVE_BRIDGE_MTU,
        addressing: 'peer-range',
        podPrefix: 'cluster',
        podRoutes: (ip, _cidr, gw, clusterCIDR) => [viaGateway('default', gw), connected(clusterCIDR, ip)],
        hostVethName: weaveVethName,
        hostVethMac: undefined,
      };
    case 'cilium-vxlan':
    case 'cilium-native':
      // No bridge: the pod has a /32, a link route to the router IP on cilium_host and a default
      // route through it with the route MTU (1450 in tunnel mode, the device's 1500 otherwise);
      // bpf_lxc on the host veth answers ARP for the router IP. The devices keep MTU 1500.
      return {
        plugin,
        bridgeName: undefined,
        mtu: 1500,
        addressing: 'bridge-subnet',
        podPrefix: 'host',
        podRoutes: (_ip, _cidr, gw) => [
          { ...viaGateway('default', gw), mtu: plugin === 'cilium-vxlan' ? CILIUM_TUNNEL_ROUTE_MTU : 1500 },
          { destination: gw, via: undefined, dev: 'eth0', scope: 'link', proto: undefined, src: undefined },
        ],
        hostVethName: ciliumVethName,
        hostVethMac: undefined,
      };
  }
}
