import type { Cluster, ClusterNode, Pod, PodVolume } from '../cluster/types';
import { isWeaveNode, WEAVE_ROUTER } from '../dataplane/weave-sleeve';
import { elementId } from './ids';
import { serviceElements } from './services';
import type { Topology, TopologyElement, TopologyLink } from './types';

/**
 * The cluster as a graph of things a packet can be at, nested node ⊃ pod ⊃ container: each
 * node's eth0, bridge (for bridge-based plugins) and tunnel device, each pod's eth0 and the host
 * end of its veth, and — when there is more than one node — the network between them. Apart
 * from the nodes: the Services, by namespace, joined to their endpoints.
 */
export function buildTopology(cluster: Cluster): Topology {
  const elements: TopologyElement[] = [];
  const links: TopologyLink[] = [];
  const several = cluster.nodes.length > 1;

  for (const node of cluster.nodes) {
    const nodeId = elementId.node(node.name);
    const eth0Id = elementId.nodeInterface(node.name, node.eth0.name);
    elements.push(
      { id: nodeId, kind: 'node', label: node.name, detail: `${node.internalIP} · pods ${node.podCIDR}`, parent: undefined },
      { id: eth0Id, kind: 'host-interface', label: node.eth0.name, detail: node.eth0.cidr ?? '', parent: nodeId },
    );
    const bridgeId = node.bridge === undefined ? undefined : elementId.bridge(node.name, node.bridge.name);
    if (node.bridge !== undefined && bridgeId !== undefined) {
      elements.push({ id: bridgeId, kind: 'bridge', label: node.bridge.name, detail: `${node.bridge.cidr ?? ''} · ${node.bridge.mac}`, parent: nodeId });
    }
    // Where the node's IP stack sends traffic for other nodes: the tunnel device, or eth0 directly.
    const outward = node.tunnel === undefined ? eth0Id : elementId.tunnel(node.name, node.tunnel.name);
    if (node.tunnel !== undefined) {
      elements.push({ id: outward, kind: 'tunnel', label: node.tunnel.name, detail: tunnelDetail(node), parent: nodeId, subtype: node.tunnel.kind });
      links.push({ id: `link:${outward}~${eth0Id}`, kind: 'host-routing', source: outward, target: eth0Id });
    }
    // Weave's bridge reaches its tunnel by switching, through the datapath (below), not by routing.
    if (bridgeId !== undefined && !isWeaveNode(node) && (node.tunnel !== undefined || several)) {
      links.push({ id: `link:${bridgeId}~${outward}`, kind: 'host-routing', source: bridgeId, target: outward });
    }
    if (several) links.push({ id: `link:${eth0Id}~underlay`, kind: 'wire', source: eth0Id, target: elementId.underlay() });
    pluginDevices(node, bridgeId, outward, elements, links);
    // The node's Service rules: netfilter hooks (or eBPF programs) on the path every pod packet takes through the host.
    const proxyId = elementId.kubeProxy(node.name);
    const mode = cluster.settings.kubeProxyMode;
    elements.push({ id: proxyId, kind: 'kube-proxy', label: mode === 'none' ? 'eBPF service LB' : 'kube-proxy', detail: PROXY_DETAIL[mode], parent: nodeId });
    links.push({ id: `link:${proxyId}~${bridgeId ?? eth0Id}`, kind: 'netfilter', source: proxyId, target: bridgeId ?? eth0Id });

    for (const pod of cluster.pods.filter((p) => p.nodeName === node.name)) {
      const podId = elementId.pod(pod.namespace, pod.name);
      const network = pod.network;
      elements.push({ id: podId, kind: 'pod', label: `${pod.namespace}/${pod.name}`, detail: network.kind === 'host' ? `${pod.ip} (hostNetwork)` : pod.ip, parent: nodeId });
      // A hostNetwork pod's sockets sit directly in the node's namespace, on the node's eth0.
      let socketsOn = eth0Id;
      if (network.kind === 'pod') {
        const podEth0Id = elementId.podInterface(pod.namespace, pod.name, network.eth0.name);
        const vethId = elementId.hostVeth(node.name, network.hostVeth.name);
        elements.push(
          { id: podEth0Id, kind: 'pod-interface', label: network.eth0.name, detail: `${network.eth0.cidr ?? ''} · ${network.eth0.mac}`, parent: podId },
          { id: vethId, kind: 'veth', label: network.hostVeth.name, detail: network.hostVeth.mac, parent: nodeId },
        );
        links.push({ id: `link:${podEth0Id}~${vethId}`, kind: 'veth-pair', source: podEth0Id, target: vethId });
        // Bridge plugins plug the veth into the bridge; Calico routes to it from the node's IP stack.
        if (bridgeId !== undefined) links.push({ id: `link:${vethId}~${bridgeId}`, kind: 'bridge-port', source: vethId, target: bridgeId });
        else links.push({ id: `link:${vethId}~${outward}`, kind: 'host-routing', source: vethId, target: outward });
        socketsOn = podEth0Id;
      }
      for (const container of pod.containers) {
        const containerId = elementId.container(pod.namespace, pod.name, container.name);
        const ports = container.ports.map((p) => `${p.containerPort}/${p.protocol}`).join(', ');
        elements.push({ id: containerId, kind: 'container', label: container.name, detail: ports || 'no ports', parent: podId });
        links.push({ id: `link:${containerId}~${socketsOn}`, kind: 'netns', source: containerId, target: socketsOn });
      }
      podVolumes(pod, podId, elements, links);
    }
  }
  if (several) {
    elements.push({ id: elementId.underlay(), kind: 'underlay', label: 'node network', detail: cluster.nodes.map((n) => n.internalIP).join(' · '), parent: undefined });
  }
  serviceElements(cluster, new Set(elements.map((e) => e.id)), elements, links);
  outside(cluster, elements, links);
  return { elements, links };
}

