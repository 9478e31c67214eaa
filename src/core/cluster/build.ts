import type { Diagnostic, ParsedManifests } from '../manifest/types';
import { manifestMessages } from '../manifest/messages';
import { deterministicMac } from '../net/mac';
import { isIpv4 } from '../net/ipv4';
import { HostLocalAllocator } from './ipam';
import { clusterMessages } from './messages';
import { hostVethName } from './names';
import { readPod, type PodSpec } from './read-pod';
import { DEFAULT_SETTINGS } from './settings';
import type { Cluster, ClusterNode, ClusterSettings, Pod } from './types';

export { DEFAULT_SETTINGS };

/** Kinds that later work will simulate; for now they are recognised but have no effect. */
const KNOWN_BUT_NOT_SIMULATED = new Set([
  'Namespace', 'Node', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob',
  'Service', 'Endpoints', 'EndpointSlice', 'NetworkPolicy', 'ConfigMap', 'Ingress', 'ServiceAccount',
]);

/**
 * Builds the cluster the packets travel through: one node with a bridge, and every pod
 * wired to it by a veth pair, with addresses and MACs that are the same on every run.
 */
export function buildCluster(parsed: ParsedManifests, settings: ClusterSettings = DEFAULT_SETTINGS): Cluster {
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const allocator = new HostLocalAllocator(settings.podCIDR);
  const node = buildNode(settings, allocator);

  const specs = collectPodSpecs(parsed, diagnostics);

  // Addresses a dump states are taken first, so that assigned ones never collide with them.
  const statedIPs = new Map<PodSpec, string>();
  for (const spec of specs) {
    const ip = spec.statusPodIP;
    if (ip === undefined) continue;
    const at = spec.object.spanOf(['status', 'podIP']);
    if (!isIpv4(ip)) {
      diagnostics.push({ severity: 'warning', ...clusterMessages.badPodIP(ip), span: at });
      continue;
    }
    const holder = allocator.holder(ip);
    if (holder !== undefined) {
      diagnostics.push({ severity: 'error', ...clusterMessages.podIPTaken(ip, holder), span: at });
      continue;
    }
    if (!allocator.contains(ip)) {
      diagnostics.push({ severity: 'warning', ...clusterMessages.podIPOutsideCIDR(ip, settings.podCIDR), span: at });
    }
    allocator.reserve(ip, `${spec.namespace}/${spec.name}`);
    statedIPs.set(spec, ip);
  }

  const pods: Pod[] = [];
  for (const spec of specs) {
    const stated = statedIPs.get(spec);
    const ip = stated ?? allocator.allocate(`${spec.namespace}/${spec.name}`);
    if (ip === undefined) {
      diagnostics.push({ severity: 'error', ...clusterMessages.podCIDRFull(settings.podCIDR), span: spec.object.span });
      continue;
    }
    pods.push(wirePod(spec, ip, stated !== undefined, node, allocator, settings));
  }

  return { settings, nodes: [node], pods, diagnostics };
}

function collectPodSpecs(parsed: ParsedManifests, diagnostics: Diagnostic[]): PodSpec[] {
  const specs: PodSpec[] = [];
  const seen = new Set<string>();
  for (const object of parsed.objects) {
    if (object.kind === 'Pod') {
      const spec = readPod(object, diagnostics);
      if (spec === undefined) continue;
      const key = `${spec.namespace}/${spec.name}`;
      if (seen.has(key)) {
        diagnostics.push({ severity: 'error', ...clusterMessages.duplicatePod(key), span: object.spanOf(['metadata', 'name']) });
        continue;
      }
      seen.add(key);
      if (spec.hostNetwork) {
        diagnostics.push({ severity: 'warning', ...clusterMessages.hostNetworkNotYet(key), span: object.spanOf(['spec', 'hostNetwork']) });
        continue;
      }
      specs.push(spec);
    } else if (object.kind === 'Secret') {
      diagnostics.push({ severity: 'info', ...manifestMessages.secretStaysLocal(), span: object.span });
    } else {
      const known = KNOWN_BUT_NOT_SIMULATED.has(object.kind);
      diagnostics.push({
        severity: known ? 'info' : 'warning',
        ...manifestMessages.notSimulated(object.kind),
        span: object.spanOf(['kind']),
      });
    }
  }
  return specs;
}

function buildNode(settings: ClusterSettings, allocator: HostLocalAllocator): ClusterNode {
  const gateway = allocator.gateway;
  const nodeNet = settings.nodeIP.split('.').slice(0, 3).join('.');
  return {
    name: settings.nodeName,
    internalIP: settings.nodeIP,
    podCIDR: settings.podCIDR,
    eth0: {
      name: 'eth0',
      mac: deterministicMac(`${settings.nodeName}/eth0`),
      cidr: `${settings.nodeIP}/24`,
      mtu: 1500,
    },
    bridge: {
      name: settings.bridgeName,
      mac: deterministicMac(`${settings.nodeName}/${settings.bridgeName}`),
      cidr: `${gateway}/${allocator.prefixLength}`,
      mtu: settings.mtu,
    },
    routes: [
      { destination: 'default', via: `${nodeNet}.1`, dev: 'eth0', scope: 'global', proto: 'static', src: undefined },
      { destination: `${nodeNet}.0/24`, via: undefined, dev: 'eth0', scope: 'link', proto: 'kernel', src: settings.nodeIP },
      {
        destination: allocator.toString(),
        via: undefined,
        dev: settings.bridgeName,
        scope: 'link',
        proto: 'kernel',
        src: gateway,
      },
    ],
  };
}

function wirePod(
  spec: PodSpec,
  ip: string,
  ipFromStatus: boolean,
  node: ClusterNode,
  allocator: HostLocalAllocator,
  settings: ClusterSettings,
): Pod {
  const identity = `${spec.namespace}/${spec.name}`;
  return {
    namespace: spec.namespace,
    name: spec.name,
    labels: spec.labels,
    nodeName: node.name,
    ip,
    ipFromStatus,
    eth0: { name: 'eth0', mac: deterministicMac(`${identity}/eth0`), cidr: `${ip}/${allocator.prefixLength}`, mtu: settings.mtu },
    hostVeth: {
      name: hostVethName(spec.namespace, spec.name),
      mac: deterministicMac(`${identity}/host-veth`),
      cidr: undefined,
      mtu: settings.mtu,
    },
    // What the CNI bridge plugin (isDefaultGateway) leaves in the pod: the connected
    // subnet and a default route through the bridge's address.
    routes: [
      { destination: 'default', via: allocator.gateway, dev: 'eth0', scope: 'global', proto: undefined, src: undefined },
      { destination: allocator.toString(), via: undefined, dev: 'eth0', scope: 'link', proto: 'kernel', src: ip },
    ],
    containers: spec.containers,
    span: spec.object.span,
  };
}
