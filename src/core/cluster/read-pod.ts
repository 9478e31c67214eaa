import type { Diagnostic, ManifestObject } from '../manifest/types';
import { describeValue, manifestMessages } from '../manifest/messages';
import { isMapping } from '../manifest/parse';
import { clusterMessages } from './messages';
import type { Container, ContainerPort, Protocol } from './types';

/** The parts of a Pod object the network simulation needs, validated. */
export interface PodSpec {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly hostNetwork: boolean;
  readonly statusPodIP: string | undefined;
  readonly containers: readonly Container[];
  readonly object: ManifestObject;
}

const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

export function readPod(object: ManifestObject, diagnostics: Diagnostic[]): PodSpec | undefined {
  const report = (text: { code: string; message: string }, path: (string | number)[], severity: Diagnostic['severity'] = 'error') =>
    diagnostics.push({ severity, ...text, span: object.spanOf(path) });

  const spec = object.body.spec;
  if (!isMapping(spec)) {
    report(manifestMessages.wrongType('spec', 'a mapping', describeValue(spec)), spec === undefined ? [] : ['spec']);
    return undefined;
  }
  const podName = `${object.namespace ?? 'default'}/${object.name}`;

  const entries: { value: unknown; path: (string | number)[] }[] = [];
  const listed = spec.containers;
  if (!Array.isArray(listed) || listed.length === 0) {
    report(clusterMessages.noContainers(podName), listed === undefined ? ['spec'] : ['spec', 'containers']);
    return undefined;
  }
  listed.forEach((value, i) => entries.push({ value, path: ['spec', 'containers', i] }));
  // Native sidecars (init containers with restartPolicy: Always) keep running beside the
  // app containers and share the pod's network namespace, so their ports count too.
  if (Array.isArray(spec.initContainers)) {
    spec.initContainers.forEach((value, i) => {
      if (isMapping(value) && value.restartPolicy === 'Always') entries.push({ value, path: ['spec', 'initContainers', i] });
    });
  }

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
    const ports = readPorts(value.ports, [...path, 'ports'], report);
    for (const port of ports) {
      const key = `${port.protocol}/${port.containerPort}`;
      const owner = portOwners.get(key);
      if (owner !== undefined) {
        diagnostics.push({
          severity: 'error',
          ...clusterMessages.portConflict(port.containerPort, port.protocol, owner, name),
          span: port.span,
        });
      } else {
        portOwners.set(key, name);
      }
    }
    containers.push({
      name,
      image: typeof value.image === 'string' ? value.image : '',
      ports,
      span: object.spanOf(path),
    });
  });
  if (containers.length === 0) return undefined;

  const metadata = isMapping(object.body.metadata) ? object.body.metadata : {};
  const status = isMapping(object.body.status) ? object.body.status : {};
  return {
    namespace: object.namespace ?? 'default',
    name: object.name,
    labels: readLabels(metadata.labels, report),
    hostNetwork: spec.hostNetwork === true,
    statusPodIP: typeof status.podIP === 'string' && status.podIP !== '' ? status.podIP : undefined,
    containers,
    object,
  };

  function readPorts(
    value: unknown,
    path: (string | number)[],
    say: typeof report,
  ): ContainerPort[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      say(manifestMessages.wrongType(path.join('.'), 'a list', describeValue(value)), path);
      return [];
    }
    const ports: ContainerPort[] = [];
    value.forEach((entry, i) => {
      const at = [...path, i];
      if (!isMapping(entry)) {
        say(manifestMessages.wrongType(at.join('.'), 'a mapping', describeValue(entry)), at);
        return;
      }
      const number = entry.containerPort;
      if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > 65535) {
        say(clusterMessages.badPort(describeValue(number)), [...at, 'containerPort']);
        return;
      }
      const protocol = entry.protocol ?? 'TCP';
      if (typeof protocol !== 'string' || !PROTOCOLS.includes(protocol as Protocol)) {
        say(clusterMessages.badProtocol(describeValue(protocol)), [...at, 'protocol']);
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
}

function readLabels(
  value: unknown,
  report: (text: { code: string; message: string }, path: (string | number)[], severity?: Diagnostic['severity']) => void,
): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isMapping(value)) {
    report(manifestMessages.wrongType('metadata.labels', 'a mapping', describeValue(value)), ['metadata', 'labels']);
    return {};
  }
  const labels: Record<string, string> = {};
  for (const [key, label] of Object.entries(value)) {
    if (typeof label === 'string') labels[key] = label;
    else {
      // The API server rejects non-string label values; kubectl users hit this with `version: 1`.
      report(
        manifestMessages.wrongType(`metadata.labels.${key}`, 'a string (quote it)', describeValue(label)),
        ['metadata', 'labels', key],
      );
      labels[key] = String(label);
    }
  }
  return labels;
}
