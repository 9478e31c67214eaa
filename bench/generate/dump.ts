/**
 * Deterministic `kubectl get ... -A -o yaml` dumps of a large cluster, for benchmarks:
 *
 *   const { yaml, settings } = generateDump({ pods: 20_000 });
 *   buildCluster(parseManifests(yaml), settings);
 *
 * The cluster: one kubeadm control plane and N/50 workers (Node objects with pod CIDRs and
 * addresses); namespaces per team and environment; Deployments with a ReplicaSet and running
 * pods each (ownerReferences, pod-template-hash, full status, managedFields), CoreDNS among
 * them; a Service per Deployment (ClusterIP, some NodePort and LoadBalancer) with its
 * EndpointSlice; N/10 NetworkPolicies (a default deny per namespace, then allow rules).
 * Pods carry the labels real ones do: app, tier, team, version, env, pod-template-hash.
 *
 * The same options always give the same text (no clock, no Math.random).
 */
import { DEFAULT_SETTINGS, type ClusterSettings } from '../../src/core/index';
import {
  ClusterClock,
  deploymentObjects,
  endpointSliceObject,
  hexOf,
  namespaceObject,
  networkPolicyObject,
  nodeObject,
  serviceObject,
  type ContainerSpec,
  type DeploymentSpec,
  type JsonObject,
  type NetworkPolicySpec,
  type NodeSpec,
  type PodPlacement,
  type ServiceAllocation,
  type ServiceSpec,
  type SliceEndpoint,
} from './kube-objects';
import { toYaml } from './kube-yaml';

export interface DumpOptions {
  /** How many pods the dump holds (CoreDNS's two included). */
  readonly pods: number;
  /** Include metadata.managedFields, as `--show-managed-fields` or kubectl before 1.21 print. Default true. */
  readonly managedFields?: boolean;
  /** Include an EndpointSlice per Service. Default true. */
  readonly endpointSlices?: boolean;
  /** Varies names, sizes and placement. Default "kube-packet-path". */
  readonly seed?: string;
  /** `yaml` (the default) as `kubectl get -o yaml` prints it, or `json` as `-o json` does. */
  readonly format?: 'yaml' | 'json';
}

export interface DumpCounts {
  readonly nodes: number;
  readonly namespaces: number;
  readonly deployments: number;
  readonly replicaSets: number;
  readonly pods: number;
  readonly services: number;
  readonly endpointSlices: number;
  readonly networkPolicies: number;
}

export interface GeneratedDump {
  /** The dump's text: YAML, or JSON with `format: 'json'` (which is YAML too, and what parseManifests reads either way). */
  readonly yaml: string;
  /** The cluster's CIDRs, for buildCluster: the generated pod CIDRs sit in settings.clusterCIDR. */
  readonly settings: ClusterSettings;
  readonly counts: DumpCounts;
}

const PODS_PER_NODE = 50;
const CLUSTER_CIDR = '10.64.0.0/12';
const NODE_SUBNET = '172.20.0.0/16';
const KUBE_VERSION = 'v1.30.4';

const TEAMS = ['payments', 'checkout', 'catalog', 'search', 'identity', 'shipping', 'ads', 'reviews', 'media', 'billing', 'growth', 'platform', 'data', 'mobile', 'support', 'ledger'];
const WORDS = ['cart', 'order', 'invoice', 'user', 'session', 'price', 'stock', 'coupon', 'email', 'sms', 'report', 'image', 'video', 'feed', 'rank', 'quota', 'audit', 'token', 'profile', 'ticket', 'refund', 'ledger', 'route', 'label', 'asset'];
const ROLES: readonly { suffix: string; tier: string; port?: { name: string; number: number } }[] = [
  { suffix: 'web', tier: 'web', port: { name: 'http', number: 8080 } },
  { suffix: 'api', tier: 'api', port: { name: 'http', number: 8080 } },
  { suffix: 'grpc', tier: 'api', port: { name: 'grpc', number: 9090 } },
  { suffix: 'worker', tier: 'worker', port: { name: 'metrics', number: 9102 } },
  { suffix: 'cache', tier: 'cache', port: { name: 'redis', number: 6379 } },
];
const REPLICAS = [1, 2, 2, 3, 3, 3, 4, 5, 6, 8, 10, 12];

