import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CNI_PLUGINS, DEFAULT_SETTINGS, KUBE_PROXY_MODES } from '../cluster/settings';
import type { ClusterSettings } from '../cluster/types';
import type { Destination } from '../trace/types';
import { toBase64url } from './base64url';
import { deflateRaw } from './deflate';
import { decodeScenario, encodeScenario, isScenarioFragment, MAX_SCENARIO_BYTES } from './link';
import type { Scenario, ScenarioFlow } from './types';

const EXAMPLE: Scenario = {
  manifests: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: frontend\n  labels: {app: frontend}\nspec:\n  containers:\n  - name: web\n    image: nginx\n',
  settings: { ...DEFAULT_SETTINGS, nodeNames: ['node-a', 'node-b'], cni: 'calico-vxlan' },
  flows: [
    {
      from: { kind: 'pod', namespace: 'default', pod: 'frontend', container: 'web' },
      to: { kind: 'pod', namespace: 'default', pod: 'backend', port: 8080, protocol: 'TCP' },
    },
  ],
  flowIndex: 0,
  step: 7,
  view: { pane: 'diagram' },
};

/** A link whose data is any JSON text, packed the way the page packs scenarios. */
async function linkOf(json: string, format = 1): Promise<string> {
  return `s=${format}.${toBase64url(await deflateRaw(new TextEncoder().encode(json)))}`;
}

const linkWith = async (patch: Record<string, unknown>): Promise<string> => linkOf(JSON.stringify({ ...EXAMPLE, ...patch }));

async function problemOf(fragment: string): Promise<{ code: string; message: string }> {
  const read = await decodeScenario(fragment);
  if (read.ok) throw new Error(`expected a problem, got a scenario for ${fragment.slice(0, 40)}`);
  return read.problem;
}

const name = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);
const port = fc.integer({ min: 1, max: 65535 });
const protocol = fc.constantFrom('TCP' as const, 'UDP' as const, 'SCTP' as const);
const destination: fc.Arbitrary<Destination> = fc.oneof(
  fc.record({ kind: fc.constant('pod' as const), namespace: name, pod: name, port, protocol }),
  fc.record({ kind: fc.constant('pod' as const), namespace: name, pod: name, port, protocol, localhost: fc.boolean() }),
  fc.record({ kind: fc.constant('service' as const), namespace: name, service: name, port, protocol }),
  fc.record({ kind: fc.constant('name' as const), name: fc.stringMatching(/^[a-z0-9.-]{1,60}$/), port, protocol }),
  fc.record({ kind: fc.constant('address' as const), address: fc.ipV4(), port, protocol }),
);
const flow: fc.Arbitrary<ScenarioFlow> = fc.record(
  {
    from: fc.oneof(
      fc.record({ kind: fc.constant('pod' as const), namespace: name, pod: name, container: fc.option(name, { nil: undefined }) }),
      fc.record({ kind: fc.constant('node' as const), node: name }),
      fc.record({ kind: fc.constant('external' as const), ip: fc.ipV4() }),
    ),
    to: destination,
    endpoint: fc.nat({ max: 20 }),
  },
  { requiredKeys: ['from', 'to'] },
);
/** Valid settings only: the ones the page lets a person put in effect. */
const settings: fc.Arbitrary<ClusterSettings> = fc.record({
  nodeNames: fc.uniqueArray(name, { minLength: 1, maxLength: 5 }),
  nodeSubnet: fc.constantFrom('192.168.1.0/24', '10.0.0.0/16', '172.16.0.0/20'),
  clusterCIDR: fc.constantFrom('10.244.0.0/16', '10.42.0.0/16'),
  nodeCIDRMaskSize: fc.integer({ min: 16, max: 28 }),
  serviceCIDR: fc.constantFrom('10.96.0.0/12', '10.43.0.0/16'),
  clusterDomain: fc.constantFrom('cluster.local', 'k8s.example.org'),
  cni: fc.constantFrom(...CNI_PLUGINS),
  kubeProxyMode: fc.constantFrom(...KUBE_PROXY_MODES),
  loadBalancerCIDR: fc.constantFrom('203.0.113.0/24', '198.51.100.0/30'),
  enforceNetworkPolicy: fc.boolean(),
  ipBlockMatchesPods: fc.boolean(),
});
const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    manifests: fc.string({ unit: 'binary', maxLength: 2000 }),
    settings,
    flows: fc.array(flow, { maxLength: 4 }),
    step: fc.integer({ min: 0, max: 500 }),
    pane: fc.constantFrom('diagram' as const, 'reachability' as const),
    pick: fc.nat(),
  })
  .map(({ flows, pick, pane, ...rest }) => ({ ...rest, flows, flowIndex: flows.length === 0 ? 0 : pick % flows.length, view: { pane } }));

