import type { ServiceType } from '../cluster/types';

/**
 * The renderer-neutral picture of a cluster: the contract between core and UI.
 * Elements nest through `parent` (node ⊃ pod ⊃ container); hops point at element ids.
 */
export type ElementKind =
  | 'node'
  | 'pod'
  | 'container'
  | 'pod-interface'
  | 'host-interface'
  | 'veth'
  | 'bridge'
  /** An overlay device such as `flannel.1`. */
  | 'tunnel'
  /** The network the nodes' eth0 sit on. */
  | 'underlay'
  /** A node's Service rules: kube-proxy's iptables / IPVS / nftables, or the eBPF replacement. */
  | 'kube-proxy'
  /** An Open vSwitch kernel datapath (Weave's fast datapath, `datapath`). */
  | 'datapath'
  /** A user-space process that carries pod traffic between nodes (Weave's router in sleeve mode, UDP 6783). */
  | 'router'
  /** A client outside the cluster. */
  | 'client'
  /** A cloud load balancer in front of a LoadBalancer Service. */
  | 'load-balancer'
  /** A pod's volume that its containers mount (an emptyDir is shared scratch space). */
  | 'volume'
  /**
   * A Service: an address and ports that kube-proxy's rules on every node implement. No packet
   * is ever *at* a Service; it stands outside the nodes, joined to its endpoints.
   */
  | 'service'
  /** One namespace's Services, together: the frame they are drawn in. */
  | 'services';

export interface TopologyElement {
  readonly id: string;
  readonly kind: ElementKind;
  readonly label: string;
  /** Second line shown under the label: an address, a MAC, a port list. */
  readonly detail: string;
  readonly parent: string | undefined;
  /** For tunnel devices: the encapsulation, so the view can name it. */
  readonly subtype?: 'vxlan' | 'ipip';
  /** For Services: what the view shows beyond the label and the detail. */
  readonly service?: ServiceFacts;
}

/** A Service as the diagram needs it. */
export interface ServiceFacts {
  readonly namespace: string;
  readonly type: ServiceType;
  /** `clusterIP: None`: DNS answers with the endpoints' own addresses; kube-proxy writes no rules. */
  readonly headless: boolean;
  /** Endpoint addresses (over all the Service's ports) that are ready, and that are not. */
  readonly readyEndpoints: number;
  readonly notReadyEndpoints: number;
}

export type LinkKind =
  /** The two ends of a veth pair, crossing from the pod's namespace into the host's. */
  | 'veth-pair'
  /** A veth's membership in a bridge. */
  | 'bridge-port'
  /** A container's socket using its pod's network namespace. */
  | 'netns'
  /** The node's own IP stack joining two of its devices (bridge to eth0 or to the tunnel). */
  | 'host-routing'
  /** A node's eth0 plugged into the node network. */
  | 'wire'
  /** Service rules hooked into the node's IP stack where pod traffic enters it. */
  | 'netfilter'
  /** The way from outside the cluster: client to load balancer, load balancer (or client) to the node network. */
  | 'internet'
  /** A container mounting one of its pod's volumes: containers also talk through files there. */
  | 'mount'
  /**
   * A Service to one of its endpoints (a pod, or a node for an address on the node's own
   * network). Not a way packets go: kube-proxy's rules DNAT to the endpoint on the sending node.
   */
  | 'endpoint';

export interface TopologyLink {
  readonly id: string;
  readonly kind: LinkKind;
  readonly source: string;
  readonly target: string;
  /** A short text the view may write along the link (a mount's path in the container). */
  readonly label?: string;
  /** For endpoint links: the endpoint's address, as the EndpointSlice lists it. */
  readonly address?: string;
  /** For endpoint links: the EndpointSlice's `ready` condition (for some port of the Service). */
  readonly ready?: boolean;
}

export interface Topology {
  readonly elements: readonly TopologyElement[];
  readonly links: readonly TopologyLink[];
}