/** mulberry32, seeded from the options: the same sequence every run. */
function random(seed: string): () => number {
  let state = parseInt(hexOf(`rng:${seed}`, 8), 16) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const intToIp = (value: number) => [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
const ipToInt = (ip: string) => ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);

/** Drops metadata.managedFields from an object tree built by kube-objects. */
function withoutManagedFields(object: JsonObject): JsonObject {
  const metadata = object.metadata as JsonObject;
  const { managedFields: _dropped, ...rest } = metadata;
  return { ...object, metadata: rest };
}

interface App {
  readonly deployment: DeploymentSpec;
  readonly service: ServiceSpec | undefined;
  readonly role: (typeof ROLES)[number];
  readonly team: string;
  readonly env: string;
}

export function generateDump(options: DumpOptions): GeneratedDump {
  const total = Math.max(2, Math.floor(options.pods));
  const seed = options.seed ?? 'kube-packet-path';
  const keepManaged = options.managedFields ?? true;
  const keepSlices = options.endpointSlices ?? true;
  const rand = random(`${seed}/${total}`);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const clock = new ClusterClock(Date.UTC(2024, 8, 2, 8, 14, 5), 1000);
  const json = options.format === 'json';
  const chunks: string[] = ['apiVersion: v1\nitems:\n'];
  const items: JsonObject[] = [];
  const emit = (object: JsonObject) => {
    const kept = keepManaged ? object : withoutManagedFields(object);
    if (json) items.push(kept);
    else chunks.push(toYaml([kept]));
  };

  // Nodes: cp-1 (tainted, no workload pods) and the workers, each with a /24 from the cluster CIDR.
  const workers = Math.max(1, Math.ceil(total / PODS_PER_NODE) - 1);
  const clusterBase = ipToInt(CLUSTER_CIDR.split('/')[0]!);
  const nodeBase = ipToInt(NODE_SUBNET.split('/')[0]!);
  const nodes: NodeSpec[] = [];
  for (let i = 0; i <= workers; i++) {
    const name = i === 0 ? 'cp-1' : `worker-${i}`;
    nodes.push({
      name,
      internalIP: intToIp(nodeBase + Math.floor(i / 250) * 256 + (i % 250) + 2),
      podCIDR: `${intToIp(clusterBase + i * 256)}/24`,
      controlPlane: i === 0,
      joined: i === 0 ? 0 : 200 + i * 7,
      kubeletVersion: KUBE_VERSION,
      cpu: i === 0 ? 4 : 16,
      memoryGi: i === 0 ? 8 : 64,
      labels: { 'topology.kubernetes.io/region': 'dc1', 'topology.kubernetes.io/zone': `dc1-${'abc'[i % 3]}` },
    });
  }
  for (const node of nodes) emit(nodeObject(clock, node));

  // Namespaces: one per team and environment; staging gets a quarter of the pods.
  const teamCount = Math.min(TEAMS.length, Math.max(1, Math.ceil(total / 1500)));
  const teams = TEAMS.slice(0, teamCount);
  const envs = ['prod', 'staging'];
  const namespaces = teams.flatMap((team) => envs.map((env) => ({ name: `${team}-${env}`, team, env })));
  const systemNamespaces = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];
  const allNamespaces = [...systemNamespaces.map((name) => ({ name, created: 0, applied: false })), ...namespaces.map((n, i) => ({ name: n.name, created: 3600 + i * 60, applied: true, labels: { env: n.env, team: n.team } }))].sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const n of allNamespaces) emit(namespaceObject(clock, n));

  // Deployments until the pod budget is spent; CoreDNS first.
  const apps: App[] = [];
  const corednsSpec: DeploymentSpec = {
    namespace: 'kube-system',
    name: 'coredns',
    labels: { 'k8s-app': 'kube-dns' },
    selector: { 'k8s-app': 'kube-dns' },
    replicas: 2,
    strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 }, type: 'RollingUpdate' },
    created: 20,
    manager: 'kubeadm',
    template: {
      labels: { 'k8s-app': 'kube-dns' },
      dnsPolicy: 'Default',
      priorityClassName: 'system-cluster-critical',
      serviceAccountName: 'coredns',
      tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }],
      containers: [
        {
          name: 'coredns',
          image: 'registry.k8s.io/coredns/coredns:v1.11.1',
          args: ['-conf', '/etc/coredns/Corefile'],
          ports: [
            { name: 'dns', containerPort: 53, protocol: 'UDP' },
            { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
            { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
          ],
          readinessProbe: { httpGet: { path: '/ready', port: 8181 } },
          resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
          volumeMounts: [{ mountPath: '/etc/coredns', name: 'config-volume', readOnly: true }],
        },
      ],
      volumes: [{ configMap: { items: [{ key: 'Corefile', path: 'Corefile' }], name: 'coredns' }, name: 'config-volume' }],
    },
  };
  const dnsService: ServiceSpec = {
    namespace: 'kube-system',
    name: 'kube-dns',
    labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
    pinnedClusterIP: '10.96.0.10',
    selector: { 'k8s-app': 'kube-dns' },
    ports: [
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
      { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
    ],
    created: 20,
    manager: 'kubeadm',
  };
  apps.push({ deployment: corednsSpec, service: dnsService, role: ROLES[1]!, team: 'platform', env: 'prod' });

  let remaining = total - 2;
  const usedNames = new Set<string>();
  let created = 4000;
  while (remaining > 0) {
    const ns = pick(namespaces);
    const role = pick(ROLES);
    let name = `${pick(WORDS)}-${role.suffix}`;
    for (let n = 2; usedNames.has(`${ns.name}/${name}`); n++) name = `${pick(WORDS)}-${role.suffix}-${n}`;
    usedNames.add(`${ns.name}/${name}`);
    const wanted = pick(REPLICAS);
    const replicas = Math.min(remaining, ns.env === 'staging' ? Math.max(1, Math.ceil(wanted / 4)) : wanted);
    remaining -= replicas;
    const version = `v${1 + Math.floor(rand() * 3)}.${Math.floor(rand() * 20)}.${Math.floor(rand() * 10)}`;
    const labels = { app: name, env: ns.env, team: ns.team, tier: role.tier, version };
    const main: ContainerSpec = {
      name: role.suffix === 'cache' ? 'redis' : name,
      image: role.suffix === 'cache' ? 'redis:7.2.5-alpine' : `registry.example.com/${ns.team}/${name}:${version.slice(1)}`,
      ports: role.port === undefined ? undefined : [{ name: role.port.name, containerPort: role.port.number }],
      env: [
        { name: 'ENV', value: ns.env },
        { name: 'LOG_LEVEL', value: ns.env === 'prod' ? 'info' : 'debug' },
      ],
      readinessProbe: role.port?.name === 'http' ? { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 } : role.port?.name === 'grpc' ? { grpc: { port: 9090 } } : undefined,
      resources: { limits: { memory: '512Mi' }, requests: { cpu: '100m', memory: '256Mi' } },
    };
    const sidecar: ContainerSpec | undefined =
      rand() < 0.3 ? { name: 'log-shipper', image: 'fluent/fluent-bit:3.1.4', resources: { limits: { memory: '64Mi' }, requests: { cpu: '10m', memory: '32Mi' } }, volumeMounts: [{ mountPath: '/var/log/app', name: 'logs' }] } : undefined;
    const deployment: DeploymentSpec = {
      namespace: ns.name,
      name,
      labels: { app: name, team: ns.team },
      selector: { app: name },
      replicas,
      created,
      manager: 'kubectl-client-side-apply',
      template: {
        labels,
        annotations: role.port?.name === 'metrics' ? { 'prometheus.io/port': '9102', 'prometheus.io/scrape': 'true' } : undefined,
        containers: sidecar === undefined ? [main] : [{ ...main, volumeMounts: [{ mountPath: '/var/log/app', name: 'logs' }] }, sidecar],
        volumes: sidecar === undefined ? undefined : [{ emptyDir: {}, name: 'logs' }],
        serviceAccountName: rand() < 0.5 ? name : undefined,
      },
    };
    const exposure = rand();
    const service: ServiceSpec | undefined =
      role.port === undefined || role.suffix === 'worker'
        ? undefined
        : {
            namespace: ns.name,
            name,
            labels: { app: name, team: ns.team },
            type: exposure < 0.02 ? 'LoadBalancer' : exposure < 0.1 ? 'NodePort' : 'ClusterIP',
            selector: { app: name },
            ports: [{ name: role.port.name, port: role.port.name === 'http' ? 80 : role.port.number, targetPort: role.port.name }],
            created: created + 1,
            manager: 'kubectl-client-side-apply',
          };
    apps.push({ deployment, service, role, team: ns.team, env: ns.env });
    created += 7;
  }

  // Placement: even spread over the workers, addresses in creation order from .2 up, as host-local hands them out.
  const nextHost = new Map<string, number>(nodes.map((n) => [n.name, 2]));
  let cursor = Math.floor(rand() * workers);
  const placementsOf = (d: DeploymentSpec): PodPlacement[] =>
    Array.from({ length: d.replicas }, () => {
      const node = nodes[1 + (cursor++ % workers)]!;
      const host = nextHost.get(node.name)!;
      if (host > 254) throw new Error(`pod CIDR of ${node.name} is full`);
      nextHost.set(node.name, host + 1);
      return { node: node.name, hostIP: node.internalIP, podIP: intToIp(ipToInt(node.podCIDR.split('/')[0]!) + host), created: Math.max(d.created, 300) };
    });

  const built = apps.map((app) => ({ app, ...deploymentObjects(clock, app.deployment, placementsOf(app.deployment)) }));
  const byNsName = <T extends { app: App }>(list: readonly T[]) => [...list].sort((a, b) => compareKeys(a.app.deployment, b.app.deployment));
  const sorted = byNsName(built);
  const pods = sorted.flatMap((b) => b.pods).sort(compareObjects);
  for (const pod of pods) emit(pod);
  for (const b of sorted) emit(b.deployment);
  for (const b of sorted) emit(b.replicaSet);

  // Services: kubernetes and kube-dns at their kubeadm addresses, the rest in the upper band of the service CIDR.
  const apiService: ServiceSpec = { namespace: 'default', name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' }, pinnedClusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, targetPort: 6443 }], created: 0, manager: 'kube-apiserver' };
  const serviceBase = ipToInt('10.96.0.0');
  let nextClusterIP = 4096;
  let nextNodePort = 30100;
  let nextLB = 10;
  const services: { spec: ServiceSpec; allocation: ServiceAllocation; pods: JsonObject[] }[] = [
    { spec: apiService, allocation: { clusterIP: '10.96.0.1' }, pods: [] },
  ];
  for (const b of built) {
    const spec = b.app.service;
    if (spec === undefined) continue;
    const allocation: ServiceAllocation =
      spec.pinnedClusterIP !== undefined
        ? { clusterIP: spec.pinnedClusterIP }
        : {
            clusterIP: intToIp(serviceBase + nextClusterIP++ * 7 + 3),
            nodePorts: spec.type === 'NodePort' || spec.type === 'LoadBalancer' ? [nextNodePort++] : undefined,
            loadBalancerIP: spec.type === 'LoadBalancer' ? `203.0.113.${nextLB++ % 250}` : undefined,
          };
    services.push({ spec, allocation, pods: b.pods });
  }
  services.sort((a, b) => compareKeys(a.spec, b.spec));
  for (const s of services) emit(serviceObject(clock, s.spec, s.allocation));

  let sliceCount = 0;
  if (keepSlices) {
    const nodeZone = new Map(nodes.map((n) => [n.name, n.labels!['topology.kubernetes.io/zone']!]));
    const slices: JsonObject[] = [];
    for (const s of services) {
      if (s.spec.name === 'kubernetes') {
        slices.push(endpointSliceObject(clock, { service: s.spec, ports: [{ name: 'https', port: 6443, protocol: 'TCP' }], endpoints: [{ ip: nodes[0]!.internalIP, nodeName: 'cp-1' }], updated: 0, byApiServer: true }));
        continue;
      }
      const endpoints: SliceEndpoint[] = s.pods.map((pod) => {
        const p = pod as unknown as { metadata: { name: string; namespace: string }; spec: { nodeName: string }; status: { podIP: string } };
        return { ip: p.status.podIP, nodeName: p.spec.nodeName, zone: nodeZone.get(p.spec.nodeName)!, pod: { namespace: p.metadata.namespace, name: p.metadata.name } };
      });
      const container = (s.pods[0] as unknown as { spec: { containers: { ports?: { name: string; containerPort: number; protocol: string }[] }[] } }).spec.containers;
      const ports = (s.spec.ports ?? []).map((port) => {
        const protocol = port.protocol ?? 'TCP';
        const target = port.targetPort ?? port.port;
        const number = typeof target === 'number' ? target : container.flatMap((c) => c.ports ?? []).find((c) => c.name === target && c.protocol === protocol)!.containerPort;
        return { name: port.name, port: number, protocol };
      });
      slices.push(endpointSliceObject(clock, { service: s.spec, ports, endpoints, updated: s.spec.created + 30 }));
    }
    slices.sort(compareObjects);
    for (const slice of slices) emit(slice);
    sliceCount = slices.length;
  }

  // NetworkPolicies: N/10 in all, a default deny per namespace first, then allow rules per app.
  const policyBudget = Math.floor(total / 10);
  const policies: NetworkPolicySpec[] = [];
  for (const ns of namespaces) {
    if (policies.length >= policyBudget) break;
    policies.push({ namespace: ns.name, name: 'default-deny-ingress', spec: { podSelector: {}, policyTypes: ['Ingress'] }, created: 3700 });
  }
  const exposed = apps.filter((a) => a.service !== undefined && a.deployment.namespace !== 'kube-system');
  for (let i = 0; policies.length < policyBudget && exposed.length > 0; i++) {
    const app = exposed[i % exposed.length]!;
    const round = Math.floor(i / exposed.length);
    const port = app.role.port!;
    const from = pick(ROLES).tier;
    const spec: JsonObject =
      round % 3 === 0
        ? { podSelector: { matchLabels: { app: app.deployment.name } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { tier: from } } }], ports: [{ port: port.number, protocol: 'TCP' }] }] }
        : round % 3 === 1
          ? { podSelector: { matchLabels: { app: app.deployment.name } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: pick(teams) } }, podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] } }], ports: [{ port: port.name, protocol: 'TCP' }] }] }
          : { podSelector: { matchLabels: { app: app.deployment.name, env: app.env } }, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.96.0.0/12'] } }] }] };
    const suffix = round % 3 === 0 ? `from-${from}` : round % 3 === 1 ? 'from-teams' : 'from-internal';
    policies.push({ namespace: app.deployment.namespace, name: `allow-${app.deployment.name}-${suffix}-${round}`, labels: { team: app.team }, spec, created: app.deployment.created + 30 });
  }
  policies.sort((a, b) => compareKeys(a, b));
  for (const p of policies) emit(networkPolicyObject(clock, p));

  chunks.push('kind: List\nmetadata:\n  resourceVersion: ""\n');
  return {
    yaml: json ? kubectlJson({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }) : chunks.join(''),
    settings: { ...DEFAULT_SETTINGS, clusterCIDR: CLUSTER_CIDR, nodeSubnet: NODE_SUBNET },
    counts: {
      nodes: nodes.length,
      namespaces: allNamespaces.length,
      deployments: apps.length,
      replicaSets: apps.length,
      pods: pods.length,
      services: services.length,
      endpointSlices: sliceCount,
      networkPolicies: policies.length,
    },
  };
}