describe('scenario links', () => {
  it('start with the format number and carry only URL-safe characters', async () => {
    const fragment = await encodeScenario(EXAMPLE);
    expect(fragment).toMatch(/^s=1\.[A-Za-z0-9_-]+$/);
    expect(isScenarioFragment(`#${fragment}`)).toBe(true);
    expect(isScenarioFragment('#section-2')).toBe(false);
  });

  it('give back exactly the scenario, with or without the #', async () => {
    const fragment = await encodeScenario(EXAMPLE);
    expect(await decodeScenario(fragment)).toEqual({ ok: true, scenario: EXAMPLE });
    expect(await decodeScenario(`#${fragment}`)).toEqual({ ok: true, scenario: EXAMPLE });
  });

  it('round-trip any scenario: any text (emoji, CRLF, NUL), settings, flows, step and view', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const read = await decodeScenario(await encodeScenario(s));
        expect(read).toEqual({ ok: true, scenario: s });
      }),
      { numRuns: 150 },
    );
  });

  it('are much shorter than the YAML they carry', async () => {
    const manifests = Array.from({ length: 40 }, (_, i) => EXAMPLE.manifests.replace('frontend', `frontend-${i}`)).join('---\n');
    const fragment = await encodeScenario({ ...EXAMPLE, manifests });
    expect(manifests.length).toBe(5426);
    expect(fragment.length).toBeLessThan(manifests.length / 5);
  });
});

describe('broken links', () => {
  it('cut short: says the link is incomplete, and what to do', async () => {
    const fragment = await encodeScenario(EXAMPLE);
    const problem = await problemOf(fragment.slice(0, fragment.length - 12));
    expect(problem.code).toBe('bad-compression');
    expect(problem.message).toBe(
      'The link is incomplete or damaged: its data does not unpack. Chat tools and mail programs sometimes cut long links. Ask the sender to copy the whole link again, or to send the scenario file.',
    );
  });

  it('cut anywhere, or with any one character changed: a scenario or a problem, never an exception', async () => {
    const fragment = await encodeScenario(EXAMPLE);
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: fragment.length }), fc.nat({ max: 63 }), fc.boolean(), async (at, replacement, cut) => {
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
        const broken = cut ? fragment.slice(0, at) : fragment.slice(0, at) + alphabet[replacement] + fragment.slice(at + 1);
        const read = await decodeScenario(broken);
        if (!read.ok) codes.add(read.problem.code);
        expect(read.ok || read.problem.message.length > 40).toBe(true);
      }),
      { numRuns: 200 },
    );
    expect(codes.has('bad-compression')).toBe(true);
  });

  it('with a character no link has: names it and where it is', async () => {
    const fragment = await encodeScenario(EXAMPLE);
    const problem = await problemOf(`${fragment})`);
    expect(problem.code).toBe('bad-characters');
    expect(problem.message).toContain(`it holds ")" at position ${fragment.length - 3} of its data`);
  });

  it('from a newer version: says so and how to get it, before looking at the data', async () => {
    const problem = await problemOf('#s=2.whatever-comes-next');
    expect(problem).toEqual({
      code: 'newer-version',
      message:
        'The link was made by a newer version of Kube Packet Path (scenario format 2; this page reads format 1 and older). Reload the page to get the newest version, then open the link again.',
    });
  });

  it('with a format that is not a number, or no data at all', async () => {
    expect((await problemOf('s=x.abc')).code).toBe('bad-version');
    expect((await problemOf('s=0.abc')).code).toBe('bad-version');
    expect((await problemOf('s=')).code).toBe('bad-version');
    expect((await problemOf('s=1')).code).toBe('bad-compression');
    expect((await problemOf('s=1.')).code).toBe('bad-compression');
    expect((await problemOf('section-2')).code).toBe('not-a-link');
  });

  it('a zip bomb: stops past the cap instead of unpacking it all', async () => {
    // 24 MiB of spaces inside a JSON string (beyond the 16 MiB cap) packs to about 24 KiB.
    const bomb = `{"manifests":"${' '.repeat(24 * 1024 * 1024)}"}`;
    const fragment = await linkOf(bomb);
    expect(fragment.length).toBeLessThan(40_000);
    const problem = await problemOf(fragment);
    expect(problem.code).toBe('too-large');
    expect(problem.message).toContain('more than 16 MiB of scenario once unpacked');
    expect(MAX_SCENARIO_BYTES).toBe(16_777_216);
  });

  it('data that is not UTF-8 text, or not JSON', async () => {
    const notText = `s=1.${toBase64url(await deflateRaw(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])))}`;
    expect((await problemOf(notText)).code).toBe('bad-text');
    const problem = await problemOf(await linkOf('{"manifests": '));
    expect(problem.code).toBe('bad-json');
    expect(problem.message).toMatch(/^The link is not a scenario: its data is not valid JSON \(.+\)\. Ask the sender/);
  });
});

