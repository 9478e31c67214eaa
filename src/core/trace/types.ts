import type { KubeProxyMode, Protocol } from '../cluster/types';
import type { MatchedRule } from '../kube-proxy/types';
import type { DnsLookup } from '../dns/types';
import type { SourceSpan } from '../manifest/types';
import type { SideVerdict } from '../policy/evaluate';
import type { PolicyFix } from '../policy-fix/suggest';

/** Who sends: a container in a pod. The container defaults to the pod's first. */
export interface PodSource {
  readonly kind: 'pod';
  readonly namespace: string;
  readonly pod: string;
  readonly container: string | undefined;
}

/**
 * A process in a node's own network namespace: kubelet probing a pod, a system daemon. (A
 * hostNetwork pod as source is a `PodSource`: its container runs in its node's namespace.)
 */
export interface NodeSource {
  readonly kind: 'node';
  readonly node: string;
}

/** A client on the internet, outside the cluster and its node network. */
export interface ExternalSource {
  readonly kind: 'external';
  readonly ip: string;
}

export type Source = PodSource | NodeSource | ExternalSource;

/** The address an external source has when none is given: in TEST-NET-2 (RFC 5737), as documentation addresses are. */
export const DEFAULT_EXTERNAL_IP = '198.51.100.10';

/** Where to: a port on a pod, addressed by name. */
export interface PodDestination {
  readonly kind: 'pod';
  readonly namespace: string;
  readonly pod: string;
  readonly port: number;
  readonly protocol: Protocol;
  /**
   * Addressed as `localhost` (127.0.0.1) rather than by pod IP: only the source's own pod can be
   * reached so, because its containers share one network namespace and its loopback device.
   */
  readonly localhost?: boolean;
}

/** A Service by name, reached at its ClusterIP on one of its ports (no DNS lookup). */
export interface ServiceDestination {
  readonly kind: 'service';
  readonly namespace: string;
  readonly service: string;
  /** The Service port (not the target port). */
  readonly port: number;
  readonly protocol: Protocol;
}

/** A DNS name the source resolves first, through its resolv.conf and CoreDNS. */
export interface NameDestination {
  readonly kind: 'name';
  readonly name: string;
  readonly port: number;
  readonly protocol: Protocol;
}

/** An IP address as typed: a ClusterIP, a pod IP. */
export interface AddressDestination {
  readonly kind: 'address';
  readonly address: string;
  readonly port: number;
  readonly protocol: Protocol;
}

export type Destination = PodDestination | ServiceDestination | NameDestination | AddressDestination;

export interface Flow {
  readonly from: Source;
  readonly to: Destination;
  /**
   * The size of the packet the application's write would make, as the IP header's total length
   * in bytes (IP header, transport header and payload); 28 is an empty UDP datagram. Absent: a
   * small packet that fits every MTU. Whether a large one is cut up, capped or refused depends
   * on the protocol and the sender's MTU (`packet-size.ts`).
   */
  readonly size?: number;
  /**
   * UDP only: the socket sets IP_MTU_DISCOVER to IP_PMTUDISC_DO, so every packet carries DF and
   * the kernel refuses (EMSGSIZE) a datagram larger than the path MTU instead of fragmenting it.
   * TCP and SCTP do path MTU discovery themselves; absent means the default, IP_PMTUDISC_WANT.
   */
  readonly dontFragment?: boolean;
}

export interface EthernetHeader {
  readonly src: string;
  readonly dst: string;
}

export interface IpHeader {
  readonly src: string;
  readonly dst: string;
  readonly ttl: number;
  /** The total length in bytes, shown when the flow gives a packet size; absent otherwise. */
  readonly length?: number;
  /**
   * The flags that matter for size, shown with `length`: `DF` (don't fragment) or `MF` (more
   * fragments follow: the first fragment of a datagram the sender split). Absent with no size.
   */
  readonly flags?: 'DF' | 'MF';
  /** `IPIP` (IP protocol 4) on the outer header of an IP-in-IP packet. */
  readonly protocol: Protocol | 'ICMP' | 'IPIP';
}