/**
 * JSON as kubectl prints it: Go's json.MarshalIndent with four spaces, which also escapes `<`,
 * `>`, `&`, U+2028 and U+2029 inside strings (they occur nowhere else in JSON text).
 */
function kubectlJson(value: JsonObject): string {
  const escapes: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };
  return `${JSON.stringify(value, null, 4).replace(/[<>&\u2028\u2029]/g, (c) => escapes[c]!)}\n`;
}

function compareKeys(a: { namespace: string; name: string }, b: { namespace: string; name: string }): number {
  const ka = `${a.namespace}/${a.name}`;
  const kb = `${b.namespace}/${b.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function compareObjects(a: JsonObject, b: JsonObject): number {
  const ma = a.metadata as { namespace: string; name: string };
  const mb = b.metadata as { namespace: string; name: string };
  return compareKeys(ma, mb);
}

const cache = new Map<string, GeneratedDump>();

/** generateDump, remembered per options for the life of the process (bench setups share one text). */
export function cachedDump(options: DumpOptions): GeneratedDump {
  const key = JSON.stringify([options.pods, options.managedFields ?? true, options.endpointSlices ?? true, options.seed ?? '', options.format ?? 'yaml']);
  let dump = cache.get(key);
  if (dump === undefined) {
    dump = generateDump(options);
    cache.set(key, dump);
  }
  return dump;
}
