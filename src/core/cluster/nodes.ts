import type { Diagnostic, SourceSpan } from '../manifest/types';
import { deterministicMac } from '../net/mac';
import { addressAt, formatPrefix, parsePrefix, prefixContains, prefixSize, type Ipv4Prefix } from '../net/ipv4';
import type { CniProfile } from './cni-profile';
import { connectNodes } from '../dataplane/connect-nodes';
import { clusterMessages } from './messages';
import type { NodeFacts } from './read-node';
import type { ClusterNode, ClusterSettings, Route } from './types';
import { ipamBlock } from './ipam';

/** A node that pods name in `spec.nodeName`, with what their status says about it. */
export interface NodeReference {
  readonly name: string;
  readonly hostIP: string | undefined;
  readonly podIPs: readonly string[];
  /** The first pod that names the node, for messages. */
  readonly podName: string;
  readonly span: SourceSpan;
}

/**
 * Decides the cluster's nodes: the pasted Node objects; else (or in addition) the nodes that
 * pods are bound to; else the settings' node names. Addresses a dump states are used as they
 * are; a missing pod CIDR is inferred from the pods' IPs or allocated from the cluster CIDR, the
 * way kube-controller-manager's range allocator hands them out.
 */
export function assembleNodes(
  facts: readonly NodeFacts[],
  references: readonly NodeReference[],
  settings: ClusterSettings,
  profile: CniProfile,
  diagnostics: Diagnostic[],
): ClusterNode[] {
  type Draft = { name: string; labels: Record<string, string>; podCIDR?: string; internalIP?: string; unschedulable: boolean; taints: NodeFacts['taints']; origin: ClusterNode['origin']; span: SourceSpan | undefined; cidrSpan?: SourceSpan; podIPs: readonly string[] };
  const drafts: Draft[] = facts.map((f) => ({
    name: f.name, labels: { ...f.labels }, ...(f.podCIDR === undefined ? {} : { podCIDR: f.podCIDR }),
    ...(f.internalIP === undefined ? {} : { internalIP: f.internalIP }),
    unschedulable: f.unschedulable, taints: f.taints, origin: 'node-object', span: f.span, cidrSpan: f.podCIDRSpan, podIPs: [],
  }));
  const byName = new Map(drafts.map((d) => [d.name, d]));
  for (const ref of references) {
    const known = byName.get(ref.name);
    if (known !== undefined) {
      if (known.internalIP === undefined && ref.hostIP !== undefined) known.internalIP = ref.hostIP;
      known.podIPs = [...known.podIPs, ...ref.podIPs];
      continue;
    }
    if (facts.length > 0 && ref.hostIP === undefined && ref.podIPs.length === 0) {
      // Nodes were pasted and nothing says this one runs pods: its pods are bound to a node that does not exist (build.ts leaves them out).
      diagnostics.push({ severity: 'warning', ...clusterMessages.missingNode(ref.podName, ref.name), span: ref.span });
      continue;
    }
    if (facts.length > 0) diagnostics.push({ severity: 'warning', ...clusterMessages.unknownNode(ref.podName, ref.name), span: ref.span });
    const draft: Draft = { name: ref.name, labels: {}, ...(ref.hostIP === undefined ? {} : { internalIP: ref.hostIP }), unschedulable: false, taints: [], origin: 'pod-reference', span: undefined, podIPs: ref.podIPs };
    drafts.push(draft);
    byName.set(ref.name, draft);
  }
  if (drafts.length === 0) {
    for (const name of settings.nodeNames) drafts.push({ name, labels: {}, unschedulable: false, taints: [], origin: 'settings', span: undefined, podIPs: [] });
  }

  const cluster = parsePrefix(settings.clusterCIDR);
  const taken: { prefix: Ipv4Prefix; node: string }[] = [];
  for (const draft of drafts) {
    if (draft.podCIDR === undefined) {
      // A dump without Node objects still shows each node's range through its pods' IPs.
      const ip = draft.podIPs.find((p) => prefixContains(cluster, p));
      if (ip !== undefined) draft.podCIDR = formatPrefix(parsePrefix(`${ip}/${settings.nodeCIDRMaskSize}`));
    }
    if (draft.podCIDR === undefined) continue;
    const prefix = parsePrefix(draft.podCIDR);
    const clash = taken.find((t) => overlaps(t.prefix, prefix));
    if (clash !== undefined && draft.cidrSpan !== undefined) {
      diagnostics.push({ severity: 'error', ...clusterMessages.podCIDRTaken(draft.podCIDR, clash.node), span: draft.cidrSpan });
    }
    taken.push({ prefix, node: draft.name });
  }
  const subnets = prefixSize(cluster) / prefixSize({ network: 0, length: settings.nodeCIDRMaskSize });
  let nextSubnet = 0;
  for (const draft of drafts) {
    if (draft.podCIDR !== undefined) continue;
    while (nextSubnet < subnets) {
      const candidate: Ipv4Prefix = { network: (cluster.network + nextSubnet * prefixSize({ network: 0, length: settings.nodeCIDRMaskSize })) >>> 0, length: settings.nodeCIDRMaskSize };
      nextSubnet++;
      if (!taken.some((t) => overlaps(t.prefix, candidate))) {
        draft.podCIDR = formatPrefix(candidate);
        taken.push({ prefix: candidate, node: draft.name });
        break;
      }
    }
    if (draft.podCIDR === undefined) {
      diagnostics.push({ severity: 'error', ...clusterMessages.clusterCIDRFull(settings.clusterCIDR), span: draft.span ?? { line: 1, column: 1, endLine: 1, endColumn: 1, from: 0, to: 0 } });
    }
  }

  const underlay = parsePrefix(settings.nodeSubnet);
  const usedIPs = new Set(drafts.map((d) => d.internalIP).filter((ip): ip is string => ip !== undefined));
  let nextHost = 11;
  const nodes: ClusterNode[] = [];
  for (const draft of drafts) {
    if (draft.podCIDR === undefined) continue;
    if (draft.internalIP === undefined) {
      while (usedIPs.has(addressAt(underlay, nextHost))) nextHost++;
      draft.internalIP = addressAt(underlay, nextHost++);
      usedIPs.add(draft.internalIP);
    }
    nodes.push(wireNode(draft.name, draft.internalIP, draft.podCIDR, underlay, profile, {
      labels: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': draft.name, 'kubernetes.io/os': 'linux', ...draft.labels },
      unschedulable: draft.unschedulable,
      taints: draft.taints,
      origin: draft.origin,
      span: draft.span,
    }));
  }
  return connectNodes(nodes, settings.cni, settings.clusterCIDR);
}

