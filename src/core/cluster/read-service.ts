import type { Diagnostic, ManifestObject, SourceSpan } from '../manifest/types';
import { describeValue } from '../manifest/messages';
import { isMapping } from '../manifest/parse';
import { isIpv4, isIpv4Cidr } from '../net/ipv4';
import { readStringMap, reporterFor, type Report } from './read-template';
import { serviceMessages } from './service-messages';
import type { Protocol, ServiceType } from './types';

/** A Service as written, after the API server's defaulting, before any address is allocated. */
export interface ServiceSpec {
  readonly namespace: string;
  readonly name: string;
  readonly type: ServiceType;
  /** A requested address, `None` for headless, or undefined to allocate one. */
  readonly clusterIP: string | 'None' | undefined;
  readonly selector: Readonly<Record<string, string>> | undefined;
  readonly ports: readonly ServicePortSpec[];
  readonly externalName: string | undefined;
  readonly loadBalancerIPs: readonly string[];
  readonly externalIPs: readonly string[];
  /** Trimmed, as the API server tolerates surrounding spaces. */
  readonly loadBalancerSourceRanges: readonly string[];
  /** The `external-dns.alpha.kubernetes.io/hostname` annotation's names, lower-cased, without a trailing dot. */
  readonly externalDnsHostnames: readonly string[];
  readonly externalTrafficPolicy: 'Cluster' | 'Local' | undefined;
  readonly internalTrafficPolicy: 'Cluster' | 'Local' | undefined;
  readonly sessionAffinity: 'None' | 'ClientIP';
  readonly sessionAffinityTimeoutSeconds: number | undefined;
  readonly publishNotReadyAddresses: boolean;
  /** False only when a LoadBalancer opts out of node ports. */
  readonly allocateLoadBalancerNodePorts: boolean;
  /** As pinned in the spec (a dump always has it for LoadBalancer + Local). */
  readonly healthCheckNodePort: number | undefined;
  readonly object: ManifestObject;
}

export interface ServicePortSpec {
  readonly index: number;
  readonly name: string | undefined;
  readonly port: number;
  readonly protocol: Protocol;
  readonly targetPort: number | string;
  readonly nodePort: number | undefined;
  readonly span: SourceSpan;
}

