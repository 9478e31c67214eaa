/**
 * Fields of known kinds that nothing built from the manifests reads: a dump is mostly these
 * (`managedFields`, the last-applied annotation, container probes, env and resources, container
 * statuses), and leaving them out of `ManifestObject.body` spares building and keeping millions
 * of values. The list is an allow-list of paths checked against every reader of the model
 * (unread-fields.test.ts runs the readers on bodies that record each access); any field not
 * named here is kept, unknown ones too.
 *
 * Not listed on purpose: anything under a workload's pod template (workloads.ts hashes the whole
 * template into the Deployment's pod names), a Service's annotations (external-dns), a pod's
 * `status.conditions` type and status (readiness).
 */

/** Which keys of a mapping to leave out, and the filters of the values of the others (`*`: every entry of a sequence). */
export interface FieldFilter {
  readonly drop: ReadonlySet<string>;
  readonly children: ReadonlyMap<string, FieldFilter>;
}

const CONTAINER = ['args', 'command', 'env', 'envFrom', 'imagePullPolicy', 'lifecycle', 'livenessProbe', 'readinessProbe', 'resources', 'securityContext', 'startupProbe', 'terminationMessagePath', 'terminationMessagePolicy', 'workingDir'];
const METADATA = ['metadata.managedFields'];
const METADATA_AND_ANNOTATIONS = [...METADATA, 'metadata.annotations'];
const CONDITION_DETAILS = ['lastProbeTime', 'lastTransitionTime', 'lastUpdateTime', 'message', 'reason'];

/** What the API server and the kubelet write that no reader here looks at: one line each, but 15 lines of every pod. */
const POD_BOOKKEEPING = [
  ...['creationTimestamp', 'generateName', 'resourceVersion', 'uid', 'selfLink'].map((key) => `metadata.${key}`),
  'metadata.ownerReferences.*.uid',
  'metadata.ownerReferences.*.blockOwnerDeletion',
  ...['enableServiceLinks', 'preemptionPolicy', 'priority', 'priorityClassName', 'schedulerName', 'serviceAccount', 'serviceAccountName', 'terminationGracePeriodSeconds', 'automountServiceAccountToken'].map((key) => `spec.${key}`),
  ...['hostIPs', 'podIPs', 'qosClass', 'startTime'].map((key) => `status.${key}`),
];

const POD = [
  ...METADATA_AND_ANNOTATIONS,
  ...POD_BOOKKEEPING,
  'spec.securityContext',
  ...CONTAINER.map((key) => `spec.containers.*.${key}`),
  ...CONTAINER.map((key) => `spec.initContainers.*.${key}`),
  // Only a volume's name and the reference of the sources read-volumes.ts names are read: the
  // service-account token volume every pod carries is 17 lines of projected sources.
  ...['projected.sources', 'downwardAPI.items', 'configMap.items', 'secret.items'].map((key) => `spec.volumes.*.${key}`),
  'status.containerStatuses',
  'status.initContainerStatuses',
  'status.ephemeralContainerStatuses',
  ...CONDITION_DETAILS.map((key) => `status.conditions.*.${key}`),
];
/** Outside the pod template: a workload's status but for a CronJob's (build.ts asks whether it has one). */
const WORKLOAD = [...METADATA_AND_ANNOTATIONS, 'status.conditions'];

const UNREAD: Readonly<Record<string, readonly string[]>> = {
  Pod: POD,
  Deployment: WORKLOAD,
  ReplicaSet: WORKLOAD,
  StatefulSet: WORKLOAD,
  DaemonSet: WORKLOAD,
  Job: WORKLOAD,
  CronJob: METADATA_AND_ANNOTATIONS,
  Node: [...METADATA_AND_ANNOTATIONS, 'status.images', 'status.nodeInfo', 'status.conditions', 'status.daemonEndpoints'],
  Namespace: METADATA,
  Service: METADATA,
  Endpoints: METADATA,
  EndpointSlice: METADATA,
  NetworkPolicy: METADATA,
};

/** A mapping that may be an object: nothing is left out until its `kind` is known; the entries of its `items` (a `List`'s) may be objects. */
export const OBJECT_FIELDS: FieldFilter = { drop: new Set(), children: new Map() };
const ITEMS: FieldFilter = { drop: new Set(), children: new Map([['*', OBJECT_FIELDS]]) };
(OBJECT_FIELDS.children as Map<string, FieldFilter>).set('items', ITEMS);

function compile(paths: readonly string[], top: boolean): FieldFilter {
  const drop = new Set<string>();
  const nested = new Map<string, string[]>();
  for (const path of paths) {
    const dot = path.indexOf('.');
    if (dot < 0) drop.add(path);
    else {
      const head = path.slice(0, dot);
      nested.set(head, [...(nested.get(head) ?? []), path.slice(dot + 1)]);
    }
  }
  // An object's `items` is read as a List's whatever the kind, so that the order of the keys does not matter.
  const children = new Map<string, FieldFilter>(top ? [['items', ITEMS]] : []);
  for (const [head, rest] of nested) children.set(head, compile(rest, false));
  return { drop, children };
}

const FILTERS = new Map(Object.entries(UNREAD).map(([kind, paths]) => [kind, compile(paths, true)]));

/** The filter of an object once its `kind` is read. */
export function filterOfKind(kind: unknown): FieldFilter {
  return (typeof kind === 'string' ? FILTERS.get(kind) : undefined) ?? OBJECT_FIELDS;
}

/**
 * Leaves the unread fields out of a document's value (an object, or a `List` of them), in
 * place: for values read by js-yaml or the JSON reader, and for objects whose `kind` the subset
 * reader met only after their other fields.
 */
export function dropUnreadFields(value: unknown): void {
  applyFilter(value, OBJECT_FIELDS);
}

function applyFilter(value: unknown, filter: FieldFilter): void {
  if (Array.isArray(value)) {
    const each = filter.children.get('*');
    if (each !== undefined) for (const item of value) applyFilter(item, each);
    return;
  }
  if (!isMapping(value)) return;
  const fields = filter === OBJECT_FIELDS ? filterOfKind(value.kind) : filter;
  for (const key of fields.drop) if (Object.prototype.hasOwnProperty.call(value, key)) delete value[key];
  for (const [key, child] of fields.children) if (Object.prototype.hasOwnProperty.call(value, key)) applyFilter(value[key], child);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every path the list leaves out, per kind (`*` for any entry of a sequence), for tests. */
export const UNREAD_FIELDS: Readonly<Record<string, readonly string[]>> = UNREAD;
