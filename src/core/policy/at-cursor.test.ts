import { describe, expect, it } from 'vitest';
import { clusterPolicyAtCursor } from '../cluster/policy-at-cursor';
import { clusterOf } from '../cluster/test-helpers';

const PODS = `apiVersion: v1
kind: Namespace
metadata:
  name: prod
  labels:
    team: shop
---
apiVersion: v1
kind: Namespace
metadata:
  name: ops
  labels:
    team: ops
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: prod, labels: {role: db}}
spec: {containers: [{name: mysql, image: mysql, ports: [{name: mysql, containerPort: 3306}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, namespace: prod, labels: {role: web}}
spec: {containers: [{name: web, image: nginx}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-2, namespace: prod, labels: {role: web}}
spec: {containers: [{name: web, image: nginx}]}
---
apiVersion: v1
kind: Pod
metadata: {name: backup, namespace: ops, labels: {role: backup}}
spec: {containers: [{name: b, image: busybox}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-ops, namespace: ops, labels: {role: web}}
spec: {containers: [{name: w, image: nginx}]}
---
`;

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-policy
  namespace: prod
spec:
  podSelector:
    matchLabels:
      role: db
  ingress:
  - from:
    - podSelector:
        matchLabels:
          role: web
    ports:
    - protocol: TCP
      port: 3306
  - from:
    - namespaceSelector:
        matchLabels:
          team: ops
    - ipBlock:
        cidr: 10.244.0.0/16
        except:
        - 10.244.0.2/31
  - from:
    - namespaceSelector:
        matchLabels:
          team: ops
      podSelector:
        matchLabels:
          role: web
    ports:
    - port: mysql
  egress:
  - {}
`;

const TEXT = PODS + POLICY;
const cluster = clusterOf(TEXT);

/** The offset of the `nth` occurrence (0-based) of `needle` after the policy's start, plus `shift`. */
function at(needle: string, nth = 0, shift = 0): number {
  let offset = TEXT.indexOf('kind: NetworkPolicy');
  for (let i = 0; i <= nth; i++) {
    offset = TEXT.indexOf(needle, offset + (i === 0 ? 0 : 1));
    if (offset < 0) throw new Error(`no ${needle} #${nth}`);
  }
  return offset + shift;
}

const names = (pods: readonly { namespace: string; name: string }[]) => pods.map((p) => `${p.namespace}/${p.name}`);

describe('policyAtCursor', () => {
  it('is nothing outside every policy', () => {
    expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(clusterPolicyAtCursor(cluster, TEXT.indexOf('name: web-1'))).toBeUndefined();
    expect(clusterPolicyAtCursor(cluster, 0)).toBeUndefined();
  });

  it('on the podSelector, gives the pods the policy selects and no rule', () => {
    const found = clusterPolicyAtCursor(cluster, at('role: db', 0, 3));
    expect(found?.name).toBe('db-policy');
    expect(found?.namespace).toBe('prod');
    expect(names(found?.selects ?? [])).toEqual(['prod/db']);
    expect(found?.rule).toBeUndefined();
  });

  it('in an ingress rule with a podSelector peer: the pods of the policy namespace it admits, and the ports', () => {
    const found = clusterPolicyAtCursor(cluster, at('role: web', 0, 2));
    const rule = found?.rule;
    expect(rule?.direction).toBe('ingress');
    expect(rule?.index).toBe(0);
    expect(rule?.everyPeer).toBe(false);
    // web-ops has role=web too, but in ops: a podSelector alone looks only in prod.
    expect(names(rule?.admits ?? [])).toEqual(['prod/web-1', 'prod/web-2']);
    expect(rule?.ports).toEqual(['TCP 3306']);
    expect(rule?.ipBlocks).toEqual([]);
    expect(rule?.peer?.index).toBe(0);
    expect(rule?.peer?.text).toBe('pods with role=web in namespace prod');
    expect(names(rule?.peer?.admits ?? [])).toEqual(['prod/web-1', 'prod/web-2']);
  });

  it('on the ports of a rule: the rule, but no peer', () => {
    const rule = clusterPolicyAtCursor(cluster, at('port: 3306', 0, 2))?.rule;
    expect(rule?.index).toBe(0);
    expect(rule?.peer).toBeUndefined();
  });

  it('in a namespaceSelector peer: every pod of the matching namespaces; ipBlocks as text', () => {
    const rule = clusterPolicyAtCursor(cluster, at('team: ops', 0, 1))?.rule;
    expect(rule?.index).toBe(1);
    expect(names(rule?.peer?.admits ?? [])).toEqual(['ops/backup', 'ops/web-ops']);
    expect(rule?.peer?.text).toBe('all pods in namespaces with team=ops');
    // The rule also admits, through its ipBlock, the pods whose IPs it holds (db 10.244.0.2 and
    // web-1 10.244.0.3 are in the except).
    expect(names(rule?.admits ?? [])).toEqual([
      'prod/web-2',
      'ops/backup',
      'ops/web-ops',
      'kube-system/coredns-7f669c7c6-qvcjb',
      'kube-system/coredns-7f669c7c6-flm6d',
    ]);
    expect(rule?.ipBlocks).toEqual(['10.244.0.0/16 except 10.244.0.2/31']);
    expect(rule?.ports).toEqual([]);
  });

  it('in the ipBlock peer: the pods whose IPs it holds, or none when ipBlock does not match pod IPs', () => {
    const offset = at('cidr: 10.244', 0, 2);
    const rule = clusterPolicyAtCursor(cluster, offset)?.rule;
    expect(rule?.peer?.kind).toBe('ipBlock');
    expect(rule?.peer?.text).toBe('addresses in 10.244.0.0/16 except 10.244.0.2/31');
    expect(names(rule?.peer?.admits ?? [])).toEqual([
      'prod/web-2',
      'ops/backup',
      'ops/web-ops',
      'kube-system/coredns-7f669c7c6-qvcjb',
      'kube-system/coredns-7f669c7c6-flm6d',
    ]);
    const strict = clusterPolicyAtCursor(clusterOf(TEXT, { ipBlockMatchesPods: false }), offset)?.rule;
    expect(names(strict?.peer?.admits ?? [])).toEqual([]);
    expect(names(strict?.admits ?? [])).toEqual(['ops/backup', 'ops/web-ops']);
  });

  it('in an AND peer (namespaceSelector and podSelector in one entry): only pods matching both', () => {
    const rule = clusterPolicyAtCursor(cluster, at('role: web', 1, 2))?.rule;
    expect(rule?.index).toBe(2);
    expect(rule?.peer?.text).toBe('pods with role=web in namespaces with team=ops');
    expect(names(rule?.admits ?? [])).toEqual(['ops/web-ops']);
    expect(rule?.ports).toEqual(['named port mysql (TCP)']);
  });

  it('in an egress rule without peers: every pod, every peer', () => {
    const rule = clusterPolicyAtCursor(cluster, at('- {}', 0, 3))?.rule;
    expect(rule?.direction).toBe('egress');
    expect(rule?.everyPeer).toBe(true);
    expect(names(rule?.admits ?? [])).toContain('ops/backup');
    expect(rule?.admits.length).toBe(cluster.pods.length);
  });
});
