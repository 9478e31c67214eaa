import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { hostVethName } from './names';
import type { CniPlugin, Route } from './types';

/** What a CNI plugin leaves on a node and in each pod. */
export interface CniProfile {
  readonly plugin: CniPlugin;
  /** The node's bridge, for bridge-based plugins; Calico routes to each pod's veth instead. */
  readonly bridgeName: string | undefined;
  /** MTU of the pods' eth0 and their veths. */
  readonly mtu: number;
  /** Whether pod addresses come from a per-node block with no gateway (Calico) or a subnet behind a bridge. */
  readonly addressing: 'bridge-subnet' | 'routed-block';
  /** The routes inside a pod's network namespace. */
  podRoutes(podIP: string, podCIDR: string, gateway: string, clusterCIDR: string): Route[];
  /** The host end of a pod's veth pair: its name and MAC. */
  hostVeth(namespace: string, pod: string, mac: string): { name: string; mac: string };
}

/** The link-local gateway every Calico pod routes through; the host veth answers ARP for it (proxy ARP). */
export const CALICO_GATEWAY = '169.254.1.1';
/** Calico gives every host-side workload veth this MAC. */
export const CALICO_HOST_MAC = 'ee:ee:ee:ee:ee:ee';

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
  const bridgeVeth = (namespace: string, pod: string, mac: string) => ({ name: hostVethName(namespace, pod), mac });
  switch (plugin) {
    case 'bridge':
      // kubenet-style: the bridge plugin with isGateway on `cbr0`, host-local IPAM with a default route.
      return {
        plugin,
        bridgeName: 'cbr0',
        mtu: 1500,
        addressing: 'bridge-subnet',
        podRoutes: (ip, cidr, gw) => [viaGateway('default', gw), connected(cidr, ip)],
        hostVeth: bridgeVeth,
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
        podRoutes: (ip, cidr, gw, clusterCIDR) => [viaGateway('default', gw), viaGateway(clusterCIDR, gw), connected(cidr, ip)],
        hostVeth: bridgeVeth,
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
        podRoutes: () => [
          { destination: 'default', via: CALICO_GATEWAY, dev: 'eth0', scope: 'global', proto: undefined, src: undefined },
          { destination: `${CALICO_GATEWAY}/32`, via: undefined, dev: 'eth0', scope: 'link', proto: undefined, src: undefined },
        ],
        hostVeth: (namespace, pod) => ({ name: calicoVethName(namespace, pod), mac: CALICO_HOST_MAC }),
      };
  }
}
