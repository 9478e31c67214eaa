import type { SourceSpan, Diagnostic } from '../manifest/types';
import type { NetworkPolicy } from '../policy/types';

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
  /** `volumeMounts` naming a volume of the pod; absent or empty when the container mounts none. */
  readonly volumeMounts?: readonly VolumeMount[];
  readonly span: SourceSpan;
}

/** Where a container sees one of its pod's volumes. */
export interface VolumeMount {
  /** The volume's name in `spec.volumes`. */
  readonly name: string;
  readonly mountPath: string;
  readonly readOnly: boolean;
  readonly span: SourceSpan;
}

/** What backs a volume. Only an emptyDir is scratch space the pod's containers share and nothing else sees. */
export type VolumeSource = 'emptyDir' | 'configMap' | 'secret' | 'persistentVolumeClaim' | 'hostPath' | 'other';

/** One entry of a pod's `spec.volumes`. */
export interface PodVolume {
  readonly name: string;
  /** An entry naming no source at all is an emptyDir: the API server's defaulting fills one in. */
  readonly source: VolumeSource;
  /** emptyDir only: `medium` (`Memory` puts it on a tmpfs) and `sizeLimit`, as written. */
  readonly medium: string | undefined;
  readonly sizeLimit: string | undefined;
  /** What it refers to: the ConfigMap's name, the Secret's `secretName`, the claim's `claimName`, the host path. */
  readonly reference: string | undefined;
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
  readonly proto: 'kernel' | 'static' | 'bird' | undefined;
  readonly src: string | undefined;
  /** The gateway is reachable on the device even though no connected route covers it (Flannel's VTEP routes). */
  readonly onlink?: boolean;
  /** `blackhole` routes discard what no more specific route claims (Calico's route for a node's own block). */
  readonly type?: 'blackhole';
  /** A per-route MTU (`mtu 1450`), which Cilium sets on pod routes in tunnel mode. */
  readonly mtu?: number;
}

/** One line of `ip neigh`. */
export interface Neighbour {
  readonly ip: string;
  readonly mac: string;
  readonly dev: string;
  readonly state: 'PERMANENT' | 'REACHABLE';
}

/** One line of `bridge fdb` for a VXLAN device: which node's address a VTEP MAC lives behind. */
export interface FdbEntry {
  readonly mac: string;
  readonly dev: string;
  readonly dst: string;
}

/** Calico's IP-in-IP device `tunl0`: no L2 header, the outer IP header says protocol 4. */
export interface IpipDevice extends Interface {
  readonly kind: 'ipip';
}

/** A VXLAN tunnel device such as Flannel's `flannel.1` or Calico's `vxlan.calico`. */
export interface VxlanDevice extends Interface {
  readonly kind: 'vxlan';
  readonly vni: number;
  /** The UDP destination port of the outer packets (the Linux default 8472 for Flannel). */
  readonly port: number;
  /** The node address the device sends from. */
  readonly local: string;
  /**
   * `external` (collect-metadata) mode: each packet brings its own VNI and remote address, set by
   * whoever hands it to the device (Cilium's eBPF, Weave's Open vSwitch flows); `vni` is then 0.
   */
  readonly external?: boolean;
}

/** A pod in its own network namespace: `eth0` inside, the host end of its veth pair on the node. */
export interface PodNamespaceNetwork {
  readonly kind: 'pod';
  readonly eth0: Interface;
  readonly hostVeth: Interface;
  readonly routes: readonly Route[];
  /** Cilium only: the security identity of the pod's label set, which policy and the VXLAN VNI carry. */
  readonly identity?: SecurityIdentity;
}

/** A Cilium security identity: a number for one set of identity-relevant labels. */
export interface SecurityIdentity {
  readonly id: number;
  /** As `cilium identity list` shows them, sorted: `k8s:app=web`, `k8s:io.kubernetes.pod.namespace=default`, … */
  readonly labels: readonly string[];
}

/** Weave Net's fast datapath on a node: the weave bridge reaches the kernel Open vSwitch datapath through a veth pair. */
export interface WeaveFastDatapath {
  /** `vethwe-bridge`, the pair's end that is a port of the weave bridge. */
  readonly bridgePort: Interface;
  /** `vethwe-datapath`, the end that is a port (vport) of the datapath. */
  readonly datapathPort: Interface;
  /** `datapath`, the Open vSwitch datapath's own device. */
  readonly datapath: Interface;
  /** The peer name: the weave bridge's MAC, as weave-kube registers it. */
  readonly peerName: string;
  /** The peer's 12-bit short ID; fast datapath packs source and destination short IDs into the VNI. */
  readonly shortId: number;
  /** The part of the IP allocation range this peer owns (`weave status ipam`). */
  readonly range: string;
}

