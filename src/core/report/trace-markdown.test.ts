import { describe, expect, it } from 'vitest';
import { clusterOf } from '../cluster/test-helpers';
import { DEFAULT_SETTINGS } from '../cluster/build';
import { traceFlow } from '../trace/trace';
import type { Flow, Hop, Packet, Trace } from '../trace/types';
import { traceMarkdown } from './trace-markdown';

const packet: Packet = {
  eth: undefined,
  ip: { src: '10.244.0.2', dst: '10.244.0.3', ttl: 64, protocol: 'TCP' },
  l4: { protocol: 'TCP', srcPort: 40000, dstPort: 8080, flags: 'SYN' },
};

const hop = (fields: Partial<Hop> & Pick<Hop, 'where' | 'kind' | 'summary'>): Hop => ({
  packet,
  changes: [],
  rule: undefined,
  capture: { command: 'tcpdump -eni cni0 \'host 10.244.0.2\'', note: undefined },
  ...fields,
});

const flow: Flow = {
  from: { kind: 'pod', namespace: 'default', pod: 'frontend', container: 'web' },
  to: { kind: 'pod', namespace: 'default', pod: 'backend', port: 8080, protocol: 'TCP' },
};

const delivered: Trace = {
  flow,
  verdict: 'delivered',
  explanation: 'Delivered to container api.',
  hops: [
    hop({
      where: 'container:default/frontend/web',
      kind: 'socket-send',
      summary: 'web sends a SYN.',
      capture: { command: 'nsenter -t "$PID" -n tcpdump -ni eth0', note: 'Find the PID first.' },
    }),
    hop({
      where: 'pod-if:default/frontend',
      kind: 'arp',
      summary: 'ARP resolves the gateway.',
      changes: [{ field: 'eth.dst', before: 'unresolved', after: '0a:58:0a:f4:00:01' }],
      rule: { kind: 'neighbour', text: '10.244.0.1 dev eth0 lladdr 0a:58:0a:f4:00:01 | REACHABLE', source: undefined },
      capture: { command: 'nsenter -t "$PID" -n tcpdump -ni eth0', note: 'Find the PID first.' },
    }),
    hop({ where: 'bridge:node-1/cni0', kind: 'bridge-forward', summary: 'cni0 forwards the frame.\nThe TTL stays 64.' }),
    hop({ where: 'container:default/backend/api', kind: 'deliver', summary: 'The SYN reaches `api`.' }),
  ],
  reply: [hop({ where: 'container:default/backend/api', kind: 'socket-send', summary: 'api answers SYN-ACK.' })],
};

