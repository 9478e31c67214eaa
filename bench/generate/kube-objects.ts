/**
 * Builders for Kubernetes objects as the API server returns them: defaults filled in,
 * admission additions (service-account token volume, default tolerations), controller-owned
 * metadata (ownerReferences, pod-template-hash, generateName), managedFields with fieldsV1,
 * and the status a healthy cluster reports. Everything derives from a seed, so the same
 * description always gives the same bytes.
 *
 * Used by the realistic fixture (bench/generate/fixture.ts) and the bench dump generator
 * (bench/generate/dump.ts).
 */
import { createHash } from 'node:crypto';
import type { Json } from './kube-yaml';

export type JsonObject = { [key: string]: Json };
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

// ---------------------------------------------------------------------------------------------
// Deterministic identities
// ---------------------------------------------------------------------------------------------

export function hexOf(seed: string, length: number): string {
  let out = '';
  for (let round = 0; out.length < length; round++) out += createHash('sha256').update(`${round}:${seed}`).digest('hex');
  return out.slice(0, length);
}

/** A version-4 UUID, as the API server gives every object. */
export function uidOf(seed: string): string {
  const h = hexOf(`uid:${seed}`, 32);
  const variant = '89ab'[parseInt(h[16]!, 16) % 4]!;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The alphabet of generated name suffixes and pod-template-hash values (apimachinery SafeEncodeString). */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function safeString(seed: string, length: number): string {
  const h = hexOf(`safe:${seed}`, length * 2);
  let out = '';
  for (let i = 0; i < length; i++) out += SAFE_ALPHABET[parseInt(h.slice(i * 2, i * 2 + 2), 16) % SAFE_ALPHABET.length];
  return out;
}

/** A pod-template-hash / controller-revision-hash: 10 characters, never all digits. */
export function templateHash(seed: string): string {
  for (let attempt = 0; ; attempt++) {
    const hash = safeString(`template:${attempt}:${seed}`, 10);
    if (/[a-z]/.test(hash)) return hash;
  }
}

/** A MAC address with the locally administered bit set. */
export function macOf(seed: string): string {
  const h = hexOf(`mac:${seed}`, 12);
  const first = ((parseInt(h.slice(0, 2), 16) & 0xfe) | 0x02).toString(16).padStart(2, '0');
  return [first, h.slice(2, 4), h.slice(4, 6), h.slice(6, 8), h.slice(8, 10), h.slice(10, 12)].join(':');
}

/**
 * Clock and resourceVersion counter of one cluster. Times are seconds after the cluster was
 * created; resourceVersions grow in the order objects are written, as etcd revisions do.
 */
export class ClusterClock {
  private revision: number;

  constructor(
    private readonly startMs: number,
    firstRevision: number,
  ) {
    this.revision = firstRevision;
  }

  at(seconds: number): string {
    return new Date(this.startMs + Math.round(seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  nextResourceVersion(step = 1): string {
    this.revision += step;
    return String(this.revision);
  }
}

// ---------------------------------------------------------------------------------------------
// managedFields
// ---------------------------------------------------------------------------------------------

/** Merge keys of the associative lists that server-side apply tracks item by item. */
const MERGE_KEYS: Record<string, readonly string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  volumeMounts: ['mountPath'],
  conditions: ['type'],
  podIPs: ['ip'],
  hostIPs: ['ip'],
  ownerReferences: ['uid'],
  addresses: ['type'],
};
/** Maps whose entries are tracked one by one (`.: {}` plus `f:<key>`). */
const GRANULAR_MAPS = new Set(['labels', 'annotations', 'nodeSelector']);
/** Lists that do not exist until something sets them, so the list itself is owned too. */
const OWNED_LISTS = new Set(['ports', 'env', 'volumeMounts', 'podIPs', 'ownerReferences', 'volumes']);

/**
 * The fieldsV1 set of `value`: every field it sets, the way the API server records what a
 * manager owns. `path` is the field name chain, used to tell a Service's `ports` (keyed by
 * port and protocol) from a container's (keyed by containerPort and protocol).
 */
export function fieldsV1(value: Json, key = ''): JsonObject {
  if (value === null || typeof value !== 'object') return {};
  if (Array.isArray(value)) {
    const items = value as readonly Json[];
    const mergeKey = key === 'ports' ? portMergeKey(items) : MERGE_KEYS[key];
    if (mergeKey === undefined || items.length === 0) return {};
    const out: JsonObject = OWNED_LISTS.has(key) ? { '.': {} } : {};
    for (const item of items) {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) return {};
      const record = item as JsonObject;
      const id: JsonObject = {};
      for (const k of mergeKey) if (record[k] !== undefined) id[k] = record[k]!;
      out[`k:${JSON.stringify(id)}`] = { '.': {}, ...fieldsV1(record) };
    }
    return out;
  }
  const object = value as JsonObject;
  const entries = Object.keys(object);
  if (entries.length === 0) return {};
  // A LabelSelector and a resource list are atomic: owned as a whole.
  if (key === 'selector' && ('matchLabels' in object || 'matchExpressions' in object)) return {};
  const out: JsonObject = GRANULAR_MAPS.has(key) || (key === 'selector' && !('matchLabels' in object)) ? { '.': {} } : {};
  for (const k of entries) out[`f:${k}`] = fieldsV1(object[k]!, k);
  return out;
}

function portMergeKey(items: readonly Json[]): readonly string[] {
  const first = items[0];
  return first !== null && typeof first === 'object' && !Array.isArray(first) && 'containerPort' in first ? ['containerPort', 'protocol'] : ['port', 'protocol'];
}

export interface ManagedEntry {
  readonly manager: string;
  readonly operation: 'Update' | 'Apply';
  readonly apiVersion: string;
  readonly time: string;
  /** The part of the object this manager set. */
  readonly fields: JsonObject;
  readonly subresource?: 'status' | 'scale';
}

export function managedFields(entries: readonly ManagedEntry[]): Json[] {
  return entries.map((e) => ({
    apiVersion: e.apiVersion,
    fieldsType: 'FieldsV1',
    fieldsV1: fieldsV1(e.fields),
    manager: e.manager,
    operation: e.operation,
    ...(e.subresource === undefined ? {} : { subresource: e.subresource }),
    time: e.time,
  }));
}

/** `kubectl apply`'s annotation: the object as written, as Go's json.Marshal prints it (sorted keys). */
export function lastApplied(applied: JsonObject): string {
  return `${sortedJson(applied)}\n`;
}

function sortedJson(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${(value as readonly Json[]).map(sortedJson).join(',')}]`;
  const object = value as JsonObject;
  const keys = Object.keys(object).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson(object[k]!)}`).join(',')}}`;
}

// ---------------------------------------------------------------------------------------------
// What people write: containers and pod templates
// ---------------------------------------------------------------------------------------------

export interface ContainerPortSpec {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: Protocol;
}

export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly ports?: readonly ContainerPortSpec[];
  readonly env?: readonly JsonObject[];
  readonly readinessProbe?: JsonObject;
  readonly livenessProbe?: JsonObject;
  readonly resources?: JsonObject;
  readonly volumeMounts?: readonly JsonObject[];
  readonly securityContext?: JsonObject;
}

export interface TemplateSpec {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly containers: readonly ContainerSpec[];
  readonly initContainers?: readonly ContainerSpec[];
  readonly serviceAccountName?: string;
  readonly hostNetwork?: boolean;
  readonly dnsPolicy?: string;
  readonly priorityClassName?: string;
  readonly tolerations?: readonly JsonObject[];
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly affinity?: JsonObject;
  readonly volumes?: readonly JsonObject[];
  readonly securityContext?: JsonObject;
  readonly terminationGracePeriodSeconds?: number;
  readonly hostname?: string;
  readonly subdomain?: string;
}

/** Drops undefined fields, so optional parts of a description vanish from the object. */
export function compact(object: Record<string, Json | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(object)) if (v !== undefined) out[k] = v;
  return out;
}

function personContainer(c: ContainerSpec): JsonObject {
  return compact({
    name: c.name,
    image: c.image,
    command: c.command === undefined ? undefined : [...c.command],
    args: c.args === undefined ? undefined : [...c.args],
    ports: c.ports === undefined ? undefined : c.ports.map((p) => compact({ name: p.name, containerPort: p.containerPort, protocol: p.protocol })),
    env: c.env === undefined ? undefined : [...c.env],
    readinessProbe: c.readinessProbe,
    livenessProbe: c.livenessProbe,
    resources: c.resources,
    volumeMounts: c.volumeMounts === undefined ? undefined : [...c.volumeMounts],
    securityContext: c.securityContext,
  });
}

/** A pod template as written in a manifest. */
export function personTemplate(t: TemplateSpec): JsonObject {
  return {
    metadata: compact({ labels: { ...t.labels }, annotations: t.annotations === undefined ? undefined : { ...t.annotations } }),
    spec: personPodSpec(t),
  };
}

export function personPodSpec(t: TemplateSpec): JsonObject {
  return compact({
    hostname: t.hostname,
    subdomain: t.subdomain,
    hostNetwork: t.hostNetwork,
    dnsPolicy: t.dnsPolicy,
    priorityClassName: t.priorityClassName,
    serviceAccountName: t.serviceAccountName,
    nodeSelector: t.nodeSelector === undefined ? undefined : { ...t.nodeSelector },
    affinity: t.affinity,
    tolerations: t.tolerations === undefined ? undefined : [...t.tolerations],
    securityContext: t.securityContext,
    terminationGracePeriodSeconds: t.terminationGracePeriodSeconds,
    initContainers: t.initContainers === undefined ? undefined : t.initContainers.map(personContainer),
    containers: t.containers.map(personContainer),
    volumes: t.volumes === undefined ? undefined : [...t.volumes],
  });
}

function defaultedProbe(probe: JsonObject | undefined): JsonObject | undefined {
  if (probe === undefined) return undefined;
  const out: JsonObject = { failureThreshold: 3, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1, ...probe };
  const http = probe.httpGet;
  if (http !== undefined && http !== null && typeof http === 'object' && !Array.isArray(http)) out.httpGet = { scheme: 'HTTP', ...(http as JsonObject) };
  const grpc = probe.grpc;
  if (grpc !== undefined && grpc !== null && typeof grpc === 'object' && !Array.isArray(grpc)) out.grpc = { service: '', ...(grpc as JsonObject) };
  return out;
}

function defaultedVolume(volume: JsonObject): JsonObject {
  const out: JsonObject = { ...volume };
  const cm = volume.configMap;
  if (cm !== undefined && cm !== null && typeof cm === 'object' && !Array.isArray(cm)) out.configMap = { defaultMode: 420, ...(cm as JsonObject) };
  const hp = volume.hostPath;
  if (hp !== undefined && hp !== null && typeof hp === 'object' && !Array.isArray(hp)) out.hostPath = { type: '', ...(hp as JsonObject) };
  return out;
}

function defaultedContainer(c: ContainerSpec, extraMounts: readonly JsonObject[]): JsonObject {
  const latest = !c.image.includes(':') || c.image.endsWith(':latest');
  const env = c.env?.map((e) => {
    const from = e.valueFrom;
    if (from !== undefined && from !== null && typeof from === 'object' && !Array.isArray(from) && 'fieldRef' in from) {
      return { ...e, valueFrom: { fieldRef: { apiVersion: 'v1', ...((from as JsonObject).fieldRef as JsonObject) } } };
    }
    return e;
  });
  const mounts = [...(c.volumeMounts ?? []), ...extraMounts];
  return compact({
    name: c.name,
    image: c.image,
    imagePullPolicy: latest ? 'Always' : 'IfNotPresent',
    command: c.command === undefined ? undefined : [...c.command],
    args: c.args === undefined ? undefined : [...c.args],
    ports: c.ports === undefined ? undefined : c.ports.map((p) => compact({ name: p.name, containerPort: p.containerPort, protocol: p.protocol ?? 'TCP' })),
    env,
    readinessProbe: defaultedProbe(c.readinessProbe),
    livenessProbe: defaultedProbe(c.livenessProbe),
    resources: c.resources ?? {},
    securityContext: c.securityContext,
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    volumeMounts: mounts.length === 0 ? undefined : mounts,
  });
}

/** A pod template after the API server's defaulting (what a Deployment or ReplicaSet shows). */
export function defaultedTemplate(t: TemplateSpec): JsonObject {
  return {
    metadata: compact({ creationTimestamp: null, labels: { ...t.labels }, annotations: t.annotations === undefined ? undefined : { ...t.annotations } }),
    spec: defaultedPodSpec(t, []),
  };
}

function defaultedPodSpec(t: TemplateSpec, extraMounts: readonly JsonObject[]): JsonObject {
  return compact({
    affinity: t.affinity,
    containers: t.containers.map((c) => defaultedContainer(c, extraMounts)),
    dnsPolicy: t.dnsPolicy ?? 'ClusterFirst',
    hostNetwork: t.hostNetwork,
    hostname: t.hostname,
    initContainers: t.initContainers === undefined ? undefined : t.initContainers.map((c) => defaultedContainer(c, extraMounts)),
    nodeSelector: t.nodeSelector === undefined ? undefined : { ...t.nodeSelector },
    priorityClassName: t.priorityClassName,
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: t.securityContext ?? {},
    serviceAccount: t.serviceAccountName,
    serviceAccountName: t.serviceAccountName,
    subdomain: t.subdomain,
    terminationGracePeriodSeconds: t.terminationGracePeriodSeconds ?? 30,
    tolerations: t.tolerations === undefined ? undefined : [...t.tolerations],
    volumes: t.volumes === undefined ? undefined : t.volumes.map(defaultedVolume),
  });
}

const PRIORITY: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

const NOT_READY_TOLERATIONS: JsonObject[] = [
  { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
  { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
];

/** The tolerations the DaemonSet controller adds to every pod it makes. */
function daemonSetTolerations(hostNetwork: boolean): JsonObject[] {
  return [
    { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists' },
    { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists' },
    { effect: 'NoSchedule', key: 'node.kubernetes.io/disk-pressure', operator: 'Exists' },
    { effect: 'NoSchedule', key: 'node.kubernetes.io/memory-pressure', operator: 'Exists' },
    { effect: 'NoSchedule', key: 'node.kubernetes.io/pid-pressure', operator: 'Exists' },
    { effect: 'NoSchedule', key: 'node.kubernetes.io/unschedulable', operator: 'Exists' },
    ...(hostNetwork ? [{ effect: 'NoSchedule', key: 'node.kubernetes.io/network-unavailable', operator: 'Exists' }] : []),
  ];
}

// ---------------------------------------------------------------------------------------------
// Objects
// ---------------------------------------------------------------------------------------------

export interface OwnerRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
}

function ownerReference(owner: OwnerRef): JsonObject {
  return { apiVersion: owner.apiVersion, blockOwnerDeletion: true, controller: true, kind: owner.kind, name: owner.name, uid: owner.uid };
}

export interface NodeSpec {
  readonly name: string;
  readonly internalIP: string;
  readonly podCIDR: string;
  readonly controlPlane: boolean;
  readonly labels?: Readonly<Record<string, string>>;
  /** Seconds after cluster creation that the node joined. */
  readonly joined: number;
  readonly kubeletVersion: string;
  readonly cpu: number;
  readonly memoryGi: number;
}

export function nodeObject(clock: ClusterClock, n: NodeSpec): JsonObject {
  const t = (s: number) => clock.at(n.joined + s);
  const memoryKi = n.memoryGi * 1024 * 1024;
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
    ...(n.controlPlane ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}),
    ...n.labels,
  };
  const annotations: Record<string, string> = {
    'flannel.alpha.coreos.com/backend-data': JSON.stringify({ VNI: 1, VtepMAC: macOf(`${n.name}/flannel.1`) }),
    'flannel.alpha.coreos.com/backend-type': 'vxlan',
    'flannel.alpha.coreos.com/kube-subnet-manager': 'true',
    'flannel.alpha.coreos.com/public-ip': n.internalIP,
    'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
    'node.alpha.kubernetes.io/ttl': '0',
    'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
  };
  const spec: JsonObject = {
    podCIDR: n.podCIDR,
    podCIDRs: [n.podCIDR],
    ...(n.controlPlane ? { taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] } : {}),
  };
  const condition = (type: string, status: string, reason: string, message: string, since: number): JsonObject => ({
    lastHeartbeatTime: t(86_000),
    lastTransitionTime: t(since),
    message,
    reason,
    status,
    type,
  });
  const capacity = { cpu: String(n.cpu), 'ephemeral-storage': '101202244Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: `${memoryKi}Ki`, pods: '110' };
  const status: JsonObject = {
    addresses: [
      { address: n.internalIP, type: 'InternalIP' },
      { address: n.name, type: 'Hostname' },
    ],
    allocatable: { ...capacity, 'ephemeral-storage': '93267714051', memory: `${memoryKi - 102400}Ki` },
    capacity,
    conditions: [
      { lastHeartbeatTime: t(95), lastTransitionTime: t(95), message: 'Flannel is running on this node', reason: 'FlannelIsUp', status: 'False', type: 'NetworkUnavailable' },
      condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', 0),
      condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', 0),
      condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', 0),
      condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', 101),
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    images: [
      { names: [`registry.k8s.io/kube-proxy@sha256:${hexOf(`img:kube-proxy:${n.kubeletVersion}`, 64)}`, `registry.k8s.io/kube-proxy:${n.kubeletVersion}`], sizeBytes: 29057356 },
      { names: [`docker.io/flannel/flannel@sha256:${hexOf('img:flannel', 64)}`, 'docker.io/flannel/flannel:v0.25.6'], sizeBytes: 31432133 },
      { names: [`registry.k8s.io/pause@sha256:${hexOf('img:pause', 64)}`, 'registry.k8s.io/pause:3.9'], sizeBytes: 321520 },
    ],
    nodeInfo: {
      architecture: 'amd64',
      bootID: uidOf(`boot:${n.name}`),
      containerRuntimeVersion: 'containerd://1.7.18',
      kernelVersion: '5.15.0-116-generic',
      kubeProxyVersion: n.kubeletVersion,
      kubeletVersion: n.kubeletVersion,
      machineID: hexOf(`machine:${n.name}`, 32),
      operatingSystem: 'linux',
      osImage: 'Ubuntu 22.04.4 LTS',
      systemUUID: uidOf(`system:${n.name}`),
    },
  };
  const kubeletLabels = Object.fromEntries(Object.entries(labels).filter(([k]) => !k.startsWith('node-role') && !k.startsWith('node.kubernetes.io/exclude')));
  const managed = managedFields([
    {
      manager: 'kubelet',
      operation: 'Update',
      apiVersion: 'v1',
      time: t(0),
      fields: { metadata: { annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' }, labels: kubeletLabels } },
    },
    ...(n.controlPlane
      ? [{ manager: 'kubeadm', operation: 'Update' as const, apiVersion: 'v1', time: t(4), fields: { metadata: { annotations: { 'kubeadm.alpha.kubernetes.io/cri-socket': '' }, labels: { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } }, spec: { taints: [] } } }]
      : [{ manager: 'kubeadm', operation: 'Update' as const, apiVersion: 'v1', time: t(2), fields: { metadata: { annotations: { 'kubeadm.alpha.kubernetes.io/cri-socket': '' } } } }]),
    { manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'v1', time: t(12), fields: { metadata: { annotations: { 'node.alpha.kubernetes.io/ttl': '' } }, spec: { podCIDR: '', podCIDRs: [] } } },
    {
      manager: 'flanneld',
      operation: 'Update',
      apiVersion: 'v1',
      time: t(95),
      subresource: 'status',
      fields: { metadata: { annotations: Object.fromEntries(Object.entries(annotations).filter(([k]) => k.startsWith('flannel'))) }, status: { conditions: [{ type: 'NetworkUnavailable', lastHeartbeatTime: '', lastTransitionTime: '', message: '', reason: '', status: '' }] } },
    },
    { manager: 'kubelet', operation: 'Update', apiVersion: 'v1', time: t(86_000), subresource: 'status', fields: { status: { ...status, addresses: status.addresses!, conditions: (status.conditions as JsonObject[]).slice(1) } } },
  ]);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      annotations,
      creationTimestamp: t(0),
      labels,
      managedFields: managed,
      name: n.name,
      resourceVersion: clock.nextResourceVersion(37),
      uid: uidOf(`node:${n.name}`),
    },
    spec,
    status,
  };
}

export interface NamespaceSpec {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly created: number;
  /** Created with `kubectl apply` (else by the API server or an installer). */
  readonly applied: boolean;
}

export function personNamespace(n: NamespaceSpec): JsonObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: compact({ name: n.name, labels: n.labels === undefined ? undefined : { ...n.labels } }) };
}

export function namespaceObject(clock: ClusterClock, n: NamespaceSpec): JsonObject {
  const labels = { 'kubernetes.io/metadata.name': n.name, ...n.labels };
  const applied = personNamespace(n);
  const annotations = n.applied ? { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied({ ...applied, metadata: { annotations: {}, ...(applied.metadata as JsonObject) } }) } : undefined;
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: compact({
      annotations,
      creationTimestamp: clock.at(n.created),
      labels,
      managedFields: managedFields([
        {
          manager: n.applied ? 'kubectl-client-side-apply' : 'kube-apiserver',
          operation: 'Update',
          apiVersion: 'v1',
          time: clock.at(n.created),
          fields: { metadata: compact({ annotations: annotations === undefined ? undefined : { 'kubectl.kubernetes.io/last-applied-configuration': '' }, labels }) },
        },
      ]),
      name: n.name,
      resourceVersion: clock.nextResourceVersion(3),
      uid: uidOf(`namespace:${n.name}`),
    }),
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

/** Where one pod runs and what the runtime gave it. */
export interface PodPlacement {
  readonly node: string;
  readonly hostIP: string;
  /** The pod's IP: from the node's pod CIDR, or the node's own address for hostNetwork pods. */
  readonly podIP: string;
  /** Seconds after cluster creation that the pod was created. */
  readonly created: number;
}

export interface WorkloadSpec {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly selector: Readonly<Record<string, string>>;
  readonly template: TemplateSpec;
  /** Seconds after cluster creation. */
  readonly created: number;
  /** `kubectl-client-side-apply` wrote it (with the last-applied annotation), else an installer such as kubeadm. */
  readonly manager: string;
}

export interface DeploymentSpec extends WorkloadSpec {
  readonly replicas: number;
  readonly strategy?: JsonObject;
}

export interface StatefulSetSpec extends WorkloadSpec {
  readonly replicas: number;
  readonly serviceName: string;
}

export type DaemonSetSpec = WorkloadSpec;

function personWorkloadBase(kind: string, w: WorkloadSpec): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: compact({ name: w.name, namespace: w.namespace, labels: { ...w.labels }, annotations: w.annotations === undefined ? undefined : { ...w.annotations } }),
  };
}

export function personDeployment(d: DeploymentSpec): JsonObject {
  return {
    ...personWorkloadBase('Deployment', d),
    spec: compact({ replicas: d.replicas, strategy: d.strategy, selector: { matchLabels: { ...d.selector } }, template: personTemplate(d.template) }),
  };
}

export function personStatefulSet(s: StatefulSetSpec): JsonObject {
  return {
    ...personWorkloadBase('StatefulSet', s),
    spec: { serviceName: s.serviceName, replicas: s.replicas, selector: { matchLabels: { ...s.selector } }, template: personTemplate(s.template) },
  };
}

export function personDaemonSet(d: DaemonSetSpec): JsonObject {
  return {
    ...personWorkloadBase('DaemonSet', d),
    spec: { selector: { matchLabels: { ...d.selector } }, template: personTemplate(d.template) },
  };
}

function appliedAnnotations(w: WorkloadSpec, person: JsonObject): Record<string, string> {
  const meta = person.metadata as JsonObject;
  return w.manager === 'kubectl-client-side-apply'
    ? { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied({ ...person, metadata: { annotations: { ...w.annotations }, ...meta } }) }
    : {};
}

function workloadManagedFields(w: WorkloadSpec, clock: ClusterClock, specFields: JsonObject, annotations: Record<string, string>, apiVersion: string): ManagedEntry {
  return {
    manager: w.manager,
    operation: 'Update',
    apiVersion,
    time: clock.at(w.created),
    fields: { metadata: compact({ annotations: Object.keys(annotations).length === 0 ? undefined : blank(annotations), labels: blank(w.labels) }), spec: specFields },
  };
}

function blank(map: Readonly<Record<string, string>>): JsonObject {
  return Object.fromEntries(Object.keys(map).map((k) => [k, '']));
}

/** A Deployment with its ReplicaSet and pods, as one rollout left them. */
export function deploymentObjects(clock: ClusterClock, d: DeploymentSpec, placements: readonly PodPlacement[]): { deployment: JsonObject; replicaSet: JsonObject; pods: JsonObject[] } {
  const person = personDeployment(d);
  const template = defaultedTemplate(d.template);
  const hash = templateHash(`${d.namespace}/${d.name}:${JSON.stringify(template)}`);
  const rsName = `${d.name}-${hash}`;
  const deploymentUid = uidOf(`deployment:${d.namespace}/${d.name}`);
  const rsUid = uidOf(`replicaset:${d.namespace}/${rsName}`);
  const ready = placements.length;
  const annotations = { ...d.annotations, ...appliedAnnotations(d, person), 'deployment.kubernetes.io/revision': '1' };
  const strategy = d.strategy ?? { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' };
  const spec: JsonObject = {
    progressDeadlineSeconds: 600,
    replicas: d.replicas,
    revisionHistoryLimit: 10,
    selector: { matchLabels: { ...d.selector } },
    strategy,
    template,
  };
  const rolledOut = d.created + 1 + Math.max(0, ...placements.map((p) => p.created - d.created)) + 9;
  const status: JsonObject = {
    availableReplicas: ready,
    conditions: [
      { lastTransitionTime: clock.at(rolledOut), lastUpdateTime: clock.at(rolledOut), message: 'Deployment has minimum availability.', reason: 'MinimumReplicasAvailable', status: 'True', type: 'Available' },
      { lastTransitionTime: clock.at(d.created), lastUpdateTime: clock.at(rolledOut), message: `ReplicaSet "${rsName}" has successfully progressed.`, reason: 'NewReplicaSetAvailable', status: 'True', type: 'Progressing' },
    ],
    observedGeneration: 1,
    readyReplicas: ready,
    replicas: ready,
    updatedReplicas: ready,
  };
  const { metadata: _metadata, ...specFieldsFromPerson } = person;
  const deployment: JsonObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      annotations,
      creationTimestamp: clock.at(d.created),
      generation: 1,
      labels: { ...d.labels },
      managedFields: managedFields([
        workloadManagedFields(d, clock, { ...(specFieldsFromPerson.spec as JsonObject), progressDeadlineSeconds: 0, revisionHistoryLimit: 0, strategy, template: { metadata: template.metadata as JsonObject, spec: template.spec as JsonObject } }, appliedAnnotations(d, person), 'apps/v1'),
        { manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'apps/v1', time: clock.at(rolledOut), subresource: 'status', fields: { metadata: { annotations: { 'deployment.kubernetes.io/revision': '' } }, status } },
      ]),
      name: d.name,
      namespace: d.namespace,
      resourceVersion: clock.nextResourceVersion(5),
      uid: deploymentUid,
    },
    spec,
    status,
  };

  const podLabels = { ...d.template.labels, 'pod-template-hash': hash };
  const rsTemplate = { metadata: { ...(template.metadata as JsonObject), labels: podLabels }, spec: template.spec as JsonObject };
  const rsSpec: JsonObject = { replicas: d.replicas, selector: { matchLabels: { ...d.selector, 'pod-template-hash': hash } }, template: rsTemplate };
  const rsStatus: JsonObject = { availableReplicas: ready, fullyLabeledReplicas: ready, observedGeneration: 1, readyReplicas: ready, replicas: ready };
  const rsAnnotations = {
    'deployment.kubernetes.io/desired-replicas': String(d.replicas),
    'deployment.kubernetes.io/max-replicas': String(d.replicas + Math.ceil(d.replicas / 4)),
    'deployment.kubernetes.io/revision': '1',
  };
  const rsOwner: OwnerRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: d.name, uid: deploymentUid };
  const replicaSet: JsonObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      annotations: rsAnnotations,
      creationTimestamp: clock.at(d.created + 1),
      generation: 1,
      labels: podLabels,
      managedFields: managedFields([
        { manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'apps/v1', time: clock.at(d.created + 1), fields: { metadata: { annotations: blank(rsAnnotations), labels: blank(podLabels), ownerReferences: [ownerReference(rsOwner)] }, spec: rsSpec } },
        { manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'apps/v1', time: clock.at(rolledOut), subresource: 'status', fields: { status: rsStatus } },
      ]),
      name: rsName,
      namespace: d.namespace,
      ownerReferences: [ownerReference(rsOwner)],
      resourceVersion: clock.nextResourceVersion(4),
      uid: rsUid,
    },
    spec: rsSpec,
    status: rsStatus,
  };
  const owner: OwnerRef = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName, uid: rsUid };
  const pods = placements.map((p, i) =>
    podObject(clock, {
      namespace: d.namespace,
      name: `${rsName}-${safeString(`${d.namespace}/${rsName}/${i}`, 5)}`,
      generateName: `${rsName}-`,
      labels: podLabels,
      template: d.template,
      owner,
      placement: p,
    }),
  );
  return { deployment, replicaSet, pods };
}

export function statefulSetObjects(clock: ClusterClock, s: StatefulSetSpec, placements: readonly PodPlacement[]): { statefulSet: JsonObject; pods: JsonObject[] } {
  const person = personStatefulSet(s);
  const template = defaultedTemplate(s.template);
  const revision = `${s.name}-${templateHash(`${s.namespace}/${s.name}:${JSON.stringify(template)}`)}`;
  const uid = uidOf(`statefulset:${s.namespace}/${s.name}`);
  const annotations = { ...s.annotations, ...appliedAnnotations(s, person) };
  const ready = placements.length;
  const spec: JsonObject = {
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    podManagementPolicy: 'OrderedReady',
    replicas: s.replicas,
    revisionHistoryLimit: 10,
    selector: { matchLabels: { ...s.selector } },
    serviceName: s.serviceName,
    template,
    updateStrategy: { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' },
  };
  const status: JsonObject = {
    availableReplicas: ready,
    collisionCount: 0,
    currentReplicas: ready,
    currentRevision: revision,
    observedGeneration: 1,
    readyReplicas: ready,
    replicas: ready,
    updateRevision: revision,
    updatedReplicas: ready,
  };
  const done = Math.max(s.created, ...placements.map((p) => p.created)) + 8;
  const statefulSet: JsonObject = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: compact({
      annotations: Object.keys(annotations).length === 0 ? undefined : annotations,
      creationTimestamp: clock.at(s.created),
      generation: 1,
      labels: { ...s.labels },
      managedFields: managedFields([
        workloadManagedFields(s, clock, { ...spec, persistentVolumeClaimRetentionPolicy: {}, template: { metadata: template.metadata as JsonObject, spec: template.spec as JsonObject } }, appliedAnnotations(s, person), 'apps/v1'),
        { manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'apps/v1', time: clock.at(done), subresource: 'status', fields: { status } },
      ]),
      name: s.name,
      namespace: s.namespace,
      resourceVersion: clock.nextResourceVersion(6),
      uid,
    }),
    spec,
    status,
  };
  const owner: OwnerRef = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: s.name, uid };
  const pods = placements.map((p, i) =>
    podObject(clock, {
      namespace: s.namespace,
      name: `${s.name}-${i}`,
      generateName: `${s.name}-`,
      labels: {
        ...s.template.labels,
        'apps.kubernetes.io/pod-index': String(i),
        'controller-revision-hash': revision,
        'statefulset.kubernetes.io/pod-name': `${s.name}-${i}`,
      },
      template: { ...s.template, hostname: `${s.name}-${i}`, subdomain: s.serviceName },
      owner,
      placement: p,
    }),
  );
  return { statefulSet, pods };
}

export function daemonSetObjects(clock: ClusterClock, d: DaemonSetSpec, placements: readonly PodPlacement[]): { daemonSet: JsonObject; pods: JsonObject[] } {
  const person = personDaemonSet(d);
  const template = defaultedTemplate(d.template);
  const revision = templateHash(`${d.namespace}/${d.name}:${JSON.stringify(template)}`);
  const uid = uidOf(`daemonset:${d.namespace}/${d.name}`);
  const annotations = { ...d.annotations, 'deprecated.daemonset.template.generation': '1', ...appliedAnnotations(d, person) };
  const n = placements.length;
  const spec: JsonObject = {
    revisionHistoryLimit: 10,
    selector: { matchLabels: { ...d.selector } },
    template,
    updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' },
  };
  const status: JsonObject = {
    currentNumberScheduled: n,
    desiredNumberScheduled: n,
    numberAvailable: n,
    numberMisscheduled: 0,
    numberReady: n,
    observedGeneration: 1,
    updatedNumberScheduled: n,
  };
  const done = Math.max(d.created, ...placements.map((p) => p.created)) + 15;
  const daemonSet: JsonObject = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      annotations,
      creationTimestamp: clock.at(d.created),
      generation: 1,
      labels: { ...d.labels },
      managedFields: managedFields([
        workloadManagedFields(d, clock, { ...spec, template: { metadata: template.metadata as JsonObject, spec: template.spec as JsonObject } }, { ...appliedAnnotations(d, person), 'deprecated.daemonset.template.generation': '1' }, 'apps/v1'),
        { manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'apps/v1', time: clock.at(done), subresource: 'status', fields: { status } },
      ]),
      name: d.name,
      namespace: d.namespace,
      resourceVersion: clock.nextResourceVersion(9),
      uid,
    },
    spec,
    status,
  };
  const owner: OwnerRef = { apiVersion: 'apps/v1', kind: 'DaemonSet', name: d.name, uid };
  const pods = placements.map((p) =>
    podObject(clock, {
      namespace: d.namespace,
      name: `${d.name}-${safeString(`${d.namespace}/${d.name}/${p.node}`, 5)}`,
      generateName: `${d.name}-`,
      labels: { ...d.template.labels, 'controller-revision-hash': revision, 'pod-template-generation': '1' },
      template: d.template,
      owner,
      placement: p,
      daemonSetNode: p.node,
    }),
  );
  return { daemonSet, pods };
}

interface PodInput {
  readonly namespace: string;
  readonly name: string;
  readonly generateName: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly template: TemplateSpec;
  readonly owner: OwnerRef;
  readonly placement: PodPlacement;
  readonly daemonSetNode?: string;
}

function qosClass(containers: readonly ContainerSpec[]): string {
  const resources = containers.map((c) => c.resources);
  if (resources.every((r) => r === undefined || Object.keys(r).length === 0)) return 'BestEffort';
  const guaranteed = resources.every((r) => {
    const limits = r?.limits as JsonObject | undefined;
    const requests = (r?.requests as JsonObject | undefined) ?? limits;
    return limits !== undefined && requests !== undefined && limits.cpu !== undefined && limits.memory !== undefined && limits.cpu === requests.cpu && limits.memory === requests.memory;
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** A running pod as the API shows it: admission additions in the spec and kubelet's status. */
export function podObject(clock: ClusterClock, p: PodInput): JsonObject {
  const t = p.template;
  const at = p.placement;
  const started = at.created + 1;
  const ready = started + 6;
  const tokenVolume = `kube-api-access-${safeString(`token:${p.namespace}/${p.name}`, 5)}`;
  const tokenMount: JsonObject = { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: tokenVolume, readOnly: true };
  const serviceAccount = t.serviceAccountName ?? 'default';
  const base = defaultedPodSpec({ ...t, serviceAccountName: serviceAccount }, [tokenMount]);
  const tolerations = [...(t.tolerations ?? []), ...(p.daemonSetNode === undefined ? NOT_READY_TOLERATIONS : daemonSetTolerations(t.hostNetwork === true))];
  const affinity: JsonObject | undefined =
    p.daemonSetNode === undefined
      ? t.affinity
      : { ...t.affinity, nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.daemonSetNode] }] }] } } };
  const spec: JsonObject = compact({
    ...base,
    affinity,
    enableServiceLinks: true,
    nodeName: at.node,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: t.priorityClassName === undefined ? 0 : PRIORITY[t.priorityClassName] ?? 0,
    tolerations,
    volumes: [
      ...((base.volumes as JsonObject[] | undefined) ?? []),
      {
        name: tokenVolume,
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
            { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
          ],
        },
      },
    ],
  });
  const containerStatus = (c: ContainerSpec, init: boolean): JsonObject => {
    const [repository] = c.image.split(/:(?=[^/]*$)/);
    const imageRef = c.image.includes('/') ? c.image : `docker.io/library/${c.image}`;
    return compact({
      containerID: `containerd://${hexOf(`container:${p.namespace}/${p.name}/${c.name}`, 64)}`,
      image: imageRef,
      imageID: `${c.image.includes('/') ? repository : `docker.io/library/${repository}`}@sha256:${hexOf(`image:${c.image}`, 64)}`,
      lastState: {},
      name: c.name,
      ready: !init,
      restartCount: 0,
      started: init ? false : true,
      state: init
        ? { terminated: { containerID: `containerd://${hexOf(`container:${p.namespace}/${p.name}/${c.name}`, 64)}`, exitCode: 0, finishedAt: clock.at(started + 2), reason: 'Completed', startedAt: clock.at(started + 1) } }
        : { running: { startedAt: clock.at(started + 3) } },
      volumeMounts: [...(c.volumeMounts ?? []).map((m) => compact({ mountPath: m.mountPath!, name: m.name!, readOnly: m.readOnly === true ? true : undefined, recursiveReadOnly: m.readOnly === true ? 'Disabled' : undefined })), { mountPath: tokenMount.mountPath!, name: tokenVolume, readOnly: true, recursiveReadOnly: 'Disabled' }],
    });
  };
  const condition = (type: string, since: number): JsonObject => ({ lastProbeTime: null, lastTransitionTime: clock.at(since), status: 'True', type });
  const status: JsonObject = compact({
    conditions: [
      condition('PodReadyToStartContainers', started + 2),
      condition('Initialized', t.initContainers === undefined ? started : started + 3),
      condition('Ready', ready),
      condition('ContainersReady', ready),
      condition('PodScheduled', at.created),
    ],
    containerStatuses: t.containers.map((c) => containerStatus(c, false)),
    hostIP: at.hostIP,
    hostIPs: [{ ip: at.hostIP }],
    initContainerStatuses: t.initContainers?.map((c) => containerStatus(c, true)),
    phase: 'Running',
    podIP: at.podIP,
    podIPs: [{ ip: at.podIP }],
    qosClass: qosClass(t.containers),
    startTime: clock.at(started),
  });
  const ownerRefs = [ownerReference(p.owner)];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: compact({
      annotations: t.annotations === undefined ? undefined : { ...t.annotations },
      creationTimestamp: clock.at(at.created),
      generateName: p.generateName,
      labels: { ...p.labels },
      managedFields: managedFields([
        {
          manager: 'kube-controller-manager',
          operation: 'Update',
          apiVersion: 'v1',
          time: clock.at(at.created),
          fields: { metadata: compact({ annotations: t.annotations === undefined ? undefined : blank(t.annotations), generateName: '', labels: blank(p.labels), ownerReferences: ownerRefs }), spec: compact({ ...defaultedPodSpec(t, []), enableServiceLinks: true, affinity }) },
        },
        { manager: 'kubelet', operation: 'Update', apiVersion: 'v1', time: clock.at(ready), subresource: 'status', fields: { status: { ...status, containerStatuses: [], hostIPs: [] } } },
      ]),
      name: p.name,
      namespace: p.namespace,
      ownerReferences: ownerRefs,
      resourceVersion: clock.nextResourceVersion(2),
      uid: uidOf(`pod:${p.namespace}/${p.name}`),
    }),
    spec,
    status,
  };
}

