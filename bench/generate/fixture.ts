/**
 * The small, realistic cluster of fixtures/realistic-dump/: a kubeadm cluster with Flannel
 * (one control plane, two workers), CoreDNS and kube-proxy in kube-system, a three-tier shop
 * (frontend, cart, redis) with Services of every type and NetworkPolicies, and Prometheus.
 *
 * One description gives both files, so they cannot drift apart:
 * - cluster.yaml: what `kubectl get nodes,namespaces,pods,deployments,replicasets,statefulsets,
 *   daemonsets,services,endpointslices,networkpolicies -A -o yaml --show-managed-fields` prints;
 * - cluster-no-status.yaml: the manifests a person applied to get there.
 *
 * `npx tsx bench/generate/write-fixture.ts` rewrites both.
 */
import {
  ClusterClock,
  daemonSetObjects,
  deploymentObjects,
  endpointSliceObject,
  list,
  namespaceObject,
  networkPolicyObject,
  nodeObject,
  personDaemonSet,
  personDeployment,
  personNamespace,
  personNetworkPolicy,
  personService,
  personStatefulSet,
  serviceObject,
  statefulSetObjects,
  type DaemonSetSpec,
  type DeploymentSpec,
  type JsonObject,
  type NamespaceSpec,
  type NetworkPolicySpec,
  type NodeSpec,
  type PodPlacement,
  type ServiceAllocation,
  type ServiceSpec,
  type SliceEndpoint,
  type StatefulSetSpec,
} from './kube-objects';
import { PERSON_STYLE, toYaml } from './kube-yaml';

const APPLY = 'kubectl-client-side-apply';
const KUBE_VERSION = 'v1.30.4';

const nodes: readonly NodeSpec[] = [
  { name: 'cp-1', internalIP: '172.18.0.2', podCIDR: '10.244.0.0/24', controlPlane: true, joined: 0, kubeletVersion: KUBE_VERSION, cpu: 4, memoryGi: 8, labels: { 'topology.kubernetes.io/region': 'dc1', 'topology.kubernetes.io/zone': 'dc1-a' } },
  { name: 'worker-1', internalIP: '172.18.0.3', podCIDR: '10.244.1.0/24', controlPlane: false, joined: 210, kubeletVersion: KUBE_VERSION, cpu: 8, memoryGi: 16, labels: { 'topology.kubernetes.io/region': 'dc1', 'topology.kubernetes.io/zone': 'dc1-a' } },
  { name: 'worker-2', internalIP: '172.18.0.4', podCIDR: '10.244.2.0/24', controlPlane: false, joined: 236, kubeletVersion: KUBE_VERSION, cpu: 8, memoryGi: 16, labels: { 'topology.kubernetes.io/region': 'dc1', 'topology.kubernetes.io/zone': 'dc1-b' } },
];
const nodeByName = new Map(nodes.map((n) => [n.name, n]));
const zoneOf = (node: string) => nodeByName.get(node)?.labels?.['topology.kubernetes.io/zone'];

const namespaces: readonly NamespaceSpec[] = [
  { name: 'default', created: 0, applied: false },
  { name: 'kube-flannel', created: 120, applied: true, labels: { 'k8s-app': 'flannel', 'pod-security.kubernetes.io/enforce': 'privileged' } },
  { name: 'kube-node-lease', created: 0, applied: false },
  { name: 'kube-public', created: 0, applied: false },
  { name: 'kube-system', created: 0, applied: false },
  { name: 'monitoring', created: 5000, applied: true, labels: { team: 'platform' } },
  { name: 'shop', created: 3600, applied: true, labels: { team: 'shop' } },
];

/** A pod on the pod network of `node`. */
const on = (node: string, podIP: string, created: number): PodPlacement => ({ node, hostIP: nodeByName.get(node)!.internalIP, podIP, created });
/** A hostNetwork pod: its IP is the node's. */
const host = (node: string, created: number): PodPlacement => ({ node, hostIP: nodeByName.get(node)!.internalIP, podIP: nodeByName.get(node)!.internalIP, created });