/**
 * Weave Net in sleeve-only mode on a node (fast datapath disabled, `WEAVE_NO_FASTDP`): the
 * weave router captures the bridge's frames with pcap on `vethwe-pcap`, the other end of
 * `vethwe-bridge`, and carries them to other peers in its own UDP encapsulation (port 6783).
 */
export interface WeaveSleeve {
  /** `vethwe-bridge`, the pair's end that is a port of the weave bridge. */
  readonly bridgePort: Interface;
  /** `vethwe-pcap`, the end the router captures from and injects into. */
  readonly pcapPort: Interface;
  /** The peer name: the weave bridge's MAC, as weave-kube registers it; sleeve puts it in every packet. */
  readonly peerName: string;
  /** The part of the IP allocation range this peer owns (`weave status ipam`). */
  readonly range: string;
  /** The router's port: UDP for sleeve, TCP for the control connection (6783). */
  readonly port: number;
}

/** Cilium's `cilium_host`/`cilium_net` veth pair; `cilium_host` holds the node's router IP, the pods' gateway. */
export interface CiliumHostDevices {
  readonly host: Interface;
  readonly net: Interface;
  readonly routing: 'tunnel' | 'native';
}

/** A `hostNetwork: true` pod shares the node's network namespace: its IP is the node's. */
export interface HostNetwork {
  readonly kind: 'host';
}

export type PodNetwork = PodNamespaceNetwork | HostNetwork;

/** `spec.dnsPolicy`: where kubelet takes the pod's resolver configuration from. */
export type DnsPolicy = 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';

/** `spec.dnsConfig`: added by kubelet to what the policy gives (nameservers and searches appended, options merged). */
export interface PodDnsConfig {
  readonly nameservers: readonly string[];
  readonly searches: readonly string[];
  /** `{name: ndots, value: "2"}` is written `ndots:2`; an option without a value is its name alone. */
  readonly options: readonly { readonly name: string; readonly value: string | undefined }[];
}

/** The object a pod came from: itself, or the workload controller that owns it. */
export interface OwnerRef {
  readonly kind: string;
  readonly name: string;
}

export interface Pod {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly nodeName: string;
  readonly ip: string;
  /** True when the pod's IP came from `status.podIP` rather than our IPAM. */
  readonly ipFromStatus: boolean;
  /** Its own network namespace wired by the CNI plugin, or the node's (`hostNetwork: true`). */
  readonly network: PodNetwork;
  readonly containers: readonly Container[];
  /** `spec.volumes`; absent or empty when the pod has none. */
  readonly volumes?: readonly PodVolume[];
  /** The controller that owns the pod (`ReplicaSet web-7c5d…`), as the API would show it. */
  readonly owner: OwnerRef | undefined;
  /** The top workload the pod belongs to (a Deployment rather than its ReplicaSet), or the pod itself. */
  readonly workload: OwnerRef;
  /** True for pods the simulator made from a workload's template (not pasted as Pods). */
  readonly generated: boolean;
  /** True for pods of objects every cluster has that the simulator adds (CoreDNS); their spans are not in the user's text. */
  readonly implicit: boolean;
  /** The Ready condition: from `status.conditions` in a dump; assumed true for everything else. */
  readonly ready: boolean;
  /** `spec.hostname` / `spec.subdomain`, which give a pod its own DNS name behind a headless Service. */
  readonly hostname: string | undefined;
  readonly subdomain: string | undefined;
  /**
   * `spec.dnsPolicy` and `spec.dnsConfig`, from which kubelet writes the pod's /etc/resolv.conf
   * (see `dns/resolv-conf.ts`). Absent means ClusterFirst, the API default, without dnsConfig.
   */
  readonly dnsPolicy?: DnsPolicy;
  readonly dnsConfig?: PodDnsConfig;
  /** Where the pod (or the template it came from) is written. */
  readonly span: SourceSpan;
}

