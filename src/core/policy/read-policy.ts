/**
 * Reads `networking.k8s.io/v1` NetworkPolicy objects into typed policies with source spans,
 * validating them as the API server does. A policy the API server would reject gets an error
 * at the offending field and is left out, as it would be absent from a real cluster.
 */
import { describeValue } from '../manifest/messages';
import type { Diagnostic, ManifestObject, SourceSpan } from '../manifest/types';
import { parseCidr } from './ip-blocks';
import { policyMessages } from './messages';
import type {
  Direction,
  IpBlockPeer,
  LabelRequirement,
  LabelSelector,
  NetworkPolicy,
  PolicyPeer,
  PolicyPort,
  PolicyRule,
  Protocol,
  SelectorOperator,
} from './types';

type Path = readonly (string | number)[];
type Mapping = Record<string, unknown>;

/**
 * Whether a NetworkPolicy's apiVersion is Kubernetes' own. A stale or misspelt Kubernetes
 * version (`extensions/v1beta1`, `v1`) is read as networking.k8s.io/v1, as the manifest reader
 * announces; another project's group (projectcalico.org, cilium.io) is a different kind with
 * different semantics (ordered rules, Deny actions) and must not be read as this one.
 */
function isKubernetesApi(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return !group.includes('.') || group.endsWith('k8s.io');
}
const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
const OPERATORS: readonly SelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/**
 * Every NetworkPolicy among `objects`. Diagnostics are appended to `diagnostics`. A second
 * policy with the same namespace and name replaces the first, as `kubectl apply` would.
 */
export function readNetworkPolicies(objects: readonly ManifestObject[], diagnostics: Diagnostic[]): NetworkPolicy[] {
  const byName = new Map<string, NetworkPolicy>();
  for (const object of objects) {
    if (object.kind !== 'NetworkPolicy') continue;
    if (!isKubernetesApi(object.apiVersion)) {
      diagnostics.push({ severity: 'warning', ...policyMessages.otherApi(object.apiVersion, object.name), span: object.span });
      continue;
    }
    const policy = new PolicyReader(object, diagnostics).read();
    if (policy === undefined) continue;
    const key = `${policy.namespace}/${policy.name}`;
    if (byName.has(key)) {
      diagnostics.push({ severity: 'warning', ...policyMessages.duplicate(key), span: object.spanOf(['metadata', 'name']) });
      byName.delete(key);
    }
    byName.set(key, policy);
  }
  return [...byName.values()];
}

class PolicyReader {
  private failed = false;
  private readonly id: string;
  private readonly namespace: string;

  constructor(
    private readonly object: ManifestObject,
    private readonly diagnostics: Diagnostic[],
  ) {
    // An object without `metadata.namespace` lands in the namespace it is applied to: `default`.
    this.namespace = object.namespace ?? 'default';
    this.id = `${this.namespace}/${object.name}`;
  }

  read(): NetworkPolicy | undefined {
    const spec = this.mapping(['spec'], this.object.body.spec) ?? {};
    const podSelector = this.selector(['spec', 'podSelector'], spec.podSelector) ?? this.emptySelector(['spec']);
    const ingress = this.rules('ingress', spec.ingress);
    const egress = this.rules('egress', spec.egress);
    const types = this.policyTypes(spec.policyTypes);
    if (this.failed) return undefined;
    // Kubernetes defaulting (pkg/apis/networking/v1/defaults.go): with no policyTypes, "Any
    // policy that does not specify policyTypes implies at least Ingress", and Egress is added
    // when `len(spec.Egress) != 0`. The API reference words it as "policies that contain an
    // egress section are assumed to affect egress"; the code is what counts: `egress: []`
    // (present but empty, and dropped by omitempty anyway) does NOT make an Egress policy.
    const written = types !== undefined && types.length > 0;
    return {
      namespace: this.namespace,
      name: this.object.name,
      podSelector,
      affectsIngress: written ? types.includes('Ingress') : true,
      affectsEgress: written ? types.includes('Egress') : egress.length > 0,
      policyTypesWritten: written,
      ingress,
      egress,
      span: this.object.span,
      policyTypesSpan: this.span(spec.policyTypes === undefined ? ['spec'] : ['spec', 'policyTypes']),
    };
  }

