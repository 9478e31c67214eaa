/**
 * The gallery of built-in examples: the classic problems of Kubernetes networking, each a
 * scenario (manifests, settings, flows) that the page loads as a shared link would be.
 *
 * The manifests are the commented YAML files in `examples/` (a person can read them there and
 * run them through the CLI); this file pairs each with the settings and flows that show what
 * it teaches. An example may come in variants: the same manifests under another CNI plugin or
 * kube-proxy mode, or another of its flows on screen.
 */
import type { ClusterSettings, CniPlugin, Flow, KubeProxyMode, Scenario } from '../../core';
import { DEFAULT_EXTERNAL_IP, DEFAULT_SETTINGS, withCni } from '../../core';
import podLocalhostYaml from '../../../examples/pod-localhost.yaml?raw';
import sameNodeYaml from '../../../examples/same-node-pods.yaml?raw';
import crossNodeYaml from '../../../examples/cross-node-pods.yaml?raw';
import serviceYaml from '../../../examples/service-kube-proxy.yaml?raw';
import dnsYaml from '../../../examples/dns-search-path.yaml?raw';
import netpolYaml from '../../../examples/netpol-mysql.yaml?raw';
import loadBalancerYaml from '../../../examples/loadbalancer-external.yaml?raw';

/** One way to open an example: a whole scenario, and the few words that tell it from its siblings. */
export interface GalleryVariant {
  /** Stable and unique across the gallery (the tests load variants by it). */
  readonly id: string;
  readonly label: string;
  readonly scenario: Scenario;
}

export interface GalleryExample {
  readonly id: string;
  readonly title: string;
  /** One line: what the example shows. */
  readonly line: string;
  /** The file the manifests come from, from the project's root. */
  readonly file: string;
  /** At least one; the first is what a click on the example opens. */
  readonly variants: readonly [GalleryVariant, ...GalleryVariant[]];
}

const settings = (changes: Partial<ClusterSettings> = {}, cni: CniPlugin = DEFAULT_SETTINGS.cni): ClusterSettings => ({
  ...withCni(DEFAULT_SETTINGS, cni),
  ...changes,
});

/** A scenario that opens on its first hop, in the diagram. */
const scenario = (manifests: string, settingsOf: ClusterSettings, flows: readonly Flow[], flowIndex = 0): Scenario => ({
  manifests,
  settings: settingsOf,
  flows,
  flowIndex,
  step: 0,
  view: { pane: 'diagram' },
});

function atLeastOne<T>(items: readonly T[]): readonly [T, ...T[]] {
  const [first, ...rest] = items;
  if (first === undefined) throw new Error('a gallery example needs at least one variant');
  return [first, ...rest];
}

const pod = (namespace: string, name: string, container: string): Flow['from'] => ({ kind: 'pod', namespace, pod: name, container });

// (a) Containers of one pod: the helper reaches nginx on the pod's own loopback.
const LOCALHOST_FLOW: Flow = {
  from: pod('default', 'web', 'helper'),
  to: { kind: 'pod', namespace: 'default', pod: 'web', port: 80, protocol: 'TCP', localhost: true },
};

// (b) Pod to pod on one node: the page's default example and flow.
const SAME_NODE_FLOW: Flow = {
  from: pod('default', 'frontend', 'web'),
  to: { kind: 'pod', namespace: 'default', pod: 'backend', port: 8080, protocol: 'TCP' },
};

// (c) Pod to pod across nodes, under each CNI plugin.
const CROSS_NODE_FLOW: Flow = {
  from: pod('default', 'client', 'curl'),
  to: { kind: 'pod', namespace: 'default', pod: 'echo', port: 5678, protocol: 'TCP' },
};
const TWO_NODES = { nodeNames: ['node-1', 'node-2'] };
/** Each plugin with its name in the gallery. */
const CROSS_NODE_CNIS: readonly (readonly [CniPlugin, string])[] = [
  ['flannel-vxlan', 'Flannel VXLAN'],
  ['flannel-host-gw', 'Flannel host-gw'],
  ['calico-ipip', 'Calico IP-in-IP'],
  ['calico-vxlan', 'Calico VXLAN'],
  ['calico-bgp', 'Calico BGP'],
  ['cilium-vxlan', 'Cilium VXLAN'],
  ['cilium-native', 'Cilium native routing'],
  ['weave', 'Weave Net'],
  ['weave-sleeve', 'Weave Net sleeve'],
];

// (d) Pod to Service: the Service port 80, DNATed to a pod's named port `http` (8080).
const SERVICE_FLOW: Flow = {
  from: pod('default', 'frontend', 'web'),
  to: { kind: 'service', namespace: 'default', service: 'api', port: 80, protocol: 'TCP' },
};
interface ProxyVariant {
  readonly id: string;
  readonly label: string;
  readonly mode: KubeProxyMode;
  readonly cni: CniPlugin;
}
const SERVICE_PROXIES: readonly ProxyVariant[] = [
  { id: 'service-iptables', label: 'kube-proxy iptables', mode: 'iptables', cni: 'flannel-vxlan' },
  { id: 'service-ipvs', label: 'kube-proxy IPVS', mode: 'ipvs', cni: 'flannel-vxlan' },
  { id: 'service-nftables', label: 'kube-proxy nftables', mode: 'nftables', cni: 'flannel-vxlan' },
  // Cilium replaces kube-proxy: no kube-proxy runs (mode none), its eBPF programs translate in connect().
  { id: 'service-cilium', label: 'Cilium eBPF, no kube-proxy', mode: 'none', cni: 'cilium-vxlan' },
];