/**
 * What lies outside the cluster, when something there can reach in: a client on the internet
 * as soon as a Service is exposed (NodePort or LoadBalancer), and one load balancer per
 * LoadBalancer Service that has an address. They reach the nodes through the node network
 * (or, with one node, its eth0).
 */
function outside(cluster: Cluster, elements: TopologyElement[], links: TopologyLink[]): void {
  const exposed = cluster.services.filter((s) => s.type === 'NodePort' || s.type === 'LoadBalancer');
  if (exposed.length === 0 || cluster.nodes.length === 0) return;
  const first = cluster.nodes[0]!;
  const nodesAt = cluster.nodes.length > 1 ? elementId.underlay() : elementId.nodeInterface(first.name, first.eth0.name);
  const link = (source: string, target: string) => links.push({ id: `link:${source}~${target}`, kind: 'internet', source, target });
  const client = elementId.client();
  elements.push({ id: client, kind: 'client', label: 'external client', detail: 'on the internet', parent: undefined });
  const balanced = exposed.filter((s) => s.type === 'LoadBalancer' && s.loadBalancerIPs.length > 0);
  for (const service of balanced) {
    const id = elementId.loadBalancer(service.namespace, service.name);
    elements.push({ id, kind: 'load-balancer', label: `${service.namespace}/${service.name}`, detail: service.loadBalancerIPs.join(' · '), parent: undefined });
    link(client, id);
    link(id, nodesAt);
  }
  // A NodePort is reached straight on a node's address.
  if (exposed.some((s) => s.ports.some((p) => p.nodePort !== undefined))) link(client, nodesAt);
}

const PROXY_DETAIL: Record<Cluster['settings']['kubeProxyMode'], string> = {
  iptables: 'iptables mode · nat KUBE-SERVICES',
  ipvs: 'IPVS mode · kube-ipvs0',
  nftables: 'nftables mode · table ip kube-proxy',
  none: 'no kube-proxy · Services in eBPF',
};

/**
 * Devices only some plugins have. Weave: vethwe-bridge (a port of the weave bridge) paired
 * with vethwe-datapath (a port of the Open vSwitch datapath), whose VXLAN vport is the tunnel;
 * in sleeve mode paired with vethwe-pcap, which the weave router (user space) captures from.
 * Cilium: the cilium_host/cilium_net pair holding the router IP.
 */