export interface ServicePortSpec {
  readonly name?: string;
  readonly port: number;
  readonly protocol?: Protocol;
  readonly targetPort?: number | string;
  readonly nodePort?: number;
}

export interface ServiceSpec {
  readonly namespace: string;
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  /** As written by a person (`None` for headless); undefined lets the API server pick. */
  readonly pinnedClusterIP?: string;
  readonly selector?: Readonly<Record<string, string>>;
  readonly ports?: readonly ServicePortSpec[];
  readonly externalName?: string;
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  readonly publishNotReadyAddresses?: boolean;
  readonly created: number;
  readonly manager: string;
}

/** What the API server allocated for a Service. */
export interface ServiceAllocation {
  readonly clusterIP?: string;
  readonly nodePorts?: readonly number[];
  readonly healthCheckNodePort?: number;
  readonly loadBalancerIP?: string;
}

export function personService(s: ServiceSpec): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: compact({ name: s.name, namespace: s.namespace, labels: s.labels === undefined ? undefined : { ...s.labels }, annotations: s.annotations === undefined ? undefined : { ...s.annotations } }),
    spec: compact({
      type: s.type === undefined || s.type === 'ClusterIP' ? undefined : s.type,
      clusterIP: s.pinnedClusterIP,
      externalName: s.externalName,
      externalTrafficPolicy: s.externalTrafficPolicy,
      publishNotReadyAddresses: s.publishNotReadyAddresses,
      selector: s.selector === undefined ? undefined : { ...s.selector },
      ports: s.ports === undefined ? undefined : s.ports.map((p) => compact({ name: p.name, port: p.port, protocol: p.protocol, targetPort: p.targetPort, nodePort: p.nodePort })),
    }),
  };
}

