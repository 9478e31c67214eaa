import { describe, expect, it } from 'vitest';
import { clusterOf } from '../cluster/test-helpers';
import type { Cluster, Pod } from '../cluster/types';
import { ndotsOf, resolvConf } from './resolv-conf';

const pod = (name: string, namespace: string, spec = '') => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  containers: [{name: a}]
${spec}`;

function podOf(cluster: Cluster, name: string): Pod {
  const found = cluster.pods.find((p) => p.name === name);
  if (found === undefined) throw new Error(`no pod ${name}`);
  return found;
}

describe('the resolv.conf kubelet writes', () => {
  it('ClusterFirst (the default): kube-dns, the namespace search path, ndots:5, in containerd’s line order', () => {
    const cluster = clusterOf(pod('web', 'default') + pod('api', 'prod'));
    expect(resolvConf(cluster, podOf(cluster, 'web')).text).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
    const prod = resolvConf(cluster, podOf(cluster, 'api'));
    expect(prod).toMatchObject({
      policy: 'ClusterFirst',
      base: 'cluster-dns',
      nameservers: ['10.96.0.10'],
      searches: ['prod.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
      options: ['ndots:5'],
      ndots: 5,
      notes: [],
    });
  });

  it('follows the cluster domain and the service CIDR of the settings', () => {
    const cluster = clusterOf(pod('web', 'shop'), { clusterDomain: 'corp.internal', serviceCIDR: '172.20.0.0/16' });
    expect(resolvConf(cluster, podOf(cluster, 'web')).text).toBe(
      'search shop.svc.corp.internal svc.corp.internal corp.internal\nnameserver 172.20.0.10\noptions ndots:5\n',
    );
  });

  it('appends the node’s search domains after the cluster ones, without duplicates; the node’s options are not inherited', () => {
    const cluster = clusterOf(pod('web', 'default'));
    const conf = resolvConf(cluster, podOf(cluster, 'web'), { nameservers: ['10.0.0.2'], searches: ['ec2.internal', 'cluster.local.', '.'], options: ['timeout:2'] });
    expect(conf.searches).toEqual(['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'ec2.internal']);
    expect(conf.options).toEqual(['ndots:5']);
    expect(conf.nameservers).toEqual(['10.96.0.10']);
  });

  it('a hostNetwork pod with ClusterFirst falls back to the node’s own resolv.conf, and says so', () => {
    const cluster = clusterOf(pod('agent', 'kube-system', '  hostNetwork: true\n'));
    const conf = resolvConf(cluster, podOf(cluster, 'agent'));
    expect(conf.base).toBe('node');
    expect(conf.text).toBe('nameserver 192.168.1.1\n');
    expect(conf.ndots).toBe(1);
    expect(conf.notes).toEqual([
      'dnsPolicy ClusterFirst on a hostNetwork pod falls back to Default: the pod gets the node\'s own resolv.conf, so cluster names (cluster.local) do not resolve. dnsPolicy: ClusterFirstWithHostNet gives it the cluster DNS.',
      'The node\'s own /etc/resolv.conf (kubelet --resolv-conf) is not in the manifests; it is taken to be "nameserver 192.168.1.1" with no search domains and no options.',
    ]);
  });

  it('a hostNetwork pod with ClusterFirstWithHostNet keeps the cluster DNS', () => {
    const cluster = clusterOf(pod('agent', 'kube-system', '  hostNetwork: true\n  dnsPolicy: ClusterFirstWithHostNet\n'));
    expect(resolvConf(cluster, podOf(cluster, 'agent')).text).toBe(
      'search kube-system.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
  });

  it('Default copies the node’s file as given', () => {
    const cluster = clusterOf(pod('web', 'default', '  dnsPolicy: Default\n'));
    const conf = resolvConf(cluster, podOf(cluster, 'web'), { nameservers: ['10.0.0.2'], searches: ['ec2.internal'], options: ['timeout:2', 'attempts:5'] });
    expect(conf.text).toBe('search ec2.internal\nnameserver 10.0.0.2\noptions timeout:2 attempts:5\n');
    expect(conf.notes).toEqual([]);
  });

  it('None: only what dnsConfig says', () => {
    const cluster = clusterOf(
      pod('web', 'default', '  dnsPolicy: None\n  dnsConfig:\n    nameservers: [1.1.1.1]\n    searches: [ns1.svc.cluster-domain.example, my.dns.search.suffix]\n    options: [{name: ndots, value: "2"}, {name: edns0}]\n'),
    );
    const conf = resolvConf(cluster, podOf(cluster, 'web'));
    expect(conf.text).toBe('search ns1.svc.cluster-domain.example my.dns.search.suffix\nnameserver 1.1.1.1\noptions ndots:2 edns0\n');
    expect(conf.ndots).toBe(2);
  });

  it('dnsConfig is merged into ClusterFirst: nameservers and searches appended, an option of the same name replaced', () => {
    const cluster = clusterOf(
      pod('web', 'default', '  dnsConfig:\n    nameservers: [10.96.0.10, 1.1.1.1]\n    searches: [corp.example, cluster.local]\n    options: [{name: ndots, value: "1"}, {name: single-request-reopen}]\n'),
    );
    const conf = resolvConf(cluster, podOf(cluster, 'web'));
    expect(conf.text).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.96.0.10\nnameserver 1.1.1.1\noptions ndots:1 single-request-reopen\n',
    );
    expect(conf.ndots).toBe(1);
    expect(conf.notes).toEqual(['kubelet merges dnsConfig options through a Go map, so a real pod may list them in another order; the resolver reads them the same in any order.']);
  });

  it('keeps 3 nameservers, as kubelet does, with its event text', () => {
    const cluster = clusterOf(pod('web', 'default', '  dnsConfig:\n    nameservers: [1.1.1.1, 8.8.8.8, 9.9.9.9]\n'));
    const conf = resolvConf(cluster, podOf(cluster, 'web'));
    expect(conf.nameservers).toEqual(['10.96.0.10', '1.1.1.1', '8.8.8.8']);
    expect(conf.notes).toEqual([
      'Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 10.96.0.10 1.1.1.1 8.8.8.8 (kubelet event DNSConfigForming).',
    ]);
  });

  it('ndots: the last one counts, capped at 15; 1 without any', () => {
    expect(ndotsOf([])).toBe(1);
    expect(ndotsOf(['ndots:5', 'ndots:2'])).toBe(2);
    expect(ndotsOf(['ndots:30'])).toBe(15);
    expect(ndotsOf(['timeout:1', 'ndots:0'])).toBe(0);
  });
});