function wireNode(
  name: string,
  internalIP: string,
  podCIDR: string,
  underlay: Ipv4Prefix,
  profile: CniProfile,
  rest: Pick<ClusterNode, 'labels' | 'unschedulable' | 'taints' | 'origin' | 'span'>,
): ClusterNode {
  const pods = parsePrefix(podCIDR);
  const gateway = addressAt(pods, 1);
  const onUnderlay = prefixContains(underlay, internalIP);
  const underlayPrefix = onUnderlay ? underlay : parsePrefix(`${internalIP}/24`);
  const bridgeName = profile.bridgeName;
  const block = ipamBlock(podCIDR);
  const podRoute: Route[] =
    bridgeName !== undefined
      ? [{ destination: formatPrefix(pods), via: undefined, dev: bridgeName, scope: 'link', proto: 'kernel', src: gateway }]
      : profile.plugin === 'calico-ipip' || profile.plugin === 'calico-bgp'
        ? // BIRD claims the node's own block with a blackhole; the /32 routes to its pods are more specific.
          [{ destination: block, via: undefined, dev: '', scope: 'global', proto: 'bird', src: undefined, type: 'blackhole' }]
        : [];
  return {
    name,
    internalIP,
    podCIDR: formatPrefix(pods),
    ...rest,
    eth0: { name: 'eth0', mac: deterministicMac(`${name}/eth0`), cidr: `${internalIP}/${underlayPrefix.length}`, mtu: 1500 },
    bridge: bridgeName === undefined ? undefined : { name: bridgeName, mac: deterministicMac(`${name}/${bridgeName}`), cidr: `${gateway}/${pods.length}`, mtu: profile.mtu },
    routes: [
      { destination: 'default', via: addressAt(underlayPrefix, 1), dev: 'eth0', scope: 'global', proto: 'static', src: undefined },
      { destination: formatPrefix(underlayPrefix), via: undefined, dev: 'eth0', scope: 'link', proto: 'kernel', src: internalIP },
      ...podRoute,
    ],
    tunnel: undefined,
    neighbours: [],
    fdb: [],
  };
}

function overlaps(a: Ipv4Prefix, b: Ipv4Prefix): boolean {
  const aEnd = a.network + prefixSize(a) - 1;
  const bEnd = b.network + prefixSize(b) - 1;
  return a.network <= bEnd && b.network <= aEnd;
}