export interface ClusterNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The node's underlay address (its InternalIP). */
  readonly internalIP: string;
  readonly podCIDR: string;
  /** Whether new pods may land here (not cordoned, no untolerated NoSchedule taint decides per pod). */
  readonly unschedulable: boolean;
  readonly taints: readonly Taint[];
  /** Where each fact came from: the Node object, the pods that name it, or the settings. */
  readonly origin: 'node-object' | 'pod-reference' | 'settings';
  readonly eth0: Interface;
  /** The Linux bridge the CNI `bridge` plugin creates, holding the pod gateway address; Calico has none. */
  readonly bridge: Interface | undefined;
  /** The overlay device (`flannel.1`, `tunl0`, `vxlan.calico`), when the CNI plugin uses one. */
  readonly tunnel: VxlanDevice | IpipDevice | undefined;
  readonly routes: readonly Route[];
  readonly neighbours: readonly Neighbour[];
  readonly fdb: readonly FdbEntry[];
  /** Weave Net (fast datapath) only. */
  readonly weave?: WeaveFastDatapath;
  /** Weave Net in sleeve-only mode only. */
  readonly weaveSleeve?: WeaveSleeve;
  /** Cilium only. */
  readonly cilium?: CiliumHostDevices;
  readonly span: SourceSpan | undefined;
}

