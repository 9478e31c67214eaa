import { describe, expect, it } from 'vitest';
import { clusterOf, problems, severities } from './test-helpers';

const pods = `apiVersion: v1
kind: Pod
metadata: {name: p1, namespace: shop, labels: {app: api}}
spec:
  containers: [{name: c, image: c, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: p2, namespace: shop, labels: {app: api}}
spec:
  containers: [{name: c, image: c, ports: [{name: http, containerPort: 9090}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: p3, namespace: shop, labels: {app: api}}
spec:
  containers: [{name: c, image: c, ports: [{name: http, containerPort: 8080, protocol: UDP}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: p4, namespace: shop, labels: {app: api}}
spec:
  containers: [{name: c, image: c}]
`;

const service = (spec: string, name = 'api') => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: shop}
spec:
${spec}`;

const find = (text: string, name = 'api') => {
  const cluster = clusterOf(text);
  return { cluster, service: cluster.services.find((s) => s.name === name)! };
};

describe('Services', () => {
  it('default as the API server does: ClusterIP, TCP, targetPort = port, internalTrafficPolicy Cluster', () => {
    const { service: svc } = find(pods + service('  selector: {app: api}\n  ports: [{port: 80}]\n'));
    expect(svc.type).toBe('ClusterIP');
    expect(svc.ports[0]).toMatchObject({ name: undefined, port: 80, protocol: 'TCP', targetPort: 80, nodePort: undefined });
    expect(svc.internalTrafficPolicy).toBe('Cluster');
    expect(svc.externalTrafficPolicy).toBeUndefined();
    expect(svc.sessionAffinity).toBe('None');
    expect(svc.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
  });

  it('resolve a named targetPort on each pod, by name and protocol (the E4 example)', () => {
    const { service: svc } = find(pods + service('  selector: {app: api}\n  ports: [{name: web, port: 80, targetPort: http}]\n'));
    expect(svc.ports[0]!.endpoints.map((e) => [e.pod?.name, e.ip, e.port])).toEqual([
      ['p1', '10.244.0.2', 8080],
      ['p2', '10.244.0.3', 9090],
    ]);
  });

  it('use an integer targetPort on every selected pod, declared or not', () => {
    const { service: svc } = find(pods + service('  selector: {app: api}\n  ports: [{port: 80, targetPort: 8080}]\n'));
    expect(svc.ports[0]!.endpoints.map((e) => [e.pod?.name, e.port])).toEqual([
      ['p1', 8080],
      ['p2', 8080],
      ['p3', 8080],
      ['p4', 8080],
    ]);
  });

  it('give NodePort and LoadBalancer Services node ports from the dynamic band and eTP Cluster', () => {
    const { cluster } = find(
      pods +
        service('  type: NodePort\n  selector: {app: api}\n  ports: [{port: 80, targetPort: 8080, nodePort: 30080}]\n', 'fixed') +
        service('  type: LoadBalancer\n  selector: {app: api}\n  ports: [{port: 80, targetPort: 8080}]\n', 'lb'),
    );
    const fixed = cluster.services.find((s) => s.name === 'fixed')!;
    const lb = cluster.services.find((s) => s.name === 'lb')!;
    expect(fixed.ports[0]!.nodePort).toBe(30080);
    expect(lb.ports[0]!.nodePort).toBeGreaterThanOrEqual(30086);
    expect(lb.ports[0]!.nodePort).toBeLessThanOrEqual(32767);
    expect([fixed.externalTrafficPolicy, lb.externalTrafficPolicy]).toEqual(['Cluster', 'Cluster']);
    expect(lb.loadBalancerIPs).toEqual(['203.0.113.10']);
  });

  it('keep a stated ClusterIP and LoadBalancer address from a dump', () => {
    const text = pods + service('  type: LoadBalancer\n  clusterIP: 10.96.5.5\n  selector: {app: api}\n  ports: [{port: 80}]\n') + 'status:\n  loadBalancer:\n    ingress: [{ip: 34.120.1.2}]\n';
    const { service: s } = find(text);
    expect([s.clusterIP, s.loadBalancerIPs]).toEqual(['10.96.5.5', ['34.120.1.2']]);
  });

  it('treat clusterIP: None as headless and ExternalName as a name only', () => {
    const { cluster } = find(
      pods + service('  clusterIP: None\n  selector: {app: api}\n  ports: [{port: 80, targetPort: 8080}]\n', 'headless') +
        service('  type: ExternalName\n  externalName: api.example.com\n', 'ext'),
    );
    const headless = cluster.services.find((s) => s.name === 'headless')!;
    const ext = cluster.services.find((s) => s.name === 'ext')!;
    expect([headless.headless, headless.clusterIP, headless.ports[0]!.endpoints.length]).toEqual([true, undefined, 4]);
    expect([ext.clusterIP, ext.externalName, ext.internalTrafficPolicy]).toEqual([undefined, 'api.example.com', undefined]);
  });

  it('leave not-ready pods out of ready endpoints unless publishNotReadyAddresses', () => {
    const notReady = `apiVersion: v1
