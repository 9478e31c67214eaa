import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const example = 'examples/same-node-pods.yaml';
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });

describe('kpp trace (the command line over the same core)', () => {
  it('prints the trace as JSON with verdict, hops and reply', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'trace', '--manifests', example, '--from', 'default/frontend/web', '--to', 'default/backend:8080/TCP', '--json'], { cwd: root, encoding: 'utf8' });
    const trace = JSON.parse(out) as { verdict: string; hops: { kind: string; where: string; packet: { ip: { src: string; dst: string } } }[]; reply: { packet: { ip: { src: string; dst: string } } }[] };
    expect(trace.verdict).toBe('delivered');
    expect(trace.hops.map((h) => h.kind)).toEqual([
      'socket-send', 'route-lookup', 'arp', 'veth-transmit', 'veth-receive', 'bridge-forward', 'veth-transmit', 'veth-receive', 'deliver',
    ]);
    const request = trace.hops.at(-1)!.packet.ip;
    const answer = trace.reply[0]!.packet.ip;
    expect([answer.src, answer.dst]).toEqual([request.dst, request.src]);
  }, 30_000);

  it('prints a readable table without --json', () => {
    const result = cli('trace', '--manifests', example, '--from', 'default/frontend', '--to', 'default/db:5432');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('verdict: delivered');
    expect(result.stdout).toMatch(/bridge-forward\s+bridge:node-1\/cni0/);
  }, 30_000);

  it('takes node/NAME:PORT for a port in the node\'s own namespace, and a DNS name for a Service', () => {
    const toNode = cli('trace', '--manifests', example, '--from', 'default/frontend', '--to', 'node/node-1:10250');
    expect(toNode.stdout).toContain('default/frontend → 192.168.1.11:10250/TCP');
    const unknown = cli('trace', '--manifests', example, '--from', 'default/frontend', '--to', 'node/nowhere:10250');
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('There is no node nowhere (nodes: node-1).');
    const byName = cli('trace', '--manifests', example, '--from', 'default/frontend', '--to', 'kube-dns.kube-system:53/UDP');
    expect(byName.status).toBe(0);
    expect(byName.stdout).toMatch(/dns lookup[\s\S]*dns-query[\s\S]*forward[\s\S]*service-rule/);
  }, 60_000);

  it('reports errors on stderr with a non-zero exit', () => {
    const missing = cli('trace', '--manifests', example, '--from', 'default/ghost', '--to', 'default/db:5432');
    expect(missing.status).not.toBe(0);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('The source pod default/ghost is not in the manifests');
    const badFlag = cli('trace', '--manifests', example);
    expect(badFlag.status).not.toBe(0);
    expect(badFlag.stderr).toContain('trace needs --from, --to');
    expect(cli('route').stderr).toContain('unknown command "route"');
  }, 30_000);
});

describe('kpp check', () => {
  it('prints each problem as file:line:column and exits 1 on errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpp-check-'));
    writeFileSync(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - name: c\n      ports: [{containerPort: 99999}]\n');
    writeFileSync(join(dir, 'b.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: none}\n  ports: [{port: 80}]\n');
    const result = cli('check', '--manifests', dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('a.yaml:7:16: error: containerPort must be a whole number from 1 to 65535, not the number 99999. [port-out-of-range]');
    expect(result.stdout).toContain('b.yaml:5:3: warning: Service default/s selects no pod');
    expect(result.stdout).toContain('1 error(s), 1 warning(s)');
  }, 30_000);

  it('exits 0 on a clean file and summarises the model', () => {
    const result = cli('check', '--manifests', example);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('model: 1 node(s), 4 namespace(s), 3 pod(s)');
  }, 30_000);
});

describe('kpp reach and explain', () => {
  const scenario = join(root, '../shared/conformance/netpol-analyzer/onlineboutique');
  const present = existsSync(scenario);

  it.skipIf(!present)('reach prints the connlist byte for byte as netpol-analyzer does', () => {
    const result = cli('reach', '--manifests', scenario);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(readFileSync(join(scenario, 'expected/onlineboutique_connlist_output.txt'), 'utf8'));
  }, 30_000);

  it.skipIf(!present)('explain takes the port with the destination and names the deciding rules', () => {
    const result = cli('explain', '--manifests', scenario, '--from', 'default/checkoutservice-69c8ff664b[ReplicaSet]', '--to', 'default/cartservice-74f56fd4b[ReplicaSet]:7070/TCP');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('verdict: allowed');
    expect(result.stdout).toContain('`default/cartservice-netpol` ingress rule 0 allows it');
  }, 30_000);
});