  private policyTypes(value: unknown): ('Ingress' | 'Egress')[] | undefined {
    const path = ['spec', 'policyTypes'];
    const list = this.list(path, value);
    if (list === undefined) return undefined;
    if (list.length > 2) this.error(policyMessages.tooManyPolicyTypes(this.id), path);
    const types: ('Ingress' | 'Egress')[] = [];
    list.forEach((entry, i) => {
      if (entry === 'Ingress' || entry === 'Egress') types.push(entry);
      else this.error(policyMessages.unknownPolicyType(this.id, String(entry)), [...path, i]);
    });
    return types;
  }

  private rules(direction: Direction, value: unknown): PolicyRule[] {
    const path = ['spec', direction];
    const list = this.list(path, value) ?? [];
    const peersKey = direction === 'ingress' ? 'from' : 'to';
    return list.map((entry, index) => {
      const rulePath = [...path, index];
      // A `- ` with nothing after it is null: the empty rule, like `- {}`.
      const rule = entry === null ? {} : (this.mapping(rulePath, entry) ?? {});
      const peerList = this.list([...rulePath, peersKey], rule[peersKey]);
      const portList = this.list([...rulePath, 'ports'], rule.ports);
      const peers = peerList?.map((peer, j) => this.peer([...rulePath, peersKey, j], j, peer));
      const ports = portList?.map((port, k) => this.port([...rulePath, 'ports', k], k, port));
      return {
        direction,
        index,
        // "If this field is empty or missing, this rule matches all sources/destinations."
        peers: peers === undefined || peers.length === 0 ? undefined : peers,
        // "If this field is empty or missing, this rule matches all ports."
        ports: ports === undefined || ports.length === 0 ? undefined : ports,
        span: this.span(rulePath),
      };
    });
  }

  private peer(path: Path, index: number, value: unknown): PolicyPeer {
    const peer = this.mapping(path, value) ?? {};
    const podSelector = this.selector([...path, 'podSelector'], peer.podSelector);
    const namespaceSelector = this.selector([...path, 'namespaceSelector'], peer.namespaceSelector);
    const span = this.span(path);
    if (peer.ipBlock !== undefined && peer.ipBlock !== null) {
      // "ipBlock defines policy on a particular IPBlock. If this field is set then neither of the other fields can be."
      if (podSelector !== undefined || namespaceSelector !== undefined) this.error(policyMessages.ipBlockWithSelector(this.id), path);
      return this.ipBlock([...path, 'ipBlock'], index, peer.ipBlock, span);
    }
    if (podSelector === undefined && namespaceSelector === undefined) this.error(policyMessages.emptyPeer(this.id), path);
    return { kind: 'selectors', index, podSelector, namespaceSelector, span };
  }

  private ipBlock(path: Path, index: number, value: unknown, span: SourceSpan): IpBlockPeer {
    const block = this.mapping(path, value) ?? {};
    const cidrText = this.string([...path, 'cidr'], block.cidr) ?? '';
    const cidr = parseCidr(cidrText);
    if (cidr === undefined) this.error(policyMessages.badCidr(this.id, 'cidr', cidrText), [...path, 'cidr']);
    const except = (this.list([...path, 'except'], block.except) ?? []).map((entry, i) => {
      const exceptPath = [...path, 'except', i];
      const text = this.string(exceptPath, entry) ?? '';
      const cut = parseCidr(text);
      if (cut === undefined) this.error(policyMessages.badCidr(this.id, 'except', text), exceptPath);
      // apimachinery: an except must lie inside the cidr with a strictly longer prefix.
      else if (
        cidr !== undefined &&
        (cut.family !== cidr.family || cut.first < cidr.first || cut.last > cidr.last || cut.prefix <= cidr.prefix)
      ) {
        this.error(policyMessages.exceptOutsideCidr(this.id, text, cidrText), exceptPath);
      }
      return text;
    });
    return {
      kind: 'ipBlock',
      index,
      cidr: cidrText,
      except,
      span,
      cidrSpan: this.span([...path, 'cidr']),
      exceptSpans: except.map((_, i) => this.span([...path, 'except', i])),
    };
  }

