import type { Cluster, Pod } from '../cluster/types';
import { SLEEVE_OVERHEAD } from '../dataplane/weave-sleeve';
import { sourceAddressFor } from './node-addresses';
import { diffPackets } from './packet';
import { firstPacket, nodeSendPath, podSendPath, sizeNote, type Sender, type SendPath } from './packet-size';
import { findPod } from './resolve';
import type { Flow, Hop, Packet, Trace } from './types';

/**
 * Where a flow with a packet size is sent from and the path MTU it meets there: a pod in its
 * own network namespace, or a process in a node's (kubelet, a hostNetwork pod). Undefined where
 * the size does not change the trace: a client outside the cluster (whose own MTU is unknown),
 * a name (its address is checked once resolved), loopback, a node's packet to a ClusterIP
 * (kube-proxy's DNAT re-routes it after the check), and anything that does not exist (the trace
 * says so itself).
 */
export function sendingPath(cluster: Cluster, flow: Flow): { sender: Sender; source: string; destination: string; path: SendPath } | undefined {
  const from = flow.from;
  if (from.kind === 'external') return undefined;
  if (from.kind === 'pod') {
    const pod = findPod(cluster, from.namespace, from.pod);
    const container = from.container ?? pod?.containers[0]?.name;
    if (pod === undefined || container === undefined) return undefined;
    if (pod.network.kind === 'host') return fromNode(cluster, flow, pod.nodeName);
    const destination = destinationAddress(cluster, flow, pod);
    if (destination === undefined) return undefined;
    const path = podSendPath(pod, destination);
    return path === undefined ? undefined : { sender: { pod, container }, source: pod.ip, destination, path };
  }
  return fromNode(cluster, flow, from.node);
}

function fromNode(cluster: Cluster, flow: Flow, name: string): ReturnType<typeof sendingPath> {
  const node = cluster.nodes.find((n) => n.name === name);
  if (node === undefined) return undefined;
  const destination = destinationAddress(cluster, flow, undefined);
  if (destination === undefined || cluster.services.some((s) => s.clusterIP === destination)) return undefined;
  const path = nodeSendPath(cluster, node, destination);
  const source = sourceAddressFor(node, destination);
  return path === undefined || source === undefined ? undefined : { sender: { node }, source: source.address, destination, path };
}

/** The address the sender's socket writes, when the flow names it without DNS; undefined for loopback. */
function destinationAddress(cluster: Cluster, flow: Flow, sender: Pod | undefined): string | undefined {
  const to = flow.to;
  switch (to.kind) {
    case 'pod': {
      if (to.localhost === true) return undefined;
      const pod = findPod(cluster, to.namespace, to.pod);
      return pod === undefined || pod === sender ? undefined : pod.ip;
    }
    case 'service':
      return cluster.services.find((s) => s.namespace === to.namespace && s.name === to.service)?.clusterIP;
    case 'address':
      return sender !== undefined && to.address === sender.ip ? undefined : to.address;
    case 'name':
      return undefined;
  }
}

/** VXLAN wraps the inner frame (14) in VXLAN (8), UDP (8) and IP (20); IP-in-IP adds one IP header. */
const VXLAN_OUTER = 50;
const IPIP_OUTER = 20;
/** Weave's sleeve: IP 20, UDP 8, three peer names of 6, a 2-byte length and the inner frame's Ethernet 14 (`dataplane/weave-sleeve.ts`). */
const SLEEVE_OUTER = SLEEVE_OVERHEAD;

/**
 * The trace with the flow's packet size shown: a sentence on the sending hop about what the
 * kernel makes of the write, and for UDP the total length on every forward hop (outer header
 * included while encapsulated), with the changes it makes where it appears.
 */
export function withPacketSize(trace: Trace, flow: Flow, path: SendPath): Trace {
  const note = sizeNote(flow, path);
  const first = firstPacket(flow, path.mtu);
  let noted = false;
  const hops: Hop[] = [];
  for (const hop of trace.hops) {
    const packet = first === undefined ? hop.packet : sized(hop.packet, first.length, first.flags);
    const summary = !noted && hop.kind === 'socket-send' ? `${hop.summary}${note}` : hop.summary;
    if (hop.kind === 'socket-send') noted = true;
    const previous = hops[hops.length - 1];
    const changes =
      first === undefined || previous === undefined
        ? hop.changes
        : [...hop.changes.filter((c) => !LENGTH_FIELDS.has(c.field)), ...diffPackets(previous.packet, packet).filter((c) => LENGTH_FIELDS.has(c.field))];
    hops.push({ ...hop, summary, packet, changes });
  }
  return { ...trace, hops };
}

const LENGTH_FIELDS = new Set(['ip.length', 'ip.flags', 'outer.ip.length']);

function sized(packet: Packet, length: number, flags: 'DF' | 'MF'): Packet {
  const outer = packet.outer;
  return {
    ...packet,
    ip: { ...packet.ip, length, flags },
    ...(outer === undefined ? {} : { outer: { ...outer, ip: { ...outer.ip, length: length + (outer.sleeve !== undefined ? SLEEVE_OUTER : outer.udp === undefined ? IPIP_OUTER : VXLAN_OUTER) } } }),
  };
}

/**
 * Why the flow's packet size was not checked, where `sendingPath` found no path to check it on
 * and the trace would otherwise ignore the size without a word. Undefined for a name (its
 * address is checked once resolved) and for flows that fail to trace anyway.
 */
export function uncheckedSizeNote(cluster: Cluster, flow: Flow): string | undefined {
  if (flow.size === undefined || flow.to.kind === 'name') return undefined;
  if (flow.from.kind === 'external') return ` The ${flow.size}-byte size is not checked here: the client's path MTU outside the cluster is not part of the model.`;
  const to = flow.to;
  const sender = flow.from.kind === 'pod' ? findPod(cluster, flow.from.namespace, flow.from.pod) : undefined;
  const self = to.kind === 'pod' && (to.localhost === true || (sender !== undefined && findPod(cluster, to.namespace, to.pod) === sender));
  if (self || (to.kind === 'address' && sender !== undefined && to.address === sender.ip)) {
    return ` The ${flow.size}-byte packet goes whole: the loopback device's MTU is 65536.`;
  }
  const address = to.kind === 'service' ? cluster.services.find((s) => s.namespace === to.namespace && s.name === to.service)?.clusterIP : to.kind === 'address' ? to.address : undefined;
  if (address !== undefined && cluster.services.some((s) => s.clusterIP === address)) {
    return ` The ${flow.size}-byte size is not checked on this path: the node's route is chosen after kube-proxy's DNAT in nat OUTPUT, which this check does not follow.`;
  }
  return undefined;
}

/** The trace with a sentence on its sending hop saying why its size was not checked. */
export function withSizeNote(trace: Trace, note: string): Trace {
  let noted = false;
  const hops = trace.hops.map((hop) => {
    if (noted || hop.kind !== 'socket-send') return hop;
    noted = true;
    return { ...hop, summary: `${hop.summary}${note}` };
  });
  return { ...trace, hops };
}
