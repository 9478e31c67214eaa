import { describe, expect, it } from 'vitest';
import { clusterOf } from '../cluster/test-helpers';
import type { Cluster, Pod } from '../cluster/types';
import { resolveName, type LookupOptions } from './lookup';
import { DNS_SCENARIO } from './test-fixture';
import type { DnsLookup } from './types';

const cluster = clusterOf(DNS_SCENARIO);

function podIn(c: Cluster, namespace: string, name = 'client'): Pod {
  const pod = c.pods.find((p) => p.namespace === namespace && p.name === name);
  if (pod === undefined) throw new Error(`no pod ${namespace}/${name}`);
  return pod;
}

/** Each question as `TYPE name → RCODE answers`, in the order sent. */
function wire(lookup: DnsLookup): string[] {
  return lookup.queries.map((q) => {
    if (q.response === undefined) return `${q.type} ${q.name} @${q.server} → no reply`;
    const answers = q.response.answers.map((r) => (r.type === 'CNAME' ? `CNAME ${r.data}` : r.data)).join(' ');
    return `${q.type} ${q.name} → ${q.response.rcode}${answers === '' ? '' : ` ${answers}`}`;
  });
}

const from = (namespace: string, name: string, options?: LookupOptions) => resolveName(cluster, podIn(cluster, namespace), name, options);
const addresses = (lookup: DnsLookup) => (lookup.result.ok ? lookup.result.addresses : lookup.result.reason);