export function serviceObject(clock: ClusterClock, s: ServiceSpec, a: ServiceAllocation): JsonObject {
  const type = s.type ?? 'ClusterIP';
  const person = personService(s);
  const applied = s.manager === 'kubectl-client-side-apply';
  const annotations = { ...s.annotations, ...(applied ? { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied({ ...person, metadata: { annotations: { ...s.annotations }, ...(person.metadata as JsonObject) } }) } : {}) };
  const external = type === 'NodePort' || type === 'LoadBalancer';
  const ports = s.ports?.map((p, i) =>
    compact({ name: p.name, nodePort: external ? a.nodePorts?.[i] ?? p.nodePort : undefined, port: p.port, protocol: p.protocol ?? 'TCP', targetPort: p.targetPort ?? p.port }),
  );
  const spec: JsonObject =
    type === 'ExternalName'
      ? { externalName: s.externalName ?? '', sessionAffinity: 'None', type }
      : compact({
          allocateLoadBalancerNodePorts: type === 'LoadBalancer' ? true : undefined,
          clusterIP: a.clusterIP ?? s.pinnedClusterIP,
          clusterIPs: [a.clusterIP ?? s.pinnedClusterIP ?? ''],
          externalTrafficPolicy: external ? s.externalTrafficPolicy ?? 'Cluster' : undefined,
          healthCheckNodePort: a.healthCheckNodePort,
          internalTrafficPolicy: 'Cluster',
          ipFamilies: ['IPv4'],
          ipFamilyPolicy: 'SingleStack',
          ports,
          publishNotReadyAddresses: s.publishNotReadyAddresses,
          selector: s.selector === undefined ? undefined : { ...s.selector },
          sessionAffinity: 'None',
          type,
        });
  const status: JsonObject = { loadBalancer: type === 'LoadBalancer' && a.loadBalancerIP !== undefined ? { ingress: [{ ip: a.loadBalancerIP, ipMode: 'VIP' }] } : {} };
  const { metadata: _metadata, ...rest } = person;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: compact({
      annotations: Object.keys(annotations).length === 0 ? undefined : annotations,
      creationTimestamp: clock.at(s.created),
      labels: s.labels === undefined ? undefined : { ...s.labels },
      managedFields: managedFields([
        {
          manager: s.manager,
          operation: 'Update',
          apiVersion: 'v1',
          time: clock.at(s.created),
          fields: {
            metadata: compact({ annotations: Object.keys(annotations).length === 0 ? undefined : blank(annotations), labels: s.labels === undefined ? undefined : blank(s.labels) }),
            spec: { ...(rest.spec as JsonObject), ...(type === 'ExternalName' ? { sessionAffinity: '' } : { internalTrafficPolicy: '', sessionAffinity: '', ports: ports ?? [] }) },
          },
        },
        ...(type === 'LoadBalancer' && a.loadBalancerIP !== undefined
          ? [{ manager: 'cloud-controller-manager', operation: 'Update' as const, apiVersion: 'v1', time: clock.at(s.created + 4), subresource: 'status' as const, fields: { status } }]
          : []),
      ]),
      name: s.name,
      namespace: s.namespace,
      resourceVersion: clock.nextResourceVersion(3),
      uid: uidOf(`service:${s.namespace}/${s.name}`),
    }),
    spec,
    status,
  };
}

