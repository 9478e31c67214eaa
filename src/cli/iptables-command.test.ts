import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CliError } from './errors';
import { iptablesCommand } from './iptables-command';

const MANIFESTS = `apiVersion: v1
kind: Node
metadata: {name: worker-1}
spec: {podCIDR: 10.244.1.0/24}
status: {addresses: [{type: InternalIP, address: 192.168.1.21}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-0, namespace: shop, labels: {app: web}}
spec: {nodeName: worker-1, containers: [{name: c, image: c}]}
status: {phase: Running, podIP: 10.244.1.7}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  type: NodePort
  clusterIP: 10.96.0.80
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080, nodePort: 30080}]
`;

function file(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kpp-iptables-')), 'cluster.yaml');
  writeFileSync(path, MANIFESTS);
  return path;
}

describe('kpp iptables', () => {
  it("prints the node's rules with kube-proxy's chain names; --payload only the restore payload", () => {
    const manifests = file();
    const dump = iptablesCommand({ manifests, node: 'worker-1', payload: false, revision: undefined });
    // base32(sha256("shop/web:httptcp"))[:16], computed independently.
    expect(dump).toContain('-A KUBE-SERVICES -m comment --comment "shop/web:http cluster IP" -m tcp -p tcp -d 10.96.0.80 --dport 80 -j KUBE-SVC-67NZLRHBNDSAWJRO\n');
    expect(dump).toContain('-A KUBE-NODEPORTS -m comment --comment shop/web:http -m tcp -p tcp -d 127.0.0.0/8 --dport 30080 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j KUBE-EXT-67NZLRHBNDSAWJRO\n');
    expect(dump).toContain('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n');
    const payload = iptablesCommand({ manifests, node: undefined, payload: true, revision: 'v1.28' });
    expect(payload.startsWith('*filter\n:KUBE-NODEPORTS - [0:0]\n:KUBE-SERVICES - [0:0]\n')).toBe(true);
    expect(payload).not.toContain('PREROUTING');
    expect(payload).not.toContain('nfacct');
  });

  it('refuses an unknown node or revision with a clear message', () => {
    const manifests = file();
    expect(() => iptablesCommand({ manifests, node: 'worker-9', payload: false, revision: undefined })).toThrow(new CliError('there is no node "worker-9" in the cluster; its nodes are worker-1'));
    expect(() => iptablesCommand({ manifests, node: 'worker-1', payload: false, revision: 'v2' })).toThrow(new CliError('--kube-proxy-revision must be one of v1.31, v1.28'));
  });

  it('is wired into the command line', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'iptables', '--manifests', file(), '--node', 'worker-1', '--payload'], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(':KUBE-SVC-67NZLRHBNDSAWJRO - [0:0]\n');
    expect(result.stdout.endsWith('COMMIT\n')).toBe(true);
  }, 30_000);
});