export interface Taint {
  readonly key: string;
  readonly value: string | undefined;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface Namespace {
  readonly name: string;
  /** Always includes `kubernetes.io/metadata.name`, which the API server sets. */
  readonly labels: Readonly<Record<string, string>>;
  /** True when the namespace was not pasted but exists because objects use it or the API server creates it. */
  readonly implicit: boolean;
  readonly span: SourceSpan | undefined;
}

/** The CNI plugins whose dataplane is simulated. */
export type CniPlugin =
  | 'bridge'
  | 'flannel-vxlan'
  | 'flannel-host-gw'
  | 'calico-ipip'
  | 'calico-vxlan'
  | 'calico-bgp'
  | 'weave'
  | 'weave-sleeve'
  | 'cilium-vxlan'
  | 'cilium-native';

export type KubeProxyMode = 'iptables' | 'ipvs' | 'nftables' | 'none';

/** kube-proxy's own flags that shape its rules (KubeProxyConfiguration). Defaults: `DEFAULT_KUBE_PROXY_SETTINGS`. */
export interface KubeProxySettings {
  /** `--iptables-masquerade-bit` (0–31): the packet-mark bit KUBE-MARK-MASQ sets; 14 gives mark 0x4000. */
  readonly masqueradeBit: number;
  /** `--masquerade-all`: SNAT every packet sent to a ClusterIP, not only those from outside the pods. */
  readonly masqueradeAll: boolean;
  /**
   * `--detect-local-mode`: how kube-proxy tells pod traffic from other traffic. `ClusterCIDR`
   * (kubeadm's default) matches the settings' cluster CIDR, `NodeCIDR` this node's pod CIDR,
   * `None` nothing (no masquerade of off-cluster ClusterIP traffic, no pod short-circuit for eTP Local).
   */
  readonly detectLocalMode: 'ClusterCIDR' | 'NodeCIDR' | 'None';
  /** `--nodeport-addresses`: CIDRs whose node addresses accept NodePorts. Empty: every local address. */
  readonly nodePortAddresses: readonly string[];
  /** `--iptables-localhost-nodeports`: NodePorts also answer on 127.0.0.1 (IPv4). */
  readonly localhostNodePorts: boolean;
  /** `--ipvs-scheduler` (IPVS mode): the kernel scheduler of every virtual server; kube-proxy uses `rr` when empty. */
  readonly ipvsScheduler: IpvsScheduler;
}

/** The IPVS schedulers kube-proxy accepts for `--ipvs-scheduler`. */
export type IpvsScheduler = 'rr' | 'wrr' | 'lc' | 'wlc' | 'lblc' | 'lblcr' | 'sh' | 'dh' | 'sed' | 'nq' | 'mh';

/** What the manifests do not say about the cluster. */
export interface ClusterSettings {
  /** Node names used when the manifests neither define Nodes nor name any in `spec.nodeName`. */
  readonly nodeNames: readonly string[];
  /** The underlay subnet the nodes' eth0 sit on; node i gets host address 11 + i. */
  readonly nodeSubnet: string;
  /** The cluster CIDR that per-node pod CIDRs are carved from (`--cluster-cidr`). */
  readonly clusterCIDR: string;
  /** The size of each node's pod CIDR (`--node-cidr-mask-size`). */
  readonly nodeCIDRMaskSize: number;
  readonly serviceCIDR: string;
  readonly clusterDomain: string;
  readonly cni: CniPlugin;
  readonly kubeProxyMode: KubeProxyMode;
  /** Addresses a cloud would hand LoadBalancer Services, when a dump does not say. */
  readonly loadBalancerCIDR: string;
  /**
   * Whether NetworkPolicies are enforced. Flannel alone enforces none; clusters pair it with a
   * policy engine (Calico's Felix in Canal, kube-router) or run a CNI that has one.
   */
  readonly enforceNetworkPolicy: boolean;
  /**
   * Whether an ipBlock also matches pod IPs. CNIs differ: Calico matches any address in the
   * CIDR; Cilium and netpol-analyzer treat ipBlocks as addresses outside the cluster only.
   */
  readonly ipBlockMatchesPods: boolean;
  /** kube-proxy flags; each missing field takes its kubeadm default (see `kubeProxySettings`). */
  readonly kubeProxy?: Partial<KubeProxySettings>;
}

/** A pod of the manifests that runs nowhere, so it has no IP and is not among `Cluster.pods`. */
export interface UnplacedPod {
  readonly namespace: string;
  readonly name: string;
  /** `missing-node`: its spec.nodeName names a node that is not in the cluster. */
  readonly reason: 'missing-node';
  readonly node: string;
}

export interface Cluster {
  readonly settings: ClusterSettings;
  readonly nodes: readonly ClusterNode[];
  readonly namespaces: readonly Namespace[];
  readonly pods: readonly Pod[];
  /** Pods written in the manifests that no node runs, and why; absent when there are none. */
  readonly unplaced?: readonly UnplacedPod[];
  readonly services: readonly Service[];
  readonly networkPolicies: readonly NetworkPolicy[];
  readonly diagnostics: readonly Diagnostic[];
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

/** One address behind a Service port, as an EndpointSlice lists it. */
export interface Endpoint {
  readonly ip: string;
  readonly port: number;
  /** The pod behind the address, when there is one (selector-less Services may point anywhere). */
  readonly pod: { readonly namespace: string; readonly name: string } | undefined;
  readonly nodeName: string | undefined;
  readonly ready: boolean;
  /**
   * EndpointSlice `conditions.serving`: the pod passes its readiness probe, terminating or not.
   * Absent means the same as `ready` (kube-proxy reads a missing condition as true).
   */
  readonly serving?: boolean;
  /** EndpointSlice `conditions.terminating`: the pod is being deleted. Absent means false. */
  readonly terminating?: boolean;
  readonly hostname: string | undefined;
}

export interface ServicePort {
  readonly name: string | undefined;
  readonly port: number;
  readonly protocol: Protocol;
  /** A number, or a container port name resolved on each endpoint pod. */
  readonly targetPort: number | string;
  readonly nodePort: number | undefined;
  readonly endpoints: readonly Endpoint[];
  readonly span: SourceSpan;
}

export interface Service {
  readonly namespace: string;
  readonly name: string;
  readonly type: ServiceType;
  /** Undefined for ExternalName and headless Services. */
  readonly clusterIP: string | undefined;
  readonly headless: boolean;
  readonly selector: Readonly<Record<string, string>> | undefined;
  readonly ports: readonly ServicePort[];
  readonly externalName: string | undefined;
  readonly loadBalancerIPs: readonly string[];
  /** `spec.externalIPs`: addresses routed to the nodes that kube-proxy also serves this Service on. Absent means none. */
  readonly externalIPs?: readonly string[];
  /** `spec.loadBalancerSourceRanges` (trimmed CIDRs), LoadBalancer only: the clients the LB IPs accept. Absent means any. */
  readonly loadBalancerSourceRanges?: readonly string[];
  /**
   * The names in the `external-dns.alpha.kubernetes.io/hostname` annotation (comma-separated, lower-cased,
   * without a trailing dot): external-dns publishes them in the public DNS. Absent means none.
   */
  readonly externalDnsHostnames?: readonly string[];
  /** Only for externally reachable Services (NodePort, LoadBalancer); undefined otherwise, as the API leaves it. */
  readonly externalTrafficPolicy: 'Cluster' | 'Local' | undefined;
  readonly internalTrafficPolicy: 'Cluster' | 'Local' | undefined;
  readonly sessionAffinity: 'None' | 'ClientIP';
  readonly sessionAffinityTimeoutSeconds: number | undefined;
  readonly publishNotReadyAddresses: boolean;
  /** For a LoadBalancer with externalTrafficPolicy Local: where kube-proxy serves /healthz for the load balancer. */
  readonly healthCheckNodePort: number | undefined;
  /** True for objects the simulator adds because every cluster has them (kube-dns). */
  readonly implicit: boolean;
  readonly span: SourceSpan | undefined;
}