/** One address in an EndpointSlice. */
export interface SliceEndpoint {
  readonly ip: string;
  readonly nodeName: string;
  readonly zone?: string;
  readonly pod?: { readonly namespace: string; readonly name: string };
  readonly hostname?: string;
}

export interface SliceSpec {
  readonly service: ServiceSpec;
  readonly ports: readonly { name?: string; port: number; protocol: Protocol }[];
  readonly endpoints: readonly SliceEndpoint[];
  readonly updated: number;
  /** The `kubernetes` Service's slice is written by the API server itself, without an owner. */
  readonly byApiServer?: boolean;
}

export function endpointSliceObject(clock: ClusterClock, s: SliceSpec): JsonObject {
  const svc = s.service;
  const name = s.byApiServer ? svc.name : `${svc.name}-${safeString(`slice:${svc.namespace}/${svc.name}`, 5)}`;
  const headless = svc.pinnedClusterIP === 'None';
  const labels: Record<string, string> = s.byApiServer
    ? { 'kubernetes.io/service-name': svc.name }
    : {
        ...svc.labels,
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
        'kubernetes.io/service-name': svc.name,
        ...(headless ? { 'service.kubernetes.io/headless': '' } : {}),
      };
  const endpoints = s.endpoints.map((e) =>
    compact({
      addresses: [e.ip],
      conditions: s.byApiServer ? { ready: true } : { ready: true, serving: true, terminating: false },
      hostname: e.hostname,
      nodeName: s.byApiServer ? undefined : e.nodeName,
      targetRef: e.pod === undefined ? undefined : { kind: 'Pod', name: e.pod.name, namespace: e.pod.namespace, uid: uidOf(`pod:${e.pod.namespace}/${e.pod.name}`) },
      zone: e.zone,
    }),
  );
  const ports = s.ports.map((p) => compact({ name: p.name ?? '', port: p.port, protocol: p.protocol }));
  const owner: OwnerRef = { apiVersion: 'v1', kind: 'Service', name: svc.name, uid: uidOf(`service:${svc.namespace}/${svc.name}`) };
  const annotations = s.byApiServer ? undefined : { 'endpoints.kubernetes.io/last-change-trigger-time': clock.at(s.updated) };
  return {
    addressType: 'IPv4',
    apiVersion: 'discovery.k8s.io/v1',
    endpoints,
    kind: 'EndpointSlice',
    metadata: compact({
      annotations,
      creationTimestamp: clock.at(svc.created),
      generateName: s.byApiServer ? undefined : `${svc.name}-`,
      generation: s.byApiServer ? 1 : 1 + s.endpoints.length,
      labels,
      managedFields: managedFields([
        {
          manager: s.byApiServer ? 'kube-apiserver' : 'kube-controller-manager',
          operation: 'Update',
          apiVersion: 'discovery.k8s.io/v1',
          time: clock.at(s.updated),
          fields: {
            addressType: '',
            endpoints: [],
            metadata: compact({ annotations: annotations === undefined ? undefined : blank(annotations), generateName: s.byApiServer ? undefined : '', labels: blank(labels), ownerReferences: s.byApiServer ? undefined : [ownerReference(owner)] }),
            ports: [],
          },
        },
      ]),
      name,
      namespace: svc.namespace,
      ownerReferences: s.byApiServer ? undefined : [ownerReference(owner)],
      resourceVersion: clock.nextResourceVersion(2),
      uid: uidOf(`endpointslice:${svc.namespace}/${name}`),
    }),
    ports,
  };
}