function pluginDevices(node: ClusterNode, bridgeId: string | undefined, tunnelId: string, elements: TopologyElement[], links: TopologyLink[]): void {
  const nodeId = elementId.node(node.name);
  const link = (kind: TopologyLink['kind'], source: string, target: string) => links.push({ id: `link:${source}~${target}`, kind, source, target });
  if (node.weave !== undefined && bridgeId !== undefined) {
    const { bridgePort, datapathPort, datapath } = node.weave;
    const portId = elementId.hostVeth(node.name, bridgePort.name);
    const peerId = elementId.hostVeth(node.name, datapathPort.name);
    const datapathId = elementId.datapath(node.name, datapath.name);
    elements.push(
      { id: portId, kind: 'veth', label: bridgePort.name, detail: `${bridgePort.mac} · MTU ${bridgePort.mtu}`, parent: nodeId },
      { id: peerId, kind: 'veth', label: datapathPort.name, detail: `${datapathPort.mac} · MTU ${datapathPort.mtu}`, parent: nodeId },
      { id: datapathId, kind: 'datapath', label: datapath.name, detail: `Open vSwitch · peer ${node.weave.peerName} · short ID ${node.weave.shortId}`, parent: nodeId },
    );
    link('bridge-port', portId, bridgeId);
    link('veth-pair', portId, peerId);
    link('bridge-port', peerId, datapathId);
    link('bridge-port', tunnelId, datapathId);
  }
  // Sleeve: vethwe-bridge paired with vethwe-pcap, where the weave router captures and injects;
  // the router's UDP socket sends through the node's IP stack and eth0.
  if (node.weaveSleeve !== undefined && bridgeId !== undefined) {
    const { bridgePort, pcapPort, peerName, port } = node.weaveSleeve;
    const portId = elementId.hostVeth(node.name, bridgePort.name);
    const pcapId = elementId.hostVeth(node.name, pcapPort.name);
    const routerId = elementId.router(node.name, WEAVE_ROUTER);
    elements.push(
      { id: portId, kind: 'veth', label: bridgePort.name, detail: `${bridgePort.mac} · MTU ${bridgePort.mtu}`, parent: nodeId },
      { id: pcapId, kind: 'veth', label: pcapPort.name, detail: `pcap capture · MTU ${pcapPort.mtu}`, parent: nodeId },
      { id: routerId, kind: 'router', label: WEAVE_ROUTER, detail: `sleeve · UDP ${port} · peer ${peerName}`, parent: nodeId },
    );
    link('bridge-port', portId, bridgeId);
    link('veth-pair', portId, pcapId);
    link('host-routing', pcapId, routerId);
    link('host-routing', routerId, tunnelId);
  }
  if (node.cilium !== undefined) {
    const { host, net } = node.cilium;
    const hostId = elementId.nodeInterface(node.name, host.name);
    const netId = elementId.nodeInterface(node.name, net.name);
    elements.push(
      { id: hostId, kind: 'host-interface', label: host.name, detail: `router IP ${host.cidr ?? ''}`, parent: nodeId },
      { id: netId, kind: 'host-interface', label: net.name, detail: `peer of cilium_host · ${net.mac}`, parent: nodeId },
    );
    link('veth-pair', hostId, netId);
  }
}

function tunnelDetail(node: ClusterNode): string {
  const tunnel = node.tunnel!;
  return tunnel.kind === 'vxlan'
    ? `VXLAN ${tunnel.external === true ? 'VNI per packet' : `VNI ${tunnel.vni}`} · UDP ${tunnel.port} · MTU ${tunnel.mtu}`
    : `IP-in-IP · ${tunnel.cidr ?? ''} · MTU ${tunnel.mtu}`;
}

/**
 * The pod's volumes that at least one of its containers mounts, inside the pod, each joined to
 * the containers that mount it (labelled with the path they see it at, `:ro` when read-only).
 */
function podVolumes(pod: Pod, podId: string, elements: TopologyElement[], links: TopologyLink[]): void {
  for (const volume of pod.volumes ?? []) {
    const mounting = pod.containers.flatMap((c) => (c.volumeMounts ?? []).filter((m) => m.name === volume.name).map((m) => [c, m] as const));
    if (mounting.length === 0) continue;
    const volumeId = elementId.volume(pod.namespace, pod.name, volume.name);
    elements.push({ id: volumeId, kind: 'volume', label: volume.name, detail: volumeDetail(volume), parent: podId });
    for (const [container, mount] of mounting) {
      const containerId = elementId.container(pod.namespace, pod.name, container.name);
      // One container may mount a volume twice (at two paths); the path keeps the ids apart.
      links.push({
        id: `link:${containerId}~${volumeId}@${mount.mountPath}`,
        kind: 'mount',
        source: containerId,
        target: volumeId,
        label: mount.readOnly ? `${mount.mountPath}:ro` : mount.mountPath,
      });
    }
  }
}

/** `emptyDir`, with its medium and size limit when set; other sources with what they refer to. */
function volumeDetail(volume: PodVolume): string {
  if (volume.source === 'emptyDir') {
    return ['emptyDir', volume.medium === undefined ? '' : `medium ${volume.medium}`, volume.sizeLimit === undefined ? '' : `sizeLimit ${volume.sizeLimit}`]
      .filter(Boolean)
      .join(' · ');
  }
  return volume.reference === undefined ? volume.source : `${volume.source} ${volume.reference}`;
}
