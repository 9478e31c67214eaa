import type { Cluster, ClusterNode } from '../cluster/types';
import { elementId } from './ids';
import type { Topology, TopologyElement, TopologyLink } from './types';

/**
 * The cluster as a graph of things a packet can be at, nested node ⊃ pod ⊃ container: each
 * node's eth0, bridge (for bridge-based plugins) and tunnel device, each pod's eth0 and the host
 * end of its veth, and — when there is more than one node — the network between them.
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
      elements.push({ id: outward, kind: 'tunnel', label: node.tunnel.name, detail: tunnelDetail(node), parent: nodeId });
      links.push({ id: `link:${outward}~${eth0Id}`, kind: 'host-routing', source: outward, target: eth0Id });
    }
    if (bridgeId !== undefined && (node.tunnel !== undefined || several)) {
      links.push({ id: `link:${bridgeId}~${outward}`, kind: 'host-routing', source: bridgeId, target: outward });
    }
    if (several) links.push({ id: `link:${eth0Id}~underlay`, kind: 'wire', source: eth0Id, target: elementId.underlay() });

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
    }
  }
  if (several) {
    elements.push({ id: elementId.underlay(), kind: 'underlay', label: 'node network', detail: cluster.nodes.map((n) => n.internalIP).join(' · '), parent: undefined });
  }
  return { elements, links };
}

function tunnelDetail(node: ClusterNode): string {
  const tunnel = node.tunnel!;
  return tunnel.kind === 'vxlan'
    ? `VXLAN VNI ${tunnel.vni} · UDP ${tunnel.port} · MTU ${tunnel.mtu}`
    : `IP-in-IP · ${tunnel.cidr ?? ''} · MTU ${tunnel.mtu}`;
}
