/**
 * Reads a scenario from untrusted JSON (a link's payload, a file's body), trusting nothing:
 * every field's type is checked, the settings go through the core's own `validateSettings`,
 * and the first problem found is reported with the field's path. Settings fields a newer
 * version added are not in older links; they take their defaults.
 */
import { DEFAULT_SETTINGS, validateSettings } from '../cluster/settings';
import type { ClusterSettings, CniPlugin, KubeProxyMode, Protocol } from '../cluster/types';
import { isIpv4 } from '../net/ipv4';
import { MAX_PACKET_SIZE } from '../trace/packet-size';
import type { Destination, Flow, Source } from '../trace/types';
import { scenarioMessages } from './messages';
import type { Scenario, ScenarioFlow, ScenarioPane, ScenarioProblem, ScenarioRead, ScenarioSource, ScenarioView } from './types';

type Fields = Readonly<Record<string, unknown>>;

const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

/** How a person would name the value they got: "a number (42)", "missing", "an array". */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `a string of ${value.length} characters` : `the string ${JSON.stringify(value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `${value}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
const PANES: readonly ScenarioPane[] = ['diagram', 'reachability'];

/** Keeps the first problem; each read gives undefined once something is wrong. */
class Reader {
  problem: ScenarioProblem | undefined;

  constructor(private readonly source: ScenarioSource) {}

  fail(field: string, expected: string, value: unknown): undefined {
    this.problem ??= scenarioMessages.badField(this.source, field, expected, describeValue(value));
    return undefined;
  }

  failSettings(problems: readonly string[]): undefined {
    this.problem ??= scenarioMessages.badSettings(this.source, problems);
    return undefined;
  }

  string(value: unknown, field: string): string | undefined {
    return typeof value === 'string' ? value : this.fail(field, 'text', value);
  }

  /** A non-empty name (pod, namespace, container, Service, DNS name). */
  name(value: unknown, field: string): string | undefined {
    return typeof value === 'string' && value !== '' ? value : this.fail(field, 'a non-empty name', value);
  }

  boolean(value: unknown, field: string): boolean | undefined {
    return typeof value === 'boolean' ? value : this.fail(field, 'true or false', value);
  }

  whole(value: unknown, field: string, min: number, max: number): number | undefined {
    const ok = typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
    return ok ? value : this.fail(field, `a whole number from ${min} to ${max}`, value);
  }

  oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T | undefined {
    const found = allowed.find((option) => option === value);
    return found ?? this.fail(field, `one of ${allowed.join(', ')}`, value);
  }

  fields(value: unknown, field: string): Fields | undefined {
    return isFields(value) ? value : this.fail(field, 'an object', value);
  }
}

/** A field the settings may lack (an older link): the default; present, it must have the right type. */
function optional<T>(fields: Fields, key: keyof ClusterSettings, fallback: T, read: (value: unknown) => T | undefined): T | undefined {
  return fields[key] === undefined ? fallback : read(fields[key]);
}

function readSettings(r: Reader, value: unknown): ClusterSettings | undefined {
  const f = r.fields(value, 'settings');
  if (!f) return undefined;
  const d = DEFAULT_SETTINGS;
  const at = (key: string): string => `settings.${key}`;
  const nodeNames = optional(f, 'nodeNames', d.nodeNames, (v) => {
    if (!Array.isArray(v)) return r.fail(at('nodeNames'), 'a list of node names', v);
    const items: readonly unknown[] = v;
    const bad = items.findIndex((item) => typeof item !== 'string');
    return bad < 0 ? (items as readonly string[]) : r.fail(`${at('nodeNames')}[${bad}]`, 'a node name', items[bad]);
  });
  const text = (key: keyof ClusterSettings, fallback: string): string | undefined =>
    optional(f, key, fallback, (v) => r.string(v, at(key)));
  const flag = (key: keyof ClusterSettings, fallback: boolean): boolean | undefined =>
    optional(f, key, fallback, (v) => r.boolean(v, at(key)));
  const settings = {
    nodeNames,
    nodeSubnet: text('nodeSubnet', d.nodeSubnet),
    clusterCIDR: text('clusterCIDR', d.clusterCIDR),
    nodeCIDRMaskSize: optional(f, 'nodeCIDRMaskSize', d.nodeCIDRMaskSize, (v) => (typeof v === 'number' ? v : r.fail(at('nodeCIDRMaskSize'), 'a prefix length', v))),
    serviceCIDR: text('serviceCIDR', d.serviceCIDR),
    clusterDomain: text('clusterDomain', d.clusterDomain),
    // Names are checked by validateSettings below, so its message ("Unknown CNI plugin") is the one shown.
    cni: text('cni', d.cni) as CniPlugin | undefined,
    kubeProxyMode: text('kubeProxyMode', d.kubeProxyMode) as KubeProxyMode | undefined,
    loadBalancerCIDR: text('loadBalancerCIDR', d.loadBalancerCIDR),
    enforceNetworkPolicy: flag('enforceNetworkPolicy', d.enforceNetworkPolicy),
    ipBlockMatchesPods: flag('ipBlockMatchesPods', d.ipBlockMatchesPods),
  };
  if (r.problem) return undefined;
  const complete = settings as ClusterSettings;
  const problems = validateSettings(complete);
  return problems.length === 0 ? complete : r.failSettings(problems.map((p) => p.message));
}