export interface PortHeader {
  readonly protocol: Protocol;
  readonly srcPort: number;
  readonly dstPort: number;
  /** TCP flags (`SYN`, `SYN-ACK`, `RST-ACK`) or the SCTP chunk (`INIT`, `ABORT`); undefined for UDP. */
  readonly flags: string | undefined;
}

/** An ICMP error, e.g. the port-unreachable a kernel sends back for a closed UDP port. */
export interface IcmpHeader {
  readonly protocol: 'ICMP';
  readonly type: number;
  readonly code: number;
  readonly description: string;
}

export type TransportHeader = PortHeader | IcmpHeader;

/**
 * The envelope an overlay wraps around the packet between two nodes: outer Ethernet and IP
 * between the node addresses, and for VXLAN the UDP and VXLAN headers.
 */
export interface OuterHeaders {
  readonly eth: EthernetHeader;
  readonly ip: IpHeader;
  readonly udp: { readonly srcPort: number; readonly dstPort: number } | undefined;
  readonly vxlan: { readonly vni: number } | undefined;
  /** Weave's sleeve encapsulation (UDP 6783): the peer names around each frame. */
  readonly sleeve?: SleeveHeader;
}

/**
 * The bytes Weave's sleeve router puts before a captured frame inside its UDP packet
 * (weaveworks/weave site/concepts/router-encapsulation.md, router/crypto.go): once per packet
 * the sending peer's name, then per frame the capturing and destination peers' names and the
 * frame's length. Peer names are MACs (the weave bridge's, as weave-kube names its peers).
 */
export interface SleeveHeader {
  readonly sender: string;
  readonly capturing: string;
  readonly destination: string;
}

/** The headers as a capture at this point would show them. `eth` is absent above L2 (in the socket). */
export interface Packet {
  readonly eth: EthernetHeader | undefined;
  readonly ip: IpHeader;
  readonly l4: TransportHeader;
  /** Present while the packet is encapsulated; `eth`, `ip` and `l4` are then the inner headers. */
  readonly outer?: OuterHeaders;
}

/** One field this hop rewrote, e.g. `eth.dst` from unresolved to a MAC. */
export interface FieldChange {
  readonly field: string;
  readonly before: string;
  readonly after: string;
}

/** What decided the hop: a route, an ARP/FDB entry, a container port. */
export interface HopRule {
  readonly kind: 'route' | 'neighbour' | 'fdb' | 'container-port' | 'socket' | 'network-policy' | 'service-rule' | 'conntrack' | 'dns' | 'load-balancer';
  /** As a person would read it on the node: `10.244.0.0/24 dev eth0 proto kernel scope link src 10.244.0.5`. */
  readonly text: string;
  /** The YAML that this rule comes from, when it does. */
  readonly source: SourceSpan | undefined;
}

export interface Capture {
  /** A command to run on the node that shows this hop's packet. */
  readonly command: string;
  /** What the command needs first, e.g. how to find the pod's PID. */
  readonly note: string | undefined;
}

export type HopKind =
  | 'socket-send'
  | 'route-lookup'
  | 'arp'
  | 'veth-transmit'
  | 'veth-receive'
  | 'bridge-forward'
  /** The packet leaves or enters a node through its own network interface (eth0). */
  | 'nic-transmit'
  | 'nic-receive'
  /** The packet crosses the network between the nodes. */
  | 'wire'
  /** An overlay device wraps the packet for the trip between nodes, or unwraps it on arrival. */
  | 'encapsulate'
  | 'decapsulate'
  | 'loopback'
  /** A NetworkPolicy check that lets the packet through (or finds no policy that applies). */
  | 'network-policy'
  /** The packet is discarded; the summary says why. */
  | 'drop'
  | 'deliver'
  | 'refuse'
  /** A packet the kernel itself sends in answer, such as a TCP reset or an ICMP error. */
  | 'kernel-reply'
  /** One of kube-proxy's rules (iptables, IPVS, nftables, or the eBPF replacement) matches; the last one rewrites the destination. */
  | 'service-rule'
  /** POSTROUTING rewrites the source to the node's address (KUBE-POSTROUTING's MASQUERADE). */
  | 'masquerade'
  /** conntrack recognises a reply and undoes the connection's NAT. */
  | 'conntrack'
  /** The resolver reads resolv.conf and asks its questions, in order. */
  | 'dns-query'
  /** The answers arrive: the address the connection will use, or the failure. */
  | 'dns-answer'
  /** A cloud load balancer picks a node for a connection from outside (or passes a reply back). */
  | 'load-balancer';