describe('scenario shape', () => {
  it('refuses an unknown CNI with the settings validator’s own words', async () => {
    const problem = await problemOf(await linkWith({ settings: { ...EXAMPLE.settings, cni: 'future-cni' } }));
    expect(problem).toEqual({
      code: 'bad-settings',
      message:
        'The link\'s cluster settings are not valid: Unknown CNI plugin "future-cni". It may come from a newer version of Kube Packet Path; reload the page to get the newest version, then open the link again.',
    });
  });

  it('refuses settings the core rejects (a /33 CIDR, overlapping ranges)', async () => {
    const problem = await problemOf(await linkWith({ settings: { ...EXAMPLE.settings, clusterCIDR: '10.96.0.0/16' } }));
    expect(problem.code).toBe('bad-settings');
    expect(problem.message).toContain('The service CIDR overlaps the cluster (pod) CIDR 10.96.0.0/16');
  });

  it('names the field of the wrong type, what it should be and what it is', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ step: '3' }, '`step` should be a whole number from 0 to 100000, but it is the string "3".'],
      [{ step: -1 }, '`step` should be a whole number from 0 to 100000, but it is the number -1.'],
      [{ manifests: 42 }, '`manifests` should be text, but it is the number 42.'],
      [{ flowIndex: 1 }, '`flowIndex` should be a whole number from 0 to 0, but it is the number 1.'],
      [{ flows: {} }, '`flows` should be a list of flows, but it is an object.'],
      [{ settings: { ...EXAMPLE.settings, enforceNetworkPolicy: 'yes' } }, '`settings.enforceNetworkPolicy` should be true or false, but it is the string "yes".'],
      [{ settings: { ...EXAMPLE.settings, nodeNames: ['a', 7] } }, '`settings.nodeNames[1]` should be a node name, but it is the number 7.'],
      [{ flows: [{ ...EXAMPLE.flows[0], to: { ...EXAMPLE.flows[0]!.to, port: 70000 } }] }, '`flows[0].to.port` should be a whole number from 1 to 65535, but it is the number 70000.'],
      [{ flows: [{ ...EXAMPLE.flows[0], to: { kind: 'gateway' } }] }, '`flows[0].to.kind` should be one of pod, service, name, address, but it is the string "gateway".'],
      [{ flows: [{ ...EXAMPLE.flows[0], from: { kind: 'pod', namespace: 'default', pod: '' } }] }, '`flows[0].from.pod` should be a non-empty name, but it is the string "".'],
      [{ flows: [{ ...EXAMPLE.flows[0], from: { kind: 'router' } }] }, '`flows[0].from.kind` should be one of pod, node, external, but it is the string "router".'],
      [{ flows: [{ ...EXAMPLE.flows[0], from: { kind: 'node', node: '' } }] }, '`flows[0].from.node` should be a non-empty name, but it is the string "".'],
      [{ flows: [{ ...EXAMPLE.flows[0], from: { kind: 'external', ip: '300.1.2.3' } }] }, '`flows[0].from.ip` should be an IPv4 address, but it is the string "300.1.2.3".'],
      [{ flows: [{ ...EXAMPLE.flows[0], endpoint: 1.5 }] }, '`flows[0].endpoint` should be a whole number from 0 to 100000, but it is the number 1.5.'],
      [{ view: { pane: 'map' } }, '`view.pane` should be one of diagram, reachability, but it is the string "map".'],
    ];
    for (const [patch, sentence] of cases) {
      const problem = await problemOf(await linkWith(patch));
      expect(problem.code).toBe('bad-field');
      expect(problem.message).toBe(`The link holds a scenario this page cannot use: ${sentence} Ask the sender to copy the whole link again, or to send the scenario file.`);
    }
    expect((await problemOf(await linkOf('[1,2]'))).message).toContain('`the scenario` should be an object, but it is a list.');
  });

  it('fills settings an older link did not have with their defaults; step, flow and view default too', async () => {
    const { enforceNetworkPolicy: _e, ipBlockMatchesPods: _i, ...older } = EXAMPLE.settings;
    const read = await decodeScenario(await linkOf(JSON.stringify({ manifests: 'x', settings: older, flows: [] })));
    expect(read).toEqual({
      ok: true,
      scenario: { manifests: 'x', settings: EXAMPLE.settings, flows: [], flowIndex: 0, step: 0, view: { pane: 'diagram' } },
    });
  });
});