function readSource(r: Reader, value: unknown, field: string): Source | undefined {
  const f = r.fields(value, field);
  if (!f) return undefined;
  const kind = r.oneOf(f['kind'], `${field}.kind`, ['pod', 'node', 'external'] as const);
  if (kind === 'node') {
    const node = r.name(f['node'], `${field}.node`);
    return r.problem || node === undefined ? undefined : { kind: 'node', node };
  }
  if (kind === 'external') {
    const ip = f['ip'];
    if (typeof ip !== 'string' || !isIpv4(ip)) return r.fail(`${field}.ip`, 'an IPv4 address', ip);
    return { kind: 'external', ip };
  }
  if (kind === undefined) return undefined;
  const namespace = r.name(f['namespace'], `${field}.namespace`);
  const pod = r.name(f['pod'], `${field}.pod`);
  const container = f['container'] === undefined ? undefined : r.name(f['container'], `${field}.container`);
  if (r.problem || namespace === undefined || pod === undefined) return undefined;
  return { kind: 'pod', namespace, pod, container };
}

/**
 * One reader per destination kind. A `Record` over the kinds, so that a kind added to the
 * core's `Destination` does not compile until this file can read it.
 */
const DESTINATIONS: { readonly [K in Destination['kind']]: (r: Reader, f: Fields, field: string) => Destination | undefined } = {
  pod: (r, f, field) => {
    const namespace = r.name(f['namespace'], `${field}.namespace`);
    const pod = r.name(f['pod'], `${field}.pod`);
    const { port, protocol } = portOf(r, f, field);
    const localhost = f['localhost'] === undefined ? undefined : r.boolean(f['localhost'], `${field}.localhost`);
    if (r.problem || namespace === undefined || pod === undefined || port === undefined || protocol === undefined) return undefined;
    return localhost === undefined ? { kind: 'pod', namespace, pod, port, protocol } : { kind: 'pod', namespace, pod, port, protocol, localhost };
  },
  service: (r, f, field) => {
    const namespace = r.name(f['namespace'], `${field}.namespace`);
    const service = r.name(f['service'], `${field}.service`);
    const { port, protocol } = portOf(r, f, field);
    if (r.problem || namespace === undefined || service === undefined || port === undefined || protocol === undefined) return undefined;
    return { kind: 'service', namespace, service, port, protocol };
  },
  name: (r, f, field) => {
    const name = r.name(f['name'], `${field}.name`);
    const { port, protocol } = portOf(r, f, field);
    if (r.problem || name === undefined || port === undefined || protocol === undefined) return undefined;
    return { kind: 'name', name, port, protocol };
  },
  address: (r, f, field) => {
    const address = r.name(f['address'], `${field}.address`);
    const { port, protocol } = portOf(r, f, field);
    if (r.problem || address === undefined || port === undefined || protocol === undefined) return undefined;
    return { kind: 'address', address, port, protocol };
  },
};

const DESTINATION_KINDS = Object.keys(DESTINATIONS) as Destination['kind'][];

function portOf(r: Reader, f: Fields, field: string): { port: number | undefined; protocol: Protocol | undefined } {
  return { port: r.whole(f['port'], `${field}.port`, 1, 65535), protocol: r.oneOf(f['protocol'], `${field}.protocol`, PROTOCOLS) };
}

