import type { SourceSpan, Diagnostic } from '../manifest/types';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface ContainerPort {
  readonly name: string | undefined;
  readonly containerPort: number;
  readonly protocol: Protocol;
  readonly span: SourceSpan;
}

export interface Container {
  readonly name: string;
  readonly image: string;
  readonly ports: readonly ContainerPort[];
  readonly span: SourceSpan;
}

/** A network interface as `ip link` / `ip addr` would show it. */
export interface Interface {
  readonly name: string;
  readonly mac: string;
  /** Address with prefix length, e.g. `10.244.0.5/24`; undefined for an L2-only port. */
  readonly cidr: string | undefined;
  readonly mtu: number;
}

/** One line of `ip route`. */
export interface Route {
  /** `default` or a prefix such as `10.244.0.0/24`. */
  readonly destination: string;
  readonly via: string | undefined;
  readonly dev: string;
  readonly scope: 'link' | 'global' | 'host';
  /** `kernel` for connected routes; undefined where `ip route` prints no proto (routes added with the default, boot). */
  readonly proto: 'kernel' | 'static' | undefined;
  readonly src: string | undefined;
}

export interface Pod {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly nodeName: string;
  readonly ip: string;
  /** True when the pod's IP came from `status.podIP` rather than our IPAM. */
  readonly ipFromStatus: boolean;
  /** The pod's `eth0`, inside its network namespace. */
  readonly eth0: Interface;
  /** The host end of the pod's veth pair, a port of the node's bridge. */
  readonly hostVeth: Interface;
  readonly routes: readonly Route[];
  readonly containers: readonly Container[];
  readonly span: SourceSpan;
}

export interface ClusterNode {
  readonly name: string;
  /** The node's underlay address (its InternalIP). */
  readonly internalIP: string;
  readonly podCIDR: string;
  readonly eth0: Interface;
  /** The Linux bridge the CNI `bridge` plugin creates; it holds the pod gateway address. */
  readonly bridge: Interface;
  readonly routes: readonly Route[];
}

export interface ClusterSettings {
  readonly nodeName: string;
  readonly nodeIP: string;
  readonly podCIDR: string;
  readonly bridgeName: string;
  readonly mtu: number;
}

export interface Cluster {
  readonly settings: ClusterSettings;
  readonly nodes: readonly ClusterNode[];
  readonly pods: readonly Pod[];
  readonly diagnostics: readonly Diagnostic[];
}
