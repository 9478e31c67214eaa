import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainCommand, reachCommand } from './reach-command';

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: backend}
spec:
  template:
    metadata: {labels: {app: backend}}
    spec: {containers: [{name: c, ports: [{containerPort: 9090}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend}
spec:
  template:
    metadata: {labels: {app: frontend}}
    spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: backend-netpol}
spec:
  podSelector: {matchLabels: {app: backend}}
  policyTypes: [Ingress, Egress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: frontend}}}]
    ports: [{port: 9090, protocol: TCP}]
`;

function file(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpp-reach-'));
  writeFileSync(join(dir, 'app.yaml'), MANIFESTS);
  return join(dir, 'app.yaml');
}

describe('kpp reach / explain', () => {
  it('prints the connlist as netpol-analyzer does', () => {
    const warnings: string[] = [];
    const text = reachCommand({ manifests: file(), warn: (l) => warnings.push(l) });
    expect(text).toBe(
      [
        '0.0.0.0-255.255.255.255[External] => default/frontend[Deployment] : All Connections',
        'default/frontend[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections',
        'default/frontend[Deployment] => default/backend[Deployment] : TCP 9090',
        '',
      ].join('\n'),
    );
    expect(warnings).toEqual([]);
    expect(reachCommand({ manifests: file(), format: 'csv' }).split('\n')[0]).toBe('src,dst,conn');
    expect(() => reachCommand({ manifests: file(), format: 'xml' })).toThrow(/unknown format "xml"/);
  });

  it('explains one connection with the deciding policy and rule', () => {
    const denied = explainCommand({ manifests: file(), from: '1.2.3.4', to: 'default/backend', port: '9090' });
    expect(denied).toContain('verdict: denied');
    expect(denied).toContain('`default/backend-netpol` ingress rule 0 admits pods with app=frontend in namespace default');
    const allowed = explainCommand({ manifests: file(), from: 'default/frontend[Deployment]', to: 'default/backend-1', port: '9090/TCP' });
    expect(allowed).toContain('verdict: allowed');
    expect(explainCommand({ manifests: file(), from: 'default/frontend', to: 'default/backend' })).toBe(
      'default/frontend => default/backend : TCP 9090',
    );
    expect(() => explainCommand({ manifests: file(), from: 'default/ghost', to: 'default/backend' })).toThrow(/neither a pod or workload/);
  });
});