kind: Pod
metadata: {name: slow, namespace: shop, labels: {app: api}}
spec:
  containers: [{name: c, image: c}]
status:
  phase: Running
  podIP: 10.244.0.50
  conditions: [{type: Ready, status: "False"}]
`;
    const { service: s } = find(notReady + service('  selector: {app: api}\n  ports: [{port: 80}]\n'));
    expect(s.ports[0]!.endpoints.map((e) => [e.ip, e.ready])).toEqual([['10.244.0.50', false]]);
    const { service: p } = find(notReady + service('  publishNotReadyAddresses: true\n  selector: {app: api}\n  ports: [{port: 80}]\n'));
    expect(p.ports[0]!.endpoints[0]!.ready).toBe(true);
  });

  it('take endpoints of a selector-less Service from a pasted EndpointSlice or Endpoints', () => {
    const slice = `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: db-x1, namespace: shop, labels: {kubernetes.io/service-name: db}}
addressType: IPv4
ports: [{name: pg, port: 5432, protocol: TCP}]
endpoints:
  - addresses: [192.168.50.10]
    conditions: {ready: true}
`;
    const { service: s } = find(service('  ports: [{name: pg, port: 5432}]\n', 'db') + slice, 'db');
    expect(s.ports[0]!.endpoints.map((e) => [e.ip, e.port, e.pod])).toEqual([['192.168.50.10', 5432, undefined]]);
    const legacy = `---
apiVersion: v1
kind: Endpoints
metadata: {name: db, namespace: shop}
subsets:
  - addresses: [{ip: 192.168.50.11}]
    notReadyAddresses: [{ip: 192.168.50.12}]
    ports: [{port: 5432}]
