/**
 * Words for each hop kind: a short label for the hop list and a phrase for the inspector.
 * A Record over the union, so a new kind in the core cannot be left without words.
 */
import type { HopKind } from '../../core';

export interface HopKindWords {
  /** Fits the hop list's kind column. */
  readonly short: string;
  /** What happens to the packet, for the inspector's heading. */
  readonly description: string;
}

export const HOP_KIND_WORDS: Readonly<Record<HopKind, HopKindWords>> = {
  'socket-send': { short: 'socket send', description: 'a socket sends the packet' },
  'route-lookup': { short: 'route lookup', description: 'the kernel picks a route' },
  arp: { short: 'ARP', description: 'the next hop’s MAC address is resolved' },
  'veth-transmit': { short: 'veth transmit', description: 'sent into a veth pair' },
  'veth-receive': { short: 'veth receive', description: 'comes out of the veth pair’s other end' },
  'bridge-forward': { short: 'bridge forward', description: 'the bridge switches the frame to a port' },
  'nic-transmit': { short: 'NIC transmit', description: 'leaves the node through its network interface' },
  'nic-receive': { short: 'NIC receive', description: 'enters the node through its network interface' },
  wire: { short: 'on the wire', description: 'crosses the network between the nodes' },
  encapsulate: { short: 'encapsulate', description: 'wrapped in outer headers for the trip between nodes' },
  decapsulate: { short: 'decapsulate', description: 'the outer headers are stripped on arrival' },
  loopback: { short: 'loopback', description: 'stays inside the pod on the loopback device' },
  'network-policy': { short: 'policy check', description: 'NetworkPolicy lets it through' },
  drop: { short: 'drop', description: 'discarded' },
  deliver: { short: 'deliver', description: 'reaches the listening socket' },
  refuse: { short: 'refuse', description: 'nothing listens on the port' },
  'kernel-reply': { short: 'kernel reply', description: 'the kernel answers by itself' },
  'service-rule': { short: 'service rule', description: 'one of kube-proxy’s Service rules matches' },
  masquerade: { short: 'masquerade', description: 'the source is rewritten to the node’s address' },
  conntrack: { short: 'conntrack', description: 'conntrack undoes the connection’s NAT' },
  'dns-query': { short: 'DNS query', description: 'the resolver asks for the name, search domain by search domain' },
  'dns-answer': { short: 'DNS answer', description: 'the answer gives the address to connect to' },
  'load-balancer': { short: 'load balancer', description: 'the cloud load balancer picks a node, or passes the reply on' },
};