const coredns: DeploymentSpec = {
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
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { podAffinityTerm: { labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] }, topologyKey: 'kubernetes.io/hostname' }, weight: 100 },
        ],
      },
    },
    dnsPolicy: 'Default',
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    priorityClassName: 'system-cluster-critical',
    serviceAccountName: 'coredns',
    tolerations: [
      { key: 'CriticalAddonsOnly', operator: 'Exists' },
      { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' },
    ],
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
        livenessProbe: { httpGet: { path: '/health', port: 8080 }, initialDelaySeconds: 60, failureThreshold: 5, successThreshold: 1, timeoutSeconds: 5 },
        readinessProbe: { httpGet: { path: '/ready', port: 8181 } },
        resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
        securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] }, readOnlyRootFilesystem: true },
        volumeMounts: [{ mountPath: '/etc/coredns', name: 'config-volume', readOnly: true }],
      },
    ],
    volumes: [{ configMap: { items: [{ key: 'Corefile', path: 'Corefile' }], name: 'coredns' }, name: 'config-volume' }],
  },
};

const kubeProxy: DaemonSetSpec = {
  namespace: 'kube-system',
  name: 'kube-proxy',
  labels: { 'k8s-app': 'kube-proxy' },
  selector: { 'k8s-app': 'kube-proxy' },
  created: 21,
  manager: 'kubeadm',
  template: {
    labels: { 'k8s-app': 'kube-proxy' },
    hostNetwork: true,
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    priorityClassName: 'system-node-critical',
    serviceAccountName: 'kube-proxy',
    tolerations: [{ operator: 'Exists' }],
    containers: [
      {
        name: 'kube-proxy',
        image: `registry.k8s.io/kube-proxy:${KUBE_VERSION}`,
        command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
        env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
        securityContext: { privileged: true },
        volumeMounts: [
          { mountPath: '/var/lib/kube-proxy', name: 'kube-proxy' },
          { mountPath: '/run/xtables.lock', name: 'xtables-lock' },
          { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
        ],
      },
    ],
    volumes: [
      { configMap: { name: 'kube-proxy' }, name: 'kube-proxy' },
      { hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' }, name: 'xtables-lock' },
      { hostPath: { path: '/lib/modules' }, name: 'lib-modules' },
    ],
  },
};

const flannel: DaemonSetSpec = {
  namespace: 'kube-flannel',
  name: 'kube-flannel-ds',
  labels: { app: 'flannel', 'k8s-app': 'flannel', tier: 'node' },
  selector: { app: 'flannel' },
  created: 120,
  manager: APPLY,
  template: {
    labels: { app: 'flannel', tier: 'node' },
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }] } } },
    hostNetwork: true,
    priorityClassName: 'system-node-critical',
    serviceAccountName: 'flannel',
    tolerations: [{ effect: 'NoSchedule', operator: 'Exists' }],
    initContainers: [
      {
        name: 'install-cni-plugin',
        image: 'docker.io/flannel/flannel-cni-plugin:v1.5.1-flannel2',
        command: ['cp'],
        args: ['-f', '/flannel', '/opt/cni/bin/flannel'],
        volumeMounts: [{ mountPath: '/opt/cni/bin', name: 'cni-plugin' }],
      },
      {
        name: 'install-cni',
        image: 'docker.io/flannel/flannel:v0.25.6',
        command: ['cp'],
        args: ['-f', '/etc/kube-flannel/cni-conf.json', '/etc/cni/net.d/10-flannel.conflist'],
        volumeMounts: [
          { mountPath: '/etc/cni/net.d', name: 'cni' },
          { mountPath: '/etc/kube-flannel/', name: 'flannel-cfg' },
        ],
      },
    ],
    containers: [
      {
        name: 'kube-flannel',
        image: 'docker.io/flannel/flannel:v0.25.6',
        command: ['/opt/bin/flanneld'],
        args: ['--ip-masq', '--kube-subnet-mgr'],
        env: [
          { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'EVENT_QUEUE_DEPTH', value: '5000' },
        ],
        resources: { requests: { cpu: '100m', memory: '50Mi' } },
        securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] }, privileged: false },
        volumeMounts: [
          { mountPath: '/run/flannel', name: 'run' },
          { mountPath: '/etc/kube-flannel/', name: 'flannel-cfg' },
          { mountPath: '/run/xtables.lock', name: 'xtables-lock' },
        ],
      },
    ],
    volumes: [
      { hostPath: { path: '/run/flannel' }, name: 'run' },
      { hostPath: { path: '/opt/cni/bin' }, name: 'cni-plugin' },
      { hostPath: { path: '/etc/cni/net.d' }, name: 'cni' },
      { configMap: { name: 'kube-flannel-cfg' }, name: 'flannel-cfg' },
      { hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' }, name: 'xtables-lock' },
    ],
  },
};

