import type { Diagnostic, ManifestObject, ParsedManifests } from '../manifest/types';
import { manifestMessages } from '../manifest/messages';
import { isIpv4 } from '../net/ipv4';
import { cniProfile } from './cni-profile';
import { HostLocalAllocator, ipamBlock } from './ipam';
import { withWorkloadRoutes } from '../dataplane/workload-routes';
import { withCiliumIdentities } from '../dataplane/cilium';
import { weaveAllocator } from '../dataplane/weave';
import { clusterMessages } from './messages';
import { assembleNamespaces } from './namespaces';
import { assembleNodes, type NodeReference } from './nodes';
import { planPastedPod, readPodStatus, wirePod, type PodStatus } from './pods';
import { readNode } from './read-node';
import { readService } from './read-service';
import { Scheduler } from './scheduler';
import { ClusterIPAllocator } from './service-ipam';
import { assembleServices } from './services';
import { DEFAULT_SETTINGS } from './settings';
import { readNetworkPolicies } from '../policy/read-policy';
import { lintPolicies } from '../policy-lint/lint';
import { builtinObjects } from './system';
import type { Cluster, ClusterSettings, Pod, UnplacedPod } from './types';
import { controllerKey, coveredControllers, expandWorkload, WORKLOAD_KINDS, type PlannedPod } from './workloads';

export { DEFAULT_SETTINGS };

/** Kinds that are read for what they say about traffic elsewhere (policies, endpoints), not turned into pods. */
const READ_ELSEWHERE = new Set(['NetworkPolicy', 'Endpoints', 'EndpointSlice']);
const SIMULATED = new Set(['Namespace', 'Node', 'Pod', 'Service', ...WORKLOAD_KINDS, ...READ_ELSEWHERE]);

/**
 * Builds the cluster the packets travel through from what was pasted: nodes, namespaces,
 * pods (pasted, and made from workloads), Services with their endpoints. Real state in a dump
 * (addresses, node names, pod CIDRs) is used exactly; what is missing is assigned the same way
 * on every run.
 */
