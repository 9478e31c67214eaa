import type { Cluster, ClusterNode, Route } from '../cluster/types';
import { lookupRoute } from './routing';

/**
 * A node's own addresses, and the address a route gives a packet: the source a local socket
 * gets, and the one MASQUERADE rewrites to on the device the route chose.
 */

/** The device a route sends a packet out of, and the address MASQUERADE would give it there. */
export interface EgressDevice {
  readonly name: string;
  readonly address: string;
  /** The device that holds `address`: `name` itself, or eth0 when `name` has no address (a Calico veth). */
  readonly addressOf: string;
  readonly route: Route;
}

/** The node's own addresses: its InternalIP, its bridge's and its tunnel device's. */
export function nodeAddresses(node: ClusterNode): string[] {
  const addresses = [node.internalIP];
  // Cilium's router IP on cilium_host is one of the node's own addresses too (the pods' gateway).
  for (const device of [node.bridge, node.tunnel, node.cilium?.host]) {
    const ip = device?.cidr?.split('/')[0];
    if (ip !== undefined && !addresses.includes(ip)) addresses.push(ip);
  }
  return addresses;
}

export function ownsAddress(node: ClusterNode, ip: string): boolean {
  return nodeAddresses(node).includes(ip);
}

/** The node that holds an address, if any. */
export function nodeOwning(cluster: Cluster, ip: string): ClusterNode | undefined {
  return cluster.nodes.find((n) => ownsAddress(n, ip));
}

/**
 * The address of a device on the node, as source address selection and MASQUERADE pick it.
 * A device without an address of its own (a Calico veth) makes the kernel take the first
 * global address of another device: eth0's.
 */
export function deviceAddress(node: ClusterNode, device: string): string {
  if (node.bridge !== undefined && device === node.bridge.name && node.bridge.cidr !== undefined) return node.bridge.cidr.split('/')[0]!;
  if (node.tunnel !== undefined && device === node.tunnel.name && node.tunnel.cidr !== undefined) return node.tunnel.cidr.split('/')[0]!;
  if (node.cilium !== undefined && device === node.cilium.host.name && node.cilium.host.cidr !== undefined) return node.cilium.host.cidr.split('/')[0]!;
  return node.internalIP;
}

/** The route a node takes to an address and the device it leaves by. */
export function egressOf(node: ClusterNode, destination: string): EgressDevice | undefined {
  const route = lookupRoute(node.routes, destination);
  if (route === undefined) return undefined;
  return egressDevice(node, route.dev, route);
}

/** The device a packet leaves by, whichever route chose it. */
export function egressDevice(node: ClusterNode, device: string, route: Route): EgressDevice {
  const address = deviceAddress(node, device);
  const own = device === node.eth0.name || device === node.bridge?.name || device === node.tunnel?.name || device === node.cilium?.host.name;
  return { name: device, address, addressOf: own ? device : node.eth0.name, route };
}

/**
 * The source address the kernel gives a socket that did not bind one: the route's `src` when
 * it has one, otherwise the outgoing device's address. Says which it was, for the hop.
 */
export function sourceAddressFor(node: ClusterNode, destination: string): { address: string; route: Route; why: string } | undefined {
  const egress = egressOf(node, destination);
  if (egress === undefined) return undefined;
  const { route } = egress;
  if (route.src !== undefined) return { address: route.src, route, why: `the route's src ${route.src}` };
  const own = deviceAddress(node, route.dev);
  const why =
    own === node.internalIP && route.dev !== node.eth0.name
      ? `${route.dev} has no address of its own, so the kernel takes ${node.name}'s first global address, eth0's ${own}`
      : `the route has no src, so the kernel takes ${route.dev}'s address ${own}`;
  return { address: own, route, why };
}
