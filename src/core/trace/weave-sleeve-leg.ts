import type { ClusterNode, WeaveSleeve } from '../cluster/types';
import { sleeveMtu, SLEEVE_OVERHEAD, WEAVE_ROUTER } from '../dataplane/weave-sleeve';
import { elementId } from '../topology/ids';
import { onNode } from './capture';
import type { HopList } from './hop-list';
import type { LegContext } from './pod-side';
import { crossWire } from './routed-leg';
import type { Packet } from './types';

/** The node's sleeve devices; a node without them is a bug in the caller. */
export function sleeveOf(node: ClusterNode): WeaveSleeve {
  if (node.weaveSleeve === undefined) throw new Error(`node ${node.name} has no Weave sleeve devices`);
  return node.weaveSleeve;
}

/**
 * From the sending node's vethwe-bridge to the receiving node's, in sleeve mode (weaveworks/weave
 * router/pcap.go, sleeve.go, site/concepts/how-it-works.md): the frame crosses the veth pair to
 * vethwe-pcap, where the weave router captures it into user space; the router looks up the
 * destination MAC's peer, appends the frame to a UDP packet for that peer (its own format, see
 * `SleeveHeader`) and sends it from UDP 6783 to the peer's 6783; the peer's router reads it and
 * injects the frame into its own vethwe-pcap, out of whose pair it enters that node's weave
 * bridge. The frame keeps its MACs and its TTL.
 */
export function sleeveOverlay(list: HopList, framed: Packet, leg: LegContext): void {
  const { fromNode, toNode, from, to } = leg;
  const sending = sleeveOf(fromNode);
  const receiving = sleeveOf(toNode);
  const eth = framed.eth ?? { src: from.network.eth0.mac, dst: to.network.eth0.mac };
  const mtu = sleeveMtu(fromNode, toNode);
  const port = sending.port;
  list.add({
    where: elementId.hostVeth(fromNode.name, sending.bridgePort.name),
    kind: 'veth-transmit',
    summary: `vethwe-bridge sends the frame across its veth pair to vethwe-pcap. No device takes it from there: vethwe-pcap exists for the weave router, which captures on it.`,
    packet: framed,
    capture: onNode(sending.bridgePort.name, leg.filter),
  });
  list.add({
    where: elementId.hostVeth(fromNode.name, sending.pcapPort.name),
    kind: 'veth-receive',
    summary:
      `The weave router reads the frame from vethwe-pcap through pcap (a promiscuous capture), out of the kernel into user space. ` +
      `Its MAC cache places ${eth.dst} on peer ${receiving.peerName} (${toNode.name}): it learned that from the capturing peer named with frames that came from there.`,
    packet: framed,
    rule: { kind: 'fdb', text: `${eth.dst} → peer ${receiving.peerName}(${toNode.name}) (weave router MAC cache)`, source: undefined },
    capture: onNode(sending.pcapPort.name, leg.filter),
  });
  const wrapped: Packet = {
    ...framed,
    outer: {
      eth: { src: fromNode.eth0.mac, dst: toNode.eth0.mac },
      ip: { src: fromNode.internalIP, dst: toNode.internalIP, ttl: 64, protocol: 'UDP' },
      udp: { srcPort: port, dstPort: port },
      vxlan: undefined,
      sleeve: { sender: sending.peerName, capturing: sending.peerName, destination: receiving.peerName },
    },
  };
  const wireFilter = `udp port ${port} and host ${fromNode.internalIP} and host ${toNode.internalIP}`;
  list.add({
    where: elementId.router(fromNode.name, WEAVE_ROUTER),
    kind: 'encapsulate',
    summary:
      `The router wraps the frame in its sleeve format: the UDP payload starts with the sending peer's name (${sending.peerName}), then, for each frame, ` +
      `the capturing peer (${sending.peerName}), the destination peer (${receiving.peerName}) and the frame's length, then the whole Ethernet frame with its own MACs. ` +
      `Frames captured in quick succession for the same peer share one UDP packet. It sends the packet from its socket on UDP ${port} to ${toNode.internalIP}:${port}; ` +
      `the frame's IP header has DF, so the router sends through its raw socket with DF set (TTL 64). ` +
      `This connection's MTU is ${mtu}: the ${Math.min(fromNode.eth0.mtu, toNode.eth0.mtu)}-byte underlay less ${SLEEVE_OVERHEAD} bytes of outer IP, UDP, peer names, length and inner Ethernet, which the router found by its own path MTU probes. ` +
      `Pods have MTU ${from.network.eth0.mtu} (the weave bridge's, with WEAVE_MTU unset): a larger frame with DF is not sent — the router answers the sender with an ICMP "fragmentation needed" giving MTU ${mtu}.`,
    packet: wrapped,
    capture: {
      command: `tcpdump -eni eth0 '${wireFilter}'`,
      note: `tcpdump shows plain UDP: nothing decodes the sleeve format. "weave status connections" (in the weave container of the weave-net pod) lists this connection as "sleeve" with mtu=${mtu}; fast datapath would say "fastdp".`,
    },
  });

  crossWire(list, wrapped, leg);

  list.add({
    where: elementId.router(toNode.name, WEAVE_ROUTER),
    kind: 'decapsulate',
    summary:
      `The weave router on ${toNode.name} reads the datagram from its UDP ${port} socket. The sender's name, ${sending.peerName}, picks the connection from ${fromNode.name}; ` +
      `the frame's destination peer is ${receiving.peerName}, this one, so the router keeps it (a frame for another peer would be forwarded on), ` +
      `and the capturing peer teaches it that ${eth.src} lives on ${fromNode.name}.`,
    packet: framed,
    capture: onNode(receiving.pcapPort.name, leg.filter),
  });
  list.add({
    where: elementId.hostVeth(toNode.name, receiving.pcapPort.name),
    kind: 'veth-transmit',
    summary: `The router injects the frame into vethwe-pcap through pcap; it crosses the veth pair and comes out of vethwe-bridge into ${toNode.name}'s weave bridge.`,
    packet: framed,
    capture: onNode(receiving.bridgePort.name, leg.filter),
  });
}
