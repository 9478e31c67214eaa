import type { Cluster, Endpoint, KubeProxyMode, Protocol, Service, ServicePort } from '../cluster/types';

/**
 * The contract between the trace and each kube-proxy backend (iptables, IPVS, nftables, the eBPF
 * replacement). A backend owns two things for a node: the rules as the real tool prints them,
 * and the walk of one packet through those rules. The trace turns the walk into hops; it never
 * decides anything about Services itself.
 */

/** Where the packet meets the node's service rules, which decides the netfilter hook. */
export type PacketOrigin =
  /** Forwarded from a pod's interface: nat PREROUTING. */
  | 'pod'
  /** Sent by a process in the node's own network namespace (a hostNetwork pod, kubelet): nat OUTPUT. */
  | 'node'
  /** Arrived on the node's external interface (a NodePort, a LoadBalancer IP, an externalIP): nat PREROUTING. */
  | 'external';

/** The first packet of a connection, as it reaches the node's rules. */
export interface ServicePacket {
  readonly src: string;
  readonly dst: string;
  readonly protocol: Protocol;
  readonly dstPort: number;
  readonly origin: PacketOrigin;
}

/** How the backend picks among the endpoints where the real one picks at random. */
export interface EndpointChoice {
  /** Take this endpoint (an index into `candidates` of the outcome), to explore every branch. */
  readonly pin?: number;
  /** Otherwise a deterministic draw from this seed (the trace passes a hash of the flow). */
  readonly seed: number;
}

/** One rule the packet matched, exactly as the backend's dump prints it. */
export interface MatchedRule {
  /** `nat`, `filter` (iptables), `ip kube-proxy` (nftables), `ipvs`, `ebpf`. */
  readonly table: string;
  readonly chain: string;
  /** The rule's text as in the dump, e.g. `-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" ...`. */
  readonly text: string;
  /** What this rule meant for this packet: "endpoint 2 of 3, probability 0.50000000000 at this rule". */
  readonly note?: string;
  /** True on the rule that rewrites the destination to the chosen endpoint (DNAT, IPVS's real server, eBPF's translation). */
  readonly dnat?: boolean;
}

export type ServiceOutcome =
  /** The destination is not a Service address on this node: the rules let the packet pass unchanged. */
  | { readonly kind: 'not-a-service' }
  | {
      readonly kind: 'dnat';
      readonly service: Service;
      readonly port: ServicePort;
      /** The endpoints the rules chose among, in the order the rules list them. */
      readonly candidates: readonly Endpoint[];
      /** Index into `candidates` of the one chosen. */
      readonly index: number;
      readonly endpoint: Endpoint;
      /** Marked for masquerade: the node rewrites the source to its own address on the way out. */
      readonly masquerade: boolean;
      /** The POSTROUTING rules that then apply (KUBE-POSTROUTING's MASQUERADE, or its RETURN). */
      readonly postrouting: readonly MatchedRule[];
    }
  /** kube-proxy rejects: a Service port without endpoints (ICMP port unreachable to the client). */
  | { readonly kind: 'reject'; readonly service: Service; readonly port: ServicePort; readonly reason: string }
  /** kube-proxy drops: no local endpoint under `Local` traffic policy, a source outside loadBalancerSourceRanges. */
  | { readonly kind: 'drop'; readonly service: Service; readonly port: ServicePort; readonly reason: string }
  /**
   * A Service address without a Service port to match: a port no Service defines on a ClusterIP
   * (IPVS and nftables reject it), an unallocated address inside the service CIDR (nftables
   * drops it). iptables mode has no such rule and lets the packet pass.
   */
  | { readonly kind: 'unserved'; readonly verdict: 'reject' | 'drop'; readonly reason: string };

export interface ServiceLookup {
  readonly backend: KubeProxyMode;
  /** Every rule the packet matched on its way, in order. */
  readonly rules: readonly MatchedRule[];
  readonly outcome: ServiceOutcome;
}

export interface KubeProxyBackend {
  readonly mode: KubeProxyMode;
  /** The node's rules as the real tool prints them: `iptables-save`, `ipvsadm -Ln` with `ipset list`, `nft list table ip kube-proxy`. */
  dump(cluster: Cluster, nodeName: string): string;
  /** The walk of a connection's first packet through the node's rules. */
  lookup(cluster: Cluster, nodeName: string, packet: ServicePacket, choice: EndpointChoice): ServiceLookup;
}