describe('a Service by its short name', () => {
  it('from its own namespace: the first search domain answers at once', () => {
    const lookup = from('prod', 'backend');
    expect(lookup.resolvConf.text).toBe('search prod.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
    expect(wire(lookup)).toEqual(['A backend.prod.svc.cluster.local. → NOERROR 10.108.145.22', 'AAAA backend.prod.svc.cluster.local. → NOERROR']);
    expect(lookup.result).toEqual({
      ok: true,
      name: 'backend.prod.svc.cluster.local.',
      addresses: ['10.108.145.22'],
      cnames: [],
      summary: 'backend resolves to 10.108.145.22 as backend.prod.svc.cluster.local. (the first name tried): Service prod/backend: its ClusterIP',
    });
    expect(lookup.queries.every((q) => q.server === '10.96.0.10' && q.serverRole === 'cluster-dns')).toBe(true);
  });

  it('from another namespace: the whole search list, then the bare name, all NXDOMAIN', () => {
    const lookup = from('default', 'backend');
    expect(lookup.plan).toEqual(['backend.default.svc.cluster.local.', 'backend.svc.cluster.local.', 'backend.cluster.local.', 'backend.']);
    expect(wire(lookup)).toEqual([
      'A backend.default.svc.cluster.local. → NXDOMAIN',
      'AAAA backend.default.svc.cluster.local. → NXDOMAIN',
      'A backend.svc.cluster.local. → NXDOMAIN',
      'AAAA backend.svc.cluster.local. → NXDOMAIN',
      'A backend.cluster.local. → NXDOMAIN',
      'AAAA backend.cluster.local. → NXDOMAIN',
      'A backend. → NXDOMAIN',
      'AAAA backend. → NXDOMAIN',
    ]);
    expect(lookup.result).toMatchObject({ ok: false, reason: 'nxdomain' });
    expect(lookup.result.ok ? '' : lookup.result.message).toMatch(/^backend does not resolve: NXDOMAIN for all 4 names tried\. no Service backend in namespace default; there is no namespace backend;/);
  });
});

describe('service.namespace', () => {
  it('from default: one NXDOMAIN (read as an endpoint in default), then the second search domain answers', () => {
    expect(wire(from('default', 'backend.prod'))).toEqual([
      'A backend.prod.default.svc.cluster.local. → NXDOMAIN',
      'AAAA backend.prod.default.svc.cluster.local. → NXDOMAIN',
      'A backend.prod.svc.cluster.local. → NOERROR 10.108.145.22',
      'AAAA backend.prod.svc.cluster.local. → NOERROR',
    ]);
  });

  it('from prod, its own namespace, the same: NXDOMAIN for backend.prod.prod.svc first', () => {
    const lookup = from('prod', 'backend.prod');
    expect(lookup.plan[0]).toBe('backend.prod.prod.svc.cluster.local.');
    expect(addresses(lookup)).toEqual(['10.108.145.22']);
    expect(lookup.queries.length).toBe(4);
  });
});

describe('the full name without a trailing dot (4 dots, fewer than ndots:5)', () => {
  it('three NXDOMAINs before the name as it is', () => {
    expect(wire(from('default', 'backend.prod.svc.cluster.local'))).toEqual([
      'A backend.prod.svc.cluster.local.default.svc.cluster.local. → NXDOMAIN',
      'AAAA backend.prod.svc.cluster.local.default.svc.cluster.local. → NXDOMAIN',
      'A backend.prod.svc.cluster.local.svc.cluster.local. → NXDOMAIN',
      'AAAA backend.prod.svc.cluster.local.svc.cluster.local. → NXDOMAIN',
      'A backend.prod.svc.cluster.local.cluster.local. → NXDOMAIN',
      'AAAA backend.prod.svc.cluster.local.cluster.local. → NXDOMAIN',
      'A backend.prod.svc.cluster.local. → NOERROR 10.108.145.22',
      'AAAA backend.prod.svc.cluster.local. → NOERROR',
    ]);
  });

  it('with a trailing dot: one name, asked once', () => {
    expect(wire(from('prod', 'backend.prod.svc.cluster.local.'))).toEqual([
      'A backend.prod.svc.cluster.local. → NOERROR 10.108.145.22',
      'AAAA backend.prod.svc.cluster.local. → NOERROR',
    ]);
  });

  it('a trailing dot on a short name: no search domain, so CoreDNS forwards it and it fails', () => {
    const lookup = from('prod', 'backend.');
    expect(wire(lookup)).toEqual(['A backend. → NXDOMAIN', 'AAAA backend. → NXDOMAIN']);
    expect(lookup.result).toMatchObject({ ok: false, reason: 'nxdomain' });
  });
});

describe('five dots or more: the name as it is first', () => {
  it('a StatefulSet pod’s full name answers on the first question', () => {
    const lookup = from('prod', 'web-0.nginx.default.svc.cluster.local');
    expect(wire(lookup)).toEqual(['A web-0.nginx.default.svc.cluster.local. → NOERROR 10.244.0.6', 'AAAA web-0.nginx.default.svc.cluster.local. → NOERROR']);
  });

  it('a name of 5 dots that does not exist: as it is, then every search domain, and not again at the end', () => {
    expect(wire(from('default', 'a.b.c.d.e.f'))).toEqual([
      'A a.b.c.d.e.f. → NXDOMAIN',
      'AAAA a.b.c.d.e.f. → NXDOMAIN',
      'A a.b.c.d.e.f.default.svc.cluster.local. → NXDOMAIN',
      'AAAA a.b.c.d.e.f.default.svc.cluster.local. → NXDOMAIN',
      'A a.b.c.d.e.f.svc.cluster.local. → NXDOMAIN',
      'AAAA a.b.c.d.e.f.svc.cluster.local. → NXDOMAIN',
      'A a.b.c.d.e.f.cluster.local. → NXDOMAIN',
      'AAAA a.b.c.d.e.f.cluster.local. → NXDOMAIN',
    ]);
  });
});

describe('headless Services and pod names', () => {
  it('a headless Service gives the ready pods’ IPs', () => {
    expect(wire(from('default', 'nginx'))).toEqual([
      'A nginx.default.svc.cluster.local. → NOERROR 10.244.0.6 10.244.0.7',
      'AAAA nginx.default.svc.cluster.local. → NOERROR',
    ]);
    expect(addresses(from('prod', 'nginx.default'))).toEqual(['10.244.0.6', '10.244.0.7']);
  });

  it('hostname.subdomain behind a headless Service, from its namespace and from another', () => {
    expect(wire(from('default', 'pod-b.sub'))).toEqual([
      'A pod-b.sub.default.svc.cluster.local. → NOERROR 10.244.0.70',
      'AAAA pod-b.sub.default.svc.cluster.local. → NOERROR',
    ]);
    expect(addresses(from('prod', 'pod-b.sub.default'))).toEqual(['10.244.0.70']);
  });

  it('pod-b.default.svc.cluster.local: a pod’s name is not a DNS name, NXDOMAIN after the whole walk', () => {
    const lookup = from('default', 'pod-b.default.svc.cluster.local');
    expect(wire(lookup)).toEqual([
      'A pod-b.default.svc.cluster.local.default.svc.cluster.local. → NXDOMAIN',
      'AAAA pod-b.default.svc.cluster.local.default.svc.cluster.local. → NXDOMAIN',
      'A pod-b.default.svc.cluster.local.svc.cluster.local. → NXDOMAIN',
      'AAAA pod-b.default.svc.cluster.local.svc.cluster.local. → NXDOMAIN',
      'A pod-b.default.svc.cluster.local.cluster.local. → NXDOMAIN',
      'AAAA pod-b.default.svc.cluster.local.cluster.local. → NXDOMAIN',
      'A pod-b.default.svc.cluster.local. → NXDOMAIN',
      'AAAA pod-b.default.svc.cluster.local. → NXDOMAIN',
    ]);
    expect(lookup.result.ok ? '' : lookup.result.message).toContain("pod default/pod-b exists, but a pod's name gives it no DNS record");
  });

  it('a pod’s dashed-IP name under pod.cluster.local', () => {
    expect(wire(from('prod', '10-244-0-50.default.pod'))).toEqual([
      'A 10-244-0-50.default.pod.prod.svc.cluster.local. → NXDOMAIN',
      'AAAA 10-244-0-50.default.pod.prod.svc.cluster.local. → NXDOMAIN',
      'A 10-244-0-50.default.pod.svc.cluster.local. → NXDOMAIN',
      'AAAA 10-244-0-50.default.pod.svc.cluster.local. → NXDOMAIN',
      'A 10-244-0-50.default.pod.cluster.local. → NOERROR 10.244.0.50',
      'AAAA 10-244-0-50.default.pod.cluster.local. → NOERROR',
    ]);
  });
});

describe('ExternalName and names outside the cluster', () => {
  it('ExternalName: the CNAME and the address behind it, in one reply', () => {
    const lookup = from('default', 'db');
    expect(wire(lookup)).toEqual([
      'A db.default.svc.cluster.local. → NOERROR CNAME app.myapp.com. 203.0.113.40',
      'AAAA db.default.svc.cluster.local. → NOERROR CNAME app.myapp.com.',
    ]);
    expect(lookup.result).toMatchObject({
      ok: true,
      addresses: ['203.0.113.40'],
      cnames: [{ name: 'db.default.svc.cluster.local.', type: 'CNAME', ttl: 30, data: 'app.myapp.com.' }],
    });
    expect(lookup.queries.map((q) => q.cnameChain)).toEqual([
      ['db.default.svc.cluster.local.', 'app.myapp.com.'],
      ['db.default.svc.cluster.local.', 'app.myapp.com.'],
    ]);
  });

  it('ExternalName to another Service: CNAME to its full name, then its ClusterIP', () => {
    const lookup = from('default', 'legacy');
    expect(wire(lookup)).toEqual([
      'A legacy.default.svc.cluster.local. → NOERROR CNAME backend.prod.svc.cluster.local. 10.108.145.22',
      'AAAA legacy.default.svc.cluster.local. → NOERROR',
    ]);
    expect(addresses(lookup)).toEqual(['10.108.145.22']);
  });

  it('app.myapp.com (2 dots): three cluster NXDOMAINs, then CoreDNS forwards it and the published load balancer answers', () => {
    const lookup = from('default', 'app.myapp.com');
    expect(wire(lookup)).toEqual([
      'A app.myapp.com.default.svc.cluster.local. → NXDOMAIN',
      'AAAA app.myapp.com.default.svc.cluster.local. → NXDOMAIN',
      'A app.myapp.com.svc.cluster.local. → NXDOMAIN',
      'AAAA app.myapp.com.svc.cluster.local. → NXDOMAIN',
      'A app.myapp.com.cluster.local. → NXDOMAIN',
      'AAAA app.myapp.com.cluster.local. → NXDOMAIN',
      'A app.myapp.com. → NOERROR 203.0.113.40',
      'AAAA app.myapp.com. → NOERROR',
    ]);
    expect(lookup.queries.map((q) => q.response?.responder)).toEqual([...Array(6).fill('coredns-kubernetes'), 'coredns-forward', 'coredns-forward']);
  });

  it('a name outside the cluster that the scenario does not publish: NXDOMAIN, "not in this scenario"', () => {
    const lookup = from('prod', 'api.example.org');
    expect(lookup.result).toMatchObject({ ok: false, reason: 'nxdomain' });
    expect(lookup.result.ok ? '' : lookup.result.message).toContain('api.example.org. is not in this scenario');
  });
});

describe('a typo', () => {
  it('NXDOMAIN after the whole search list and the bare name, from either namespace', () => {
    for (const namespace of ['default', 'prod']) {
      const lookup = from(namespace, 'backnd');
      expect(lookup.queries.map((q) => `${q.type} ${q.name} ${q.response?.rcode ?? ''}`)).toEqual([
        `A backnd.${namespace}.svc.cluster.local. NXDOMAIN`,
        `AAAA backnd.${namespace}.svc.cluster.local. NXDOMAIN`,
        'A backnd.svc.cluster.local. NXDOMAIN',
        'AAAA backnd.svc.cluster.local. NXDOMAIN',
        'A backnd.cluster.local. NXDOMAIN',
        'AAAA backnd.cluster.local. NXDOMAIN',
        'A backnd. NXDOMAIN',
        'AAAA backnd. NXDOMAIN',
      ]);
      expect(lookup.result.ok ? '' : lookup.result.message).toMatch(new RegExp(`^backnd does not resolve: NXDOMAIN for all 4 names tried\\. no Service backnd in namespace ${namespace};`));
    }
  });
});

describe('what is not asked of DNS', () => {
  it('an address is used as it is; localhost comes from kubelet’s /etc/hosts', () => {
    const address = from('default', '10.96.0.15');
    expect([address.queries, address.result]).toEqual([
      [],
      { ok: true, name: '10.96.0.15', addresses: ['10.96.0.15'], cnames: [], summary: '10.96.0.15 is an IPv4 address, which getaddrinfo() returns as it is: no DNS question is sent.' },
    ]);
    expect(addresses(from('default', 'localhost'))).toEqual(['127.0.0.1']);
    expect(from('default', 'web..prod').result).toMatchObject({ ok: false, reason: 'invalid-name' });
  });
});

describe('resolver settings', () => {
  it('AF_INET asks A only', () => {
    expect(wire(from('prod', 'backend', { family: 'inet' }))).toEqual(['A backend.prod.svc.cluster.local. → NOERROR 10.108.145.22']);
  });

  it('dnsConfig ndots:1 sends a dotted name as it is first', () => {
    const c = clusterOf(`${DNS_SCENARIO}---
apiVersion: v1
kind: Pod
metadata: {name: tuned, namespace: default}
spec:
  containers: [{name: c, image: curl}]
  dnsConfig:
    options: [{name: ndots, value: "1"}]
`);
    expect(wire(resolveName(c, podIn(c, 'default', 'tuned'), 'app.myapp.com'))).toEqual(['A app.myapp.com. → NOERROR 203.0.113.40', 'AAAA app.myapp.com. → NOERROR']);
  });

  it('a hostNetwork pod with ClusterFirst asks the node’s resolver, which does not know cluster names', () => {
    const c = clusterOf(`${DNS_SCENARIO}---
apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: prod}
spec:
  hostNetwork: true
  containers: [{name: c, image: agent}]
`);
    const lookup = resolveName(c, podIn(c, 'prod', 'agent'), 'backend.prod.svc.cluster.local');
    expect(lookup.resolvConf.text).toBe('nameserver 192.168.1.1\n');
    expect(wire(lookup)).toEqual(['A backend.prod.svc.cluster.local. → NXDOMAIN', 'AAAA backend.prod.svc.cluster.local. → NXDOMAIN']);
    expect(lookup.queries[0]).toMatchObject({ server: '192.168.1.1', serverRole: 'upstream' });
    expect(addresses(lookup)).toBe('nxdomain');
  });

  it('a pod whose only nameserver is outside the cluster, from dnsPolicy None', () => {
    const c = clusterOf(`${DNS_SCENARIO}---
apiVersion: v1
kind: Pod
metadata: {name: custom, namespace: default}
spec:
  dnsPolicy: None
  dnsConfig: {nameservers: [1.1.1.1], searches: [myapp.com]}
  containers: [{name: c, image: curl}]
`);
    const lookup = resolveName(c, podIn(c, 'default', 'custom'), 'www');
    expect(wire(lookup)).toEqual(['A www.myapp.com. → NOERROR 203.0.113.40', 'AAAA www.myapp.com. → NOERROR']);
    expect(lookup.queries[0]?.server).toBe('1.1.1.1');
  });

  it('no ready CoreDNS: the first question gets no reply and the lookup ends there', () => {
    const c = clusterOf(`apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system}
spec:
  replicas: 0
  selector: {matchLabels: {k8s-app: kube-dns}}
  template:
    metadata: {labels: {k8s-app: kube-dns}}
    spec:
      containers: [{name: coredns, image: coredns}]
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  containers: [{name: c, image: curl}]
`);
    const lookup = resolveName(c, podIn(c, 'default'), 'kubernetes');
    expect(wire(lookup)).toEqual([
      'A kubernetes.default.svc.cluster.local. @10.96.0.10 → no reply',
      'AAAA kubernetes.default.svc.cluster.local. @10.96.0.10 → no reply',
    ]);
    expect(lookup.result).toMatchObject({ ok: false, reason: 'no-reply' });
  });
});