function readDestination(r: Reader, value: unknown, field: string): Destination | undefined {
  const f = r.fields(value, field);
  if (!f) return undefined;
  const kind = r.oneOf(f['kind'], `${field}.kind`, DESTINATION_KINDS);
  return kind === undefined ? undefined : DESTINATIONS[kind](r, f, field);
}

/** The most endpoints a Service port could list; a larger index is not one the page made. */
const MAX_ENDPOINT = 100_000;

function readFlows(r: Reader, value: unknown): ScenarioFlow[] | undefined {
  if (!Array.isArray(value)) return r.fail('flows', 'a list of flows', value);
  const items: readonly unknown[] = value;
  const flows: ScenarioFlow[] = [];
  for (const [i, item] of items.entries()) {
    const flow = readFlow(r, item, `flows[${i}]`);
    if (!flow) return undefined;
    flows.push(flow);
  }
  return flows;
}

function readFlow(r: Reader, value: unknown, field: string): ScenarioFlow | undefined {
  const f = r.fields(value, field);
  const from = f && readSource(r, f['from'], `${field}.from`);
  const to = f && readDestination(r, f['to'], `${field}.to`);
  const endpoint = f && f['endpoint'] !== undefined ? r.whole(f['endpoint'], `${field}.endpoint`, 0, MAX_ENDPOINT) : undefined;
  // The packet size and DF came later: links without them read as before.
  const size = f && f['size'] !== undefined ? r.whole(f['size'], `${field}.size`, 1, MAX_PACKET_SIZE) : undefined;
  const dontFragment = f && f['dontFragment'] !== undefined ? r.boolean(f['dontFragment'], `${field}.dontFragment`) : undefined;
  if (!from || !to || r.problem) return undefined;
  const flow: Flow = { from, to, ...(size === undefined ? {} : { size }), ...(dontFragment === true ? { dontFragment } : {}) };
  return endpoint === undefined ? flow : { ...flow, endpoint };
}

/**
 * One flow on its own, checked as a scenario's flows are (for a page's stored list of flows);
 * undefined when anything in it is wrong.
 */
export function readScenarioFlow(value: unknown): ScenarioFlow | undefined {
  return readFlow(new Reader('file'), value, 'flow');
}

function readView(r: Reader, value: unknown): ScenarioView | undefined {
  if (value === undefined) return { pane: 'diagram' };
  const f = r.fields(value, 'view');
  const pane = f && (f['pane'] === undefined ? 'diagram' : r.oneOf(f['pane'], 'view.pane', PANES));
  return pane ? { pane } : undefined;
}

/** The most steps a trace could have; a larger step is not one the page made. */
const MAX_STEP = 100_000;

/** Reads the body of a scenario (the link's payload or the file's fields). Never throws. */
export function readScenario(value: unknown, source: ScenarioSource): ScenarioRead {
  const r = new Reader(source);
  const f = r.fields(value, 'the scenario');
  const manifests = f && r.string(f['manifests'], 'manifests');
  const settings = f && readSettings(r, f['settings']);
  const flows = f && readFlows(r, f['flows']);
  const flowIndex = f && flows && r.whole(f['flowIndex'] ?? 0, 'flowIndex', 0, Math.max(0, flows.length - 1));
  const step = f && r.whole(f['step'] ?? 0, 'step', 0, MAX_STEP);
  const view = f && readView(r, f['view']);
  if (r.problem) return { ok: false, problem: r.problem };
  if (manifests === undefined || !settings || !flows || flowIndex === undefined || step === undefined || !view) {
    return { ok: false, problem: scenarioMessages.badField(source, 'the scenario', 'an object', describeValue(value)) };
  }
  return { ok: true, scenario: { manifests, settings, flows, flowIndex, step, view } };
}

/** The scenario as plain JSON fields, in a fixed order (the inverse of `readScenario`). */
export function scenarioFields(scenario: Scenario): Record<string, unknown> {
  return {
    manifests: scenario.manifests,
    settings: scenario.settings,
    flows: scenario.flows,
    flowIndex: scenario.flowIndex,
    step: scenario.step,
    view: scenario.view,
  };
}