  private port(path: Path, index: number, value: unknown): PolicyPort {
    const entry = this.mapping(path, value) ?? {};
    let protocol: Protocol = 'TCP';
    // "The protocol (TCP, UDP, or SCTP) which traffic must match. If not specified, this field defaults to TCP."
    if (entry.protocol !== undefined && entry.protocol !== null) {
      const text = this.string([...path, 'protocol'], entry.protocol) ?? 'TCP';
      if ((PROTOCOLS as readonly string[]).includes(text)) protocol = text as Protocol;
      else this.error(policyMessages.badProtocol(this.id, text), [...path, 'protocol']);
    }
    let port: number | string | undefined;
    if (entry.port !== undefined && entry.port !== null) {
      if (typeof entry.port === 'string') {
        port = entry.port;
        if (!isValidPortName(port)) this.error(policyMessages.badPortName(this.id, port), [...path, 'port']);
      } else {
        port = this.portNumber([...path, 'port'], 'port', entry.port);
      }
    }
    let endPort: number | undefined;
    if (entry.endPort !== undefined && entry.endPort !== null) {
      endPort = this.portNumber([...path, 'endPort'], 'endPort', entry.endPort);
      if (typeof port !== 'number') this.error(policyMessages.endPortNeedsNumber(this.id), [...path, 'endPort']);
      else if (endPort !== undefined && endPort < port) this.error(policyMessages.endPortBeforePort(this.id, port, endPort), [...path, 'endPort']);
    }
    return { index, protocol, port, endPort, span: this.span(path) };
  }

  private portNumber(path: Path, field: string, value: unknown): number | undefined {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.error(policyMessages.wrongType(this.id, field, 'a port number or a port name', describeValue(value)), path);
      return undefined;
    }
    if (value < 1 || value > 65535) this.error(policyMessages.portOutOfRange(this.id, field, value), path);
    return value;
  }

  private selector(path: Path, value: unknown): LabelSelector | undefined {
    if (value === undefined || value === null) return undefined;
    const selector = this.mapping(path, value) ?? {};
    const matchLabels: Record<string, string> = {};
    const labels = this.mapping([...path, 'matchLabels'], selector.matchLabels) ?? {};
    for (const [key, labelValue] of Object.entries(labels)) {
      const text = this.string([...path, 'matchLabels', key], labelValue);
      if (text !== undefined) matchLabels[key] = text;
    }
    const expressions = this.list([...path, 'matchExpressions'], selector.matchExpressions) ?? [];
    const matchExpressions = expressions.map((entry, i) => this.requirement([...path, 'matchExpressions', i], entry));
    return { matchLabels, matchExpressions, span: this.span(path) };
  }

  private requirement(path: Path, value: unknown): LabelRequirement {
    const entry = this.mapping(path, value) ?? {};
    const key = this.string([...path, 'key'], entry.key) ?? '';
    const operatorText = this.string([...path, 'operator'], entry.operator) ?? '';
    const values = (this.list([...path, 'values'], entry.values) ?? []).map((v, i) => this.string([...path, 'values', i], v) ?? '');
    let operator: SelectorOperator = 'In';
    if ((OPERATORS as readonly string[]).includes(operatorText)) operator = operatorText as SelectorOperator;
    else this.error(policyMessages.badOperator(this.id, operatorText), [...path, 'operator']);
    // apimachinery ValidateLabelSelectorRequirement: In/NotIn need values, Exists/DoesNotExist forbid them.
    const needsValues = operator === 'In' || operator === 'NotIn';
    if (needsValues !== values.length > 0) this.error(policyMessages.operatorValues(this.id, operatorText, needsValues), path);
    return { key, operator, values, span: this.span(path) };
  }

  private emptySelector(path: Path): LabelSelector {
    return { matchLabels: {}, matchExpressions: [], span: this.span(path) };
  }

  private mapping(path: Path, value: unknown): Mapping | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'object' && !Array.isArray(value)) return value as Mapping;
    this.error(policyMessages.wrongType(this.id, fieldName(path), 'a mapping', describeValue(value)), path);
    return undefined;
  }

  private list(path: Path, value: unknown): unknown[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) return value;
    this.error(policyMessages.wrongType(this.id, fieldName(path), 'a list', describeValue(value)), path);
    return undefined;
  }

  private string(path: Path, value: unknown): string | undefined {
    if (typeof value === 'string') return value;
    this.error(policyMessages.wrongType(this.id, fieldName(path), 'a string', describeValue(value)), path);
    return undefined;
  }

  private span(path: Path): SourceSpan {
    return this.object.spanOf(path);
  }

  private error(text: { code: string; message: string }, path: Path): void {
    this.failed = true;
    this.diagnostics.push({ severity: 'error', ...text, span: this.span(path) });
  }
}

function fieldName(path: Path): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
}

/** apimachinery IsValidPortName (IANA_SVC_NAME). */
export function isValidPortName(name: string): boolean {
  return (
    name.length >= 1 &&
    name.length <= 15 &&
    /^[a-z0-9-]+$/.test(name) &&
    /[a-z]/.test(name) &&
    !name.startsWith('-') &&
    !name.endsWith('-') &&
    !name.includes('--')
  );
}
