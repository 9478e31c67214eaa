import type { CniPlugin, Route } from './types';

/** What a bridge-based CNI plugin leaves on a node and in each pod. */
export interface CniProfile {
  readonly bridgeName: string;
  /** MTU of the bridge, the veths and the pods' eth0. */
  readonly mtu: number;
  /** The routes inside a pod's network namespace. */
  podRoutes(podIP: string, podCIDR: string, gateway: string, clusterCIDR: string): Route[];
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
        bridgeName: 'cbr0',
        mtu: 1500,
        podRoutes: (ip, cidr, gw) => [viaGateway('default', gw), connected(cidr, ip)],
      };
    case 'flannel-vxlan':
    case 'flannel-host-gw':
      // Flannel delegates to the bridge plugin on `cni0` with isDefaultGateway, and host-local
      // adds a route for the whole flannel network (FLANNEL_NETWORK) through the bridge.
      // VXLAN costs 50 bytes of outer headers, so flanneld sets MTU 1450 there.
      return {
        bridgeName: 'cni0',
        mtu: plugin === 'flannel-vxlan' ? 1450 : 1500,
        podRoutes: (ip, cidr, gw, clusterCIDR) => [viaGateway('default', gw), viaGateway(clusterCIDR, gw), connected(cidr, ip)],
      };
  }
}
