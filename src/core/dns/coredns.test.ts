import { describe, expect, it } from 'vitest';
import { clusterOf } from '../cluster/test-helpers';
import { askServer } from './server';
import { DNS_SCENARIO } from './test-fixture';
import type { RecordType } from './types';

const cluster = clusterOf(DNS_SCENARIO);
const KUBE_DNS = '10.96.0.10';

/** CoreDNS's reply through the kube-dns ClusterIP, as `dig` would print its status and answer lines. */
function dig(name: string, type: RecordType = 'A') {
  const reply = askServer(cluster, KUBE_DNS, name, type);
  const response = reply.response;
  if (response === undefined) throw new Error(`no reply: ${reply.unanswered ?? ''}`);
  return {
    rcode: response.rcode,
    answers: response.answers.map((r) => `${r.name} ${r.ttl ?? '-'} IN ${r.type} ${r.data}`),
    aa: response.authoritative,
    responder: response.responder,
    reason: response.reason,
  };
}

describe('CoreDNS’s kubernetes plugin (kubeadm’s Corefile)', () => {
  it('a ClusterIP Service: an A record of its ClusterIP, TTL 30, authoritative', () => {
    expect(dig('backend.prod.svc.cluster.local.')).toEqual({
      rcode: 'NOERROR',
      answers: ['backend.prod.svc.cluster.local. 30 IN A 10.108.145.22'],
      aa: true,
      responder: 'coredns-kubernetes',
      reason: 'Service prod/backend: its ClusterIP',
    });
  });

  it('names compare without case', () => {
    expect(dig('Backend.PROD.svc.Cluster.Local.').answers).toEqual(['Backend.PROD.svc.Cluster.Local. 30 IN A 10.108.145.22']);
  });

  it('AAAA of an IPv4 Service: NODATA (NOERROR, no records)', () => {
    const reply = dig('backend.prod.svc.cluster.local.', 'AAAA');
    expect([reply.rcode, reply.answers]).toEqual(['NOERROR', []]);
    expect(reply.reason).toBe('Service prod/backend: its ClusterIP; its addresses are IPv4 only, so there is no AAAA record (NOERROR without records: NODATA)');
  });

  it('a headless Service: the ready endpoints’ pod IPs, the not-ready pod left out', () => {
    expect(dig('nginx.default.svc.cluster.local.').answers).toEqual([
      'nginx.default.svc.cluster.local. 30 IN A 10.244.0.6',
      'nginx.default.svc.cluster.local. 30 IN A 10.244.0.7',
    ]);
  });

  it('StatefulSet pods by name behind their governing headless Service (E6)', () => {
    expect(dig('web-0.nginx.default.svc.cluster.local.').answers).toEqual(['web-0.nginx.default.svc.cluster.local. 30 IN A 10.244.0.6']);
    expect(dig('web-1.nginx.default.svc.cluster.local.').answers).toEqual(['web-1.nginx.default.svc.cluster.local. 30 IN A 10.244.0.7']);
  });

  it('hostname.subdomain of a pod whose subdomain names a headless Service', () => {
    expect(dig('pod-b.sub.default.svc.cluster.local.').answers).toEqual(['pod-b.sub.default.svc.cluster.local. 30 IN A 10.244.0.70']);
  });

  it('a not-ready endpoint has no name of its own either', () => {
    const reply = dig('10-244-0-60.nginx.default.svc.cluster.local.');
    expect(reply.rcode).toBe('NXDOMAIN');
    expect(reply.reason).toBe(
      '10-244-0-60.nginx.default.svc.cluster.local. reads as endpoint 10-244-0-60 of nginx in namespace default: Service default/nginx has no ready endpoint named 10-244-0-60 (an endpoint is named by its pod\'s hostname when the pod\'s subdomain is the Service, else by its dashed IP)',
    );
  });

  it('a headless Service without ports still has A records; endpoints without a hostname are named by their dashed IP (E7)', () => {
    expect(dig('workers.default.svc.cluster.local.').answers).toEqual(['workers.default.svc.cluster.local. 30 IN A 10.244.0.50']);
    expect(dig('10-244-0-50.workers.default.svc.cluster.local.').answers).toEqual(['10-244-0-50.workers.default.svc.cluster.local. 30 IN A 10.244.0.50']);
    expect([dig('workers.default.svc.cluster.local.', 'SRV').rcode, dig('workers.default.svc.cluster.local.', 'SRV').answers]).toEqual(['NOERROR', []]);
  });

  it('pods insecure: a-b-c-d.ns.pod answers the address, whether or not a pod has it', () => {
    expect(dig('10-244-0-50.default.pod.cluster.local.')).toMatchObject({
      answers: ['10-244-0-50.default.pod.cluster.local. 30 IN A 10.244.0.50'],
      reason: 'pods insecure: 10-244-0-50.default.pod answers 10.244.0.50 (pod default/worker has it)',
    });
    expect(dig('10-1-2-3.prod.pod.cluster.local.').answers).toEqual(['10-1-2-3.prod.pod.cluster.local. 30 IN A 10.1.2.3']);
    expect(dig('10-1-2.prod.pod.cluster.local.').rcode).toBe('NXDOMAIN');
    expect(dig('10-1-2-3.staging.pod.cluster.local.')).toMatchObject({ rcode: 'NXDOMAIN', reason: 'there is no namespace staging' });
  });

  it('ExternalName: a CNAME, followed upstream to the published load balancer address', () => {
    expect(dig('db.default.svc.cluster.local.').answers).toEqual([
      'db.default.svc.cluster.local. 30 IN CNAME app.myapp.com.',
      'app.myapp.com. - IN A 203.0.113.40',
    ]);
    expect(dig('db.default.svc.cluster.local.', 'AAAA').answers).toEqual(['db.default.svc.cluster.local. 30 IN CNAME app.myapp.com.']);
    expect(dig('db.default.svc.cluster.local.', 'CNAME').answers).toEqual(['db.default.svc.cluster.local. 30 IN CNAME app.myapp.com.']);
  });

  it('ExternalName to a name in the cluster domain: CoreDNS follows it itself', () => {
    expect(dig('legacy.default.svc.cluster.local.').answers).toEqual([
      'legacy.default.svc.cluster.local. 30 IN CNAME backend.prod.svc.cluster.local.',
      'backend.prod.svc.cluster.local. 30 IN A 10.108.145.22',
    ]);
  });

  it('ExternalName that looks like an IP: no record at all', () => {
    expect(dig('raw.default.svc.cluster.local.')).toMatchObject({
      rcode: 'NXDOMAIN',
      reason: 'ExternalName Service default/raw names 10.0.0.5, which CoreDNS takes for an IP address and serves no record for',
    });
  });

  it('SRV for named ports: 0, the weight shared out, the port, the Service or endpoint name', () => {
    expect(dig('_https._tcp.kubernetes.default.svc.cluster.local.', 'SRV').answers).toEqual([
      '_https._tcp.kubernetes.default.svc.cluster.local. 30 IN SRV 0 100 443 kubernetes.default.svc.cluster.local.',
    ]);
    expect(dig('_web._tcp.nginx.default.svc.cluster.local.', 'SRV').answers).toEqual([
      '_web._tcp.nginx.default.svc.cluster.local. 30 IN SRV 0 50 80 web-0.nginx.default.svc.cluster.local.',
      '_web._tcp.nginx.default.svc.cluster.local. 30 IN SRV 0 50 80 web-1.nginx.default.svc.cluster.local.',
    ]);
    expect(dig('_dns._udp.kube-dns.kube-system.svc.cluster.local.', 'SRV').answers).toEqual([
      '_dns._udp.kube-dns.kube-system.svc.cluster.local. 30 IN SRV 0 100 53 kube-dns.kube-system.svc.cluster.local.',
    ]);
    expect(dig('_http._udp.backend.prod.svc.cluster.local.', 'SRV')).toMatchObject({
      rcode: 'NXDOMAIN',
      reason: '_http._udp.backend.prod.svc.cluster.local. reads as port http/udp of backend in namespace prod: Service prod/backend has no port named http with protocol udp',
    });
  });

  it('NXDOMAIN for names in the zone that do not exist, saying why', () => {
    expect(dig('backnd.default.svc.cluster.local.')).toMatchObject({ rcode: 'NXDOMAIN', aa: true, reason: 'no Service backnd in namespace default' });
    expect(dig('pod-b.default.svc.cluster.local.')).toMatchObject({
      rcode: 'NXDOMAIN',
      reason:
        'no Service pod-b in namespace default (pod default/pod-b exists, but a pod\'s name gives it no DNS record: only spec.hostname with spec.subdomain naming a headless Service does)',
    });
    expect(dig('backend.cluster.local.')).toMatchObject({
      rcode: 'NXDOMAIN',
      reason: 'backend.cluster.local. is in cluster.local but not a Service or pod name (those end in .svc.cluster.local or .pod.cluster.local)',
    });
    expect(dig('a.b.c.backend.prod.svc.cluster.local.').rcode).toBe('NXDOMAIN');
  });

  it('a namespace alone exists but has no records: NODATA; a missing one is NXDOMAIN', () => {
    expect(dig('prod.svc.cluster.local.')).toMatchObject({ rcode: 'NOERROR', answers: [] });
    expect(dig('nowhere.svc.cluster.local.')).toMatchObject({ rcode: 'NXDOMAIN', reason: 'there is no namespace nowhere' });
  });

  it('CoreDNS also names the endpoints of a ClusterIP Service (outside the spec, as CoreDNS does)', () => {
    expect(dig('10-244-0-4.backend.prod.svc.cluster.local.').answers).toEqual(['10-244-0-4.backend.prod.svc.cluster.local. 30 IN A 10.244.0.4']);
  });

  it('names outside the cluster domain are forwarded: not authoritative', () => {
    expect(dig('www.myapp.com.')).toMatchObject({ rcode: 'NOERROR', aa: false, responder: 'coredns-forward', answers: ['www.myapp.com. - IN A 203.0.113.40'] });
    expect(dig('example.org.')).toMatchObject({
      rcode: 'NXDOMAIN',
      aa: false,
      reason:
        'CoreDNS forwards example.org. to the node\'s resolver (forward . /etc/resolv.conf): example.org. is not in this scenario: no LoadBalancer Service publishes it (annotation external-dns.alpha.kubernetes.io/hostname); a real resolver may know it',
    });
  });
});

