import { describe, expect, it } from 'vitest';
import { clusterOf } from '../cluster/test-helpers';
import { buildTopology } from './build';

const pod = (name: string, labels: string, ready: boolean, ports = '[{name: http, containerPort: 8080}]') => `kind: Pod
metadata: {name: ${name}, namespace: shop, labels: {${labels}}}
spec:
  containers: [{name: app, ports: ${ports}}]
status:
  podIP: ${{ a: '10.244.0.20', b: '10.244.0.21', c: '10.244.0.22', d: '10.244.0.23' }[name]}
  conditions: [{type: Ready, status: '${ready ? 'True' : 'False'}'}]
`;

const text = [
  pod('a', 'app: api', true),
  pod('b', 'app: api', true),
  pod('c', 'app: api', false),
  pod('d', 'app: db', true, '[{containerPort: 5432}]'),
  `kind: Service
metadata: {name: api, namespace: shop}
spec:
  clusterIP: 10.96.40.1
  selector: {app: api}
  ports: [{name: web, port: 80, targetPort: http}]
`,
  `kind: Service
metadata: {name: db, namespace: shop}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 5432}]
`,
  `kind: Service
metadata: {name: empty, namespace: shop}
spec:
  clusterIP: 10.96.40.2
  selector: {app: nothing}
  ports: [{port: 80}]
`,
  `kind: Service
metadata: {name: edge, namespace: web}
spec:
  type: LoadBalancer
  clusterIP: 10.96.40.3
  selector: {app: api}
  ports: [{port: 443, targetPort: 8080, nodePort: 30443}, {port: 80, targetPort: 8080, nodePort: 30080, protocol: TCP}]
status:
  loadBalancer: {ingress: [{ip: 203.0.113.7}]}
`,
  `kind: Service
metadata: {name: mail, namespace: web}
spec:
  type: ExternalName
  externalName: smtp.example.com
`,
].join('---\n');

describe('buildTopology: Services', () => {
  const topology = buildTopology(clusterOf(text));
  const byId = new Map(topology.elements.map((e) => [e.id, e]));

  it('puts each Service in the frame of its namespace, outside every node', () => {
    const services = topology.elements.filter((e) => e.kind === 'service' || e.kind === 'services').map((e) => [e.id, e.parent, e.label, e.detail]);
    expect(services).toEqual([
      ['svcs:shop', undefined, 'shop', '3 Services'],
      ['svc:shop/api', 'svcs:shop', 'api', '10.96.40.1 · 80/TCP'],
      ['svc:shop/db', 'svcs:shop', 'db', 'None (headless) · 5432/TCP'],
      ['svc:shop/empty', 'svcs:shop', 'empty', '10.96.40.2 · 80/TCP'],
      // A namespace the pasted YAML does not create still frames its Services.
      ['svcs:web', undefined, 'web', '2 Services'],
      ['svc:web/edge', 'svcs:web', 'edge', '10.96.40.3 · 443:30443/TCP,80:30080/TCP · LB\u00a0203.0.113.7'],
      ['svc:web/mail', 'svcs:web', 'mail', 'CNAME smtp.example.com'],
      // What every cluster has: kubernetes in default, kube-dns in kube-system.
      ['svcs:kube-system', undefined, 'kube-system', '1 Service'],
      ['svc:kube-system/kube-dns', 'svcs:kube-system', 'kube-dns', '10.96.0.10 · 53/UDP,53/TCP,9153/TCP'],
      ['svcs:default', undefined, 'default', '1 Service'],
      ['svc:default/kubernetes', 'svcs:default', 'kubernetes', '10.96.0.1 · 443/TCP'],
    ]);
  });

  it('counts ready and not-ready endpoints, and says the type and whether it is headless', () => {
    expect(byId.get('svc:shop/api')!.service).toEqual({ namespace: 'shop', type: 'ClusterIP', headless: false, readyEndpoints: 2, notReadyEndpoints: 1 });
    expect(byId.get('svc:shop/db')!.service).toEqual({ namespace: 'shop', type: 'ClusterIP', headless: true, readyEndpoints: 1, notReadyEndpoints: 0 });
    expect(byId.get('svc:shop/empty')!.service).toEqual({ namespace: 'shop', type: 'ClusterIP', headless: false, readyEndpoints: 0, notReadyEndpoints: 0 });
    expect(byId.get('svc:web/mail')!.service).toMatchObject({ type: 'ExternalName', readyEndpoints: 0, notReadyEndpoints: 0 });
    // The api pods are in shop; a Service in web selects only pods of web, so edge has none.
    expect(byId.get('svc:web/edge')!.service).toMatchObject({ type: 'LoadBalancer', readyEndpoints: 0, notReadyEndpoints: 0 });
  });

  it('joins each Service to its endpoint pods once, with the address and its readiness; the API server’s endpoint is the node', () => {
    expect(topology.links.filter((l) => l.kind === 'endpoint' && !l.source.includes('kube-dns')).map((l) => [l.id, l.source, l.target, l.address, l.ready])).toEqual([
      ['link:svc:shop/api~pod:shop/a', 'svc:shop/api', 'pod:shop/a', '10.244.0.20', true],
      ['link:svc:shop/api~pod:shop/b', 'svc:shop/api', 'pod:shop/b', '10.244.0.21', true],
      ['link:svc:shop/api~pod:shop/c', 'svc:shop/api', 'pod:shop/c', '10.244.0.22', false],
      ['link:svc:shop/db~pod:shop/d', 'svc:shop/db', 'pod:shop/d', '10.244.0.23', true],
      ['link:svc:default/kubernetes~node:node-1', 'svc:default/kubernetes', 'node:node-1', '192.168.1.11', true],
    ]);
  });

  it('joins kube-dns to the CoreDNS pods in kube-system', () => {
    const coredns = topology.elements.filter((e) => e.kind === 'pod' && e.label.startsWith('kube-system/coredns-')).map((e) => e.id);
    expect(coredns).toHaveLength(2);
    expect(topology.links.filter((l) => l.source === 'svc:kube-system/kube-dns').map((l) => l.target)).toEqual(coredns);
  });
});
