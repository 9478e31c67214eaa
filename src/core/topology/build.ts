import type { Cluster } from '../cluster/types';
import { elementId } from './ids';
import type { Topology, TopologyElement, TopologyLink } from './types';

/** The cluster as a graph of things a packet can be at, nested node ⊃ pod ⊃ container. */
export function buildTopology(cluster: Cluster): Topology {
  const elements: TopologyElement[] = [];
  const links: TopologyLink[] = [];

  for (const node of cluster.nodes) {
    const nodeId = elementId.node(node.name);
    const bridgeId = elementId.bridge(node.name, node.bridge.name);
    const eth0Id = elementId.nodeInterface(node.name, node.eth0.name);
    elements.push(
      { id: nodeId, kind: 'node', label: node.name, detail: `${node.internalIP} · pods ${node.podCIDR}`, parent: undefined },
      { id: elementId.nodeInterface(node.name, node.eth0.name), kind: 'host-interface', label: node.eth0.name, detail: node.eth0.cidr ?? '', parent: nodeId },
      { id: bridgeId, kind: 'bridge', label: node.bridge.name, detail: `${node.bridge.cidr ?? ''} · ${node.bridge.mac}`, parent: nodeId },
    );

    const nodeEth0Id = eth0Id;
    if (node.tunnel !== undefined) {
      const tunnelId = elementId.tunnel(node.name, node.tunnel.name);
      elements.push({ id: tunnelId, kind: 'tunnel', label: node.tunnel.name, detail: `VXLAN VNI ${node.tunnel.vni} · UDP ${node.tunnel.port} · MTU ${node.tunnel.mtu}`, parent: nodeId });
      links.push(
        { id: `link:${bridgeId}~${tunnelId}`, kind: 'host-routing', source: bridgeId, target: tunnelId },
        { id: `link:${tunnelId}~${eth0Id}`, kind: 'host-routing', source: tunnelId, target: eth0Id },
      );
    } else if (cluster.nodes.length > 1) {
      links.push({ id: `link:${bridgeId}~${eth0Id}`, kind: 'host-routing', source: bridgeId, target: eth0Id });
    }
    if (cluster.nodes.length > 1) links.push({ id: `link:${eth0Id}~underlay`, kind: 'wire', source: eth0Id, target: elementId.underlay() });
    for (const pod of cluster.pods.filter((p) => p.nodeName === node.name)) {
      const podId = elementId.pod(pod.namespace, pod.name);
      const network = pod.network;
      elements.push({ id: podId, kind: 'pod', label: `${pod.namespace}/${pod.name}`, detail: network.kind === 'host' ? `${pod.ip} (hostNetwork)` : pod.ip, parent: nodeId });
      // A hostNetwork pod's sockets sit directly in the node's namespace, on the node's eth0.
      let socketsOn = nodeEth0Id;
      if (network.kind === 'pod') {
        const eth0Id = elementId.podInterface(pod.namespace, pod.name, network.eth0.name);
        const vethId = elementId.hostVeth(node.name, network.hostVeth.name);
        elements.push(
          { id: eth0Id, kind: 'pod-interface', label: network.eth0.name, detail: `${network.eth0.cidr ?? ''} · ${network.eth0.mac}`, parent: podId },
          { id: vethId, kind: 'veth', label: network.hostVeth.name, detail: network.hostVeth.mac, parent: nodeId },
        );
        links.push(
          { id: `link:${eth0Id}~${vethId}`, kind: 'veth-pair', source: eth0Id, target: vethId },
          { id: `link:${vethId}~${bridgeId}`, kind: 'bridge-port', source: vethId, target: bridgeId },
        );
        socketsOn = eth0Id;
      }
      for (const container of pod.containers) {
        const containerId = elementId.container(pod.namespace, pod.name, container.name);
        const ports = container.ports.map((p) => `${p.containerPort}/${p.protocol}`).join(', ');
        elements.push({ id: containerId, kind: 'container', label: container.name, detail: ports || 'no ports', parent: podId });
        links.push({ id: `link:${containerId}~${socketsOn}`, kind: 'netns', source: containerId, target: socketsOn });
      }
    }
  }
  if (cluster.nodes.length > 1) {
    elements.push({ id: elementId.underlay(), kind: 'underlay', label: 'node network', detail: cluster.nodes.map((n) => n.internalIP).join(' · '), parent: undefined });
  }
  return { elements, links };
}