export function buildCluster(parsed: ParsedManifests, settings: ClusterSettings = DEFAULT_SETTINGS): Cluster {
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const profile = cniProfile(settings.cni);
  const clusterIPs = new ClusterIPAllocator(settings.serviceCIDR);

  const user = dedupe(parsed.objects, diagnostics);
  noteUnsimulated(user, diagnostics);
  const objects = [...user, ...builtinObjects(user, clusterIPs.nth(10), clusterIPs.nth(1))];
  const byKey = new Map(objects.map((o) => [controllerKey(o), o]));

  const namespaces = assembleNamespaces(objects, diagnostics);

  // Pasted pods first: they carry real state and name the nodes of a dump.
  const pasted: { planned: PlannedPod; status: PodStatus }[] = [];
  for (const object of objects.filter((o) => o.kind === 'Pod')) {
    const planned = planPastedPod(object, byKey, diagnostics);
    if (planned !== undefined) pasted.push({ planned, status: readPodStatus(object) });
  }
  const assembled = assembleNodes(
    objects.filter((o) => o.kind === 'Node').map((o) => readNode(o, diagnostics)),
    nodeReferences(pasted),
    settings,
    profile,
    diagnostics,
  );
  const scheduler = new Scheduler(assembled);

  const covered = coveredControllers(objects);
  // A CronJob from a dump (it has a status) runs pods only while a Job is active, and those Jobs
  // and pods are in the dump if they exist; one written by hand is shown with one run.
  const generated = objects
    .filter((o) => WORKLOAD_KINDS.has(o.kind) && !covered.has(controllerKey(o)) && !(o.kind === 'CronJob' && o.body.status !== undefined))
    .flatMap((o) =>
      expandWorkload(o, diagnostics, (template) => {
        const fit = scheduler.fittingNodes(template);
        return fit.ok ? fit.nodes.map((n) => n.name) : [];
      }),
    );

  // Placement: pods bound by the dump or by their DaemonSet count first, then the scheduler spreads the rest.
  const placed: { planned: PlannedPod; status: PodStatus | undefined; node: string }[] = [];
  const candidates = [...pasted, ...generated.map((planned) => ({ planned, status: undefined }))];
  const running = candidates.filter(({ planned, status }) => isRunnable(planned, status, diagnostics));
  const nodeNames = new Set(assembled.map((n) => n.name));
  for (const entry of running) {
    const bound = entry.planned.daemonSetNode ?? entry.planned.template.nodeName;
    if (bound !== undefined && nodeNames.has(bound)) {
      scheduler.bind(bound);
      placed.push({ ...entry, node: bound });
    }
  }
  const unplaced: UnplacedPod[] = [];
  // One warning per workload template, not per replica.
  const warned = new Set<string>();
  for (const entry of running) {
    const bound = entry.planned.daemonSetNode ?? entry.planned.template.nodeName;
    if (bound !== undefined && nodeNames.has(bound)) continue;
    if (bound !== undefined) {
      // spec.nodeName binds the pod without the scheduler; with no such node, no kubelet ever runs it.
      const id = `${entry.planned.namespace}/${entry.planned.name}`;
      const once = `${entry.planned.span.from}:${bound}`;
      if (entry.planned.generated && !warned.has(once)) {
        warned.add(once);
        diagnostics.push({ severity: 'warning', ...clusterMessages.missingNode(id, bound), span: entry.planned.span });
      }
      unplaced.push({ namespace: entry.planned.namespace, name: entry.planned.name, reason: 'missing-node', node: bound });
      continue;
    }
    const placement = scheduler.place(entry.planned.template);
    if (placement.ok) placed.push({ ...entry, node: placement.node });
    else {
      const id = `${entry.planned.namespace}/${entry.planned.name}`;
      diagnostics.push({ severity: 'warning', ...clusterMessages.unschedulable(id, assembled.length, placement.reasons), span: entry.planned.span });
    }
  }
  // Keep the order the objects were written in, so addresses follow the text.
  const order = new Map(candidates.map((c, i) => [c.planned, i]));
  placed.sort((a, b) => (order.get(a.planned) ?? 0) - (order.get(b.planned) ?? 0));

  const addressed = assignAddresses(placed, assembled, profile, settings, diagnostics);
  const pods = settings.cni === 'cilium-vxlan' || settings.cni === 'cilium-native' ? withCiliumIdentities(addressed, namespaces) : addressed;
  const nodes = profile.addressing === 'routed-block' ? withWorkloadRoutes(assembled, pods) : assembled;
  const services = assembleServices(
    objects.filter((o) => o.kind === 'Service').flatMap((o) => readService(o, diagnostics) ?? []),
    pods,
    nodes,
    objects,
    clusterIPs,
    settings,
    diagnostics,
  );

  const networkPolicies = readNetworkPolicies(objects.filter((o) => o.kind === 'NetworkPolicy'), diagnostics);
  diagnostics.push(...lintPolicies({ namespaces, pods, services, networkPolicies, settings }));

  return { settings, nodes, namespaces, pods, services, networkPolicies, diagnostics, ...(unplaced.length === 0 ? {} : { unplaced }) };
}

/** Pod addresses per node: a dump's `status.podIP` is kept; the rest come from the node's host-local range. */
function assignAddresses(
  placed: readonly { planned: PlannedPod; status: PodStatus | undefined; node: string }[],
  nodes: Cluster['nodes'],
  profile: ReturnType<typeof cniProfile>,
  settings: ClusterSettings,
  diagnostics: Diagnostic[],
): Pod[] {
  const routed = profile.addressing === 'routed-block';
  const nodesByName = new Map(nodes.map((n) => [n.name, n]));
  const allocators = new Map(
    nodes.map((n) => {
      const allocator = routed
        ? new HostLocalAllocator(ipamBlock(n.podCIDR), true)
        : profile.addressing === 'peer-range'
          ? weaveAllocator(n, settings.clusterCIDR)
          : new HostLocalAllocator(n.podCIDR);
      // Calico's tunnel device takes the first address of the node's block, like a pod would.
      const tunnelIP = n.tunnel?.cidr?.split('/')[0];
      if (routed && tunnelIP !== undefined && allocator.contains(tunnelIP)) allocator.reserve(tunnelIP, `${n.name}/${n.tunnel?.name ?? ''}`);
      return [n.name, allocator];
    }),
  );
  const stated = new Map<PlannedPod, string>();
  const everyIP = new Map<string, string>();
  for (const { planned, status, node } of placed) {
    const ip = status?.podIP;
    if (ip === undefined || planned.template.hostNetwork) continue;
    const id = `${planned.namespace}/${planned.name}`;
    // Where a problem with the address is shown; looked up only when there is one.
    const at = () => planned.template.object.spanOf(['status', 'podIP']);
    if (!isIpv4(ip)) {
      diagnostics.push({ severity: 'warning', ...clusterMessages.badPodIP(ip), span: at() });
      continue;
    }
    const holder = everyIP.get(ip);
    if (holder !== undefined) {
      diagnostics.push({ severity: 'error', ...clusterMessages.podIPTaken(ip, holder), span: at() });
      continue;
    }
    const allocator = allocators.get(node)!;
    if (!allocator.contains(ip)) diagnostics.push({ severity: 'warning', ...clusterMessages.podIPOutsideCIDR(ip, allocator.toString()), span: at() });
    allocator.reserve(ip, id);
    everyIP.set(ip, id);
    stated.set(planned, ip);
  }
  const pods: Pod[] = [];
  for (const { planned, status, node } of placed) {
    const id = `${planned.namespace}/${planned.name}`;
    const allocator = allocators.get(node)!;
    const nodeObject = nodesByName.get(node)!;
    if (planned.template.hostNetwork) {
      // In the node's namespace the pod has the node's address; nothing is allocated.
      pods.push(wirePod(planned, nodeObject, nodeObject.internalIP, status?.podIP === nodeObject.internalIP, status?.ready ?? true, profile, settings));
      continue;
    }
    const ip = stated.get(planned) ?? allocator.allocate(id);
    if (ip === undefined) {
      diagnostics.push({ severity: 'error', ...clusterMessages.podCIDRFull(allocator.toString()), span: planned.span });
      continue;
    }
    pods.push(wirePod(planned, nodeObject, ip, stated.has(planned), status?.ready ?? true, profile, settings));
  }
  return pods;
}