`;
    const { service: l } = find(service('  ports: [{port: 5432}]\n', 'db') + legacy, 'db');
    expect(l.ports[0]!.endpoints.map((e) => [e.ip, e.ready])).toEqual([['192.168.50.11', true], ['192.168.50.12', false]]);
  });

  it('report what the API server would refuse, and what leaves a Service empty, at the line', () => {
    const text =
      pods +
      service('  ports: [{port: 80}, {port: 443}]\n', 'unnamed') +
      service('  ports: [{port: 80, nodePort: 30001}]\n', 'cip-nodeport') +
      service('  type: NodePort\n  ports: [{port: 80, nodePort: 29999}]\n', 'low') +
      service('  type: NodePort\n  selector: {app: api}\n  ports: [{port: 80, nodePort: 30080}]\n', 'one') +
      service('  type: NodePort\n  selector: {app: api}\n  ports: [{port: 81, nodePort: 30080}]\n', 'two') +
      service('  clusterIP: 10.200.0.1\n  ports: [{port: 80}]\n', 'outside') +
      service('  selector: {app: nothing}\n  ports: [{port: 80}]\n', 'lonely') +
      service('  selector: {app: api}\n  ports: [{port: 80, targetPort: grpc}]\n', 'unresolved');
    expect(problems(clusterOf(text))).toEqual([
      ['service-port-name-required', 29],
      ['service-port-name-required', 29],
      ['service-node-port-forbidden', 35],
      ['service-cluster-ip-outside', 64],
      ['service-node-port-range', 42],
      ['service-node-port-conflict', 58],
      ['service-selector-no-pods', 71],
      ['service-target-port-unresolved', 79],
    ]);
    // The API server refuses the first five; the last three are legal but leave traffic nowhere to go.
    expect(severities(clusterOf(text))).toEqual({
      'service-port-name-required': 'error',
      'service-node-port-forbidden': 'error',
      'service-cluster-ip-outside': 'error',
      'service-node-port-range': 'error',
      'service-node-port-conflict': 'error',
      'service-selector-no-pods': 'warning',
      'service-target-port-unresolved': 'warning',
    });
  });

  it('include kube-dns at the 10th service address and CoreDNS behind it, unless pasted', () => {
    const cluster = clusterOf('');
    const dns = cluster.services.find((s) => s.name === 'kube-dns')!;
    expect(dns.clusterIP).toBe('10.96.0.10');
    expect(dns.implicit).toBe(true);
    expect(dns.ports.map((p) => `${p.name} ${p.port}/${p.protocol}`)).toEqual(['dns 53/UDP', 'dns-tcp 53/TCP', 'metrics 9153/TCP']);
    expect(dns.ports[0]!.endpoints).toHaveLength(2);
    expect(cluster.services.find((s) => s.name === 'kubernetes')!.clusterIP).toBe('10.96.0.1');
    expect(cluster.pods.filter((p) => p.namespace === 'kube-system').map((p) => p.workload)).toEqual([
      { kind: 'Deployment', name: 'coredns' },
      { kind: 'Deployment', name: 'coredns' },
    ]);
    expect(problems(cluster)).toEqual([]);
  });
});

describe('LoadBalancer details', () => {
  it('allocates a healthCheckNodePort for externalTrafficPolicy Local and keeps it from others', () => {
    const text = `apiVersion: v1
kind: Service
metadata: {name: lb, namespace: shop}
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  healthCheckNodePort: 32145
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: np, namespace: shop}
spec:
  type: NodePort
  ports: [{port: 80, nodePort: 32145}]
`;
    const cluster = clusterOf(text);
    expect(cluster.services.find((s) => s.name === 'lb')!.healthCheckNodePort).toBeDefined();
    // The NodePort asked first in reading order, so the health check port moves and says why.
    expect(problems(cluster).map(([code]) => code)).toContain('service-node-port-conflict');
  });

  it('gives no node ports when allocateLoadBalancerNodePorts is false', () => {
    const cluster = clusterOf('apiVersion: v1\nkind: Service\nmetadata: {name: lb}\nspec:\n  type: LoadBalancer\n  allocateLoadBalancerNodePorts: false\n  ports: [{port: 80}]\n');
    expect(cluster.services.find((s) => s.name === 'lb')!.ports[0]!.nodePort).toBeUndefined();
  });

  it('points the built-in kubernetes Service at the control-plane node', () => {
    const text = 'apiVersion: v1\nkind: Node\nmetadata: {name: a-worker}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: cp, labels: {node-role.kubernetes.io/control-plane: ""}}\n';
    const cluster = clusterOf(text);
    const cp = cluster.nodes.find((n) => n.name === 'cp')!;
    expect(cluster.services.find((s) => s.name === 'kubernetes')!.ports[0]!.endpoints[0]!.ip).toBe(cp.internalIP);
  });

  it('keeps the built-in CoreDNS when only its ConfigMap is pasted', () => {
    const cluster = clusterOf('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: coredns, namespace: kube-system}\ndata: {Corefile: ".:53 {}"}\n');
    expect(cluster.services.find((s) => s.name === 'kube-dns')!.ports[0]!.endpoints).toHaveLength(2);
  });

  it('makes no pods for a CronJob from a dump with no active Job', () => {
    const text = 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  schedule: "0 0 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec: {restartPolicy: Never, containers: [{name: c, image: c}]}\nstatus: {}\n';
    expect(clusterOf(text).pods.filter((p) => !p.implicit)).toEqual([]);
  });
});
