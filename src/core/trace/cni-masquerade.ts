import type { Cluster, ClusterNode } from '../cluster/types';
import { parsePrefix, prefixContains } from '../net/ipv4';
import { elementId } from '../topology/ids';
import type { HopList } from './hop-list';
import { type EgressDevice, ownsAddress } from './node-addresses';
import { randomSourcePort } from './nat-hops';
import type { Packet, PortHeader } from './types';

/**
 * What each CNI plugin's own nat POSTROUTING rules do to a pod's packet leaving its node for an
 * address that is not a pod: another node's address, or the world. (kube-proxy's
 * KUBE-POSTROUTING is separate: it masquerades only packets its rules marked.) The rules are
 * written as the plugins write them; cni-dataplanes.md gives the sources.
 */

/** The rule that masquerades, as the plugin writes it. */
export interface CniMasquerade {
  readonly who: string;
  readonly chain: string;
  readonly rules: readonly string[];
  /** --random-fully: the kernel draws the source port; without it the client's port is kept. */
  readonly random: boolean;
  readonly capture: string;
}

export type CniPostrouting =
  | { readonly kind: 'masquerade'; readonly rule: CniMasquerade }
  /** The plugin's rules leave the source alone; `why` says which rule (or the absence of one) spares it. */
  | { readonly kind: 'kept'; readonly why: string };

const MULTICAST = '224.0.0.0/4';
/** kubenet's --non-masquerade-cidr default. */
const KUBENET_NON_MASQUERADE = '10.0.0.0/8';

const within = (cidr: string, ip: string): boolean => prefixContains(parsePrefix(cidr), ip);

/**
 * The plugin's verdict for a packet from one of `node`'s pods leaving by `device` (the route
 * the node chose). Only the destination and the device matter: every rule here matches the pod
 * range as source, which the packet has.
 */
export function cniPostrouting(cluster: Cluster, node: ClusterNode, packet: Packet, device: EgressDevice): CniPostrouting {
  const dst = packet.ip.dst;
  const cluster4 = cluster.settings.clusterCIDR;
  switch (cluster.settings.cni) {
    case 'flannel-vxlan':
    case 'flannel-host-gw':
      // FLANNEL-POSTRTG: -s <lease> -d <network> RETURN comes before the MASQUERADE of everything else but multicast.
      if (within(cluster4, dst)) return { kind: 'kept', why: `flanneld's "-A FLANNEL-POSTRTG -s ${node.podCIDR} -d ${cluster4} -j RETURN" leaves pod-to-pod traffic alone` };
      if (within(MULTICAST, dst)) return { kind: 'kept', why: `flanneld's MASQUERADE rule spares multicast (! -d ${MULTICAST})` };
      return { kind: 'masquerade', rule: flannel(cluster4) };
    case 'calico-ipip':
    case 'calico-vxlan':
    case 'calico-bgp':
      // The pools are the cluster CIDR here: cali40all-ipam-pools holds every pool.
      if (within(cluster4, dst)) return { kind: 'kept', why: `${dst} is in an IP pool (ipset cali40all-ipam-pools), which cali-nat-outgoing does not masquerade` };
      return { kind: 'masquerade', rule: CALICO };
    case 'weave':
    case 'weave-sleeve':
      // The WEAVE chain is the same whichever way the routers carry the frames.
      if (within(cluster4, dst)) return { kind: 'kept', why: `${dst} is in the Weave range ${cluster4}, which the WEAVE chain's "-s R ! -d R" rule does not masquerade` };
      if (within(MULTICAST, dst)) return { kind: 'kept', why: `the WEAVE chain's "-s ${cluster4} -d ${MULTICAST} -j RETURN" spares multicast` };
      return { kind: 'masquerade', rule: weave(cluster4) };
    case 'cilium-vxlan':
    case 'cilium-native': {
      const tunnel = cluster.settings.cni === 'cilium-vxlan';
      if (device.name.startsWith('cilium_')) return { kind: 'kept', why: `CILIUM_POST_nat's MASQUERADE rule spares traffic leaving by ${device.name} (! -o cilium_+)` };
      // Without a tunnel Cilium keeps the cluster nodes' addresses in the ipset cilium_node_set_v4 and ACCEPTs traffic to them first (NodeIpsetNeeded).
      if (!tunnel && cluster.nodes.some((n) => n.internalIP === dst)) {
        return { kind: 'kept', why: `${dst} is a cluster node's address, and CILIUM_POST_nat's first rule, "${ciliumNodeSetRule(node)}", accepts traffic to cluster nodes before the MASQUERADE rule` };
      }
      const spared = tunnel ? node.podCIDR : cluster4;
      if (within(spared, dst)) return { kind: 'kept', why: `${dst} is in ${spared}, which CILIUM_POST_nat does not masquerade` };
      return { kind: 'masquerade', rule: cilium(node, cluster4, tunnel) };
    }
    case 'bridge':
      if (within(KUBENET_NON_MASQUERADE, dst)) return { kind: 'kept', why: `${dst} is in kubenet's non-masquerade CIDR ${KUBENET_NON_MASQUERADE}, which its POSTROUTING rule leaves alone` };
      if (ownsAddress(node, dst)) return { kind: 'kept', why: `${dst} is local to ${node.name} (-m addrtype ! --dst-type LOCAL)` };
      return { kind: 'masquerade', rule: KUBENET };
  }
}