/** Whether a pod takes part in traffic; says why not when it does not. */
function isRunnable(planned: PlannedPod, status: PodStatus | undefined, diagnostics: Diagnostic[]): boolean {
  const id = `${planned.namespace}/${planned.name}`;
  const phase = status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed' || (phase === 'Pending' && status?.podIP === undefined)) {
    diagnostics.push({ severity: 'info', ...clusterMessages.notRunning(id, phase), span: planned.template.object.spanOf(['status', 'phase']) });
    return false;
  }
  return true;
}

function nodeReferences(pasted: readonly { planned: PlannedPod; status: PodStatus }[]): NodeReference[] {
  const refs = new Map<string, { hostIP: string | undefined; podIPs: string[]; podName: string; span: NodeReference['span'] }>();
  for (const { planned, status } of pasted) {
    const name = planned.template.nodeName;
    if (name === undefined) continue;
    const ref = refs.get(name) ?? { hostIP: undefined, podIPs: [], podName: `${planned.namespace}/${planned.name}`, span: planned.template.object.spanOf(['spec', 'nodeName']) };
    if (ref.hostIP === undefined && status.hostIP !== undefined && isIpv4(status.hostIP)) ref.hostIP = status.hostIP;
    if (status.podIP !== undefined && isIpv4(status.podIP)) ref.podIPs.push(status.podIP);
    refs.set(name, ref);
  }
  return [...refs].map(([name, ref]) => ({ name, ...ref }));
}

/** The same object twice (kind, namespace, name) is an error; the first one counts. */
function dedupe(objects: readonly ManifestObject[], diagnostics: Diagnostic[]): ManifestObject[] {
  const seen = new Set<string>();
  const kept: ManifestObject[] = [];
  for (const object of objects) {
    const key = `${object.kind}/${object.namespace ?? 'default'}/${object.name}`;
    if (seen.has(key)) {
      const id = object.kind === 'Namespace' || object.kind === 'Node' ? object.name : `${object.namespace ?? 'default'}/${object.name}`;
      diagnostics.push({ severity: 'error', ...clusterMessages.duplicateObject(object.kind, id), span: object.spanOf(['metadata', 'name']) });
      continue;
    }
    seen.add(key);
    kept.push(object);
  }
  return kept;
}

function noteUnsimulated(objects: readonly ManifestObject[], diagnostics: Diagnostic[]): void {
  for (const object of objects) {
    if (SIMULATED.has(object.kind)) continue;
    // Point at `kind`, not the whole object: the note should not underline a whole Secret.
    if (object.kind === 'Secret') diagnostics.push({ severity: 'info', ...manifestMessages.secretStaysLocal(), span: object.spanOf(['kind']) });
    else diagnostics.push({ severity: 'info', ...manifestMessages.notSimulated(object.kind), span: object.spanOf(['kind']) });
  }
}