describe('traceMarkdown', () => {
  const text = traceMarkdown(delivered, { settings: DEFAULT_SETTINGS });
  const lines = text.split('\n');

  it('opens with the flow, the verdict and the cluster settings', () => {
    expect(lines[0]).toBe('### Packet path: default/frontend/web → default/backend:8080/TCP');
    expect(text).toContain('\n\n**Verdict: delivered.** Delivered to container api.\n\n');
    expect(text).toContain(
      'Cluster: CNI `flannel-vxlan`, kube-proxy `iptables`, cluster CIDR `10.244.0.0/16`, service CIDR `10.96.0.0/12`, NetworkPolicy enforced.',
    );
    expect(text).not.toContain('Why it was');
    expect(text).not.toContain('Suggested fix');
  });

  it('lists every hop in a table: number, where, what (with the rewritten fields), rule', () => {
    const table = lines.slice(lines.indexOf('#### Hops') + 2, lines.indexOf('#### Hops') + 8);
    expect(table).toEqual([
      '| # | Where | What | Rule |',
      '|---:|---|---|---|',
      '| 1 | `container:default/frontend/web` | **socket-send**: web sends a SYN. |  |',
      // The pipe in the rule is escaped so it does not end the cell.
      '| 2 | `pod-if:default/frontend` | **arp**: ARP resolves the gateway.<br>changed `eth.dst` unresolved → 0a:58:0a:f4:00:01 | neighbour: `10.244.0.1 dev eth0 lladdr 0a:58:0a:f4:00:01 \\| REACHABLE` |',
      // A newline in a summary becomes <br>; the row stays one line.
      '| 3 | `bridge:node-1/cni0` | **bridge-forward**: cni0 forwards the frame.<br>The TTL stays 64. |  |',
      '| 4 | `container:default/backend/api` | **deliver**: The SYN reaches `api`. |  |',
    ]);
  });

  it('numbers the reply on from the forward hops, as the page does', () => {
    const at = lines.indexOf('#### Reply');
    expect(lines[at + 4]).toBe('| 5 | `container:default/backend/api` | **socket-send**: api answers SYN-ACK. |  |');
  });

  it('gives each capture command once, with the hops it shows and its note', () => {
    const at = lines.indexOf('#### Capture commands');
    expect(lines.slice(at + 2, at + 10)).toEqual([
      '```sh',
      '# hops 1, 2: container:default/frontend/web',
      '# Find the PID first.',
      'nsenter -t "$PID" -n tcpdump -ni eth0',
      '# hops 3, 4, 5: bridge:node-1/cni0',
      "tcpdump -eni cni0 'host 10.244.0.2'",
      '```',
      '',
    ]);
  });

  it('says a capture note once, before the first command that needs it', () => {
    const twoCommands: Trace = {
      ...delivered,
      hops: [
        hop({ where: 'a', kind: 'socket-send', summary: 's', capture: { command: 'nsenter -t "$PID" -n tcpdump -ni eth0', note: 'Find the PID first.' } }),
        hop({ where: 'b', kind: 'route-lookup', summary: 'r', capture: { command: 'nsenter -t "$PID" -n ip route get 10.244.0.3', note: 'Find the PID first.' } }),
      ],
      reply: [],
    };
    const block = traceMarkdown(twoCommands).split('```sh\n')[1]?.split('\n```')[0];
    expect(block).toBe(
      ['# hop 1: a', '# Find the PID first.', 'nsenter -t "$PID" -n tcpdump -ni eth0', '# hop 2: b', 'nsenter -t "$PID" -n ip route get 10.244.0.3'].join('\n'),
    );
  });

  it('keeps backticks in a rule inside its code span', () => {
    const ticked: Trace = {
      ...delivered,
      hops: [hop({ where: 'a', kind: 'route-lookup', summary: 's', rule: { kind: 'route', text: 'echo `x`', source: undefined } })],
      reply: [],
    };
    expect(traceMarkdown(ticked)).toContain('| 1 | `a` | **route-lookup**: s | route: `` echo `x` `` |');
  });

  it('ends with a note that this is a simulation', () => {
    expect(lines.at(-2)).toBe(
      '_Simulated by Kube Packet Path from the manifests, not captured: the commands above show the real packets on the nodes._',
    );
  });
});

const POLICY_SCENARIO = `apiVersion: v1
kind: Pod
metadata: {name: frontend, namespace: shop, labels: {role: web}}
spec: {containers: [{name: web, image: nginx}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {role: db}}
spec: {containers: [{name: mysql, image: mysql, ports: [{name: mysql, containerPort: 3306}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: backend-database-policy, namespace: shop}
spec:
  podSelector: {matchLabels: {role: db}}
  ingress:
    - from:
        - podSelector: {matchLabels: {role: frontend-web-server}}
      ports: [{protocol: TCP, port: mysql}]
`;

describe('traceMarkdown of a connection NetworkPolicy drops', () => {
  const result = traceFlow(clusterOf(POLICY_SCENARIO), {
    from: { kind: 'pod', namespace: 'shop', pod: 'frontend', container: undefined },
    to: { kind: 'pod', namespace: 'shop', pod: 'db', port: 3306, protocol: 'TCP' },
  });
  if (!result.ok) throw new Error(result.error.message);
  const { trace } = result;
  const text = traceMarkdown(trace);
  const drop = trace.hops.findIndex((h) => h.kind === 'drop');

  it('says where and why it was dropped, naming the policy that isolates the pod', () => {
    expect(trace.verdict).toBe('dropped');
    expect(text).toContain('**Verdict: dropped.**');
    expect(text).toContain(`#### Why it was dropped\n\nAt hop ${drop + 1}, \`${trace.hops[drop]?.where}\`: NetworkPolicy drops the packet entering db (ingress)`);
    expect(text).toContain('`shop/backend-database-policy` ingress rule 0 admits pods with role=frontend-web-server in namespace shop; the source has role=web.');
    expect(text).toContain('Rule: `shop/backend-database-policy selects shop/db for ingress`');
  });

  it('carries the suggested fix as YAML', () => {
    expect(text).toContain('#### Suggested fix\n\nAdd shop/');
    expect(text).toMatch(/\n```yaml\napiVersion: networking\.k8s\.io\/v1\nkind: NetworkPolicy\n[\s\S]*?\n```\n/);
    expect(text).toContain('    - from:\n        - podSelector:\n            matchLabels:\n              role: web\n      ports:\n        - protocol: TCP\n          port: 3306\n```');
  });

  it('has no reply table: the SYN never arrived', () => {
    expect(trace.reply).toHaveLength(0);
    expect(text).not.toContain('#### Reply');
    expect(text.split('\n').filter((l) => /^\| \d+ \|/.test(l))).toHaveLength(trace.hops.length);
  });
});
