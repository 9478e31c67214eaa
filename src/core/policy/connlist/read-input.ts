/**
 * Reads manifests the way np-guard netpol-analyzer's `connlist` does: workloads (each with one
 * representative pod), namespaces and NetworkPolicies. Services and every other kind are
 * ignored. One call per file, so that diagnostics keep their file; `buildConnlist` joins them.
 */
import type { Diagnostic, ManifestObject, SourceSpan } from '../../manifest/types';
import { readNetworkPolicies } from '../read-policy';
import type { NetworkPolicy, PolicyContainerPort, PolicyNamespace, PolicyPod, Protocol } from '../types';
import { connlistMessages } from '../messages';

/** One workload peer as connlist prints it (`ns/name[Kind]`) and the pod that stands for it. */
export interface WorkloadPod {
  /** `ns/name[Kind]` */
  readonly peer: string;
  readonly pod: PolicyPod;
  /** Pod names of its replicas as upstream models them: the pod itself, or `<name>-1` (and `<name>-2`). */
  readonly podNames: readonly string[];
  readonly span: SourceSpan;
}

export interface ConnlistInput {
  readonly namespaces: readonly PolicyNamespace[];
  readonly workloads: readonly WorkloadPod[];
  readonly policies: readonly NetworkPolicy[];
}

type Mapping = Record<string, unknown>;

/** Workload kinds and where their pod template is. */
const TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export function readConnlistInput(objects: readonly ManifestObject[], diagnostics: Diagnostic[]): ConnlistInput {
  const namespaces: PolicyNamespace[] = [];
  const workloads: WorkloadPod[] = [];
  for (const object of objects) {
    if (object.kind === 'Namespace') {
      namespaces.push({ name: object.name, labels: stringMap(at(object.body, ['metadata', 'labels'])) });
    } else if (object.kind === 'Pod') {
      workloads.push(podWorkload(object, diagnostics));
    } else if (TEMPLATE_PATHS[object.kind] !== undefined) {
      workloads.push(templateWorkload(object, TEMPLATE_PATHS[object.kind]!, diagnostics));
    }
  }
  return { namespaces, workloads, policies: readNetworkPolicies(objects, diagnostics) };
}

/**
 * A Pod becomes the workload of its controller: the `ownerReferences` entry with
 * `controller: true`, one level up only (a ReplicaSet, not its Deployment). Pods with no
 * controller, or controlled by a Node (static pods), are their own `[Pod]` workload.
 * Upstream quirk kept: a controller reference without `kind` gives `[Pod]` with the owner's name.
 */
function podWorkload(object: ManifestObject, diagnostics: Diagnostic[]): WorkloadPod {
  const namespace = object.namespace ?? 'default';
  const owners = at(object.body, ['metadata', 'ownerReferences']);
  const controller = Array.isArray(owners)
    ? owners.find((o): o is Mapping => isMapping(o) && o.controller === true)
    : undefined;
  let name = object.name;
  let kind = 'Pod';
  if (controller !== undefined && controller.kind !== 'Node') {
    if (typeof controller.name === 'string' && controller.name !== '') name = controller.name;
    if (typeof controller.kind === 'string' && controller.kind !== '') kind = controller.kind;
  }
  const ip = at(object.body, ['status', 'podIP']);
  const pod: PolicyPod = {
    namespace,
    name: object.name,
    labels: stringMap(at(object.body, ['metadata', 'labels'])),
    ports: containerPorts(object, ['spec'], diagnostics),
    ...(typeof ip === 'string' ? { ip } : {}),
    // The analyzer does not model hostNetwork (its README, rule 8): such pods are analysed like
    // any other. The simulator's own cluster model keeps the flag; connlist matches upstream.
    hostNetwork: false,
  };
  return { peer: `${namespace}/${name}[${kind}]`, pod, podNames: [object.name], span: object.span };
}

/** A workload's pod template stands for all its replicas; upstream models at most two. */
function templateWorkload(object: ManifestObject, templatePath: readonly string[], diagnostics: Diagnostic[]): WorkloadPod {
  const namespace = object.namespace ?? 'default';
  const replicasField = object.kind === 'Job' ? 'parallelism' : 'replicas';
  const replicas = at(object.body, ['spec', replicasField]);
  const count = typeof replicas === 'number' && replicas > 1 && object.kind !== 'DaemonSet' && object.kind !== 'CronJob' ? 2 : 1;
  const podNames = Array.from({ length: count }, (_, i) => `${object.name}-${i + 1}`);
  const pod: PolicyPod = {
    namespace,
    name: podNames[0]!,
    labels: stringMap(at(object.body, [...templatePath, 'metadata', 'labels'])),
    ports: containerPorts(object, [...templatePath, 'spec'], diagnostics),
    hostNetwork: false,
  };
  return { peer: `${namespace}/${object.name}[${object.kind}]`, pod, podNames, span: object.span };
}

function containerPorts(object: ManifestObject, specPath: readonly string[], diagnostics: Diagnostic[]): PolicyContainerPort[] {
  const containers = at(object.body, [...specPath, 'containers']);
  if (!Array.isArray(containers)) return [];
  const ports: PolicyContainerPort[] = [];
  containers.forEach((container, c) => {
    const list = isMapping(container) ? container.ports : undefined;
    if (!Array.isArray(list)) return;
    list.forEach((entry, p) => {
      if (!isMapping(entry)) return;
      const path = [...specPath, 'containers', c, 'ports', p];
      const number = entry.containerPort;
      if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > 65535) {
        diagnostics.push({ severity: 'warning', ...connlistMessages.portWithoutNumber(object.name), span: object.spanOf(path) });
        return;
      }
      const protocol: Protocol = entry.protocol === 'UDP' || entry.protocol === 'SCTP' ? entry.protocol : 'TCP';
      ports.push({ ...(typeof entry.name === 'string' ? { name: entry.name } : {}), port: number, protocol });
    });
  });
  return ports;
}

function at(body: Readonly<Record<string, unknown>>, path: readonly string[]): unknown {
  let value: unknown = body;
  for (const key of path) {
    if (!isMapping(value)) return undefined;
    value = value[key];
  }
  return value;
}

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Labels as strings (a YAML `version: 1` is read as the string "1"). */
function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isMapping(value)) return out;
  for (const [key, v] of Object.entries(value)) {
    if (v !== null && v !== undefined && typeof v !== 'object') out[key] = String(v);
  }
  return out;
}