const frontend: DeploymentSpec = {
  namespace: 'shop',
  name: 'frontend',
  labels: { app: 'frontend', team: 'shop' },
  selector: { app: 'frontend' },
  replicas: 3,
  created: 3610,
  manager: APPLY,
  template: {
    labels: { app: 'frontend', tier: 'web', version: 'v1.8.2' },
    containers: [
      {
        name: 'frontend',
        image: 'ghcr.io/example-shop/frontend:1.8.2',
        ports: [{ name: 'http', containerPort: 8080 }],
        env: [{ name: 'CART_ADDR', value: 'cart:7070' }],
        readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
        resources: { limits: { memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
      },
    ],
  },
};

const cart: DeploymentSpec = {
  namespace: 'shop',
  name: 'cart',
  labels: { app: 'cart', team: 'shop' },
  selector: { app: 'cart' },
  replicas: 2,
  created: 3612,
  manager: APPLY,
  template: {
    labels: { app: 'cart', tier: 'api', version: 'v2.3.0' },
    containers: [
      {
        name: 'cart',
        image: 'ghcr.io/example-shop/cart:2.3.0',
        ports: [{ name: 'grpc', containerPort: 7070 }],
        env: [
          { name: 'REDIS_ADDR', value: 'redis-0.redis-headless.shop.svc.cluster.local:6379' },
          { name: 'PAYMENTS_URL', value: 'https://payments.shop.svc.cluster.local' },
        ],
        readinessProbe: { grpc: { port: 7070 }, initialDelaySeconds: 5 },
        resources: { limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '200m', memory: '256Mi' } },
      },
    ],
  },
};

const redis: StatefulSetSpec = {
  namespace: 'shop',
  name: 'redis',
  labels: { app: 'redis', team: 'shop' },
  selector: { app: 'redis' },
  replicas: 2,
  serviceName: 'redis-headless',
  created: 3605,
  manager: APPLY,
  template: {
    labels: { app: 'redis', tier: 'cache' },
    containers: [
      {
        name: 'redis',
        image: 'redis:7.2.5-alpine',
        args: ['--appendonly', 'yes'],
        ports: [{ name: 'redis', containerPort: 6379 }],
        readinessProbe: { exec: { command: ['redis-cli', 'ping'] }, periodSeconds: 5 },
        resources: { limits: { cpu: '100m', memory: '128Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
        volumeMounts: [{ mountPath: '/data', name: 'data' }],
      },
    ],
    volumes: [{ emptyDir: {}, name: 'data' }],
  },
};

const prometheus: DeploymentSpec = {
  namespace: 'monitoring',
  name: 'prometheus',
  labels: { app: 'prometheus', team: 'platform' },
  selector: { app: 'prometheus' },
  replicas: 1,
  created: 5010,
  manager: APPLY,
  template: {
    labels: { app: 'prometheus' },
    serviceAccountName: 'prometheus',
    securityContext: { fsGroup: 65534, runAsNonRoot: true, runAsUser: 65534 },
    containers: [
      {
        name: 'prometheus',
        image: 'quay.io/prometheus/prometheus:v2.53.1',
        args: ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus', '--storage.tsdb.retention.time=15d'],
        ports: [{ name: 'web', containerPort: 9090 }],
        readinessProbe: { httpGet: { path: '/-/ready', port: 'web' } },
        resources: { requests: { cpu: '250m', memory: '512Mi' } },
        volumeMounts: [
          { mountPath: '/etc/prometheus', name: 'config' },
          { mountPath: '/prometheus', name: 'data' },
        ],
      },
    ],
    volumes: [
      { configMap: { name: 'prometheus-config' }, name: 'config' },
      { emptyDir: {}, name: 'data' },
    ],
  },
};

interface ServiceEntry {
  readonly spec: ServiceSpec;
  readonly allocation: ServiceAllocation;
}

const services: readonly ServiceEntry[] = [
  {
    spec: { namespace: 'default', name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' }, pinnedClusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, targetPort: 6443 }], created: 0, manager: 'kube-apiserver' },
    allocation: { clusterIP: '10.96.0.1' },
  },
  {
    spec: {
      namespace: 'kube-system',
      name: 'kube-dns',
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
      pinnedClusterIP: '10.96.0.10',
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
      created: 20,
      manager: 'kubeadm',
    },
    allocation: { clusterIP: '10.96.0.10' },
  },
  {
    spec: { namespace: 'shop', name: 'cart', labels: { app: 'cart' }, selector: { app: 'cart' }, ports: [{ name: 'grpc', port: 7070, targetPort: 'grpc' }], created: 3613, manager: APPLY },
    allocation: { clusterIP: '10.110.31.200' },
  },
  {
    spec: { namespace: 'shop', name: 'checkout', labels: { app: 'cart' }, type: 'NodePort', selector: { app: 'cart' }, ports: [{ name: 'grpc', port: 7070, targetPort: 'grpc', nodePort: 30070 }], created: 3614, manager: APPLY },
    allocation: { clusterIP: '10.107.66.143', nodePorts: [30070] },
  },
  {
    spec: { namespace: 'shop', name: 'frontend', labels: { app: 'frontend' }, selector: { app: 'frontend' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }], created: 3611, manager: APPLY },
    allocation: { clusterIP: '10.104.213.77' },
  },
  {
    spec: { namespace: 'shop', name: 'frontend-external', labels: { app: 'frontend' }, type: 'LoadBalancer', externalTrafficPolicy: 'Local', selector: { app: 'frontend' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }], created: 3611, manager: APPLY },
    allocation: { clusterIP: '10.98.142.9', nodePorts: [31380], healthCheckNodePort: 32145, loadBalancerIP: '203.0.113.10' },
  },
  {
    spec: { namespace: 'shop', name: 'payments', labels: { app: 'payments' }, type: 'ExternalName', externalName: 'api.stripe.com', created: 3606, manager: APPLY },
    allocation: {},
  },
  {
    spec: { namespace: 'shop', name: 'redis-headless', labels: { app: 'redis' }, pinnedClusterIP: 'None', publishNotReadyAddresses: true, selector: { app: 'redis' }, ports: [{ name: 'redis', port: 6379, targetPort: 6379 }], created: 3604, manager: APPLY },
    allocation: { clusterIP: 'None' },
  },
];

const policies: readonly NetworkPolicySpec[] = [
  {
    namespace: 'shop',
    name: 'allow-cart-from-frontend',
    created: 3620,
    spec: { podSelector: { matchLabels: { app: 'cart' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 7070, protocol: 'TCP' }] }] },
  },
  {
    namespace: 'shop',
    name: 'allow-egress',
    created: 3621,
    spec: {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [
            { port: 53, protocol: 'UDP' },
            { port: 53, protocol: 'TCP' },
          ],
        },
        { to: [{ podSelector: {} }] },
        { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }], ports: [{ port: 443, protocol: 'TCP' }] },
      ],
    },
  },
  {
    namespace: 'shop',
    name: 'allow-frontend',
    created: 3620,
    spec: { podSelector: { matchLabels: { app: 'frontend' } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 8080, protocol: 'TCP' }] }] },
  },
  {
    namespace: 'shop',
    name: 'allow-redis-from-cart',
    created: 3620,
    spec: { podSelector: { matchLabels: { app: 'redis' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'cart' } } }], ports: [{ port: 6379, protocol: 'TCP' }] }] },
  },
  {
    namespace: 'shop',
    name: 'default-deny-ingress',
    created: 3601,
    spec: { podSelector: {}, policyTypes: ['Ingress'] },
  },
];