// flanneld --ip-masq (the default manifest): FLANNEL-POSTRTG in nat POSTROUTING, --random-fully where iptables has it.
function flannel(cidr: string): CniMasquerade {
  return {
    who: "flanneld's FLANNEL-POSTRTG chain",
    chain: 'FLANNEL-POSTRTG',
    rules: [
      '-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG',
      `-A FLANNEL-POSTRTG -s ${cidr} ! -d ${MULTICAST} -m comment --comment "flanneld masq" -j MASQUERADE --random-fully`,
    ],
    random: true,
    capture: 'iptables -t nat -S FLANNEL-POSTRTG',
  };
}

// Calico with natOutgoing on the pool (the default): cali-nat-outgoing; Felix's rule comments carry a hash, left out here.
const CALICO: CniMasquerade = {
  who: "Calico's cali-nat-outgoing chain",
  chain: 'cali-nat-outgoing',
  rules: [
    '-A cali-POSTROUTING -j cali-nat-outgoing',
    '-A cali-nat-outgoing -m set --match-set cali40masq-ipam-pools src -m set ! --match-set cali40all-ipam-pools dst -j MASQUERADE --random-fully',
  ],
  random: true,
  capture: 'iptables -t nat -S cali-nat-outgoing',
};

// kubenet: kubelet's own rule; destinations in the non-masquerade CIDR (10.0.0.0/8 by default) keep the pod address.
const KUBENET: CniMasquerade = {
  who: "kubenet's POSTROUTING rule",
  chain: 'POSTROUTING',
  rules: [`-A POSTROUTING ! -d ${KUBENET_NON_MASQUERADE} -m comment --comment "kubenet: SNAT for outbound traffic from cluster" -m addrtype ! --dst-type LOCAL -j MASQUERADE`],
  random: false,
  capture: 'iptables -t nat -S POSTROUTING',
};

// weave: the WEAVE chain's "-s R ! -d R" rule for traffic leaving the Weave range.
function weave(cidr: string): CniMasquerade {
  return { who: "Weave's WEAVE chain", chain: 'WEAVE', rules: [`-A WEAVE -s ${cidr} ! -d ${cidr} -j MASQUERADE`], random: false, capture: 'iptables -t nat -S WEAVE' };
}

function ciliumNodeSetRule(node: ClusterNode): string {
  return `-A CILIUM_POST_nat -s ${node.podCIDR} -m set --match-set cilium_node_set_v4 dst -m comment --comment "exclude traffic to cluster nodes from masquerade" -j ACCEPT`;
}

/*
 * Cilium: iptables masquerading, CILIUM_POST_nat in nat POSTROUTING. Helm's defaults are
 * enableIPv4Masquerade=true and bpf.masquerade=false; BPF masquerading is opt-in (and needs the
 * kube-proxy replacement), so the default cluster, with or without kube-proxy, masquerades in
 * iptables. The rule excludes the node's own pod CIDR in tunnel mode and the native-routing
 * CIDR (here the cluster CIDR) in native routing; `! -o cilium_+` leaves tunnel traffic alone.
 * Without a tunnel the cluster nodes' addresses are spared first (pkg/datapath/iptables,
 * installMasqueradeRules: NodeIpsetNeeded is "no tunnel and iptables masquerading").
 * --random-fully only with --iptables-random-fully, off by default.
 */
function cilium(node: ClusterNode, cidr: string, tunnel: boolean): CniMasquerade {
  return {
    who: "Cilium's CILIUM_POST_nat chain",
    chain: 'CILIUM_POST_nat',
    rules: [
      '-A POSTROUTING -m comment --comment "cilium-feeder: CILIUM_POST_nat" -j CILIUM_POST_nat',
      ...(tunnel ? [] : [ciliumNodeSetRule(node)]),
      `-A CILIUM_POST_nat -s ${node.podCIDR} ! -d ${tunnel ? node.podCIDR : cidr} ! -o cilium_+ -m comment --comment "cilium masquerade non-cluster" -j MASQUERADE`,
    ],
    random: false,
    capture: 'iptables -t nat -S CILIUM_POST_nat',
  };
}

/** The masquerade hop: the source becomes the address of the device the route chose (eth0's when it has none). */
export function masqueradeOut(list: HopList, packet: Packet, node: ClusterNode, device: EgressDevice, rule: CniMasquerade): Packet {
  const l4 = packet.l4 as PortHeader;
  const port = rule.random ? randomSourcePort(packet) : l4.srcPort;
  const rewritten: Packet = { ...packet, ip: { ...packet.ip, src: device.address }, l4: { ...l4, srcPort: port } };
  list.add({
    where: elementId.nodeInterface(node.name, node.eth0.name),
    kind: 'masquerade',
    summary:
      `nat POSTROUTING on ${node.name}: ${rule.who} MASQUERADEs the packet: the source ${packet.ip.src}:${l4.srcPort} becomes ${device.address}, the address of ${device.addressOf}, ` +
      `the device the route chose${port !== l4.srcPort ? `, with a random source port ${port} (--random-fully)` : ''}. conntrack remembers the rewrite to undo it on the answer.`,
    packet: rewritten,
    rule: { kind: 'service-rule', text: rule.rules.join('\n'), source: undefined },
    capture: { command: rule.capture, note: `conntrack -L -p ${l4.protocol.toLowerCase()} --orig-src ${packet.ip.src} shows the rewrite.` },
  });
  return rewritten;
}