export interface Hop {
  readonly where: string;
  readonly kind: HopKind;
  readonly summary: string;
  readonly packet: Packet;
  readonly changes: readonly FieldChange[];
  readonly rule: HopRule | undefined;
  readonly capture: Capture;
  /** On NetworkPolicy hops: which side was judged and the verdict with every policy, rule, peer and port that decided. */
  readonly policy?: PolicyCheck;
}

export interface PolicyCheck {
  /** Egress is judged for the sending pod, ingress for the receiving one. */
  readonly direction: 'egress' | 'ingress';
  readonly verdict: SideVerdict;
}

export type Verdict =
  /** The destination container accepted the connection and answered. */
  | 'delivered'
  /** The destination pod was reached but nothing listens on the port: the kernel answered with a reset. */
  | 'refused'
  /**
   * The packet was discarded on the way: by NetworkPolicy (or the lack of one that allows it),
   * for want of a route, or refused by the sender's kernel as larger than the MTU. The last hop
   * (kind `drop`) says which.
   */
  | 'dropped'
  /** The destination's name did not resolve (NXDOMAIN, no answer): no connection was attempted. */
  | 'unresolved';

export interface Trace {
  readonly flow: Flow;
  readonly verdict: Verdict;
  /** One sentence that says how the connection ended and why. */
  readonly explanation: string;
  readonly hops: readonly Hop[];
  readonly reply: readonly Hop[];
  /** For a connection NetworkPolicy dropped: the addition that would allow exactly it. */
  readonly fix?: PolicyFix;
  /** For a connection to a Service: what the node's kube-proxy rules matched and chose. */
  readonly service?: ServiceStep;
  /** For a destination given by name: the lookup that came first, and its first question's way to CoreDNS and back. */
  readonly dns?: DnsStep;
}

export interface DnsStep {
  readonly lookup: DnsLookup;
  /** The path of the question that got the answer (UDP to the nameserver and back); empty when no packet was traced. */
  readonly hops: readonly Hop[];
  readonly reply: readonly Hop[];
  /**
   * How that question went through the nameserver's Service (kube-dns): the rules kube-proxy
   * matched and the CoreDNS endpoint it chose. Absent when the question reached no Service (a
   * nameserver that is a pod IP or outside the cluster, or no question traced).
   */
  readonly service?: ServiceStep;
}

/** How a trace went through a Service, for the inspector to show and for pinning another endpoint. */
export interface ServiceStep {
  readonly namespace: string;
  readonly name: string;
  /** The address and port the client wrote: the ClusterIP (or load balancer IP) and the Service port. */
  readonly address: string;
  readonly port: number;
  /** The node whose rules decided, and the kube-proxy mode that wrote them. */
  readonly node: string;
  readonly backend: KubeProxyMode;
  readonly rules: readonly MatchedRule[];
  /** The endpoints the rules chose among, in their order; `chosen` indexes them (undefined on reject or drop). */
  readonly endpoints: readonly { readonly ip: string; readonly port: number; readonly pod: string | undefined }[];
  readonly chosen: number | undefined;
}

/** Choices the simulator would otherwise make itself. */
export interface TraceOptions {
  /** Which of a Service's endpoints kube-proxy picks (an index into `ServiceStep.endpoints`); seeded from the flow otherwise. */
  readonly endpoint?: number;
  /** Which node a cloud load balancer sends an external connection to (a node name); chosen among the healthy ones from the flow otherwise. */
  readonly node?: string;
}

/** Why a flow could not be traced at all (an unknown pod, a bad port). */
export interface FlowError {
  readonly code: string;
  readonly message: string;
}

export type TraceResult =
  | { readonly ok: true; readonly trace: Trace }
  | { readonly ok: false; readonly error: FlowError };