const TYPES: readonly ServiceType[] = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const IANA_SVC_NAME = /^(?=.*[a-z])(?!.*--)[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;

/** Reads a Service with the defaults the API server applies (type, protocol, targetPort, traffic policies). */
export function readService(object: ManifestObject, diagnostics: Diagnostic[]): ServiceSpec | undefined {
  const report = reporterFor(object, diagnostics);
  const spec = isMapping(object.body.spec) ? object.body.spec : {};
  const typeValue = spec.type ?? 'ClusterIP';
  if (typeof typeValue !== 'string' || !TYPES.includes(typeValue as ServiceType)) {
    report(serviceMessages.badType(describeValue(typeValue)), ['spec', 'type']);
    return undefined;
  }
  const type = typeValue as ServiceType;
  const external = type === 'NodePort' || type === 'LoadBalancer';
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  const externalIPs = type === 'ExternalName' ? [] : strings(spec.externalIPs).filter(isIpv4);
  // The API's ExternallyAccessible: NodePort, LoadBalancer, or a ClusterIP Service with externalIPs.
  const externallyAccessible = external || (type === 'ClusterIP' && externalIPs.length > 0);

  let clusterIP: string | 'None' | undefined;
  if (typeof spec.clusterIP === 'string' && spec.clusterIP !== '') {
    if (spec.clusterIP === 'None') {
      clusterIP = 'None';
      if (external) report(serviceMessages.headlessNodePort(type), ['spec', 'clusterIP']);
    } else if (isIpv4(spec.clusterIP)) clusterIP = spec.clusterIP;
    else report(serviceMessages.clusterIPInvalid(spec.clusterIP), ['spec', 'clusterIP']);
  }
  if (type === 'ExternalName') clusterIP = undefined;

  const ports = readPorts(object, spec.ports, type, report);
  if (ports.length === 0 && clusterIP !== 'None' && type !== 'ExternalName' && !Array.isArray(spec.ports)) {
    report(serviceMessages.portsRequired(), ['spec']);
  }

  const externalName = typeof spec.externalName === 'string' && spec.externalName !== '' ? spec.externalName : undefined;
  if (type === 'ExternalName' && externalName === undefined) report(serviceMessages.externalNameRequired(), ['spec']);

  let externalTrafficPolicy = policy(spec.externalTrafficPolicy, 'spec.externalTrafficPolicy', report);
  if (externalTrafficPolicy !== undefined && !externallyAccessible) {
    report(serviceMessages.externalTrafficPolicyNotExternal(), ['spec', 'externalTrafficPolicy']);
    externalTrafficPolicy = undefined;
  }
  // The API server defaults externalTrafficPolicy only for externally reachable Services,
  // and internalTrafficPolicy for every type except ExternalName.
  if (externallyAccessible && externalTrafficPolicy === undefined) externalTrafficPolicy = 'Cluster';
  let internalTrafficPolicy = policy(spec.internalTrafficPolicy, 'spec.internalTrafficPolicy', report);
  if (type === 'ExternalName') internalTrafficPolicy = undefined;
  else internalTrafficPolicy ??= 'Cluster';

  const affinityValue = spec.sessionAffinity ?? 'None';
  let sessionAffinity: 'None' | 'ClientIP' = 'None';
  if (affinityValue === 'ClientIP' || affinityValue === 'None') sessionAffinity = affinityValue;
  else report(serviceMessages.badAffinity(describeValue(affinityValue)), ['spec', 'sessionAffinity']);
  const config = spec.sessionAffinityConfig;
  const timeout = isMapping(config) && isMapping(config.clientIP) && typeof config.clientIP.timeoutSeconds === 'number' ? config.clientIP.timeoutSeconds : 10800;

  const selectorValue = spec.selector;
  const selector = isMapping(selectorValue) && Object.keys(selectorValue).length > 0 && type !== 'ExternalName'
    ? readStringMap(selectorValue, ['spec', 'selector'], report)
    : undefined;

  const status = isMapping(object.body.status) ? object.body.status : {};
  const ingress = isMapping(status.loadBalancer) && Array.isArray(status.loadBalancer.ingress) ? status.loadBalancer.ingress : [];
  const loadBalancerIPs = ingress.filter(isMapping).map((i) => i.ip).filter((ip): ip is string => typeof ip === 'string' && isIpv4(ip));

  const loadBalancerSourceRanges = type === 'LoadBalancer' ? strings(spec.loadBalancerSourceRanges).map((r) => r.trim()).filter(isIpv4Cidr) : [];

  return {
    namespace: object.namespace ?? 'default',
    name: object.name,
    type,
    clusterIP,
    selector,
    ports,
    externalName,
    loadBalancerIPs,
    externalIPs,
    loadBalancerSourceRanges,
    externalTrafficPolicy,
    internalTrafficPolicy,
    sessionAffinity,
    sessionAffinityTimeoutSeconds: sessionAffinity === 'ClientIP' ? timeout : undefined,
    publishNotReadyAddresses: spec.publishNotReadyAddresses === true,
    allocateLoadBalancerNodePorts: spec.allocateLoadBalancerNodePorts !== false,
    healthCheckNodePort: typeof spec.healthCheckNodePort === 'number' && spec.healthCheckNodePort > 0 ? spec.healthCheckNodePort : undefined,
    externalDnsHostnames: externalDnsHostnames(object),
    object,
  };
}

function readPorts(object: ManifestObject, value: unknown, type: ServiceType, report: Report): ServicePortSpec[] {
  if (!Array.isArray(value)) return [];
  const ports: ServicePortSpec[] = [];
  const seen = new Set<string>();
  value.forEach((entry, index) => {
    const at = ['spec', 'ports', index];
    if (!isMapping(entry)) return;
    const port = entry.port;
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
      report(serviceMessages.portRange(`spec.ports[${index}].port`, describeValue(port)), [...at, 'port']);
      return;
    }
    const protocolValue = entry.protocol ?? 'TCP';
    if (protocolValue !== 'TCP' && protocolValue !== 'UDP' && protocolValue !== 'SCTP') {
      report({ code: 'port-bad-protocol', message: `spec.ports[${index}].protocol: Unsupported value: ${describeValue(protocolValue)}: supported values: "SCTP", "TCP", "UDP".` }, [...at, 'protocol']);
      return;
    }
    const protocol: Protocol = protocolValue;
    const key = `${protocol}/${port}`;
    if (seen.has(key)) {
      report(serviceMessages.duplicatePort(index, `{port: ${port}, protocol: ${protocol}}`), at);
      return;
    }
    seen.add(key);
    const name = typeof entry.name === 'string' && entry.name !== '' ? entry.name : undefined;
    if (name === undefined && value.length > 1) report(serviceMessages.portNameRequired(index), at);

    // "If this is not specified, the value of the 'port' field is used" — and 0 or "" count as unset.
    let targetPort: number | string = port;
    const target = entry.targetPort;
    if (typeof target === 'number' && target !== 0) {
      if (!Number.isInteger(target) || target < 1 || target > 65535) report(serviceMessages.portRange(`spec.ports[${index}].targetPort`, describeValue(target)), [...at, 'targetPort']);
      else targetPort = target;
    } else if (typeof target === 'string' && target !== '') {
      if (/^\d+$/.test(target)) targetPort = Number(target);
      else if (IANA_SVC_NAME.test(target)) targetPort = target;
      else report(serviceMessages.targetPortName(index, target), [...at, 'targetPort']);
    }

    let nodePort: number | undefined;
    if (typeof entry.nodePort === 'number' && entry.nodePort !== 0) {
      if (type === 'ClusterIP' || type === 'ExternalName') report(serviceMessages.nodePortForbidden(index), [...at, 'nodePort']);
      else nodePort = entry.nodePort;
    }
    ports.push({ index, name, port, protocol, targetPort, nodePort, span: object.spanOf(at) });
  });
  return ports;
}

function policy(value: unknown, field: string, report: Report): 'Cluster' | 'Local' | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (value === 'Cluster' || value === 'Local') return value;
  report(serviceMessages.badPolicy(field, describeValue(value)), field.split('.'));
  return undefined;
}

/** external-dns reads a comma-separated list of names from this annotation and publishes them for the Service. */
const EXTERNAL_DNS_HOSTNAME = 'external-dns.alpha.kubernetes.io/hostname';

function externalDnsHostnames(object: ManifestObject): string[] {
  const metadata = isMapping(object.body.metadata) ? object.body.metadata : {};
  const value = isMapping(metadata.annotations) ? metadata.annotations[EXTERNAL_DNS_HOSTNAME] : undefined;
  if (typeof value !== 'string') return [];
  return value
    .split(',')
    .map((name) => name.trim().toLowerCase().replace(/\.$/, ''))
    .filter((name) => name !== '');
}