describe('a nameserver outside the cluster', () => {
  it('does not know the cluster domain', () => {
    const reply = askServer(cluster, '1.1.1.1', 'backend.prod.svc.cluster.local.', 'A');
    expect(reply.serverRole).toBe('upstream');
    expect(reply.response).toMatchObject({ rcode: 'NXDOMAIN', responder: 'upstream' });
  });

  it('answers published names, and reaching a CoreDNS pod directly works like the ClusterIP', () => {
    expect(askServer(cluster, '1.1.1.1', 'app.myapp.com.', 'A').response?.answers.map((r) => r.data)).toEqual(['203.0.113.40']);
    expect(askServer(cluster, '10.244.0.8', 'backend.prod.svc.cluster.local.', 'A')).toMatchObject({ serverRole: 'cluster-dns', response: { rcode: 'NOERROR' } });
  });
});

describe('kube-dns without a ready CoreDNS', () => {
  it('gets no reply: kube-proxy rejects the packet', () => {
    const broken = clusterOf(`apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system}
spec:
  replicas: 0
  selector: {matchLabels: {k8s-app: kube-dns}}
  template:
    metadata: {labels: {k8s-app: kube-dns}}
    spec:
      containers: [{name: coredns, image: coredns}]
`);
    expect(askServer(broken, KUBE_DNS, 'kubernetes.default.svc.cluster.local.', 'A')).toEqual({
      serverRole: 'cluster-dns',
      response: undefined,
      unanswered: 'Service kube-system/kube-dns has no ready endpoint: kube-proxy rejects 10.96.0.10:53/UDP (ICMP port unreachable), so no CoreDNS pod answers',
    });
  });
});
