import type { Diagnostic, ManifestObject, SourceSpan } from '../manifest/types';
import { describeValue } from '../manifest/messages';
import { isMapping } from '../manifest/parse';
import { clusterMessages } from './messages';
import { cronJobRunName, podTemplateHash, randomSuffix } from './names';
import { readPodTemplate, reporterFor, valueAt, type FieldPath, type PodTemplate } from './read-template';
import type { OwnerRef } from './types';

/** The workload kinds whose pods the simulator creates from their templates. */
export const WORKLOAD_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController']);

/**
 * A pod to be placed: from a pasted Pod, or made from a workload's template.
 * DaemonSet pods come with the node they are made for.
 */
export interface PlannedPod {
  readonly namespace: string;
  readonly name: string;
  readonly template: PodTemplate;
  /** Labels as the pod carries them: the template's plus those its controller adds. */
  readonly labels: Readonly<Record<string, string>>;
  readonly owner: OwnerRef | undefined;
  readonly workload: OwnerRef;
  readonly generated: boolean;
  readonly daemonSetNode: string | undefined;
  readonly hostname: string | undefined;
  readonly subdomain: string | undefined;
  readonly span: SourceSpan;
}

const templatePath = (kind: string): FieldPath => (kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template'] : ['spec', 'template']);

const keyOf = (namespace: string, kind: string, name: string) => `${namespace}/${kind}/${name}`;

/** The controller ownerReference of an object, as the API shows it. */
export function controllerOf(object: ManifestObject): OwnerRef | undefined {
  const refs = isMapping(object.body.metadata) ? object.body.metadata.ownerReferences : undefined;
  if (!Array.isArray(refs)) return undefined;
  const ref = refs.find((r) => isMapping(r) && r.controller === true) ?? refs.find(isMapping);
  if (!isMapping(ref) || typeof ref.name !== 'string') return undefined;
  return { kind: typeof ref.kind === 'string' ? ref.kind : '', name: ref.name };
}

/**
 * Decides which workloads still need pods made for them. A controller whose pods were pasted
 * (a dump of Pods with ownerReferences to it) makes none, so nothing is counted twice; a
 * Deployment whose ReplicaSets were pasted leaves the pods to those ReplicaSets.
 */
export function coveredControllers(objects: readonly ManifestObject[]): Set<string> {
  const covered = new Set<string>();
  for (const object of objects) {
    const owner = controllerOf(object);
    if (owner === undefined) continue;
    const namespace = object.namespace ?? 'default';
    covered.add(keyOf(namespace, owner.kind, owner.name));
    // A pod of a Deployment names its ReplicaSet `<deployment>-<pod-template-hash>`.
    const hash = object.kind === 'Pod' ? templateHashLabel(object) : undefined;
    if (owner.kind === 'ReplicaSet' && hash !== undefined && owner.name.endsWith(`-${hash}`)) {
      covered.add(keyOf(namespace, 'Deployment', owner.name.slice(0, -hash.length - 1)));
    }
  }
  return covered;
}

/** The workload a pasted pod belongs to, climbing from its ReplicaSet to the Deployment and from a Job to its CronJob. */
export function workloadOfPod(object: ManifestObject, owner: OwnerRef | undefined, byKey: ReadonlyMap<string, ManifestObject>): OwnerRef {
  if (owner === undefined || owner.kind === 'Node' || owner.kind === '') return { kind: 'Pod', name: object.name };
  const namespace = object.namespace ?? 'default';
  const pastedOwner = byKey.get(keyOf(namespace, owner.kind, owner.name));
  const grand = pastedOwner === undefined ? undefined : controllerOf(pastedOwner);
  if (grand !== undefined && (grand.kind === 'Deployment' || grand.kind === 'CronJob')) return grand;
  const hash = templateHashLabel(object);
  if (owner.kind === 'ReplicaSet' && hash !== undefined && owner.name.endsWith(`-${hash}`)) {
    return { kind: 'Deployment', name: owner.name.slice(0, -hash.length - 1) };
  }
  return owner;
}

/** The pod's `pod-template-hash` label, when it is a string. */
function templateHashLabel(object: ManifestObject): string | undefined {
  const labels = isMapping(object.body.metadata) ? object.body.metadata.labels : undefined;
  if (!isMapping(labels) || !Object.hasOwn(labels, 'pod-template-hash')) return undefined;
  const hash = labels['pod-template-hash'];
  return typeof hash === 'string' ? hash : undefined;
}

/**
 * The pods one workload runs, named the way its controller names them. `nodesForDaemonSet`
 * gives the nodes a DaemonSet's pod may run on (the scheduler decides that).
 */
export function expandWorkload(
  object: ManifestObject,
  diagnostics: Diagnostic[],
  nodesForDaemonSet: (template: PodTemplate) => readonly string[],
): PlannedPod[] {
  const base = templatePath(object.kind);
  const template = readPodTemplate(object, [...base, 'metadata'], [...base, 'spec'], diagnostics);
  if (template === undefined) return [];
  const namespace = object.namespace ?? 'default';
  const report = reporterFor(object, diagnostics);
  checkSelector(object, template, report);
  const workload: OwnerRef = { kind: object.kind, name: object.name };
  const span = object.spanOf([...base]);
  const plan = (name: string, owner: OwnerRef, extraLabels: Record<string, string>, more: Partial<PlannedPod> = {}): PlannedPod => ({
    namespace,
    name,
    template,
    labels: { ...template.labels, ...extraLabels },
    owner,
    workload,
    generated: true,
    daemonSetNode: undefined,
    hostname: template.hostname,
    subdomain: template.subdomain,
    span,
    ...more,
  });
  const templateJson = JSON.stringify(valueAt(object, base));

  switch (object.kind) {
    case 'Deployment': {
      const hash = podTemplateHash(templateJson);
      const replicaSet = `${object.name}-${hash}`;
      return range(replicas(object, report)).map((i) =>
        plan(`${replicaSet}-${randomSuffix(`${namespace}/${replicaSet}/${i}`)}`, { kind: 'ReplicaSet', name: replicaSet }, { 'pod-template-hash': hash }),
      );
    }
    case 'ReplicaSet':
    case 'ReplicationController':
      return range(replicas(object, report)).map((i) =>
        plan(`${object.name}-${randomSuffix(`${namespace}/${object.name}/${i}`)}`, workload, {}),
      );
    case 'StatefulSet': {
      const serviceName = valueAt(object, ['spec', 'serviceName']);
      const revision = `${object.name}-${podTemplateHash(templateJson)}`;
      // The StatefulSet controller sets hostname = pod name and subdomain = serviceName,
      // which gives each replica its DNS name behind the governing headless Service.
      return range(replicas(object, report)).map((i) =>
        plan(`${object.name}-${i}`, workload, {
          'apps.kubernetes.io/pod-index': String(i),
          'controller-revision-hash': revision,
          'statefulset.kubernetes.io/pod-name': `${object.name}-${i}`,
        }, { hostname: `${object.name}-${i}`, subdomain: typeof serviceName === 'string' ? serviceName : undefined }),
      );
    }
    case 'DaemonSet': {
      const revision = podTemplateHash(templateJson);
      return nodesForDaemonSet(template).map((node) =>
        plan(`${object.name}-${randomSuffix(`${namespace}/${object.name}/${node}`)}`, workload, {
          'controller-revision-hash': revision,
          'pod-template-generation': '1',
        }, { daemonSetNode: node }),
      );
    }
    case 'Job':
      return range(jobPods(object, ['spec'], report)).map((i) =>
        plan(`${object.name}-${randomSuffix(`${namespace}/${object.name}/${i}`)}`, workload, {
          'batch.kubernetes.io/job-name': object.name,
          'job-name': object.name,
        }),
      );
    case 'CronJob': {
      // A CronJob has pods only while a scheduled Job runs; the simulator shows one run.
      const job = cronJobRunName(object.name, `${namespace}/${object.name}`);
      return range(jobPods(object, ['spec', 'jobTemplate', 'spec'], report)).map((i) =>
        plan(`${job}-${randomSuffix(`${namespace}/${job}/${i}`)}`, { kind: 'Job', name: job }, {
          'batch.kubernetes.io/job-name': job,
          'job-name': job,
        }),
      );
    }
    default:
      return [];
  }
}

export function controllerKey(object: ManifestObject): string {
  return keyOf(object.namespace ?? 'default', object.kind, object.name);
}

function replicas(object: ManifestObject, report: ReturnType<typeof reporterFor>): number {
  return count(object, ['spec', 'replicas'], 1, report);
}

/** Pods a Job runs at once: `parallelism` (default 1), never more than `completions`. */
function jobPods(object: ManifestObject, specPath: FieldPath, report: ReturnType<typeof reporterFor>): number {
  const parallelism = count(object, [...specPath, 'parallelism'], 1, report);
  const completions = valueAt(object, [...specPath, 'completions']);
  return typeof completions === 'number' && Number.isInteger(completions) && completions >= 0 ? Math.min(parallelism, completions) : parallelism;
}

function count(object: ManifestObject, path: FieldPath, fallback: number, report: ReturnType<typeof reporterFor>): number {
  const value = valueAt(object, path);
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    report(clusterMessages.badReplicas(path.join('.'), describeValue(value)), path);
    return fallback;
  }
  return value;
}

function checkSelector(object: ManifestObject, template: PodTemplate, report: ReturnType<typeof reporterFor>): void {
  const selector = valueAt(object, ['spec', 'selector']);
  const matchLabels = isMapping(selector) && isMapping(selector.matchLabels) ? selector.matchLabels : undefined;
  if (matchLabels === undefined) return;
  const mismatch = Object.entries(matchLabels).some(([k, v]) => template.labels[k] !== String(v));
  if (mismatch) report(clusterMessages.workloadNoSelectorMatch(object.kind, object.name), ['spec', 'selector']);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