type Named = { metadata: { namespace?: string; name: string } };
const byNamespaceAndName = (a: JsonObject, b: JsonObject): number => {
  const ma = (a as unknown as Named).metadata;
  const mb = (b as unknown as Named).metadata;
  const ka = `${ma.namespace ?? ''}/${ma.name}`;
  const kb = `${mb.namespace ?? ''}/${mb.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

interface PodFacts {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly ip: string;
  readonly node: string;
  readonly hostname?: string;
  readonly subdomain?: string;
  readonly ports: readonly { name?: string; containerPort: number; protocol: string }[];
  readonly hostNetwork: boolean;
}

function podFacts(pod: JsonObject): PodFacts {
  const p = pod as unknown as {
    metadata: { namespace: string; name: string; labels: Record<string, string> };
    spec: { nodeName: string; hostname?: string; subdomain?: string; hostNetwork?: boolean; containers: { ports?: { name?: string; containerPort: number; protocol: string }[] }[] };
    status: { podIP: string };
  };
  return {
    namespace: p.metadata.namespace,
    name: p.metadata.name,
    labels: p.metadata.labels,
    ip: p.status.podIP,
    node: p.spec.nodeName,
    ...(p.spec.hostname === undefined ? {} : { hostname: p.spec.hostname }),
    ...(p.spec.subdomain === undefined ? {} : { subdomain: p.spec.subdomain }),
    ports: p.spec.containers.flatMap((c) => c.ports ?? []),
    hostNetwork: p.spec.hostNetwork === true,
  };
}

/** The two texts of the fixture. */
export function realisticFixture(): { dump: string; plain: string } {
  const clock = new ClusterClock(Date.UTC(2024, 8, 2, 8, 14, 5), 180);
  const nodeObjects = nodes.map((n) => nodeObject(clock, n));
  const namespaceObjects = namespaces.map((n) => namespaceObject(clock, n));

  const dns = deploymentObjects(clock, coredns, [on('worker-1', '10.244.1.2', 240), on('worker-2', '10.244.2.2', 262)]);
  const proxy = daemonSetObjects(clock, kubeProxy, [host('cp-1', 25), host('worker-1', 212), host('worker-2', 238)]);
  const fl = daemonSetObjects(clock, flannel, [host('cp-1', 121), host('worker-1', 212), host('worker-2', 238)]);
  const rd = statefulSetObjects(clock, redis, [on('worker-1', '10.244.1.4', 3606), on('worker-2', '10.244.2.3', 3619)]);
  const fe = deploymentObjects(clock, frontend, [on('worker-1', '10.244.1.5', 3611), on('worker-2', '10.244.2.4', 3611), on('worker-1', '10.244.1.8', 3611)]);
  const ct = deploymentObjects(clock, cart, [on('worker-2', '10.244.2.6', 3613), on('worker-1', '10.244.1.6', 3613)]);
  const prom = deploymentObjects(clock, prometheus, [on('worker-2', '10.244.2.9', 5011)]);

  const pods = [...dns.pods, ...proxy.pods, ...fl.pods, ...rd.pods, ...fe.pods, ...ct.pods, ...prom.pods].sort(byNamespaceAndName);
  const deployments = [dns.deployment, fe.deployment, ct.deployment, prom.deployment].sort(byNamespaceAndName);
  const replicaSets = [dns.replicaSet, fe.replicaSet, ct.replicaSet, prom.replicaSet].sort(byNamespaceAndName);
  const statefulSets = [rd.statefulSet];
  const daemonSets = [proxy.daemonSet, fl.daemonSet].sort(byNamespaceAndName);
  const serviceObjects = services.map((s) => serviceObject(clock, s.spec, s.allocation)).sort(byNamespaceAndName);

  // EndpointSlices as the controller writes them: one per selector Service, ready pods only.
  const facts = pods.map(podFacts);
  const slices: JsonObject[] = [];
  for (const { spec } of services) {
    if (spec.name === 'kubernetes') {
      slices.push(endpointSliceObject(clock, { service: spec, ports: [{ name: 'https', port: 6443, protocol: 'TCP' }], endpoints: [{ ip: '172.18.0.2', nodeName: 'cp-1' }], updated: 0, byApiServer: true }));
      continue;
    }
    if (spec.selector === undefined) continue;
    const selected = facts.filter((f) => f.namespace === spec.namespace && Object.entries(spec.selector!).every(([k, v]) => f.labels[k] === v));
    const ports = (spec.ports ?? []).map((p) => {
      const protocol = p.protocol ?? 'TCP';
      const target = p.targetPort ?? p.port;
      const number = typeof target === 'number' ? target : selected[0]!.ports.find((c) => c.name === target && c.protocol === protocol)!.containerPort;
      return { name: p.name, port: number, protocol };
    });
    const endpoints: SliceEndpoint[] = selected
      .map((f) => ({
        ip: f.ip,
        nodeName: f.node,
        zone: zoneOf(f.node),
        pod: { namespace: f.namespace, name: f.name },
        ...(f.hostname !== undefined && f.subdomain === spec.name ? { hostname: f.hostname } : {}),
      }))
      .sort((a, b) => compareIPs(a.ip, b.ip));
    slices.push(endpointSliceObject(clock, { service: spec, ports, endpoints, updated: spec.created + 20 }));
  }
  slices.sort(byNamespaceAndName);
  const policyObjects = policies.map((p) => networkPolicyObject(clock, p)).sort(byNamespaceAndName);

  const dump = toYaml(list([...nodeObjects, ...namespaceObjects, ...pods, ...deployments, ...replicaSets, ...statefulSets, ...daemonSets, ...serviceObjects, ...slices, ...policyObjects]));
  return { dump, plain: plainManifests() };
}

function compareIPs(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

/** The manifests as a person keeps them in git: no status, nothing the cluster fills in. */
function plainManifests(): string {
  const service = (name: string) => personService(services.find((s) => s.spec.namespace !== 'default' && s.spec.name === name)!.spec);
  const policy = (name: string) => personNetworkPolicy(policies.find((p) => p.name === name)!);
  const sections: { comment: string; objects: JsonObject[] }[] = [
    {
      comment: 'Namespaces. default, kube-system, kube-public and kube-node-lease come with every cluster.',
      objects: [personNamespace(namespaces.find((n) => n.name === 'kube-flannel')!), personNamespace(namespaces.find((n) => n.name === 'shop')!), personNamespace(namespaces.find((n) => n.name === 'monitoring')!)],
    },
    {
      comment: 'What kubeadm installs in kube-system: CoreDNS behind kube-dns (pinned to the 10th address of the service CIDR) and kube-proxy.',
      objects: [personDeployment(coredns), service('kube-dns'), personDaemonSet(kubeProxy)],
    },
    { comment: 'Flannel, from kube-flannel.yml (RBAC and the kube-flannel-cfg ConfigMap left out).', objects: [personDaemonSet(flannel)] },
    {
      comment: 'The shop: frontend -> cart -> redis, and an external payments API.',
      objects: [
        personDeployment(frontend),
        service('frontend'),
        service('frontend-external'),
        personDeployment(cart),
        service('cart'),
        service('checkout'),
        personStatefulSet(redis),
        service('redis-headless'),
        service('payments'),
      ],
    },
    {
      comment: 'Only what the shop needs may reach its pods; they may reach DNS, each other and HTTPS outside the cluster.',
      objects: ['default-deny-ingress', 'allow-frontend', 'allow-cart-from-frontend', 'allow-redis-from-cart', 'allow-egress'].map(policy),
    },
    { comment: 'Monitoring.', objects: [personDeployment(prometheus)] },
  ];
  const header = [
    '# The realistic-dump cluster as the manifests a person applied (see README.md).',
    '# No Nodes, Pods, ReplicaSets or EndpointSlices, no status: the cluster makes those.',
  ];
  const documents: string[] = [];
  for (const section of sections) {
    section.objects.forEach((object, i) => {
      const comment = i === 0 ? `# ${section.comment}\n` : '';
      documents.push(`${comment}${toYaml(object, PERSON_STYLE)}`);
    });
  }
  return `${header.join('\n')}\n\n${documents.join('---\n')}`;
}
