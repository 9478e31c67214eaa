import type { Diagnostic, ManifestObject } from '../manifest/types';
import { describeValue, manifestMessages } from '../manifest/messages';
import { isMapping } from '../manifest/parse';
import { clusterMessages } from './messages';
import { readPodDns, type PodDnsSpec } from '../dns/read-pod-dns';
import type { Container, ContainerPort, PodVolume, Protocol } from './types';
import { readVolumeMounts, readVolumes } from './read-volumes';
import { readNodeAffinity, readTolerations, type NodeSelectorTerm, type Toleration } from './scheduling-terms';

export type FieldPath = readonly (string | number)[];
export type Report = (text: { code: string; message: string }, path: FieldPath, severity?: Diagnostic['severity']) => void;

/** The network-relevant part of a pod spec, read from a Pod or from a workload's template. */
export interface PodTemplate {
  readonly labels: Readonly<Record<string, string>>;
  readonly containers: readonly Container[];
  /** `spec.volumes`, which the containers' `volumeMounts` name. */
  readonly volumes: readonly PodVolume[];
  readonly hostNetwork: boolean;
  readonly nodeName: string | undefined;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly requiredNodeTerms: readonly NodeSelectorTerm[];
  readonly tolerations: readonly Toleration[];
  readonly hostname: string | undefined;
  readonly subdomain: string | undefined;
  /** `dnsPolicy` (defaulted to ClusterFirst) and `dnsConfig`. */
  readonly dns: PodDnsSpec;
  readonly object: ManifestObject;
  /** Where the template's metadata and spec sit inside the object. */
  readonly metadataPath: FieldPath;
  readonly specPath: FieldPath;
}

const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

export function reporterFor(object: ManifestObject, diagnostics: Diagnostic[]): Report {
  return (text, path, severity = 'error') => diagnostics.push({ severity, ...text, span: object.spanOf(path) });
}

/** Reads the value at `path` inside an object's body. */
export function valueAt(object: ManifestObject, path: FieldPath): unknown {
  let value: unknown = object.body;
  for (const key of path) {
    if (typeof key === 'number') value = Array.isArray(value) ? value[key] : undefined;
    else value = isMapping(value) ? value[key] : undefined;
  }
  return value;
}

/**
 * Reads a pod spec at `specPath` (and its labels at `metadataPath`). Every problem becomes
 * a diagnostic at its field; a pod that cannot run (no containers) gives undefined.
 */
export function readPodTemplate(
  object: ManifestObject,
  metadataPath: FieldPath,
  specPath: FieldPath,
  diagnostics: Diagnostic[],
): PodTemplate | undefined {
  const report = reporterFor(object, diagnostics);
  const spec = valueAt(object, specPath);
  if (!isMapping(spec)) {
    report(manifestMessages.wrongType(specPath.join('.'), 'a mapping', describeValue(spec)), spec === undefined ? specPath.slice(0, -1) : specPath);
    return undefined;
  }
  const podName = `${object.namespace ?? 'default'}/${object.name}`;
  const listed = spec.containers;
  if (!Array.isArray(listed) || listed.length === 0) {
    report(clusterMessages.noContainers(podName), listed === undefined ? specPath : [...specPath, 'containers']);
    return undefined;
  }
  const entries: { value: unknown; path: FieldPath }[] = listed.map((value, i) => ({ value, path: [...specPath, 'containers', i] }));
  // Native sidecars (init containers with restartPolicy: Always) keep running beside the
  // app containers and share the pod's network namespace, so their ports count too.
  if (Array.isArray(spec.initContainers)) {
    spec.initContainers.forEach((value, i) => {
      if (isMapping(value) && value.restartPolicy === 'Always') entries.push({ value, path: [...specPath, 'initContainers', i] });
    });
  }
  const volumes = readVolumes(object, spec.volumes, [...specPath, 'volumes'], report);
  const containers = readContainers(object, entries, volumes, report, diagnostics);
  if (containers.length === 0) return undefined;

  const metadata = valueAt(object, metadataPath);
  const labels = readStringMap(isMapping(metadata) ? metadata.labels : undefined, [...metadataPath, 'labels'], report);
  return {
    labels,
    containers,
    volumes,
    hostNetwork: spec.hostNetwork === true,
    nodeName: typeof spec.nodeName === 'string' && spec.nodeName !== '' ? spec.nodeName : undefined,
    nodeSelector: readStringMap(spec.nodeSelector, [...specPath, 'nodeSelector'], report),
    requiredNodeTerms: readNodeAffinity(spec.affinity),
    tolerations: readTolerations(spec.tolerations),
    hostname: typeof spec.hostname === 'string' ? spec.hostname : undefined,
    subdomain: typeof spec.subdomain === 'string' ? spec.subdomain : undefined,
    dns: readPodDns(spec, specPath, report),
    object,
    metadataPath,
    specPath,
  };
}