export interface NetworkPolicySpec {
  readonly namespace: string;
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** The policy's `spec` as written. */
  readonly spec: JsonObject;
  readonly created: number;
}

export function personNetworkPolicy(p: NetworkPolicySpec): JsonObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: compact({ name: p.name, namespace: p.namespace, labels: p.labels === undefined ? undefined : { ...p.labels } }),
    spec: p.spec,
  };
}

/** Defaults the API server fills in a NetworkPolicy spec: port protocols and policyTypes. */
function defaultedPolicySpec(spec: JsonObject): JsonObject {
  const rules = (list: Json | undefined): Json[] | undefined =>
    Array.isArray(list)
      ? (list as JsonObject[]).map((rule) => {
          const ports = rule.ports;
          return Array.isArray(ports) ? { ...rule, ports: (ports as JsonObject[]).map((p) => ({ protocol: 'TCP', ...p })) } : rule;
        })
      : undefined;
  const ingress = rules(spec.ingress);
  const egress = rules(spec.egress);
  const policyTypes = spec.policyTypes ?? (egress === undefined ? ['Ingress'] : ['Ingress', 'Egress']);
  return compact({ ...spec, egress, ingress, policyTypes });
}

export function networkPolicyObject(clock: ClusterClock, p: NetworkPolicySpec): JsonObject {
  const person = personNetworkPolicy(p);
  const spec = defaultedPolicySpec(p.spec);
  const annotations = { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied({ ...person, metadata: { annotations: {}, ...(person.metadata as JsonObject) } }) };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: compact({
      annotations,
      creationTimestamp: clock.at(p.created),
      generation: 1,
      labels: p.labels === undefined ? undefined : { ...p.labels },
      managedFields: managedFields([
        {
          manager: 'kubectl-client-side-apply',
          operation: 'Update',
          apiVersion: 'networking.k8s.io/v1',
          time: clock.at(p.created),
          fields: { metadata: compact({ annotations: blank(annotations), labels: p.labels === undefined ? undefined : blank(p.labels) }), spec: Object.fromEntries(Object.keys(spec).map((k) => [k, k === 'podSelector' ? {} : []])) },
        },
      ]),
      name: p.name,
      namespace: p.namespace,
      resourceVersion: clock.nextResourceVersion(2),
      uid: uidOf(`networkpolicy:${p.namespace}/${p.name}`),
    }),
    spec,
  };
}

/** A `kubectl get -o yaml` of several objects: one `kind: List`. */
export function list(items: readonly JsonObject[]): JsonObject {
  return { apiVersion: 'v1', items: [...items], kind: 'List', metadata: { resourceVersion: '' } };
}
