import { describe, expect, it } from 'vitest';
import { clusterOf, userPods } from '../cluster/test-helpers';

const pod = (spec: string) => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: a}]
${spec}`;

const deployment = (spec: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  replicas: 1
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec:
      containers: [{name: a}]
${spec}`;

/** [code, line, message] of each DNS diagnostic. */
function dnsProblems(yaml: string): [string, number, string][] {
  return clusterOf(yaml)
    .diagnostics.filter((d) => d.code.startsWith('dns-') || d.code === 'wrong-type')
    .map((d) => [d.code, d.span.line, d.message]);
}

describe('reading dnsPolicy and dnsConfig into the pod', () => {
  it('defaults dnsPolicy to ClusterFirst, as the API server does, with no dnsConfig', () => {
    const [p] = userPods(clusterOf(pod('')));
    expect(p?.dnsPolicy).toBe('ClusterFirst');
    expect(p?.dnsConfig).toBeUndefined();
  });

  it('reads the policy and every part of dnsConfig, option values as text', () => {
    const [p] = userPods(
      clusterOf(
        pod(`  dnsPolicy: None
  dnsConfig:
    nameservers: [1.1.1.1, 8.8.8.8]
    searches: [corp.example.com, example.com.]
    options:
      - {name: ndots, value: 2}
      - {name: edns0}
`),
      ),
    );
    expect(p?.dnsPolicy).toBe('None');
    expect(p?.dnsConfig).toEqual({
      nameservers: ['1.1.1.1', '8.8.8.8'],
      searches: ['corp.example.com', 'example.com.'],
      options: [
        { name: 'ndots', value: '2' },
        { name: 'edns0', value: undefined },
      ],
    });
  });

  it('reads a workload template the same way', () => {
    const [p] = userPods(clusterOf(deployment('      dnsPolicy: Default\n')));
    expect(p?.dnsPolicy).toBe('Default');
  });
});

describe('DNS diagnostics, with the API server’s words, at the field’s line', () => {
  it('an unknown policy', () => {
    expect(dnsProblems(pod('  dnsPolicy: ClusterFirstWithHostNetwork\n'))).toEqual([
      [
        'dns-policy-invalid',
        6,
        'spec.dnsPolicy: Unsupported value: "ClusterFirstWithHostNetwork": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None". It is treated as ClusterFirst here.',
      ],
    ]);
    expect(userPods(clusterOf(pod('  dnsPolicy: Cluster\n')))[0]?.dnsPolicy).toBe('ClusterFirst');
  });

  it('None without dnsConfig points at the policy', () => {
    expect(dnsProblems(pod('  dnsPolicy: None\n'))).toEqual([
      ['dns-config-required', 6, 'spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None.'],
    ]);
  });

  it('None with a dnsConfig that has no nameserver', () => {
    expect(dnsProblems(pod('  dnsPolicy: None\n  dnsConfig:\n    searches: [example.com]\n'))).toEqual([
      ['dns-nameserver-required', 7, 'spec.dnsConfig.nameservers: Required value: must provide at least one DNS nameserver when `dnsPolicy` is None.'],
    ]);
  });

  it('more than 3 nameservers, in a Deployment’s template (kubelet keeps 3)', () => {
    const yaml = deployment('      dnsConfig:\n        nameservers: [1.1.1.1, 8.8.8.8, 8.8.4.4, 9.9.9.9]\n');
    expect(dnsProblems(yaml)).toEqual([
      [
        'dns-too-many-nameservers',
        12,
        'spec.template.spec.dnsConfig.nameservers: Invalid value: []string{"1.1.1.1", "8.8.8.8", "8.8.4.4", "9.9.9.9"}: must not have more than 3 nameservers. (kubelet would keep the first 3; so does the simulator.)',
      ],
    ]);
    expect(userPods(clusterOf(yaml))[0]?.dnsConfig?.nameservers).toEqual(['1.1.1.1', '8.8.8.8', '8.8.4.4']);
  });

  it('a nameserver that is not an IP address, at its own line', () => {
    expect(dnsProblems(pod('  dnsConfig:\n    nameservers:\n      - 10.0.0.2\n      - dns.example.com\n'))).toEqual([
      ['dns-nameserver-invalid', 9, 'spec.dnsConfig.nameservers[1]: Invalid value: "dns.example.com": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ]);
  });

  it('a search domain that is not a DNS subdomain (a trailing dot is fine)', () => {
    const found = dnsProblems(pod('  dnsConfig:\n    searches:\n      - example.com.\n      - Corp_Net\n'));
    expect(found.map(([code, line]) => [code, line])).toEqual([['dns-search-invalid', 9]]);
    expect(found[0]?.[2]).toMatch(/^spec\.dnsConfig\.searches\[1\]: Invalid value: "Corp_Net": a lowercase RFC 1123 subdomain must consist of/);
  });

  it('more than 32 search domains', () => {
    const searches = Array.from({ length: 33 }, (_, i) => `d${i}.example`).join(', ');
    expect(dnsProblems(pod(`  dnsConfig:\n    searches: [${searches}]\n`)).map(([code, line]) => [code, line])).toEqual([['dns-too-many-searches', 7]]);
  });

  it('an option without a name', () => {
    expect(dnsProblems(pod('  dnsConfig:\n    options:\n      - {name: ndots, value: "1"}\n      - {value: "2"}\n'))).toEqual([
      ['dns-option-name-required', 9, 'spec.dnsConfig.options[1]: Required value: must not be empty'],
    ]);
  });

  it('nameservers written as a single string', () => {
    expect(dnsProblems(pod('  dnsConfig:\n    nameservers: 1.1.1.1\n'))).toEqual([
      ['wrong-type', 7, '`spec.dnsConfig.nameservers` must be a list, but it is the string "1.1.1.1".'],
    ]);
  });

  it('a valid configuration says nothing', () => {
    expect(dnsProblems(pod('  dnsPolicy: None\n  dnsConfig:\n    nameservers: [10.96.0.10]\n    searches: [default.svc.cluster.local]\n    options: [{name: ndots, value: "2"}]\n'))).toEqual([]);
  });
});