function readContainers(
  object: ManifestObject,
  entries: { value: unknown; path: FieldPath }[],
  volumes: readonly PodVolume[],
  report: Report,
  diagnostics: Diagnostic[],
): Container[] {
  const containers: Container[] = [];
  const seenNames = new Set<string>();
  const portOwners = new Map<string, string>();
  entries.forEach(({ value, path }, i) => {
    if (!isMapping(value)) {
      report(manifestMessages.wrongType(path.join('.'), 'a mapping', describeValue(value)), path);
      return;
    }
    let name: string;
    if (typeof value.name === 'string' && value.name !== '') {
      name = value.name;
    } else {
      // Hand-written test data often leaves names out; keep the container so its ports count.
      name = `container-${i}`;
      report(clusterMessages.containerNoName(i, name), path, 'warning');
    }
    if (seenNames.has(name)) {
      report(clusterMessages.duplicateContainer(name), [...path, 'name']);
      return;
    }
    seenNames.add(name);
    const ports = readPorts(object, value.ports, [...path, 'ports'], report);
    for (const port of ports) {
      const key = `${port.protocol}/${port.containerPort}`;
      const owner = portOwners.get(key);
      if (owner !== undefined) {
        diagnostics.push({ severity: 'error', ...clusterMessages.portConflict(port.containerPort, port.protocol, owner, name), span: port.span });
      } else {
        portOwners.set(key, name);
      }
    }
    const volumeMounts = readVolumeMounts(object, value.volumeMounts, [...path, 'volumeMounts'], name, volumes, report);
    containers.push({ name, image: typeof value.image === 'string' ? value.image : '', ports, volumeMounts, span: object.spanOf(path) });
  });
  return containers;
}

function readPorts(object: ManifestObject, value: unknown, path: FieldPath, report: Report): ContainerPort[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    report(manifestMessages.wrongType(path.join('.'), 'a list', describeValue(value)), path);
    return [];
  }
  const ports: ContainerPort[] = [];
  value.forEach((entry, i) => {
    const at = [...path, i];
    if (!isMapping(entry)) {
      report(manifestMessages.wrongType(at.join('.'), 'a mapping', describeValue(entry)), at);
      return;
    }
    const number = entry.containerPort;
    if (number === undefined) {
      // The API server would refuse the entry; analyzers skip it. Skip it too, and point at a
      // misspelt key if there is one (`containerport:` is a classic).
      const misspelt = Object.keys(entry).find((k) => k.toLowerCase() === 'containerport');
      report(clusterMessages.portMissing(misspelt), misspelt === undefined ? at : [...at, misspelt], 'warning');
      return;
    }
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > 65535) {
      report(clusterMessages.badPort(describeValue(number)), [...at, 'containerPort']);
      return;
    }
    const protocol = entry.protocol ?? 'TCP';
    if (typeof protocol !== 'string' || !PROTOCOLS.includes(protocol as Protocol)) {
      report(clusterMessages.badProtocol(describeValue(protocol)), [...at, 'protocol']);
      return;
    }
    ports.push({
      name: typeof entry.name === 'string' ? entry.name : undefined,
      containerPort: number,
      protocol: protocol as Protocol,
      span: object.spanOf(at),
    });
  });
  return ports;
}

/** Labels, selectors and the like: string values only, as the API server demands. */
export function readStringMap(value: unknown, path: FieldPath, report: Report): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isMapping(value)) {
    report(manifestMessages.wrongType(path.join('.'), 'a mapping', describeValue(value)), path);
    return {};
  }
  const map: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string') map[key] = item;
    else {
      // The API server rejects non-string values; kubectl users hit this with `version: 1`.
      report(manifestMessages.wrongType(`${path.join('.')}.${key}`, 'a string (quote it)', describeValue(item)), [...path, key], 'warning');
      map[key] = String(item);
    }
  }
  return map;
}
