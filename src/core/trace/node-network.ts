import type { ClusterNode } from '../cluster/types';
import { deterministicMac } from '../net/mac';
import { elementId } from '../topology/ids';
import type { HopList } from './hop-list';
import { ownsAddress } from './node-addresses';
import type { Packet } from './types';

/** The node network: each node's eth0, the router beyond it, and the wire between two nodes. */

/** The router's MAC on the node network: the simulator knows no real router, so it derives one from the gateway address. */
export function gatewayMac(gateway: string): string {
  return deterministicMac(`gateway:${gateway}`);
}

/** The element a node's routing decision is drawn at when the packet came in on eth0. */
export const eth0Of = (node: ClusterNode): string => elementId.nodeInterface(node.name, node.eth0.name);

/** From one node's eth0 over the node network to another's. */
export function wireBetween(list: HopList, packet: Packet, from: ClusterNode, to: ClusterNode, filter: string): void {
  const outer = packet.outer;
  const wireFilter =
    outer === undefined
      ? filter
      : outer.udp !== undefined
        ? `udp port ${outer.udp.dstPort} and host ${from.internalIP} and host ${to.internalIP}`
        : `ip proto 4 and host ${from.internalIP} and host ${to.internalIP}`;
  const decode = outer?.udp !== undefined && outer.udp.dstPort !== 4789 ? ' -T vxlan' : '';
  const what = outer === undefined ? 'packet' : outer.udp !== undefined ? 'VXLAN packet' : 'IP-in-IP packet';
  const capture = { command: `tcpdump -eni eth0 '${wireFilter}'${decode}`, note: decode === '' ? undefined : 'tcpdump decodes VXLAN by itself only on port 4789; -T vxlan makes it decode this port.' };
  list.add({
    where: eth0Of(from),
    kind: 'nic-transmit',
    summary: `${from.name}'s eth0 sends the ${what} to ${to.internalIP} (${to.eth0.mac}), a neighbour on the node network.`,
    packet,
    capture,
  });
  list.add({
    where: elementId.underlay(),
    kind: 'wire',
    summary: `The ${what} crosses the node network from ${from.name} (${from.internalIP}) to ${to.name} (${to.internalIP}).`,
    packet,
    capture: { ...capture, note: 'On either node, or on a switch mirror port.' },
  });
  const forUs = outer !== undefined || ownsAddress(to, packet.ip.dst);
  list.add({
    where: eth0Of(to),
    kind: 'nic-receive',
    summary:
      outer === undefined
        ? forUs
          ? `${to.name}'s eth0 receives the packet for its own address ${packet.ip.dst}.`
          : `${to.name}'s eth0 receives the packet; its destination ${packet.ip.dst} is not the node's own address, so the node forwards it.`
        : outer.udp !== undefined
          ? `${to.name}'s eth0 receives the outer packet for its own address, UDP port ${outer.udp.dstPort}, where the vxlan driver listens.`
          : `${to.name}'s eth0 receives the outer packet for its own address, IP protocol 4, which the ipip module takes.`,
    packet,
    capture,
  });
}