// (e) DNS: a Service of another namespace by `name.namespace`, and by its short name (which fails there).
const DNS_FLOWS: readonly Flow[] = [
  { from: pod('web', 'storefront', 'web'), to: { kind: 'name', name: 'api.shop', port: 80, protocol: 'TCP' } },
  { from: pod('web', 'storefront', 'web'), to: { kind: 'name', name: 'api', port: 80, protocol: 'TCP' } },
];

// (f) From outside: a client on the internet calls the name external-dns publishes for the load balancer.
const EXTERNAL_FLOW: Flow = {
  from: { kind: 'external', ip: DEFAULT_EXTERNAL_IP },
  to: { kind: 'name', name: 'app.myapp.com', port: 80, protocol: 'TCP' },
};

// (g) NetworkPolicy: the frontend is admitted to MySQL on 3306, another pod is not.
const MYSQL_FLOWS: readonly Flow[] = [
  { from: pod('default', 'frontend', 'web'), to: { kind: 'pod', namespace: 'default', pod: 'mysql', port: 3306, protocol: 'TCP' } },
  { from: pod('default', 'reports', 'cron'), to: { kind: 'pod', namespace: 'default', pod: 'mysql', port: 3306, protocol: 'TCP' } },
];

export const GALLERY: readonly GalleryExample[] = [
  {
    id: 'pod-localhost',
    title: 'Containers of one pod, over localhost',
    line: 'A helper container reaches nginx on 127.0.0.1: one network namespace, the packet never leaves the pod.',
    file: 'examples/pod-localhost.yaml',
    variants: [{ id: 'pod-localhost', label: 'helper → localhost:80', scenario: scenario(podLocalhostYaml, settings(), [LOCALHOST_FLOW]) }],
  },
  {
    id: 'same-node',
    title: 'Pod to pod on one node',
    line: 'frontend calls backend through two veth pairs and the cni0 bridge: switching, not routing.',
    file: 'examples/same-node-pods.yaml',
    variants: [{ id: 'same-node', label: 'frontend → backend:8080', scenario: scenario(sameNodeYaml, settings(), [SAME_NODE_FLOW]) }],
  },
  {
    id: 'cross-node',
    title: 'Pod to pod across nodes',
    line: 'The same two pods on two nodes under each CNI plugin: VXLAN, IP-in-IP, plain routes, eBPF.',
    file: 'examples/cross-node-pods.yaml',
    variants: atLeastOne(CROSS_NODE_CNIS.map(([cni, label]) => ({
      id: `cross-node-${cni}`,
      label,
      scenario: scenario(crossNodeYaml, settings(TWO_NODES, cni), [CROSS_NODE_FLOW]),
    }))),
  },
  {
    id: 'service',
    title: 'Pod to Service through kube-proxy',
    line: 'A ClusterIP in front of three replicas: the DNAT to one pod’s named port, undone by conntrack on the reply.',
    file: 'examples/service-kube-proxy.yaml',
    variants: atLeastOne(SERVICE_PROXIES.map((p) => ({
      id: p.id,
      label: p.label,
      scenario: scenario(serviceYaml, settings({ kubeProxyMode: p.mode }, p.cni), [SERVICE_FLOW]),
    }))),
  },
  {
    id: 'dns',
    title: 'DNS by name',
    line: 'api.shop from namespace web: the resolv.conf search path, an NXDOMAIN, then CoreDNS’s answer.',
    file: 'examples/dns-search-path.yaml',
    variants: [
      { id: 'dns-search-path', label: 'api.shop (found)', scenario: scenario(dnsYaml, settings(), DNS_FLOWS, 0) },
      { id: 'dns-short-name', label: 'api (not found from web)', scenario: scenario(dnsYaml, settings(), DNS_FLOWS, 1) },
    ],
  },
  {
    id: 'loadbalancer',
    title: 'From outside to a LoadBalancer Service',
    line: 'A client on the internet calls app.myapp.com: the cloud load balancer, a node’s KUBE-EXT chain, DNAT to a pod and SNAT.',
    file: 'examples/loadbalancer-external.yaml',
    variants: [{ id: 'loadbalancer', label: 'client → app.myapp.com:80', scenario: scenario(loadBalancerYaml, settings(TWO_NODES), [EXTERNAL_FLOW]) }],
  },
  {
    id: 'netpol',
    title: 'NetworkPolicy: only the frontend reaches MySQL',
    line: 'One policy admits role=frontend-web-server on TCP 3306; any other pod is dropped at mysql’s veth.',
    file: 'examples/netpol-mysql.yaml',
    variants: [
      { id: 'netpol-allowed', label: 'frontend → mysql (allowed)', scenario: scenario(netpolYaml, settings(), MYSQL_FLOWS, 0) },
      { id: 'netpol-dropped', label: 'reports → mysql (dropped)', scenario: scenario(netpolYaml, settings(), MYSQL_FLOWS, 1) },
    ],
  },
];

/** Every variant of every example, in gallery order. */
export const GALLERY_VARIANTS: readonly GalleryVariant[] = GALLERY.flatMap((e) => e.variants);

export const galleryVariant = (id: string): GalleryVariant | undefined => GALLERY_VARIANTS.find((v) => v.id === id);

/** Whether the text is one of the gallery's manifests as shipped (nothing of the person's own to lose). */
export const isGalleryText = (text: string): boolean => GALLERY.some((e) => e.variants[0].scenario.manifests === text);
